package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.check.CheckReport;

/**
 * Snapshots and the life of trees and pages: trees created or dropped after a snapshot was taken,
 * vacuum and direct (non-transactional) changes while snapshots are open. An open snapshot must
 * keep reading exactly what it saw, whatever the store does to pages meanwhile.
 */
class SnapshotLifetimeTest {
  @TempDir
  Path dir;

  private Store store;

  @BeforeEach
  void openStore() {
    store = Store.open(dir.resolve("lifetime.tsdb"), StoreOptions.DEFAULT.withPageSize(4096)
        .withCacheSizeBytes(32 * 4096).withDurability(Durability.NORMAL)
        .withCheckpointBytes(64 * 4096));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void aTreeCreatedAfterASnapshotIsInvisibleToIt() {
    try (Transaction tx = store.begin()) {
      tx.put("existing", b("k"), b("v"));
      tx.commit();
    }
    try (Transaction before = store.beginReadOnly()) {
      // A tree that never existed reads as empty.
      assertNull(before.get("later", b("k")));
      assertFalse(before.cursor("later").first());
      try (Transaction creator = store.begin()) {
        creator.put("later", b("k"), b("new"));
        creator.commit();
      }
      assertNull(before.get("later", b("k")), "a tree created after the snapshot is visible");
      TransactionCursor c = before.cursor("later");
      assertFalse(c.first());
      assertFalse(c.last());
      assertFalse(c.seek(b("")));
    }
    try (Transaction after = store.beginReadOnly()) {
      assertEquals("new", s(after.get("later", b("k"))));
    }
  }

  @Test
  void twoTransactionsCreatingTheSameTreeBothCommit() {
    try (Transaction t1 = store.begin(); Transaction t2 = store.begin()) {
      t1.put("fresh", b("a"), b("from t1"));
      t2.put("fresh", b("b"), b("from t2"));
      assertNull(t1.get("fresh", b("b")));
      t1.commit();
      t2.commit(); // different keys: no conflict although both created the tree
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals("from t1", s(tx.get("fresh", b("a"))));
      assertEquals("from t2", s(tx.get("fresh", b("b"))));
    }
    assertTrue(store.hasTree("fresh"));
    CheckReport report = store.check();
    assertTrue(report.isOk(), report::toString);
    assertEquals(2L, report.entriesPerTree().get("fresh"));
  }

  /**
   * {@code store.dropTree} frees the tree's pages, but a snapshot taken before still reads the
   * whole tree, overflow values included, while later commits allocate pages.
   */
  @Test
  void droppingATreeLeavesOpenSnapshotsIntact() {
    fill("doomed", 300, 0);
    try (Transaction before = store.beginReadOnly()) {
      assertTrue(store.dropTree("doomed"));
      store.commit();
      fill("other", 300, 1); // wants pages: must not get the ones the snapshot reads
      assertTree(before, "doomed", 300, 0);
      try (Transaction after = store.beginReadOnly()) {
        assertNull(after.get("doomed", key(1)));
        assertFalse(after.cursor("doomed").first());
      }
      CheckReport report = store.check();
      assertTrue(report.isOk(), report::toString);
      assertTree(before, "doomed", 300, 0);
    }
    store.commit();
    CheckReport report = store.check();
    assertTrue(report.isOk(), report::toString);
  }

  /**
   * Vacuum moves live pages down and cuts free pages at the end of the file; pages an open
   * snapshot still reads are neither free nor movable, so after everything was deleted (and vacuum
   * ran, and new data was written) the snapshot still reads all of it. Once the snapshot ends, a
   * commit reclaims those pages and vacuum can return them.
   */
  @Test
  void vacuumNeverTakesPagesAnOpenSnapshotReads() {
    fill("t", 400, 0);
    int livePages = store.pageCount() - store.freePageCount();
    try (Transaction before = store.beginReadOnly()) {
      try (Transaction eraser = store.begin()) {
        for (int i = 0; i < 400; i++) {
          assertTrue(eraser.delete("t", key(i)));
        }
        eraser.commit();
      }
      store.vacuum();
      assertTree(before, "t", 400, 0);
      fill("t2", 100, 2);
      store.vacuum();
      assertTree(before, "t", 400, 0);
      CheckReport report = store.check();
      assertTrue(report.isOk(), report::toString);
    }
    // Now nobody reads the old pages: the next commit reclaims them.
    try (Transaction tx = store.begin()) {
      tx.put("marker", b("k"), b("v"));
      tx.commit();
    }
    store.vacuum();
    // What remains in use is about t2 (a quarter of t's size); t's pages are free or cut off.
    int inUse = store.pageCount() - store.freePageCount();
    assertTrue(inUse < livePages, "the pages of the deleted tree were not reclaimed after the"
        + " snapshot ended: " + inUse + " pages in use (" + store.freePageCount() + " free of "
        + store.pageCount() + "); the deleted tree alone had " + livePages);
    CheckReport report = store.check();
    assertTrue(report.isOk(), report::toString);
    try (Transaction tx = store.beginReadOnly()) {
      assertFalse(tx.cursor("t").first());
      assertTree(tx, "t2", 100, 2);
    }
  }

  /**
   * Direct changes through {@code store.tree(...)} become visible to transactions at the next
   * commit, never before, and never to a snapshot taken earlier.
   */
  @Test
  void directChangesAreSeenByTransactionsOnlyAfterACommit() {
    try (Transaction tx = store.begin()) {
      tx.put("direct", b("k"), b("1"));
      tx.commit();
    }
    BTree direct = store.tree("direct");
    try (Transaction before = store.beginReadOnly()) {
      direct.put(b("k"), b("2"));
      direct.put(b("j"), b("new"));
      try (Transaction during = store.beginReadOnly()) {
        assertEquals("1", s(during.get("direct", b("k"))), "an uncommitted direct change leaked");
        assertNull(during.get("direct", b("j")));
      }
      store.commit();
      assertEquals("1", s(before.get("direct", b("k"))));
      assertNull(before.get("direct", b("j")));
    }
    try (Transaction after = store.beginReadOnly()) {
      assertEquals("2", s(after.get("direct", b("k"))));
      assertEquals("new", s(after.get("direct", b("j"))));
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Puts {@code n} keys (some values in overflow pages) into {@code tree}, version {@code v}. */
  private void fill(String tree, int n, int v) {
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < n; i++) {
        tx.put(tree, key(i), value(i, v));
      }
      tx.commit();
    }
  }

  private static void assertTree(Transaction tx, String tree, int n, int v) {
    for (int i = 0; i < n; i += 7) {
      assertArrayEquals(value(i, v), tx.get(tree, key(i)), tree + " key " + i);
    }
    TransactionCursor c = tx.cursor(tree);
    int i = 0;
    for (boolean ok = c.first(); ok; ok = c.next(), i++) {
      assertEquals(i, ByteBuffer.wrap(c.key()).getInt(), tree);
      assertArrayEquals(value(i, v), c.value(), tree + " key " + i);
    }
    assertEquals(n, i, "entries of " + tree);
  }

  private static byte[] key(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  /** 100 to 600 bytes, every 25th value 5,000 bytes (overflow pages). */
  private static byte[] value(int i, int v) {
    byte[] b = new byte[i % 25 == 0 ? 5000 : 100 + i % 500];
    new Random(i * 31L + v).nextBytes(b);
    return b;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
