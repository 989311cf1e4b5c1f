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
 * byte (1), then for each (field, term), in no particular order, until the end:
 * {@code field, termBytes, term (UTF-8), zz nodesDelta, maxTf, minLen + 1 (0: no posting put),
 * count}, then {@code count} changes in ascending ordinal order: {@code ordDelta} (from the
 * previous change; the first from 0), {@code len + 1} (0: the posting is removed), and for a put
 * {@code tf} and its {@code tf} positions as deltas.
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

    TermDelta(int field, String term, int nodesDelta, int maxTf, int minLen, int count, int[] ords, int[] lens,
        int[] tfs, int[] posStart, int[] positions) {
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
  private final Map<String, TermDelta>[] fields;
  private String[][] sortedTerms;

  @SuppressWarnings("unchecked")
  private PendingSegment(long nonce, int bytes, int fieldCount) {
    this.nonce = nonce;
    this.bytes = bytes;
    this.fields = new Map[fieldCount];
    for (int f = 0; f < fieldCount; f++) {
      fields[f] = new HashMap<>();
    }
  }

  private void add(TermDelta d) {
    if (fields[d.field].put(d.term, d) != null) {
      throw new IllegalArgumentException("term " + d.field + "#" + d.term + " twice");
    }
    // object and map entry, the term, five arrays with their headers
    footprint += 96 + 2L * d.term.length() + 5 * 16 + 4L * (d.ords.length + d.lens.length + d.tfs.length
        + d.posStart.length + d.positions.length);
  }

  /** The term's changes in this segment, or null. */
  TermDelta term(int field, String term) {
    return fields[field].get(term);
  }

  /** Every (field, term) this segment changes. */
  Iterable<TermDelta> terms(int field) {
    return fields[field].values();
  }

  /** The terms of {@code field} this segment changes, sorted (for prefix expansion). */
  synchronized String[] sortedTerms(int field) {
    if (sortedTerms == null) {
      sortedTerms = new String[fields.length][];
    }
    if (sortedTerms[field] == null) {
      String[] t = fields[field].keySet().toArray(new String[0]);
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
    private int[] positions = new int[64];
    private int np;

    Writer() {
      buf[n++] = VERSION;
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
      np = 0;
      if (count == 0) {
        endTerm();
      }
    }

    private void endTerm() {
      decoded.add(new TermDelta(field, term, nodesDelta, maxTf, minLen, count, ords, lens, tfs, posStart,
          Arrays.copyOf(positions, np)));
    }

    /** A posting put: {@code tf} positions from {@code positions[from..]}. */
    void put(int ord, int len, int tf, int[] pos, int from) {
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
      change(ord, len + 1); // may end the term: after the arrays are filled
      var(tf);
      int last = 0;
      for (int k = from; k < from + tf; k++) {
        var(pos[k] - last);
        last = pos[k];
      }
    }

    /** A posting removed. */
    void remove(int ord) {
      checkRoom();
      ensure(10);
      posStart[count] = np;
      change(ord, 0);
    }

    private void checkRoom() {
      if (changesLeft <= 0) {
        throw new IllegalStateException("more changes than announced");
      }
    }

    private void change(int ord, int lenPlusOne) {
      changesLeft--;
      var(ord - previousOrd);
      var(lenPlusOne);
      previousOrd = ord;
      ords[count] = ord;
      lens[count] = lenPlusOne - 1;
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
      PendingSegment s = new PendingSegment(nonce, n, fieldCount);
      for (TermDelta d : decoded) {
        s.add(d);
      }
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
      PendingSegment s = new PendingSegment(nonce, b.length, fieldCount);
      int[] at = {1};
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
        int np = 0;
        int ord = 0;
        for (int i = 0; i < count; i++) {
          int delta = PostingsBlock.getVar(b, at);
          if (i > 0 && delta == 0) {
            throw new IllegalArgumentException("ordinal " + ord + " twice in " + term);
          }
          ord += delta;
          ords[i] = ord;
          lens[i] = PostingsBlock.getVar(b, at) - 1;
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
            lens, tfs, posStart, positions);
        s.add(d);
      }
      return s;
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new CorruptionException(where, -1, "malformed pending full-text segment: " + e.getMessage());
    }
  }
}
