package org.treestore.engine.page;

import java.util.ArrayList;
import java.util.List;
import org.treestore.engine.CorruptionException;

/**
 * The persistent list of free pages: a chain of trunk pages, each an array of free page numbers.
 *
 * <pre>
 * trunk page (type FREELIST_TRUNK)
 * offset size field
 *   0    16   common page header
 *  16     4   next trunk page (0 = last)
 *  20     4   number of entries in this trunk
 *  24   4*n   free page numbers
 * </pre>
 *
 * <p>The head trunk and the total count live in the file header. Freeing appends to the head trunk,
 * or, when it is full, turns the freed page itself into the new head trunk; allocating pops the
 * last entry of the head trunk, or, when it is empty, hands out the trunk page itself. Both touch
 * one page, so the list costs O(1) per operation.
 *
 * <p>A freed page that is not a trunk is not written: it keeps whatever it held (a page it was
 * before, with that page's type and checksum), as in LMDB. Nothing reads a free page: allocation
 * hands out a zeroed frame without reading it, and the integrity check only counts free pages.
 * Rewriting each freed page as a FREE page made it dirty, so every page a commit's copy-on-write
 * replaced was logged a second time when it was reclaimed.
 */
final class FreeList {
  static final int NEXT_OFF = 16;
  static final int COUNT_OFF = 20;
  static final int ENTRIES_OFF = 24;

  private final BufferPool pool;
  private final FileHeader header;
  private final String fileName;
  private final int capacity;

  FreeList(BufferPool pool, FileHeader header, String fileName) {
    this.pool = pool;
    this.header = header;
    this.fileName = fileName;
    this.capacity = (header.pageSize - ENTRIES_OFF) / 4;
  }

  /** Entries one trunk page holds. */
  int trunkCapacity() {
    return capacity;
  }

  /** Takes a free page off the list, or returns 0 when the list is empty. */
  int allocate() {
    int head = header.freeHead;
    if (head == 0) {
      return 0;
    }
    Page trunk = pinTrunk(head);
    try {
      byte[] d = trunk.data();
      int n = Bytes.getInt(d, COUNT_OFF);
      header.freeCount--;
      if (n > 0) {
        int pageNo = Bytes.getInt(d, ENTRIES_OFF + 4 * (n - 1));
        Bytes.putInt(d, COUNT_OFF, n - 1);
        trunk.markDirty();
        return pageNo;
      }
      header.freeHead = Bytes.getInt(d, NEXT_OFF);
      return head;
    } finally {
      pool.unpin(trunk);
    }
  }

  /**
   * Puts {@code pageNo} on the list. The caller must hold no pin on it. The page itself is written
   * only if it becomes the new head trunk.
   */
  void free(int pageNo) {
    int head = header.freeHead;
    if (head != 0) {
      Page trunk = pinTrunk(head);
      try {
        byte[] d = trunk.data();
        int n = Bytes.getInt(d, COUNT_OFF);
        if (n < capacity) {
          Bytes.putInt(d, ENTRIES_OFF + 4 * n, pageNo);
          Bytes.putInt(d, COUNT_OFF, n + 1);
          trunk.markDirty();
          header.freeCount++;
          return;
        }
      } finally {
        pool.unpin(trunk);
      }
    }
    Page p = pool.pinNew(pageNo); // zeroed
    try {
      p.data()[PageLayout.TYPE] = PageType.FREELIST_TRUNK;
      Bytes.putInt(p.data(), NEXT_OFF, head);
      Bytes.putInt(p.data(), COUNT_OFF, 0);
    } finally {
      pool.unpin(p);
    }
    header.freeHead = pageNo;
    header.freeCount++;
  }

  /** Every free page, trunks included, in list order. */
  List<Integer> pages() {
    List<Integer> out = new ArrayList<>();
    int t = header.freeHead;
    int guard = 0;
    while (t != 0) {
      if (++guard > header.pageCount) {
        throw new CorruptionException(fileName, t, "free-list trunk chain loops");
      }
      out.add(t);
      Page trunk = pinTrunk(t);
      try {
        byte[] d = trunk.data();
        int n = Bytes.getInt(d, COUNT_OFF);
        for (int i = 0; i < n; i++) {
          out.add(Bytes.getInt(d, ENTRIES_OFF + 4 * i));
        }
        t = Bytes.getInt(d, NEXT_OFF);
      } finally {
        pool.unpin(trunk);
      }
    }
    return out;
  }

  /** Empties the list without touching its pages (they are about to be re-added or cut off). */
  void clear() {
    header.freeHead = 0;
    header.freeCount = 0;
  }

  private Page pinTrunk(int pageNo) {
    if (pageNo <= 0 || pageNo >= header.pageCount) {
      throw new CorruptionException(fileName, pageNo,
          "free-list trunk pointer outside the file (page count " + header.pageCount + ")");
    }
    Page p = pool.pin(pageNo);
    int n = Bytes.getInt(p.data(), COUNT_OFF);
    if (p.type() != PageType.FREELIST_TRUNK || n < 0 || n > capacity) {
      pool.unpin(p);
      throw new CorruptionException(fileName, pageNo, "expected a free-list trunk, found a "
          + PageType.name(p.type()) + " page with count " + n);
    }
    return p;
  }
}
