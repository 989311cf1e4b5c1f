package org.treestore.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.check.CheckReport;

/** Freed pages are reused before the file grows, across reopen too, and vacuum gives them back. */
class FreeListVacuumTest {
  private static final int N = 20_000;

  private static byte[] key(int i) {
    return String.format("k%08d", i).getBytes();
  }

  private static byte[] value(int i) {
    byte[] v = new byte[100 + (i % 7) * 50];
    v[0] = (byte) i;
    return v;
  }

  private static void insertAll(BTree t) {
    for (int i = 0; i < N; i++) {
      // A scattered order, so splits happen everywhere and not only at the right edge.
      int k = (int) ((i * 7919L) % N);
      t.put(key(k), value(k));
    }
  }

  private static void assertOk(Store s) {
    CheckReport r = s.check();
    assertTrue(r.isOk(), r::toString);
  }

  @Test
  void insertDeleteInsertDoesNotGrowTheFileAndVacuumShrinksIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("free.tsdb");
    int pagesAfterFirstLoad;
    long bytesAfterFirstLoad;
    try (Store s = Store.open(file)) {
      BTree t = s.tree("t");
      insertAll(t);
      assertOk(s); // commits and checkpoints, so the main file holds every page
      pagesAfterFirstLoad = s.pageCount();
      bytesAfterFirstLoad = Files.size(file);
      for (int i = 0; i < N; i++) {
        assertTrue(t.delete(key(i)));
      }
      assertOk(s);
      assertTrue(s.freePageCount() + s.pendingFreePageCount() >= pagesAfterFirstLoad - 4,
          "almost every page is free after deleting everything: " + s.freePageCount());
      insertAll(t);
      assertOk(s);
      // A few pages more at most: copies made during this load wait for its commit to be reused.
      assertTrue(s.pageCount() <= pagesAfterFirstLoad + 8,
          "file grew from " + pagesAfterFirstLoad + " to " + s.pageCount() + " pages");
      assertTrue(Files.size(file) <= bytesAfterFirstLoad + 8L * s.pageSize(), "file grew to " + Files.size(file));
      for (int i = 0; i < N; i++) {
        t.delete(key(i));
      }
      int released = s.vacuum();
      assertTrue(released >= pagesAfterFirstLoad - 4, "vacuum released only " + released);
      assertTrue(Files.size(file) <= 4L * s.pageSize(), "file is still " + Files.size(file) + " bytes");
      assertOk(s);
      // The database still works after vacuum.
      t.put(key(1), value(1));
    }
    try (Store s = Store.open(file)) {
      assertArrayEquals(value(1), s.tree("t").get(key(1)));
      assertOk(s);
    }
  }

  @Test
  void freeListSurvivesReopen(@TempDir Path dir) {
    Path file = dir.resolve("reopen.tsdb");
    int pages;
    try (Store s = Store.open(file)) {
      insertAll(s.tree("t"));
      pages = s.pageCount();
      s.dropTree("t");
      assertOk(s);
    }
    try (Store s = Store.open(file)) {
      assertTrue(s.freePageCount() > 0);
      insertAll(s.tree("t2"));
      assertTrue(s.pageCount() <= pages, "file grew after reopen: " + pages + " -> " + s.pageCount());
      assertOk(s);
    }
  }

  @Test
  void vacuumWithNothingToReleaseIsHarmless(@TempDir Path dir) {
    try (Store s = Store.open(dir.resolve("v.tsdb"))) {
      s.tree("t").put(key(1), value(1));
      s.vacuum();
      assertEquals(0, s.vacuum());
      assertOk(s);
    }
  }

  @Test
  void vacuumMovesLivePagesDownIntoTheHoles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mid.tsdb");
    try (Store s = Store.open(file)) {
      BTree a = s.tree("a");
      BTree b = s.tree("b");
      for (int i = 0; i < 5000; i++) {
        a.put(key(i), value(i));
      }
      for (int i = 0; i < 5000; i++) {
        b.put(key(i), value(i));
      }
      s.dropTree("a"); // frees pages in the middle of the file; b's pages stay at the end
      s.commit();
      s.commit(); // the pages of a move from the pending-free list to the free list
      int free = s.freePageCount();
      int before = s.pageCount();
      int released = s.vacuum();
      // b's pages moved down into a's old pages, so about as many pages as a had are cut.
      assertTrue(released >= free - 8, "released " + released + " of " + free + " free pages");
      assertEquals(before - released, s.pageCount());
      assertTrue(Files.size(file) <= (long) s.pageCount() * s.pageSize());
      assertOk(s);
      for (int i = 0; i < 5000; i++) {
        assertArrayEquals(value(i), b.get(key(i)));
      }
    }
    try (Store s = Store.open(file)) {
      assertArrayEquals(value(4999), s.tree("b").get(key(4999)));
      assertOk(s);
    }
  }

  @Test
  void vacuumReportsWhatTheFileLostAndASecondVacuumReleasesNothing(@TempDir Path dir) {
    // Many small trees written by many small transactions, as a document database is: relocating a
    // page copies its parents, and those copies may first land past the old end of the file. What
    // vacuum reports is the net change of the file, not the pages cut from a file it grew itself.
    try (Store s = Store.open(dir.resolve("many.tsdb"))) {
      for (int round = 0; round < 6; round++) {
        for (int t = 0; t < 13; t++) {
          try (var tx = s.begin()) {
            for (int i = 0; i < 60 + 15 * t; i++) {
              int k = round * 1000 + i;
              if (round % 2 == 1 && i % 2 == 0) {
                tx.delete("t" + t, key(k - 1000));
              }
              tx.put("t" + t, key(k), value(k));
            }
            tx.commit();
          }
        }
      }
      int before = s.pageCount();
      int released = s.vacuum();
      assertEquals(before - released, s.pageCount(), "first vacuum");
      int again = s.pageCount();
      assertEquals(0, s.vacuum(), "second vacuum");
      assertEquals(again, s.pageCount());
      assertOk(s);
    }
  }
}
