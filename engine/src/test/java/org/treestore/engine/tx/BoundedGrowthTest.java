package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A steady update workload keeps the file, the WAL and the heap bounded: the same 1,000 keys are
 * updated 1,000,000 times (in transactions of 100 updates) while reader threads come and go, some
 * holding their snapshot across many commits. After a warm-up, the page count, the WAL file, the
 * conflict tracker, the list of live snapshots and the used heap must stop growing: a leak of even
 * one page per commit would grow the file by 10,000 pages, far past the bounds asserted.
 *
 * <p>{@code -Dtreestore.growthUpdates=N} changes the number of updates; {@code
 * -Dtreestore.growthSeed=S} the seed.
 */
class BoundedGrowthTest {
  private static final int KEYS = 1000;
  private static final int PER_TX = 100;
  private static final long CHECKPOINT_BYTES = 4L << 20;

  private static byte[] key(int k) {
    return ByteBuffer.allocate(8).putInt(0x6b657973).putInt(k).array();
  }

  private static byte[] value(int k, long version) {
    ByteBuffer b = ByteBuffer.allocate(100);
    b.putInt(k).putLong(version);
    return b.array();
  }

  @Test
  void steadyUpdatesWithReadersComingAndGoingStayBounded(@TempDir Path dir) throws Exception {
    long updates = Long.getLong("treestore.growthUpdates", 1_000_000L);
    long seed = Long.getLong("treestore.growthSeed", 20261124L);
    System.out.println("BoundedGrowthTest: " + updates + " updates, seed " + seed);
    Path file = dir.resolve("growth.tsdb");
    Path wal = dir.resolve("growth.tsdb-wal");
    StoreOptions opts = StoreOptions.DEFAULT.withDurability(Durability.OFF).withCheckpointBytes(CHECKPOINT_BYTES)
        .withCacheSizeBytes(8L << 20); // a pool that fills during warm-up, so heap growth after it means a leak
    try (Store store = Store.open(file, opts)) {
      try (Transaction tx = store.begin()) {
        for (int k = 0; k < KEYS; k++) {
          tx.put("t", key(k), value(k, 0));
        }
        tx.commit();
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> readerFailure = new AtomicReference<>();
      AtomicLong readsDone = new AtomicLong();
      Thread[] readers = new Thread[2];
      for (int r = 0; r < readers.length; r++) {
        long readerSeed = seed + 1 + r;
        readers[r] = new Thread(() -> {
          Random rnd = new Random(readerSeed);
          try {
            while (!stop.get()) {
              try (Transaction tx = store.beginReadOnly()) {
                // Every commit writes whole batches, and a snapshot sees a key's latest version
                // at most once: check that each value belongs to its key.
                TransactionCursor c = tx.cursor("t");
                int n = 0;
                for (boolean ok = c.first(); ok; ok = c.next()) {
                  ByteBuffer v = ByteBuffer.wrap(c.value());
                  if (v.getInt() != ByteBuffer.wrap(c.key()).getInt(4)) {
                    throw new AssertionError("value of another key under key " + n);
                  }
                  n++;
                }
                if (n != KEYS) {
                  throw new AssertionError("snapshot " + tx.snapshotSeq() + " holds " + n + " keys");
                }
                if (rnd.nextInt(10) == 0) {
                  Thread.sleep(rnd.nextInt(20)); // a slower reader holds its snapshot across commits
                  assertNotNull(tx.get("t", key(rnd.nextInt(KEYS))));
                }
                readsDone.incrementAndGet();
              }
            }
          } catch (Throwable t) {
            readerFailure.compareAndSet(null, t);
          }
        }, "reader-" + r);
        readers[r].start();
      }

      Random rnd = new Random(seed);
      long commits = updates / PER_TX;
      long warmUp = Math.max(1, commits / 10);
      int pagesAfterWarmUp = 0;
      long heapAfterWarmUp = 0;
      int maxPages = 0;
      long maxWal = 0;
      int maxTracked = 0;
      int maxLive = 0;
      for (long c = 1; c <= commits && readerFailure.get() == null; c++) {
        // Readers come and go, but how long one keeps its snapshot depends on the scheduler; on a
        // loaded machine a reader stalled for a second would legitimately hold thousands of pages.
        // So the writer waits while the oldest snapshot is more than 50 commits behind: the bound
        // below then measures the engine, not the machine.
        while (store.transactions().publishedSeq() - store.transactions().oldestSnapshotSeq() > 50
            && readerFailure.get() == null) {
          Thread.sleep(1);
        }
        try (Transaction tx = store.begin()) {
          for (int i = 0; i < PER_TX; i++) {
            int k = rnd.nextInt(KEYS);
            tx.put("t", key(k), value(k, c));
          }
          tx.commit(); // a single writer: never a conflict
        }
        if (c == warmUp) {
          pagesAfterWarmUp = store.pageCount();
          heapAfterWarmUp = usedHeapAfterGc();
        }
        if (c > warmUp) {
          maxPages = Math.max(maxPages, store.pageCount());
          maxWal = Math.max(maxWal, Files.size(wal));
          maxTracked = Math.max(maxTracked, store.transactions().trackedKeys());
          maxLive = Math.max(maxLive, store.transactions().liveSnapshots());
        }
      }
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
      if (readerFailure.get() != null) {
        throw new AssertionError("a reader failed", readerFailure.get());
      }
      long heapAtEnd = usedHeapAfterGc();
      System.out.printf("BoundedGrowthTest: %d commits, %d snapshot scans; pages after warm-up %d, max %d;"
          + " max WAL %d bytes; max tracked keys %d; max live snapshots %d; heap %d -> %d MiB%n",
          commits, readsDone.get(), pagesAfterWarmUp, maxPages, maxWal, maxTracked, maxLive,
          heapAfterWarmUp >> 20, heapAtEnd >> 20);
      assertTrue(readsDone.get() > 0, "the readers ran");
      // Snapshots at most 50 commits old hold at most ~50 commits' copies (~25 pages each) on top
      // of the live pages; a leak of one page per commit alone would add 10,000 pages (80 MiB).
      assertTrue(maxPages <= 8000,
          "the file kept growing: " + pagesAfterWarmUp + " pages after warm-up, " + maxPages + " later");
      assertTrue(maxWal <= 2 * CHECKPOINT_BYTES + (1 << 20), "the WAL kept growing: " + maxWal + " bytes");
      assertTrue(maxTracked <= 4 * KEYS, "the conflict tracker kept " + maxTracked + " keys");
      assertTrue(maxLive <= 1000, "live snapshots piled up: " + maxLive);
      assertTrue(heapAtEnd - heapAfterWarmUp < (64L << 20),
          "heap grew from " + (heapAfterWarmUp >> 20) + " to " + (heapAtEnd >> 20) + " MiB");
      assertEquals(0, store.transactions().openTransactions());
      // Nothing is open any more: one more commit reclaims what the last ones replaced.
      store.commit();
      store.commit();
      assertEquals(0, store.pendingFreePageCount());
      int live = store.pageCount() - store.freePageCount();
      assertTrue(live < 64, "live pages for 1,000 keys: " + live); // header, catalog, ~20 tree pages
      CheckReport r = store.check();
      assertTrue(r.isOk(), r::toString);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
