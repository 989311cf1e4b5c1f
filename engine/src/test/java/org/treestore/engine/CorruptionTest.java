package org.treestore.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.check.Problem;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.PageLayout;

/**
 * A flipped byte anywhere in any page in use is caught: reading the page fails with an error naming
 * it, and the integrity check lists it; a free page's bytes mean nothing (freed pages are not
 * rewritten), so damage there harms nothing. Also: damage that keeps checksums valid (a bad
 * pointer, keys out of order, a page dropped from the free list or listed twice) is found by the
 * check, which reports every problem.
 */
class CorruptionTest {
  private static final int PAGE = 4096;
  private static final StoreOptions OPTS = StoreOptions.DEFAULT.withPageSize(PAGE).withCacheSizeBytes(64 * PAGE);
  private static byte[] image;
  private static int pageCount;
  /** Pages on the image's free list other than its trunks: they keep whatever they held. */
  private static java.util.BitSet freePages;

  /** A database with every page type: two trees (one with overflow values), free pages. */
  @BeforeAll
  static void buildImage() {
    MemoryFileIo io = new MemoryFileIo("corrupt.tsdb");
    try (Store s = Store.open(io, OPTS)) {
      BTree a = s.tree("a");
      BTree b = s.tree("b");
      Random rnd = new Random(7);
      for (int i = 0; i < 3000; i++) {
        byte[] v = new byte[rnd.nextInt(100)];
        rnd.nextBytes(v);
        a.put(String.format("key-%06d", i).getBytes(), v);
      }
      for (int i = 0; i < 5; i++) {
        byte[] v = new byte[3 * PAGE];
        rnd.nextBytes(v);
        b.put(("big" + i).getBytes(), v);
      }
      for (int i = 0; i < 3000; i += 3) {
        a.delete(String.format("key-%06d", i).getBytes());
      }
      b.delete("big0".getBytes());
      s.commit();
      s.commit(); // moves the pages the first commit replaced from the pending-free to the free list
      assertEquals(0, s.pendingFreePageCount());
      assertTrue(s.freePageCount() > 0, "the image should have free pages");
      pageCount = s.pageCount();
    }
    image = io.snapshot();
    freePages = new java.util.BitSet();
    for (int t = Bytes.getInt(image, 36); t != 0; t = Bytes.getInt(image, t * PAGE + 16)) {
      for (int i = 0; i < Bytes.getInt(image, t * PAGE + 20); i++) {
        freePages.set(Bytes.getInt(image, t * PAGE + 24 + 4 * i));
      }
    }
    assertTrue(freePages.cardinality() > 0);
  }

  private static Store openCopy(byte[] bytes) {
    return Store.open(new MemoryFileIo("corrupt.tsdb", bytes), OPTS);
  }

  /** Reads every entry of every tree, so every reachable page is read. */
  private static void readEverything(Store s) {
    for (String name : s.treeNames()) {
      Cursor c = s.tree(name).cursor();
      for (boolean ok = c.first(); ok; ok = c.next()) {
        c.value();
      }
    }
  }

  @Test
  void intactImagePassesTheCheck() {
    try (Store s = openCopy(image.clone())) {
      readEverything(s);
      CheckReport r = s.check();
      assertTrue(r.isOk(), r::toString);
      assertEquals(2, r.entriesPerTree().size());
    }
  }

  @Test
  void flippedByteInEveryPageIsReportedWithItsPageNumber() {
    Random rnd = new Random(11);
    for (int pg = 1; pg < pageCount; pg++) {
      final int page = pg;
      for (int trial = 0; trial < 3; trial++) {
        byte[] bytes = image.clone();
        int offset = page * PAGE + rnd.nextInt(PAGE);
        bytes[offset] ^= (byte) (1 << rnd.nextInt(8));
        String where = "page " + page + ", byte " + (offset - page * PAGE);
        try (Store s = openCopy(bytes)) {
          if (freePages.get(page)) {
            readEverything(s);
            assertTrue(s.check().isOk(), where + ": damage to a free page is harmless");
            continue;
          }
          boolean readFailed = false;
          try {
            readEverything(s);
          } catch (CorruptionException e) {
            readFailed = true;
            assertEquals(page, e.pageNo(), where + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("page " + page), e.getMessage());
            assertTrue(e.getMessage().contains("corrupt.tsdb"), e.getMessage());
          }
          CheckReport r = s.check();
          assertFalse(r.isOk(), where + " not reported");
          boolean named = r.problems().stream().map(Problem::pageNo).anyMatch(p -> p == page);
          assertTrue(named, where + " not named in: " + r);
          // Free-list trunks are not read by a scan; every other page must fail the scan.
          if (!readFailed && !isTrunk(page)) {
            fail(where + ": a scan read the damaged page without error");
          }
        } catch (CorruptionException e) {
          // Opening itself failed: only possible when the damage is in the catalog's pages.
          assertEquals(page, e.pageNo(), e.getMessage());
        }
      }
    }
  }

