package org.treestore.engine.search;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.treestore.engine.CorruptionException;

/**
 * The full-text changes of one transaction, kept whole as one value of
 * {@value InvertedIndex#PENDING} until a merge applies them to the main posting lists (see
 * {@link InvertedIndex}). Immutable once decoded, so decoded segments are shared by every reader
 * through a process-wide cache keyed by the segment's random 64-bit nonce (a rolled-back
 * transaction's sequence number is reused, its nonce is not).
 *
 * <p>Encoding (unsigned LEB128 varints; {@code zz} marks a zigzag-encoded signed value): a version
 * byte (1); {@code removedCount} and the ordinals of the nodes the transaction removed whole, as
 * ascending deltas (a merge skips every change of a node added and removed within it); then for
 * each (field, term), in no particular order, until the end: {@code field, termBytes, term (UTF-8),
 * zz nodesDelta, maxTf, minLen + 1 (0: no posting put), count}, then {@code count} changes in
 * ascending ordinal order: {@code ordDelta} (from the previous change; the first from 0),
 * {@code (len + 1) << 1 | counted} ({@code len + 1} is 0 when the posting is removed;
 * {@code counted} is 1 when the change moves the term's node count: +1 for a put, -1 for a
 * removal), and for a put {@code tf} and its {@code tf} positions as deltas.
 */
final class PendingSegment {
  static final int VERSION = 1;

  /**
   * One (field, term)'s changes: at most one per ordinal, ascending. A removal has length -1.
   * {@code nodesDelta} is how the number of nodes holding the term changes; {@code maxTf} and
   * {@code minLen} bound the postings put ({@code minLen} is MAX_VALUE when none is put).
   */
  static final class TermDelta {
    final int field;
    final String term;
    final int nodesDelta;
    final int maxTf;
    final int minLen;
    final int count;
    final int[] ords;
    final int[] lens;
    final int[] tfs;
    final int[] posStart;
    final int[] positions;
    /** Each change's share of the node count (-1, 0, +1); null in a combined overlay. */
    final byte[] counts;

    TermDelta(int field, String term, int nodesDelta, int maxTf, int minLen, int count, int[] ords, int[] lens,
        int[] tfs, int[] posStart, int[] positions, byte[] counts) {
      this.field = field;
      this.term = term;
      this.nodesDelta = nodesDelta;
      this.maxTf = maxTf;
      this.minLen = minLen;
      this.count = count;
      this.ords = ords;
      this.lens = lens;
      this.tfs = tfs;
      this.posStart = posStart;
      this.positions = positions;
      this.counts = counts;
    }

    boolean isRemoval(int i) {
      return lens[i] < 0;
    }

    /** The index of the first change at or after {@code from} whose ordinal is at least {@code ord}. */
    int ceiling(int from, int ord) {
      int i = Arrays.binarySearch(ords, from, count, ord);
      return i >= 0 ? i : -i - 1;
    }
  }

  final long nonce;
  /** The encoded size. */
  final int bytes;
  /** About the heap bytes of the decoded form (what the cache counts). */
  long footprint;
  /** The ordinals of the nodes removed whole, ascending. */
  final int[] removedNodes;
  /** Every ordinal some change of this segment concerns, ascending, each once. */
  int[] touched;
  private final int fieldCount;
  /** Every (field, term)'s changes, in writing order: what a merge walks. */
  private final List<TermDelta> all = new ArrayList<>();
  /**
   * Per field, term to changes: built on the first lookup (a search), since a segment that is only
   * written and merged never needs it.
   */
  private volatile Map<String, TermDelta>[] fields;
  private String[][] sortedTerms;

  private PendingSegment(long nonce, int bytes, int fieldCount, int[] removedNodes) {
    this.nonce = nonce;
    this.bytes = bytes;
    this.removedNodes = removedNodes;
    this.fieldCount = fieldCount;
  }

  private void add(TermDelta d) {
    all.add(d);
    // object, map entry, the term, six arrays with their headers
    footprint += 112 + 2L * d.term.length() + 6 * 16 + 4L * (d.ords.length + d.lens.length + d.tfs.length
        + d.posStart.length + d.positions.length) + d.counts.length;
  }

