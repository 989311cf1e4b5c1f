package org.treestore.engine.wal;

import java.util.Arrays;
import org.treestore.engine.page.Bytes;

/**
 * The bytes that differ between two versions of a page, as runs: {@code u16 offset, u16 length,
 * length bytes}, repeated. A log frame holding a delta rebuilds its page from an earlier frame (its
 * base) by copying the runs over it.
 *
 * <p>Why: a copy-on-write commit writes a new page for every page it changes, so the log held a
 * whole page image for every changed leaf, every inner node above it and every root, although a
 * small update changes a few dozen bytes of each. A run extends to the next aligned 8-byte word
 * that is equal in both versions (a run header costs 4 bytes, so short equal stretches are
 * carried). The caller passes a limit: a delta that would pass it is not worth its base, and the
 * caller writes the whole page instead.
 */
final class PageDelta {
  /** A run ends at an aligned word of this many bytes that is equal in both versions. */
  static final int GAP = 8;
  /** Bytes of a run's header. */
  static final int RUN_HEADER = 4;

  private PageDelta() {}

  /**
   * Writes the runs that turn {@code base} into {@code page} (both {@code pageSize} bytes) into
   * {@code out}; returns their length, or -1 if they would exceed {@code limit} bytes.
   */
  static int encode(byte[] base, byte[] page, int pageSize, byte[] out, int limit) {
    int n = 0;
    int i = 0;
    while (i < pageSize) {
      int m = Arrays.mismatch(base, i, pageSize, page, i, pageSize);
      if (m < 0) {
        break;
      }
      int start = i + m;
      // The run goes on word by word (8 aligned bytes at a time) until a word is equal: a page
      // that differs everywhere costs a pass of long compares, not of bytes.
      int k = (start & ~(GAP - 1)) + GAP;
      while (k < pageSize && Bytes.getLong(base, k) != Bytes.getLong(page, k)) {
        k += GAP;
        if (n + RUN_HEADER + (k - start) > limit) {
          return -1;
        }
      }
      int end = Math.min(k, pageSize);
      while (base[end - 1] == page[end - 1]) {
        end--; // the last word's equal tail; the byte at start differs, so this stops there
      }
      int len = end - start;
      if (n + RUN_HEADER + len > limit) {
        return -1;
      }
      Bytes.putU16(out, n, start);
      Bytes.putU16(out, n + 2, len);
      System.arraycopy(page, start, out, n + RUN_HEADER, len);
      n += RUN_HEADER + len;
      i = end;
    }
    return n;
  }

  /**
   * Copies the runs in {@code delta[from .. from+length)} over {@code page}; returns null, or what
   * is wrong with them (a run outside the page, a cut-off run).
   */
  static String apply(byte[] delta, int from, int length, byte[] page, int pageSize) {
    int p = from;
    int end = from + length;
    while (p < end) {
      if (p + RUN_HEADER > end) {
        return "a run header is cut off at byte " + (p - from) + " of the delta";
      }
      int off = Bytes.getU16(delta, p);
      int len = Bytes.getU16(delta, p + 2);
      if (len == 0 || off + len > pageSize || p + RUN_HEADER + len > end) {
        return "run " + off + "+" + len + " at byte " + (p - from) + " does not fit the page or the delta";
      }
      System.arraycopy(delta, p + RUN_HEADER, page, off, len);
      p += RUN_HEADER + len;
    }
    return null;
  }
}
