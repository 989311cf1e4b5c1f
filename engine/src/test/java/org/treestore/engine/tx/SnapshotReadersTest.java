package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.check.CheckReport;

/**
 * Snapshot readers against a busy writer: readers never see part of a commit, whatever the buffer
 * pool evicts and whenever checkpoints reset the WAL under them; an old snapshot survives vacuum;
 * a long reader holds back page reuse without stopping the writer, and the pages come back once it
 * ends.
 */
class SnapshotReadersTest {
  private static final int KEYS = 300;

  private static byte[] key(int k) {
    return ByteBuffer.allocate(4).putInt(k).array();
  }

  /** Value of key k written by commit version v: the version, then filler of a size that varies. */
  private static byte[] value(int k, long v) {
    int len = 12 + (int) ((k * 31 + v) % 200);
    if (k % 50 == 0) {
      len = 9000; // an overflow chain too
    }
    ByteBuffer b = ByteBuffer.allocate(len);
    b.putLong(v).putInt(k);
    return b.array();
  }

  @Test
  void readersSeeWholeCommitsWhileThePoolEvictsAndCheckpointsRun(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("treestore.snapshotSeed", 7L);
    StoreOptions opts = StoreOptions.DEFAULT.withPageSize(4096).withCacheSizeBytes(32 * 4096)
        .withDurability(Durability.NORMAL).withCheckpointBytes(256 << 10);
    try (Store store = Store.open(dir.resolve("r.tsdb"), opts)) {
      write(store, 0);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong checks = new AtomicLong();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        long rs = seed + r;
        Thread t = new Thread(() -> {
          Random rnd = new Random(rs);
          try {
            while (!stop.get()) {
              try (Transaction tx = store.beginReadOnly()) {
                // Every commit rewrites every key with its own version: a snapshot must show one
                // version everywhere, by scan (both directions) and by point reads.
                long version = -1;
                TransactionCursor c = tx.cursor("t");
                int n = 0;
                for (boolean ok = c.first(); ok; ok = c.next(), n++) {
                  long v = ByteBuffer.wrap(c.value()).getLong();
                  if (version < 0) {
                    version = v;
                  } else if (v != version) {
                    throw new AssertionError("snapshot " + tx.snapshotSeq() + " mixes versions " + version + " and " + v);
                  }
                }
                assertEquals(KEYS, n);
                for (int i = 0; i < 20; i++) {
                  int k = rnd.nextInt(KEYS);
                  assertArrayEquals(value(k, version), tx.get("t", key(k)));
                }
                n = 0;
                for (boolean ok = c.last(); ok; ok = c.prev()) {
                  n++;
                }
                assertEquals(KEYS, n);
                checks.incrementAndGet();
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "reader-" + r);
        t.start();
        readers.add(t);
      }
      for (int v = 1; v <= 300 && failure.get() == null; v++) {
        write(store, v);
      }
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("a reader failed", failure.get());
      }
      assertTrue(checks.get() > 0);
      assertTrue(store.bufferPool().evictions() > 0, "the small pool evicted pages");
      CheckReport r = store.check();
      assertTrue(r.isOk(), r::toString);
    }
  }

  private static void write(Store store, long v) {
    try (Transaction tx = store.begin()) {
      for (int k = 0; k < KEYS; k++) {
        tx.put("t", key(k), value(k, v));
      }
      tx.commit();
    }
  }

  @Test
  void anOldSnapshotSurvivesDeletesAndVacuum(@TempDir Path dir) {
    try (Store store = Store.open(dir.resolve("v.tsdb"))) {
      write(store, 1);
      Transaction old = store.beginReadOnly();
      try (Transaction tx = store.begin()) {
        for (int k = 0; k < KEYS; k++) {
          tx.delete("t", key(k));
        }
        tx.commit();
      }
      store.vacuum();
      for (int k = 0; k < KEYS; k++) {
        assertArrayEquals(value(k, 1), old.get("t", key(k)), "key " + k);
      }
      try (Transaction now = store.beginReadOnly()) {
        assertNull(now.get("t", key(0)));
        assertTrue(!now.cursor("t").first());
      }
      assertTrue(store.pendingFreePageCount() > 0, "the old snapshot's pages are kept");
      old.close();
      store.commit();
      store.commit();
      assertEquals(0, store.pendingFreePageCount());
      int before = store.pageCount();
      assertTrue(store.vacuum() > 0 && store.pageCount() < before, "vacuum cuts what the snapshot held");
      CheckReport r = store.check();
      assertTrue(r.isOk(), r::toString);
    }
  }

  @Test
  void aLongReaderHoldsBackReuseButNotWriters(@TempDir Path dir) {
    StoreOptions opts = StoreOptions.DEFAULT.withDurability(Durability.OFF);
    try (Store store = Store.open(dir.resolve("l.tsdb"), opts)) {
      write(store, 0);
      for (int v = 1; v <= 5; v++) {
        write(store, v); // settle: pages replaced so far are reused
      }
      int settled = store.pageCount();
      Transaction longReader = store.beginReadOnly();
      for (int v = 6; v <= 60; v++) {
        write(store, v);
      }
      int held = store.pageCount();
      assertTrue(held > settled + 50, "replaced pages are kept for the reader: " + settled + " -> " + held);
      assertArrayEquals(value(7, 5), longReader.get("t", key(7)), "the reader still sees version 5");
      longReader.close();
      for (int v = 61; v <= 120; v++) {
        write(store, v);
      }
      assertTrue(store.pageCount() <= held + 8, "pages are reused once the reader ended: " + held + " -> " + store.pageCount());
      // The published snapshot, and at most the one before it until the next reclaim drops it.
      assertTrue(store.transactions().liveSnapshots() <= 2, "live snapshots: " + store.transactions().liveSnapshots());
      CheckReport r = store.check();
      assertTrue(r.isOk(), r::toString);
    }
  }
}
