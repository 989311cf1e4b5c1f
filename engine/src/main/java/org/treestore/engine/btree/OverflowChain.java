package org.treestore.engine.btree;

import org.treestore.engine.CorruptionException;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.Page;
import org.treestore.engine.page.PageType;
import org.treestore.engine.page.Pager;

/**
 * Values too big for a leaf, stored in a singly linked chain of overflow pages.
 *
 * <pre>
 * overflow page (type OVERFLOW)
 * offset size field
 *   0    16   common page header
 *  16     4   next overflow page (0 = last)
 *  20     4   bytes of the value held in this page
 *  24     -   the bytes
 * </pre>
 *
 * <p>The leaf cell keeps the total length and the first page; the chain holds the whole value. A
 * reader checks each page's type and length and that the chain ends exactly at the value's length,
 * so a broken chain is reported as corruption, not returned as a short value.
 */
final class OverflowChain {
  static final int NEXT_OFF = 16;
  static final int LEN_OFF = 20;
  static final int DATA_OFF = 24;

  private OverflowChain() {}

  /** Writes {@code value} into newly allocated pages and returns the first page number. */
  static int write(Pager pager, byte[] value) {
    int cap = pager.pageSize() - DATA_OFF;
    int pages = (value.length + cap - 1) / cap;
    // Allocate back to front so each page can point at the next one as it is written.
    int next = 0;
    for (int i = pages - 1; i >= 0; i--) {
      int from = i * cap;
      int len = Math.min(cap, value.length - from);
      Page p = pager.allocate(PageType.OVERFLOW);
      try {
        byte[] d = p.data();
        Bytes.putInt(d, NEXT_OFF, next);
        Bytes.putInt(d, LEN_OFF, len);
        System.arraycopy(value, from, d, DATA_OFF, len);
        next = p.pageNo();
      } finally {
        pager.unpin(p);
      }
    }
    return next;
  }

  /** Reads a value of {@code length} bytes starting at page {@code first}. */
  static byte[] read(Pager pager, int first, int length) {
    return read(pager, first, length, false);
  }

  /** Reads a value; {@code snapshot} readers pin with {@link Pager#pinForRead}. */
  static byte[] read(Pager pager, int first, int length, boolean snapshot) {
    byte[] out = new byte[length];
    int pos = 0;
    int pageNo = first;
    int cap = pager.pageSize() - DATA_OFF;
    while (pos < length) {
      if (pageNo == 0) {
        throw new CorruptionException(pager.fileName(), -1,
            "overflow chain starting at page " + first + " ends after " + pos + " of " + length + " bytes");
      }
      Page p = snapshot ? pager.pinForRead(pageNo) : pager.pin(pageNo);
      try {
        if (p.type() != PageType.OVERFLOW) {
          throw new CorruptionException(pager.fileName(), pageNo,
              "expected an overflow page, found a " + PageType.name(p.type()) + " page");
        }
        byte[] d = p.data();
        int len = Bytes.getInt(d, LEN_OFF);
        if (len <= 0 || len > cap || len > length - pos) {
          throw new CorruptionException(pager.fileName(), pageNo,
              "overflow page holds " + len + " bytes, expected at most " + Math.min(cap, length - pos));
        }
        System.arraycopy(d, DATA_OFF, out, pos, len);
        pos += len;
        pageNo = Bytes.getInt(d, NEXT_OFF);
      } finally {
        pager.unpin(p);
      }
    }
    return out;
  }

  /** Whether any page of the chain starting at {@code first} is numbered {@code limit} or higher. */
  static boolean reaches(Pager pager, int first, int limit) {
    int pageNo = first;
    int guard = 0;
    while (pageNo != 0) {
      if (pageNo >= limit) {
        return true;
      }
      if (++guard > pager.pageCount()) {
        throw new CorruptionException(pager.fileName(), first, "overflow chain loops");
      }
      Page p = pager.pin(pageNo, PageType.OVERFLOW);
      try {
        pageNo = Bytes.getInt(p.data(), NEXT_OFF);
      } finally {
        pager.unpin(p);
      }
    }
    return false;
  }

  /**
   * Releases every page of the chain starting at {@code first} ({@link Pager#release}: pages older
   * than this commit wait until no snapshot can read them).
   */
  static void release(Pager pager, int first) {
    int pageNo = first;
    int guard = 0;
    while (pageNo != 0) {
      if (++guard > pager.pageCount()) {
        throw new CorruptionException(pager.fileName(), first, "overflow chain loops");
      }
      Page p = pager.pin(pageNo, PageType.OVERFLOW);
      int next;
      try {
        next = Bytes.getInt(p.data(), NEXT_OFF);
      } finally {
        pager.unpin(p);
      }
      pager.release(pageNo);
      pageNo = next;
    }
  }
}
