package org.treestore.engine.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.MemoryFileIo;

/** Targeted B+Tree cases: big values, key limits, fill on ascending loads, cursors under change. */
class BTreeTest {

  private static Store mem(int pageSize) {
    return Store.openInMemory("t", StoreOptions.DEFAULT.withPageSize(pageSize));
  }

  private static byte[] k(int i) {
    return String.format("%010d", i).getBytes();
  }

  private static void assertOk(Store s) {
    CheckReport r = s.check();
    assertTrue(r.isOk(), r::toString);
  }

  @Test
  void oneMebibyteValuesRoundTripAndFreeTheirPages() {
    for (int pageSize : new int[] {4096, 8192, 16384}) {
      try (Store s = mem(pageSize)) {
        BTree t = s.tree("big");
        Random rnd = new Random(pageSize);
        byte[] v1 = new byte[1 << 20];
        byte[] v2 = new byte[(1 << 20) + 12345];
        rnd.nextBytes(v1);
        rnd.nextBytes(v2);
        t.put(k(1), v1);
        t.put(k(2), v2);
        t.put(k(3), new byte[] {7});
        assertArrayEquals(v1, t.get(k(1)));
        assertArrayEquals(v2, t.get(k(2)));
        int pagesWithBoth = s.pageCount();
        assertTrue(pagesWithBoth > 2 * (1 << 20) / pageSize, "values live in overflow pages");
        assertOk(s);
        t.put(k(1), v2); // replace: a new chain; the committed old one waits on the pending-free list
        assertArrayEquals(v2, t.get(k(1)));
        assertOk(s);
        int pagesAfterReplace = s.pageCount();
        t.put(k(1), v1); // the chain the last commit replaced is reusable now (no snapshot is open)
        assertArrayEquals(v1, t.get(k(1)));
        assertOk(s);
        assertTrue(s.pageCount() <= pagesAfterReplace + 8, "replacing reused the freed chain: "
            + pagesAfterReplace + " -> " + s.pageCount() + " pages");
        assertTrue(t.delete(k(1)));
        assertTrue(t.delete(k(2)));
        assertOk(s);
        assertTrue(s.freePageCount() + s.pendingFreePageCount() >= 2 * (1 << 20) / pageSize,
            "chains went to the free list");
        assertArrayEquals(new byte[] {7}, t.get(k(3)));
        assertOk(s);
      }
    }
  }

