package org.treestore.engine.search;

import java.util.Arrays;

/**
 * The postings of one (field, term) for one range of {@value #SIZE} node ordinals: which nodes hold
 * the term, how often, how long the node's field is, and at which positions. Blocks are the unit
 * the index reads and rewrites, and the unit of score bounds: the header's largest term frequency
 * and smallest field length bound every posting's BM25 term score in the block, which lets top-k
 * search skip blocks (see {@link Bm25#bound}).
 *
 * <p>Encoding (all unsigned LEB128 varints): {@code count, maxTf, minLen}; then per posting
 * {@code ordDelta, tf, len} (the first delta from the block's base ordinal, then from the previous
 * ordinal); then per posting its {@code tf} positions as deltas. Positions come last so that
 * scoring decodes only the first part.
 *
 * <p>A decoded block is a mutable, reusable set of primitive arrays; not thread-safe.
 */
final class PostingsBlock {
  /** Node ordinals per block: a power of two, so a block number is {@code ord >>> SHIFT}. */
  static final int SIZE = 128;
  static final int SHIFT = 7;

  int base;
  int count;
  int[] ords = new int[8];
  int[] tfs = new int[8];
  int[] lens = new int[8];
  /** positions of posting i are positions[posStart[i] .. posStart[i] + tfs[i]). */
  int[] posStart = new int[8];
  int[] positions = new int[16];
  int positionCount;
  /** Whether the positions are decoded (scoring skips them). */
  boolean hasPositions;

  static int blockOf(int ord) {
    return ord >>> SHIFT;
  }

  /** Empties the block and sets its base to that of block {@code blockNo}. */
  PostingsBlock reset(int blockNo) {
    base = blockNo << SHIFT;
    count = 0;
    positionCount = 0;
    hasPositions = true;
    return this;
  }

  int maxTf() {
    int m = 0;
    for (int i = 0; i < count; i++) {
      m = Math.max(m, tfs[i]);
    }
    return m;
  }

  int minLen() {
    int m = Integer.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      m = Math.min(m, lens[i]);
    }
    return count == 0 ? 0 : m;
  }

  /** The index of {@code ord} in this block, or {@code -(insertion point) - 1}. */
  int find(int ord) {
    return Arrays.binarySearch(ords, 0, count, ord);
  }

  /** Adds or replaces the posting of {@code ord}: {@code tf} positions from {@code pos[from..]}. */
  void put(int ord, int len, int[] pos, int from, int tf) {
    if (!hasPositions) {
      throw new IllegalStateException("block decoded without positions cannot be changed");
    }
    int i = find(ord);
    if (i >= 0) {
      removeAt(i);
    } else {
      i = -i - 1;
    }
    grow(count + 1, positionCount + tf);
    System.arraycopy(ords, i, ords, i + 1, count - i);
    System.arraycopy(tfs, i, tfs, i + 1, count - i);
    System.arraycopy(lens, i, lens, i + 1, count - i);
    System.arraycopy(posStart, i, posStart, i + 1, count - i);
    int at = i < count ? posStart[i + 1] : positionCount;
    System.arraycopy(positions, at, positions, at + tf, positionCount - at);
    for (int j = i + 1; j <= count; j++) {
      posStart[j] += tf;
    }
    System.arraycopy(pos, from, positions, at, tf);
    ords[i] = ord;
    tfs[i] = tf;
    lens[i] = len;
    posStart[i] = at;
    count++;
    positionCount += tf;
  }

  /** Removes the posting of {@code ord}; false if there was none. */
  boolean remove(int ord) {
    int i = find(ord);
    if (i < 0) {
      return false;
    }
    removeAt(i);
    return true;
  }

  private void removeAt(int i) {
    int at = posStart[i];
    int tf = tfs[i];
    System.arraycopy(positions, at + tf, positions, at, positionCount - at - tf);
    positionCount -= tf;
    for (int j = i + 1; j < count; j++) {
      posStart[j] -= tf;
    }
    System.arraycopy(ords, i + 1, ords, i, count - i - 1);
    System.arraycopy(tfs, i + 1, tfs, i, count - i - 1);
    System.arraycopy(lens, i + 1, lens, i, count - i - 1);
    System.arraycopy(posStart, i + 1, posStart, i, count - i - 1);
    count--;
  }

  private void grow(int postings, int positionsNeeded) {
    if (postings > ords.length) {
      int n = Math.max(postings, ords.length * 2);
      ords = Arrays.copyOf(ords, n);
      tfs = Arrays.copyOf(tfs, n);
      lens = Arrays.copyOf(lens, n);
      posStart = Arrays.copyOf(posStart, n);
    }
    if (positionsNeeded > positions.length) {
      positions = Arrays.copyOf(positions, Math.max(positionsNeeded, positions.length * 2));
    }
  }

  byte[] encode() {
    byte[] out = new byte[15 + count * 15 + positionCount * 5];
    int p = 0;
    p = putVar(out, p, count);
    p = putVar(out, p, maxTf());
    p = putVar(out, p, minLen());
    int prev = base;
    for (int i = 0; i < count; i++) {
      p = putVar(out, p, ords[i] - prev);
      prev = ords[i];
      p = putVar(out, p, tfs[i]);
      p = putVar(out, p, lens[i]);
    }
    for (int i = 0; i < count; i++) {
      int last = 0;
      for (int j = posStart[i]; j < posStart[i] + tfs[i]; j++) {
        p = putVar(out, p, positions[j] - last);
        last = positions[j];
      }
    }
    return Arrays.copyOf(out, p);
  }

  /** Decodes {@code value} of block {@code blockNo}; positions only if asked for. */
  PostingsBlock decode(int blockNo, byte[] value, boolean withPositions) {
    reset(blockNo);
    int[] at = {0};
    int n = getVar(value, at);
    getVar(value, at); // maxTf, minLen: for readers of the header alone
    getVar(value, at);
    grow(n, 0);
    int prev = base;
    int total = 0;
    for (int i = 0; i < n; i++) {
      prev += getVar(value, at);
      ords[i] = prev;
      tfs[i] = getVar(value, at);
      lens[i] = getVar(value, at);
      posStart[i] = total;
      total += tfs[i];
    }
    count = n;
    hasPositions = withPositions;
    if (withPositions) {
      grow(n, total);
      for (int i = 0; i < n; i++) {
        int last = 0;
        for (int j = posStart[i]; j < posStart[i] + tfs[i]; j++) {
          last += getVar(value, at);
          positions[j] = last;
        }
      }
      positionCount = total;
    }
    return this;
  }

  /** The header's {@code maxTf} of an encoded block, without decoding the rest. */
  static int headerMaxTf(byte[] value) {
    int[] at = {0};
    getVar(value, at);
    return getVar(value, at);
  }

  /** The first ordinal of an encoded block of block number {@code blockNo}, without decoding the rest. */
  static int headerFirstOrd(int blockNo, byte[] value) {
    int[] at = {0};
    getVar(value, at);
    getVar(value, at);
    getVar(value, at);
    return (blockNo << SHIFT) + getVar(value, at);
  }

  /** The header's {@code minLen} of an encoded block. */
  static int headerMinLen(byte[] value) {
    int[] at = {0};
    getVar(value, at);
    getVar(value, at);
    return getVar(value, at);
  }

  static int putVar(byte[] b, int p, int v) {
    while ((v & ~0x7F) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  static int getVar(byte[] b, int[] at) {
    int p = at[0];
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b[p++];
      v |= (x & 0x7F) << shift;
      if (x >= 0) {
        at[0] = p;
        return v;
      }
    }
  }
}
