package org.treestore.engine.check;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.treestore.engine.StorageException;
import org.treestore.engine.btree.Catalog;
import org.treestore.engine.btree.TreeVerifier;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.PageFile;
import org.treestore.engine.page.PageLayout;
import org.treestore.engine.page.PageType;
import org.treestore.engine.page.Pager;

/**
 * The integrity check: reads every page of the file from disk, bypassing the buffer pool, and checks
 * the invariant LMDB states for its own files: every page other than the header is reachable exactly
 * once, from a tree, from the free list or from the pending-free list (pages replaced by recent
 * commits that old snapshots may still read; they may be of any type). On the way it verifies each
 * page's checksum and type, each tree's structure ({@link TreeVerifier}), and the free list's
 * trunks and counts. Free pages other than trunks are counted but not read: they are not
 * rewritten when freed, so they hold an old page of any type, and their bytes mean nothing.
 *
 * <p>It collects problems instead of stopping at the first, and never follows a pointer into a page
 * that failed its checksum. The caller makes sure the file is current (commits first) and that no
 * writer runs meanwhile.
 */
public final class IntegrityChecker implements TreeVerifier.Sink {
  private final Pager pager;
  private final PageFile file;
  private final int pageSize;
  private final int pageCount;
  private final String[] owners;
  private final BitSet read = new BitSet();
  private final List<Problem> problems = new ArrayList<>();
  private long problemCount;

  private IntegrityChecker(Pager pager) {
    this.pager = pager;
    this.file = pager.file();
    this.pageSize = pager.pageSize();
    this.pageCount = pager.pageCount();
    this.owners = new String[pageCount];
  }

  /** Checks the committed state of {@code pager}'s file; {@code catalog} lists its trees. */
  public static CheckReport check(Pager pager, Catalog catalog) {
    return new IntegrityChecker(pager).run(catalog);
  }

  private CheckReport run(Catalog catalog) {
    owners[0] = "the file header";
    long fileBytes = file.sizeBytes();
    if (fileBytes < (long) pageCount * pageSize) {
      problem(-1, "the file holds " + fileBytes + " bytes, less than the " + pageCount + " pages the header counts");
    }
    read(0);
    Map<String, Long> entries = new LinkedHashMap<>();
    int catalogRoot = pager.catalogRoot();
    TreeVerifier.verify("(catalog)", catalogRoot, pageSize, this);
    List<Catalog.Entry> trees;
    try {
      trees = catalog.entries();
    } catch (StorageException e) {
      problem(catalogRoot, "the catalog cannot be listed: " + e.getMessage());
      trees = List.of();
    }
    for (Catalog.Entry t : trees) {
      entries.put(t.name(), TreeVerifier.verify(t.name(), t.root(), pageSize, this));
    }
    int free = freeList();
    pendingList();
    for (int p = 1; p < pageCount; p++) {
      if (owners[p] == null) {
        problem(p, "lost: neither reachable from a tree nor on the free or pending-free list");
        read(p);
      }
    }
    return new CheckReport(file.name(), problems, problemCount, pageCount, free, entries);
  }

  private int freeList() {
    int found = 0;
    int trunk = pager.freeListHead();
    int capacity = pager.freeListTrunkCapacity();
    while (trunk != 0) {
      if (trunk < 0 || trunk >= pageCount) {
        problem(-1, "free list points at page " + trunk + ", outside the file");
        break;
      }
      if (!claim(trunk, "the free list")) {
        break;
      }
      found++;
      byte[] d = read(trunk);
      if (d == null) {
        break;
      }
      if (d[0] != PageType.FREELIST_TRUNK) {
        problem(trunk, "free list: expected a free-list trunk, found a " + PageType.name(d[0]) + " page");
        break;
      }
      int n = Bytes.getInt(d, 20);
      if (n < 0 || n > capacity) {
        problem(trunk, "free-list trunk claims " + n + " entries, capacity " + capacity);
        break;
      }
      for (int i = 0; i < n; i++) {
        int p = Bytes.getInt(d, 24 + 4 * i);
        if (p <= 0 || p >= pageCount) {
          problem(trunk, "free-list entry " + i + " is page " + p + ", outside the file");
          continue;
        }
        if (claim(p, "the free list")) {
          found++; // not read: a free page keeps whatever it held last, which means nothing
        }
      }
      trunk = Bytes.getInt(d, 16);
    }
    if (found != pager.freeCount()) {
      problem(-1, "the header counts " + pager.freeCount() + " free pages but the free list holds " + found);
    }
    return found;
  }