  private static boolean isTrunk(int page) {
    return image[page * PAGE + PageLayout.TYPE] == org.treestore.engine.page.PageType.FREELIST_TRUNK;
  }

  @Test
  void damagedHeaderIsRefusedOnOpen() {
    for (int off = 0; off < 64; off++) {
      byte[] bytes = image.clone();
      bytes[off] ^= 0x40;
      StorageException e = assertThrows(StorageException.class, () -> openCopy(bytes), "byte " + off);
      assertTrue(e instanceof CorruptionException || e instanceof FormatException, e.toString());
      assertTrue(e.getMessage().contains("corrupt.tsdb"), e.getMessage());
      if (e instanceof CorruptionException) {
        assertEquals(0, ((CorruptionException) e).pageNo(), e.getMessage());
      }
    }
  }

  @Test
  void validChecksumsButBrokenStructureAreAllReported() {
    byte[] bytes = image.clone();
    // Find three leaf pages in use (free pages may hold old leaves); break each in a different
    // way, re-stamping checksums.
    int leaf1 = -1;
    int leaf2 = -1;
    int leaf3 = -1;
    for (int p = 1; p < pageCount; p++) {
      int type = bytes[p * PAGE];
      if (!freePages.get(p) && type == org.treestore.engine.page.PageType.BTREE_LEAF && Bytes.getU16(bytes, p * PAGE + 16) > 3) {
        if (leaf1 < 0) {
          leaf1 = p;
        } else if (leaf2 < 0) {
          leaf2 = p;
        } else if (leaf3 < 0) {
          leaf3 = p;
        }
      }
    }
    assertTrue(leaf1 > 0 && leaf2 > 0 && leaf3 > 0);
    // 1. Swap the first two slots of leaf1: keys out of order.
    int s0 = leaf1 * PAGE + 32;
    byte t0 = bytes[s0];
    byte t1 = bytes[s0 + 1];
    bytes[s0] = bytes[s0 + 2];
    bytes[s0 + 1] = bytes[s0 + 3];
    bytes[s0 + 2] = t0;
    bytes[s0 + 3] = t1;
    restamp(bytes, leaf1);
    // 2. Turn leaf2 into an overflow page: its parent now points at the wrong kind of page.
    bytes[leaf2 * PAGE] = org.treestore.engine.page.PageType.OVERFLOW;
    restamp(bytes, leaf2);
    // 3. Point the head trunk's last free-list entry at leaf3: a page in use is listed as free.
    int trunk = Bytes.getInt(bytes, 36);
    int n = Bytes.getInt(bytes, trunk * PAGE + 20);
    assertTrue(n > 0, "the head trunk should hold entries");
    Bytes.putInt(bytes, trunk * PAGE + 24 + 4 * (n - 1), leaf3);
    restamp(bytes, trunk);
    try (Store s = openCopy(bytes)) {
      CheckReport r = s.check();
      String text = r.toString();
      assertFalse(r.isOk());
      assertTrue(r.problemCount() >= 3, text);
      final int l1 = leaf1;
      final int l2 = leaf2;
      final int fp = leaf3;
      assertTrue(r.problems().stream().anyMatch(p -> p.pageNo() == l1 && p.message().contains("out of order")), text);
      assertTrue(r.problems().stream().anyMatch(p -> p.pageNo() == l2 && p.message().contains("overflow")), text);
      assertTrue(r.problems().stream().anyMatch(p -> p.pageNo() == fp && p.message().contains("reachable twice")
          && p.message().contains("free list")), text);
    }
  }

  @Test
  void pageDroppedFromTheFreeListIsReportedAsLost() {
    byte[] bytes = image.clone();
    // Lower the header's free count and the head trunk's entry count by one: that page is now lost.
    int trunk = org.treestore.engine.page.Bytes.getInt(bytes, 36);
    int n = org.treestore.engine.page.Bytes.getInt(bytes, trunk * PAGE + 20);
    assertTrue(n > 0, "the head trunk should hold entries");
    int lost = org.treestore.engine.page.Bytes.getInt(bytes, trunk * PAGE + 24 + 4 * (n - 1));
    org.treestore.engine.page.Bytes.putInt(bytes, trunk * PAGE + 20, n - 1);
    restamp(bytes, trunk);
    org.treestore.engine.page.Bytes.putInt(bytes, 40, org.treestore.engine.page.Bytes.getInt(bytes, 40) - 1);
    restamp(bytes, 0);
    try (Store s = openCopy(bytes)) {
      CheckReport r = s.check();
      assertTrue(r.problems().stream().anyMatch(p -> p.pageNo() == lost && p.message().contains("lost")), r::toString);
    }
  }

  private static void restamp(byte[] file, int page) {
    byte[] p = java.util.Arrays.copyOfRange(file, page * PAGE, (page + 1) * PAGE);
    PageLayout.stamp(page, p, PAGE);
    System.arraycopy(p, 0, file, page * PAGE, PAGE);
  }
}
