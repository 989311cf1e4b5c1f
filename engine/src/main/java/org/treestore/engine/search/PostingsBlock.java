package org.treestore.engine.search;

import java.util.Arrays;

/**
 * Up to {@value #MAX_POSTINGS} consecutive postings of one (field, term): which nodes hold the
 * term, how often, how long the node's field is, and at which positions. Blocks are the unit the
 * index reads and rewrites, and the unit of score bounds: the header's largest term frequency and
 * smallest field length bound every posting's BM25 term score in the block, which lets top-k
 * search skip blocks undecoded (see {@link Bm25#bound}).
 *
 * <p>A block is filled by posting count, not by ordinal range, so a list of n postings is about
 * n/128 B+Tree entries however sparse the term is. Its key ends with an upper bound of its
 * ordinals (see {@link InvertedIndex}); the encoded value is kept under {@value #MAX_BYTES} bytes
 * (a quarter page is where the B+Tree moves values to overflow pages), so a block of long
 * postings closes before 128.
 *
 * <p>Encoding (all unsigned LEB128 varints): {@code count, maxTf, minLen, firstOrd}; then per
 * posting {@code ordDelta, tf, len} (the first delta 0, then from the previous ordinal); then per
 * posting its {@code tf} positions as deltas. Positions come last so that scoring decodes only the
 * first part.
 *
 * <p>A decoded block is a mutable, reusable set of primitive arrays; not thread-safe.
 */
final class PostingsBlock {
  /** Postings per block at most. */
  static final int MAX_POSTINGS = 128;
  /** Encoded bytes per block at most, unless one posting alone is larger. */
  static final int MAX_BYTES = 1900;

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
  private final int[] varAt = new int[1];
  private byte[] scratch = new byte[256];

  /** Empties the block. */
  PostingsBlock reset() {
    count = 0;
    positionCount = 0;
    hasPositions = true;
    return this;
  }

  int maxTf() {
    return maxTf(0, count);
  }

  int minLen() {
    return minLen(0, count);
  }

  private int maxTf(int from, int to) {
    int m = 0;
    for (int i = from; i < to; i++) {
      m = Math.max(m, tfs[i]);
    }
    return m;
  }

  private int minLen(int from, int to) {
    int m = Integer.MAX_VALUE;
    for (int i = from; i < to; i++) {
      m = Math.min(m, lens[i]);
    }
    return to == from ? 0 : m;
  }

  int lastOrd() {
    return ords[count - 1];
  }

  /** The index of {@code ord} in this block, or {@code -(insertion point) - 1}. */
  int find(int ord) {
    return Arrays.binarySearch(ords, 0, count, ord);
  }

