package org.treestore.engine.page;

import java.util.function.Function;
import org.treestore.engine.CorruptionException;

/**
 * Pages a commit replaced (copy-on-write) or dropped, which older snapshots may still read: a FIFO
 * of trunk pages, each entry a page number tagged with the sequence number of the commit that freed
 * it. Once every open snapshot is at least as new as that commit, {@link #reclaim} moves the page to
 * the {@link FreeList}.
 *
 * <pre>
 * pending trunk page (type PENDING_TRUNK)
 * offset size field
 *   0    16   common page header
 *  16     4   next (newer) trunk page (0 = last)
 *  20     4   entries written to this trunk
 *  24     4   start: entries before it were already moved to the free list
 *  28  12*n   entries: u32 page number, u64 sequence number of the freeing commit
 * </pre>
 *
 * <p>The oldest trunk, the newest trunk and the number of waiting pages live in the file header, so
 * the list is part of every commit and a crash leaks nothing: after recovery no snapshot is open and
 * the next commit reclaims everything. Entries are appended in commit order, so sequence numbers
 * never decrease along the list and reclaiming stops at the first entry still needed; a trunk whose
 * entries are all reclaimed is freed too. Trunk pages are read only by the committer, never by
 * snapshots, so they are changed in place and freed at once.
 */
final class PendingFreeList {
  static final int NEXT_OFF = 16;
  static final int COUNT_OFF = 20;
  static final int START_OFF = 24;
  static final int ENTRIES_OFF = 28;
  static final int ENTRY_SIZE = 12;

  private final BufferPool pool;
  private final FileHeader header;
  private final FreeList freeList;
  private final String fileName;
  private final int capacity;
  private final Function<Byte, Page> allocator;

  PendingFreeList(BufferPool pool, FileHeader header, FreeList freeList, String fileName,
      Function<Byte, Page> allocator) {
    this.pool = pool;
    this.header = header;
    this.freeList = freeList;
    this.fileName = fileName;
    this.capacity = (header.pageSize - ENTRIES_OFF) / ENTRY_SIZE;
    this.allocator = allocator;
  }

  /** Entries one trunk holds. */
  int trunkCapacity() {
    return capacity;
  }

  /** Appends {@code pageNo}, freed by commit {@code seq}. The caller must hold no pin on it. */
  void add(int pageNo, long seq) {
    int tail = header.pendingTail;
    if (tail != 0) {
      Page t = pinTrunk(tail);
      try {
        byte[] d = t.data();
        int n = Bytes.getInt(d, COUNT_OFF);
        if (n < capacity) {
          putEntry(d, n, pageNo, seq);
          Bytes.putInt(d, COUNT_OFF, n + 1);
          t.markDirty();
          header.pendingCount++;
          return;
        }
      } finally {
        pool.unpin(t);
      }
    }
    Page fresh = allocator.apply(PageType.PENDING_TRUNK);
    int freshNo = fresh.pageNo();
    try {
      byte[] d = fresh.data(); // zeroed and typed by the allocator
      Bytes.putInt(d, NEXT_OFF, 0);
      Bytes.putInt(d, START_OFF, 0);
      putEntry(d, 0, pageNo, seq);
      Bytes.putInt(d, COUNT_OFF, 1);
    } finally {
      pool.unpin(fresh);
    }
    if (tail != 0) {
      Page t = pinTrunk(tail);
      try {
        Bytes.putInt(t.data(), NEXT_OFF, freshNo);
        t.markDirty();
      } finally {
        pool.unpin(t);
      }
    } else {
      header.pendingHead = freshNo;
    }
    header.pendingTail = freshNo;
    header.pendingCount++;
  }

  private static void putEntry(byte[] d, int i, int pageNo, long seq) {
    int off = ENTRIES_OFF + ENTRY_SIZE * i;
    Bytes.putInt(d, off, pageNo);
    Bytes.putLong(d, off + 4, seq);
  }

  /**
   * Moves every page freed by a commit at or below {@code horizon} to the free list, and frees the
   * trunks emptied on the way.
   *
   * @return the number of pages moved (trunks not counted)
   */
  int reclaim(long horizon) {
    int moved = 0;
    while (header.pendingHead != 0) {
      int head = header.pendingHead;
      int next;
      int n;
      int start;
      Page t = pinTrunk(head);
      try {
        byte[] d = t.data();
        n = Bytes.getInt(d, COUNT_OFF);
        start = Bytes.getInt(d, START_OFF);
        next = Bytes.getInt(d, NEXT_OFF);
        int first = start;
        while (start < n) {
          int off = ENTRIES_OFF + ENTRY_SIZE * start;
          if (Bytes.getLong(d, off + 4) > horizon) {
            break;
          }
          // Freeing pins other pages (the free list's head trunk, the freed page); this trunk stays
          // pinned meanwhile, which is all it needs.
          freeList.free(Bytes.getInt(d, off));
          header.pendingCount--;
          moved++;
          start++;
        }
        if (start > first) {
          Bytes.putInt(d, START_OFF, start);
          t.markDirty();
        }
      } finally {
        pool.unpin(t);
      }
      if (start < n) {
        break; // the first entry still needed
      }
      header.pendingHead = next;
      if (next == 0) {
        header.pendingTail = 0;
      }
      freeList.free(head);
    }
    return moved;
  }

  private Page pinTrunk(int pageNo) {
    if (pageNo <= 0 || pageNo >= header.pageCount) {
      throw new CorruptionException(fileName, pageNo,
          "pending-free trunk pointer outside the file (page count " + header.pageCount + ")");
    }
    Page p = pool.pin(pageNo);
    byte[] d = p.data();
    int n = Bytes.getInt(d, COUNT_OFF);
    int start = Bytes.getInt(d, START_OFF);
    if (p.type() != PageType.PENDING_TRUNK || n < 0 || n > capacity || start < 0 || start > n) {
      pool.unpin(p);
      throw new CorruptionException(fileName, pageNo, "expected a pending-free trunk, found a "
          + PageType.name(p.type()) + " page with count " + n + " and start " + start);
    }
    return p;
  }
}