  @Test
  void keysUpToTheLimitWorkAndLongerOnesAreRejected() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      assertEquals(1003, t.maxKeyLength());
      Random rnd = new Random(3);
      for (int i = 0; i < 300; i++) {
        byte[] key = new byte[t.maxKeyLength()];
        rnd.nextBytes(key);
        byte[] v = new byte[rnd.nextInt(5000)];
        t.put(key, v);
        assertArrayEquals(v, t.get(key));
      }
      assertOk(s);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> t.put(new byte[1004], new byte[0]));
      assertTrue(e.getMessage().contains("1004") && e.getMessage().contains("1003"), e.getMessage());
      assertEquals(2027, mem(8192).tree("x").maxKeyLength());
      assertEquals(4075, mem(16384).tree("x").maxKeyLength());
    }
  }

  @Test
  void emptyKeyAndEmptyValueAreOrdinaryEntries() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      t.put(new byte[0], new byte[0]);
      t.put(new byte[] {0}, new byte[] {1});
      assertArrayEquals(new byte[0], t.get(new byte[0]));
      Cursor c = t.cursor();
      assertTrue(c.first());
      assertArrayEquals(new byte[0], c.key());
      assertTrue(c.next());
      assertArrayEquals(new byte[] {0}, c.key());
      assertFalse(c.next());
    }
  }

  @Test
  void unsignedOrder() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      t.put(new byte[] {(byte) 0xFF}, new byte[] {1});
      t.put(new byte[] {0x01}, new byte[] {2});
      t.put(new byte[] {(byte) 0x80}, new byte[] {3});
      Cursor c = t.cursor();
      assertTrue(c.first());
      assertEquals(0x01, c.key()[0]);
      assertTrue(c.next());
      assertEquals((byte) 0x80, c.key()[0]);
      assertTrue(c.next());
      assertEquals((byte) 0xFF, c.key()[0]);
    }
  }

  @Test
  void ascendingLoadFillsPagesNearlyFully() {
    try (Store s = mem(8192)) {
      BTree t = s.tree("t");
      byte[] v = new byte[100];
      int n = 100_000;
      for (int i = 0; i < n; i++) {
        t.put(k(i), v);
      }
      // 10-byte key + 100-byte value + 7 bytes of cell header + 2 bytes of slot = 119 bytes per entry.
      long payload = 119L * n;
      long used = (long) s.pageCount() * 8192;
      assertTrue(used < payload * 1.15, "ascending load used " + used + " bytes for " + payload + " bytes of entries");
      assertOk(s);
    }
  }

  @Test
  void randomLoadThenDeleteShrinksTheTreeBackToOneLeaf() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      int n = 30_000;
      for (int i = 0; i < n; i++) {
        t.put(k((int) ((i * 104729L) % n)), new byte[30]);
      }
      assertOk(s);
      for (int i = 0; i < n; i++) {
        assertTrue(t.delete(k((int) ((i * 7919L) % n))));
      }
      assertOk(s);
      s.commit(); // reclaims what the deletes' commit replaced
      // Catalog root + tree root + header are the only live pages.
      assertEquals(3, s.pageCount() - s.freePageCount());
      assertFalse(t.cursor().first());
      assertFalse(t.cursor().last());
    }
  }

  @Test
  void cursorOnEmptyTreeAndBeyondTheEnds() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      Cursor c = t.cursor();
      assertFalse(c.first());
      assertFalse(c.isValid());
      assertThrows(IllegalStateException.class, c::key);
      assertThrows(IllegalStateException.class, c::next);
      for (int i = 0; i < 1000; i++) {
        t.put(k(i * 2), k(i));
      }
      assertFalse(c.seek(k(5000)));
      assertFalse(c.seekFloor(new byte[] {'0', '0'}));
      assertTrue(c.seek(k(7)));
      assertArrayEquals(k(8), c.key());
      assertTrue(c.seekFloor(k(7)));
      assertArrayEquals(k(6), c.key());
      assertTrue(c.last());
      assertFalse(c.next());
      assertTrue(c.first());
      assertFalse(c.prev());
    }
  }

  @Test
  void cursorFollowsChangesMadeBetweenMoves() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      for (int i = 0; i < 5000; i++) {
        t.put(k(i), k(i));
      }
      Cursor c = t.cursor();
      assertTrue(c.seek(k(100)));
      // Delete the current key and the next one: next() lands on the first survivor.
      t.delete(k(100));
      t.delete(k(101));
      assertTrue(c.next());
      assertArrayEquals(k(102), c.key());
      // Insert right after the current key: next() sees it.
      t.put(k(102) .clone(), new byte[] {1});
      t.put("0000000102x".getBytes(), new byte[] {2});
      assertTrue(c.next());
      assertArrayEquals("0000000102x".getBytes(), c.key());
      // Reshape the whole tree (delete most keys): the cursor still walks backwards correctly.
      for (int i = 0; i < 5000; i++) {
        if (i % 50 != 0) {
          t.delete(k(i));
        }
      }
      assertTrue(c.prev());
      assertArrayEquals(k(50), c.key(), "k(100) was deleted earlier; k(50) is the survivor before");
      assertTrue(c.prev());
      assertArrayEquals(k(0), c.key());
      assertFalse(c.prev());
      assertTrue(c.seek(k(50)));
      // value() of an entry deleted under the cursor fails clearly.
      t.delete(k(50));
      assertThrows(IllegalStateException.class, c::value);
    }
  }

  @Test
  void replaceWithSmallerValuesRebalances() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      for (int i = 0; i < 2000; i++) {
        t.put(k(i), new byte[900]);
      }
      for (int i = 0; i < 2000; i++) {
        assertTrue(t.put(k(i), new byte[1]));
      }
      assertOk(s);
      assertTrue(s.freePageCount() > 300, "pages emptied by shrinking values were freed");
    }
  }

  @Test
  void treesAreIndependentAndDropFreesEverything() {
    MemoryFileIo io = new MemoryFileIo("multi");
    try (Store s = Store.open(io, StoreOptions.DEFAULT.withPageSize(4096))) {
      for (int tr = 0; tr < 20; tr++) {
        BTree t = s.tree("tree-" + tr);
        for (int i = 0; i < 500; i++) {
          t.put(k(i), ("v" + tr).getBytes());
        }
        t.put(k(-1), new byte[10_000]);
      }
      assertEquals(20, s.treeNames().size());
      assertArrayEquals("v7".getBytes(), s.tree("tree-7").get(k(3)));
      int live = s.pageCount() - s.freePageCount();
      assertTrue(s.dropTree("tree-7"));
      assertFalse(s.dropTree("tree-7"));
      assertFalse(s.hasTree("tree-7"));
      assertTrue(s.hasTree("tree-8"));
      assertTrue(s.pageCount() - s.freePageCount() < live - 4);
      assertOk(s);
      assertNull(s.tree("tree-7").get(k(3)), "a dropped name starts empty");
    }
    try (Store s = Store.open(new MemoryFileIo("multi", io.snapshot()), StoreOptions.DEFAULT)) {
      assertEquals(20, s.treeNames().size());
      assertArrayEquals("v8".getBytes(), s.tree("tree-8").get(k(499)));
      assertOk(s);
    }
  }

  @Test
  void badTreeNamesAreRejected() {
    try (Store s = mem(4096)) {
      assertThrows(IllegalArgumentException.class, () -> s.tree(""));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.tree("x".repeat(300)));
      assertTrue(e.getMessage().contains("255"));
    }
  }

  @Test
  void viewsShowTheCurrentEntryWithoutCopying() {
    try (Store s = mem(4096)) {
      BTree t = s.tree("t");
      byte[] big = new byte[20_000];
      new Random(5).nextBytes(big);
      t.put(k(1), "one".getBytes());
      t.put(k(2), big);
      Cursor c = t.cursor();
      assertTrue(c.first());
      assertEquals(java.nio.ByteBuffer.wrap(k(1)), c.keyView());
      assertEquals(java.nio.ByteBuffer.wrap("one".getBytes()), c.valueView());
      assertTrue(c.keyView().isReadOnly());
      assertEquals(0, c.compareKeyTo(k(1)));
      assertTrue(c.compareKeyTo(k(2)) < 0);
      assertTrue(c.compareKeyTo(k(0)) > 0);
      assertTrue(c.next());
      assertEquals(java.nio.ByteBuffer.wrap(big), c.valueView(), "overflow value through the view");
    }
  }
  @Test
  void closedCursorsLendTheirBuffersAndRefuseUse() {
    // cursors over two stores of different page sizes, opened and closed in random order: every read
    // must match a TreeMap although leaf buffers move from closed cursors to new ones
    try (Store small = mem(4096); Store large = mem(8192)) {
      java.util.TreeMap<Integer, Integer> model = new java.util.TreeMap<>();
      BTree a = small.tree("a");
      BTree b = large.tree("b");
      for (int i = 0; i < 3000; i += 3) {
        a.put(k(i), k(i * 7));
        b.put(k(i), k(i * 7));
        model.put(i, i * 7);
      }
      Random rnd = new Random(5);
      java.util.List<Cursor> open = new java.util.ArrayList<>();
      for (int step = 0; step < 4000; step++) {
        if (open.size() < 6 && rnd.nextInt(3) > 0) {
          open.add((rnd.nextBoolean() ? a : b).cursor());
        }
        Cursor c = open.get(rnd.nextInt(open.size()));
        int target = rnd.nextInt(3100);
        Integer expected = model.ceilingKey(target);
        assertEquals(expected != null, c.seek(k(target)));
        if (expected != null) {
          assertArrayEquals(k(expected), c.key());
          assertArrayEquals(k(expected * 7), c.value());
          Integer after = model.higherKey(expected);
          assertEquals(after != null, c.next());
          if (after != null) {
            assertArrayEquals(k(after), c.key());
          }
        }
        if (rnd.nextInt(4) == 0) {
          Cursor closed = open.remove(rnd.nextInt(open.size()));
          closed.close();
          closed.close(); // idempotent
          assertFalse(closed.isValid());
          assertEquals("the cursor is closed",
              assertThrows(IllegalStateException.class, () -> closed.seek(k(1))).getMessage());
          assertThrows(IllegalStateException.class, closed::key);
          assertThrows(IllegalStateException.class, closed::next);
          assertThrows(IllegalStateException.class, closed::first);
        }
        if (open.isEmpty()) {
          open.add(a.cursor());
        }
      }
    }
  }
}