  private void pendingList() {
    int found = 0;
    int trunk = pager.pendingFreeHead();
    int capacity = pager.pendingFreeTrunkCapacity();
    long lastSeq = Long.MIN_VALUE;
    while (trunk != 0) {
      if (trunk < 0 || trunk >= pageCount) {
        problem(-1, "pending-free list points at page " + trunk + ", outside the file");
        break;
      }
      if (!claim(trunk, "the pending-free list")) {
        break;
      }
      byte[] d = read(trunk);
      if (d == null) {
        break;
      }
      if (d[0] != PageType.PENDING_TRUNK) {
        problem(trunk, "pending-free list: expected a pending-free trunk, found a " + PageType.name(d[0]) + " page");
        break;
      }
      int n = Bytes.getInt(d, 20);
      int start = Bytes.getInt(d, 24);
      if (n < 0 || n > capacity || start < 0 || start > n) {
        problem(trunk, "pending-free trunk claims entries " + start + " to " + n + ", capacity " + capacity);
        break;
      }
      for (int i = start; i < n; i++) {
        int p = Bytes.getInt(d, 28 + 12 * i);
        long seq = Bytes.getLong(d, 32 + 12 * i);
        if (seq < lastSeq) {
          problem(trunk, "pending-free entry " + i + " was freed by commit " + seq + ", before the previous entry's " + lastSeq);
        }
        lastSeq = seq;
        if (p <= 0 || p >= pageCount) {
          problem(trunk, "pending-free entry " + i + " is page " + p + ", outside the file");
          continue;
        }
        if (claim(p, "the pending-free list")) {
          found++;
          read(p);
        }
      }
      trunk = Bytes.getInt(d, 16);
    }
    if (found != pager.pendingFreeCount()) {
      problem(-1, "the header counts " + pager.pendingFreeCount() + " pending-free pages but the list holds " + found);
    }
  }

  @Override
  public byte[] read(int pageNo) {
    if (pageNo < 0 || pageNo >= pageCount) {
      problem(pageNo, "pointer outside the file (page count " + pageCount + ")");
      return null;
    }
    byte[] d = new byte[pageSize];
    try {
      file.readUnchecked(pageNo, d);
    } catch (StorageException e) {
      if (!read.get(pageNo)) {
        problem(pageNo, "unreadable: " + e.getMessage());
      }
      read.set(pageNo);
      return null;
    }
    String bad = PageLayout.verify(pageNo, d, pageSize);
    if (bad != null) {
      if (!read.get(pageNo)) {
        problem(pageNo, bad);
      }
      read.set(pageNo);
      return null;
    }
    read.set(pageNo);
    return d;
  }

  @Override
  public boolean claim(int pageNo, String owner) {
    if (pageNo <= 0 || pageNo >= pageCount) {
      problem(-1, owner + " points at page " + pageNo + ", outside the file (page count " + pageCount + ")");
      return false;
    }
    if (owners[pageNo] != null) {
      problem(pageNo, "reachable twice: from " + owners[pageNo] + " and from " + owner);
      return false;
    }
    owners[pageNo] = owner;
    return true;
  }

  @Override
  public void problem(int pageNo, String message) {
    problemCount++;
    if (problems.size() < CheckReport.MAX_LISTED) {
      problems.add(new Problem(pageNo, message));
    }
  }
}
