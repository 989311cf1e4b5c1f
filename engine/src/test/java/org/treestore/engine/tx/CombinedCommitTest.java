package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Committers that arrive while another holds the commit lock are committed with it as one WAL
 * commit. Members of a group must still be validated against each other: eight threads increment
 * one shared counter (and their own), so a member that wrote the counter after another member of
 * its group must fail with a conflict, or an increment would be lost. Runs until groups have
 * formed (at most 30 s), then checks every count, reopens and checks again.
 */
class CombinedCommitTest {
  private static final byte[] SHARED = "shared".getBytes();

  private static byte[] own(int t) {
    return ("own-" + t).getBytes();
  }

  private static long read(Transaction tx, byte[] key) {
    byte[] v = tx.get("c", key);
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  private static byte[] enc(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }

  @Test
  void groupMembersConflictWithEachOtherAndNothingIsLost(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.tsdb");
    int threads = 8;
    long[] committed = new long[threads];
    AtomicLong conflicts = new AtomicLong();
    try (Store store = Store.open(file, StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int me = t;
        Thread w = new Thread(() -> {
          try {
            while (!stop.get()) {
              try (Transaction tx = store.begin()) {
                tx.put("c", SHARED, enc(read(tx, SHARED) + 1));
                tx.put("c", own(me), enc(read(tx, own(me)) + 1));
                tx.commit();
                committed[me]++;
              } catch (ConflictException e) {
                conflicts.incrementAndGet();
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "committer-" + t);
        w.start();
        workers.add(w);
      }
      long deadline = System.nanoTime() + 30_000_000_000L;
      long started = System.nanoTime();
      while (System.nanoTime() < deadline && failure.get() == null
          && (store.transactions().combinedTransactions() < 100 || System.nanoTime() - started < 2_000_000_000L)) {
        Thread.sleep(50);
      }
      stop.set(true);
      for (Thread w : workers) {
        w.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("a committer failed", failure.get());
      }
      long combined = store.transactions().combinedTransactions();
      System.out.println("CombinedCommitTest: " + java.util.Arrays.stream(committed).sum() + " commits, "
          + conflicts.get() + " conflicts, " + combined + " decided in groups");
      assertTrue(combined > 0, "no group formed in 30 s");
      assertCounts(store, committed);
      CheckReport r = store.check();
      assertTrue(r.isOk(), r::toString);
    }
    try (Store store = Store.open(file)) {
      assertCounts(store, committed);
    }
  }

  private static void assertCounts(Store store, long[] committed) {
    try (Transaction tx = store.beginReadOnly()) {
      long total = 0;
      for (int t = 0; t < committed.length; t++) {
        assertEquals(committed[t], read(tx, own(t)), "thread " + t);
        total += committed[t];
      }
      assertEquals(total, read(tx, SHARED), "the shared counter lost increments");
    }
  }
}