  /** The index of the first posting at or after {@code from} whose ordinal is at least {@code ord}. */
  int ceiling(int from, int ord) {
    int i = Arrays.binarySearch(ords, from, count, ord);
    return i >= 0 ? i : -i - 1;
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

  /** The exact encoded size of the block. */
  int encodedSize() {
    return encodedSize(0, count);
  }

  /** The exact encoded size of a block holding postings {@code from .. to-1} of this one. */
  int encodedSize(int from, int to) {
    int n = varSize(to - from) + varSize(maxTf(from, to)) + varSize(minLen(from, to))
        + (to == from ? 1 : varSize(ords[from]));
    for (int i = from; i < to; i++) {
      n += postingSize(i == from ? 0 : ords[i] - ords[i - 1], tfs[i], lens[i], positions, posStart[i]);
    }
    return n;
  }

  /**
   * Where to halve postings {@code from .. to-1} (at least two) by encoded bytes: the index of the
   * second half's first posting, strictly between {@code from} and {@code to}.
   */
  int middle(int from, int to) {
    int total = 0;
    for (int i = from; i < to; i++) {
      total += postingSize(i == from ? 0 : ords[i] - ords[i - 1], tfs[i], lens[i], positions, posStart[i]);
    }
    int half = 0;
    for (int i = from; i < to - 1; i++) {
      half += postingSize(i == from ? 0 : ords[i] - ords[i - 1], tfs[i], lens[i], positions, posStart[i]);
      if (2 * half >= total) {
        return i + 1;
      }
    }
    return to - 1;
  }

  /**
   * An upper bound of the encoded size after appending a posting for {@code ord} (above every
   * ordinal in the block) with {@code tf} positions from {@code pos[from..]}, given the current
   * {@code encodedSize}; -1 if the posting does not fit (a posting always fits an empty block).
   */
  int sizeAfterAppend(int encodedSize, int ord, int len, int[] pos, int from, int tf) {
    if (count == 0) {
      return varSize(1) + varSize(tf) + varSize(len) + varSize(ord) + postingSize(0, tf, len, pos, from);
    }
    if (count >= MAX_POSTINGS) {
      return -1;
    }
    // Appending grows the header's count and maxTf varints by at most 1 + 4 bytes.
    int n = encodedSize + 5 + postingSize(ord - ords[count - 1], tf, len, pos, from);
    return n <= MAX_BYTES ? n : -1;
  }

  private static int postingSize(int delta, int tf, int len, int[] pos, int from) {
    int n = varSize(delta) + varSize(tf) + varSize(len);
    int last = 0;
    for (int j = from; j < from + tf; j++) {
      n += varSize(pos[j] - last);
      last = pos[j];
    }
    return n;
  }

  static int varSize(int v) {
    return v >>> 7 == 0 ? 1 : v >>> 14 == 0 ? 2 : v >>> 21 == 0 ? 3 : v >>> 28 == 0 ? 4 : 5;
  }

  byte[] encode() {
    return encode(0, count);
  }

  /**
   * Encodes postings {@code from .. to-1} as a block of their own: how a block too large for one
   * B+Tree entry is split.
   */
  byte[] encode(int from, int to) {
    int positionsIn = to == from ? 0 : (to == count ? positionCount : posStart[to]) - posStart[from];
    int bound = 20 + (to - from) * 15 + positionsIn * 5;
    if (scratch.length < bound) {
      scratch = new byte[Math.max(bound, 2 * scratch.length)];
    }
    byte[] out = scratch; // encoded here, then copied at its exact size
    int p = 0;
    p = putVar(out, p, to - from);
    p = putVar(out, p, maxTf(from, to));
    p = putVar(out, p, minLen(from, to));
    p = putVar(out, p, to == from ? 0 : ords[from]);
    int prev = to == from ? 0 : ords[from];
    for (int i = from; i < to; i++) {
      p = putVar(out, p, ords[i] - prev);
      prev = ords[i];
      p = putVar(out, p, tfs[i]);
      p = putVar(out, p, lens[i]);
    }
    for (int i = from; i < to; i++) {
      int last = 0;
      for (int j = posStart[i]; j < posStart[i] + tfs[i]; j++) {
        p = putVar(out, p, positions[j] - last);
        last = positions[j];
      }
    }
    return Arrays.copyOf(out, p);
  }

  /** Decodes {@code value}; positions only if asked for. */
  PostingsBlock decode(byte[] value, boolean withPositions) {
    reset();
    int[] at = varAt;
    at[0] = 0;
    int n = getVar(value, at);
    getVar(value, at); // maxTf, minLen: for readers of the header alone
    getVar(value, at);
    int prev = getVar(value, at);
    int p = at[0];
    int v;
    int shift;
    byte x;
    grow(n, 0);
    int total = 0;
    int[] o = ords;
    int[] t = tfs;
    int[] l = lens;
    int[] s = posStart;
    for (int i = 0; i < n; i++) {
      x = value[p++];
      if (x >= 0) {
        prev += x;
      } else {
        v = x & 0x7F;
        shift = 7;
        do {
          x = value[p++];
          v |= (x & 0x7F) << shift;
          shift += 7;
        } while (x < 0);
        prev += v;
      }
      o[i] = prev;
      x = value[p++];
      if (x >= 0) {
        v = x;
      } else {
        v = x & 0x7F;
        shift = 7;
        do {
          x = value[p++];
          v |= (x & 0x7F) << shift;
          shift += 7;
        } while (x < 0);
      }
      t[i] = v;
      x = value[p++];
      if (x >= 0) {
        v = x;
      } else {
        v = x & 0x7F;
        shift = 7;
        do {
          x = value[p++];
          v |= (x & 0x7F) << shift;
          shift += 7;
        } while (x < 0);
      }
      l[i] = v; // varints decoded inline: this loop is the hot path of scoring
      s[i] = total;
      total += t[i];
    }
    count = n;
    hasPositions = withPositions;
    if (withPositions) {
      grow(n, total);
      at[0] = p;
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

  /** The posting count of an encoded block, without decoding the rest. */
  static int headerCount(byte[] value) {
    return headerField(value, 0);
  }

  /** The header's {@code maxTf} of an encoded block, without decoding the rest. */
  static int headerMaxTf(byte[] value) {
    return headerField(value, 1);
  }

  /** The header's {@code minLen} of an encoded block. */
  static int headerMinLen(byte[] value) {
    return headerField(value, 2);
  }

  /** The first ordinal of an encoded block, without decoding the rest. */
  static int headerFirstOrd(byte[] value) {
    return headerField(value, 3);
  }

  /** Header varint number {@code index} (count, maxTf, minLen, firstOrd). */
  private static int headerField(byte[] value, int index) {
    int[] at = {0};
    for (int i = 0; i < index; i++) {
      getVar(value, at);
    }
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