  /** Completes the decoded form: the touched ordinals. */
  private void finish() {
    int n = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (TermDelta d : all) {
      n += d.count;
      if (d.count > 0) { // each term's ordinals ascend
        min = Math.min(min, d.ords[0]);
        max = Math.max(max, d.ords[d.count - 1]);
      }
    }
    if (n > 0 && (long) max - min < 8L * n + 64) {
      touched = touchedInRange(min, max); // a document's nodes: a short run of ordinals, no sort
      if (touched != null) {
        return;
      }
    }
    int[] o = new int[n];
    int k = 0;
    for (TermDelta d : all) {
      System.arraycopy(d.ords, 0, o, k, d.count);
      k += d.count;
    }
    Arrays.sort(o);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m == 0 || o[i] != o[m - 1]) {
        o[m++] = o[i];
      }
    }
    touched = Arrays.copyOf(o, m);
  }

  /**
   * The distinct ordinals of every change, ascending, by a bitmap of [min, max]; null if one lies
   * outside (ordinals that do not ascend within a term: only in a damaged segment).
   */
  private int[] touchedInRange(int min, int max) {
    long[] bits = new long[(int) (((long) max - min) >>> 6) + 1];
    int m = 0;
    for (TermDelta d : all) {
      for (int i = 0; i < d.count; i++) {
        int b = d.ords[i] - min;
        if (b < 0 || b > max - min) {
          return null;
        }
        long mask = 1L << b;
        if ((bits[b >>> 6] & mask) == 0) {
          bits[b >>> 6] |= mask;
          m++;
        }
      }
    }
    int[] out = new int[m];
    int k = 0;
    for (int w = 0; w < bits.length; w++) {
      for (long word = bits[w]; word != 0; word &= word - 1) {
        out[k++] = min + (w << 6) + Long.numberOfTrailingZeros(word);
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private Map<String, TermDelta>[] maps() {
    Map<String, TermDelta>[] m = fields;
    if (m == null) {
      synchronized (this) {
        m = fields;
        if (m == null) {
          m = new Map[fieldCount];
          for (int f = 0; f < fieldCount; f++) {
            m[f] = new HashMap<>();
          }
          for (TermDelta d : all) {
            if (m[d.field].put(d.term, d) != null) {
              throw new IllegalArgumentException("term " + d.field + "#" + d.term + " twice");
            }
          }
          fields = m;
        }
      }
    }
    return m;
  }

  /** The term's changes in this segment, or null. */
  TermDelta term(int field, String term) {
    return maps()[field].get(term);
  }

  /** Every (field, term) this segment changes, in writing order. */
  List<TermDelta> all() {
    return all;
  }

  /** Every term of {@code field} this segment changes. */
  Iterable<TermDelta> terms(int field) {
    return maps()[field].values();
  }

  /** The terms of {@code field} this segment changes, sorted (for prefix expansion). */
  synchronized String[] sortedTerms(int field) {
    if (sortedTerms == null) {
      sortedTerms = new String[fieldCount][];
    }
    if (sortedTerms[field] == null) {
      String[] t = maps()[field].keySet().toArray(new String[0]);
      Arrays.sort(t);
      sortedTerms[field] = t;
    }
    return sortedTerms[field];
  }

  /**
   * Builds a segment one term at a time: its encoding and, alongside, the decoded form (so the
   * process that writes a segment never decodes it).
   */
  static final class Writer {
    private byte[] buf = new byte[4096];
    private int n;
    private int terms;
    private int changesLeft;
    private int previousOrd;
    private final List<TermDelta> decoded = new ArrayList<>();
    private int field;
    private String term;
    private int nodesDelta;
    private int maxTf;
    private int minLen;
    private int count;
    private int[] ords;
    private int[] lens;
    private int[] tfs;
    private int[] posStart;
    private byte[] counts;
    private int[] positions = new int[64];
    private int np;
    private final int[] removedNodes;

    /** A writer of a segment without node removals. */
    Writer() {
      this(new int[0]);
    }

    /** A writer of a segment whose transaction removed the nodes {@code removedNodes} (ascending). */
    Writer(int[] removedNodes) {
      this.removedNodes = removedNodes;
      buf[n++] = VERSION;
      ensure(5 + 5 * removedNodes.length);
      var(removedNodes.length);
      int previous = 0;
      for (int ord : removedNodes) {
        if (ord < previous) {
          throw new IllegalArgumentException("removed nodes not ascending: " + ord + " after " + previous);
        }
        var(ord - previous);
        previous = ord;
      }
    }

    /** Starts a term, which must then get exactly {@code count} changes. */
    void term(int field, String term, int nodesDelta, int maxTf, int minLen, int count) {
      if (changesLeft != 0) {
        throw new IllegalStateException(changesLeft + " changes missing before term " + term);
      }
      byte[] t = term.getBytes(StandardCharsets.UTF_8);
      ensure(t.length + 40);
      var(field);
      var(t.length);
      System.arraycopy(t, 0, buf, n, t.length);
      n += t.length;
      var((nodesDelta << 1) ^ (nodesDelta >> 31));
      var(maxTf);
      var(minLen == Integer.MAX_VALUE ? 0 : minLen + 1);
      var(count);
      terms++;
      changesLeft = count;
      previousOrd = 0;
      this.field = field;
      this.term = term;
      this.nodesDelta = nodesDelta;
      this.maxTf = maxTf;
      this.minLen = minLen;
      this.count = 0;
      ords = new int[count];
      lens = new int[count];
      tfs = new int[count];
      posStart = new int[count];
      counts = new byte[count];
      np = 0;
      if (count == 0) {
        endTerm();
      }
    }

    private void endTerm() {
      decoded.add(new TermDelta(field, term, nodesDelta, maxTf, minLen, count, ords, lens, tfs, posStart,
          Arrays.copyOf(positions, np), counts));
    }

    /**
     * A posting put: {@code tf} positions from {@code positions[from..]}; {@code delta} 1 when the
     * node did not hold the term before, else 0.
     */
    void put(int ord, int len, int tf, int[] pos, int from, int delta) {
      checkRoom();
      ensure(20 + 5 * tf);
      if (np + tf > positions.length) {
        positions = Arrays.copyOf(positions, Math.max(positions.length * 2, np + tf));
      }
      int i = count;
      posStart[i] = np;
      tfs[i] = tf;
      System.arraycopy(pos, from, positions, np, tf);
      np += tf;
      change(ord, len + 1, delta); // may end the term: after the arrays are filled
      var(tf);
      int last = 0;
      for (int k = from; k < from + tf; k++) {
        var(pos[k] - last);
        last = pos[k];
      }
    }

    /** A posting removed; {@code delta} -1 when the node held the term, else 0. */
    void remove(int ord, int delta) {
      checkRoom();
      ensure(10);
      posStart[count] = np;
      change(ord, 0, delta);
    }

    private void checkRoom() {
      if (changesLeft <= 0) {
        throw new IllegalStateException("more changes than announced");
      }
    }

    private void change(int ord, int lenPlusOne, int delta) {
      if (delta != 0 && delta != (lenPlusOne == 0 ? -1 : 1)) {
        throw new IllegalArgumentException("node count change " + delta + " for a " + (lenPlusOne == 0 ? "removal" : "put"));
      }
      changesLeft--;
      var(ord - previousOrd);
      var(lenPlusOne << 1 | (delta != 0 ? 1 : 0));
      previousOrd = ord;
      ords[count] = ord;
      lens[count] = lenPlusOne - 1;
      counts[count] = (byte) delta;
      count++;
      if (changesLeft == 0) {
        endTerm();
      }
    }

    /** Whether no term was written. */
    boolean isEmpty() {
      return terms == 0;
    }

    byte[] toByteArray() {
      if (changesLeft != 0) {
        throw new IllegalStateException(changesLeft + " changes missing");
      }
      return Arrays.copyOf(buf, n);
    }

    /** The segment written so far, decoded, under {@code nonce}. */
    PendingSegment toSegment(long nonce, int fieldCount) {
      if (changesLeft != 0) {
        throw new IllegalStateException(changesLeft + " changes missing");
      }
      PendingSegment s = new PendingSegment(nonce, n, fieldCount, removedNodes);
      for (TermDelta d : decoded) {
        s.add(d);
      }
      s.finish();
      return s;
    }

    private void var(int v) {
      n = PostingsBlock.putVar(buf, n, v);
    }

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }
  }

  /**
   * Decodes an encoded segment; {@code where} names it in the exception a malformed one raises
   * (the page checksums make that a bug or a foreign file rather than a torn write).
   */
  static PendingSegment decode(byte[] b, long nonce, int fieldCount, String where) {
    try {
      if (b.length == 0 || b[0] != VERSION) {
        throw new IllegalArgumentException("version " + (b.length == 0 ? "missing" : b[0]) + ", expected " + VERSION);
      }
      int[] at = {1};
      int removed = PostingsBlock.getVar(b, at);
      if (removed > b.length) {
        throw new IllegalArgumentException(removed + " removed nodes in " + b.length + " bytes");
      }
      int[] removedNodes = new int[removed];
      for (int i = 0, ord = 0; i < removed; i++) {
        ord += PostingsBlock.getVar(b, at);
        removedNodes[i] = ord;
      }
      PendingSegment s = new PendingSegment(nonce, b.length, fieldCount, removedNodes);
      int[] pos = new int[64];
      while (at[0] < b.length) {
        int field = PostingsBlock.getVar(b, at);
        int tl = PostingsBlock.getVar(b, at);
        if (field >= fieldCount || tl > b.length - at[0]) {
          throw new IllegalArgumentException("field " + field + ", term of " + tl + " bytes at offset " + at[0]);
        }
        String term = new String(b, at[0], tl, StandardCharsets.UTF_8);
        at[0] += tl;
        int z = PostingsBlock.getVar(b, at);
        int nodesDelta = (z >>> 1) ^ -(z & 1);
        int maxTf = PostingsBlock.getVar(b, at);
        int ml = PostingsBlock.getVar(b, at);
        int count = PostingsBlock.getVar(b, at);
        if (count > b.length) {
          throw new IllegalArgumentException(count + " changes of " + term + " in " + b.length + " bytes");
        }
        int[] ords = new int[count];
        int[] lens = new int[count];
        int[] tfs = new int[count];
        int[] posStart = new int[count];
        byte[] counts = new byte[count];
        int np = 0;
        int ord = 0;
        for (int i = 0; i < count; i++) {
          int delta = PostingsBlock.getVar(b, at);
          if (i > 0 && delta == 0) {
            throw new IllegalArgumentException("ordinal " + ord + " twice in " + term);
          }
          ord += delta;
          ords[i] = ord;
          int kind = PostingsBlock.getVar(b, at);
          lens[i] = (kind >>> 1) - 1;
          counts[i] = (byte) ((kind & 1) == 0 ? 0 : lens[i] < 0 ? -1 : 1);
          posStart[i] = np;
          if (lens[i] >= 0) {
            tfs[i] = PostingsBlock.getVar(b, at);
            int p = 0;
            for (int k = 0; k < tfs[i]; k++) {
              p += PostingsBlock.getVar(b, at);
              if (np == pos.length) {
                pos = Arrays.copyOf(pos, np * 2);
              }
              pos[np++] = p;
            }
          }
        }
        int[] positions = Arrays.copyOf(pos, np);
        TermDelta d = new TermDelta(field, term, nodesDelta, maxTf, ml == 0 ? Integer.MAX_VALUE : ml - 1, count, ords,
            lens, tfs, posStart, positions, counts);
        s.add(d);
      }
      s.finish();
      s.maps(); // refuses a term written twice
      return s;
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new CorruptionException(where, -1, "malformed pending full-text segment: " + e.getMessage());
    }
  }
}
