package org.treestore.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.FaultInjectingFileIo;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.tx.Transaction;

/**
 * Checkpoints in NORMAL and OFF modes run on the store's checkpointer thread: committers do not
 * run them or wait for them, unless the log has reached twice the threshold; FULL mode keeps them
 * in the committer. A failed background checkpoint is reported to the next commit and, if no
 * commit was told, to close; close ends the thread (also while a checkpoint runs), and reopening
 * finds every acknowledged commit.
 */
class BackgroundCheckpointTest {
  private static final long CHECKPOINT = 64 * 1024;
  private static final StoreOptions OPTS = StoreOptions.DEFAULT.withPageSize(4096).withCheckpointBytes(CHECKPOINT);

  /** A main file that records which threads force it and can hold a force until released. */
  private static final class WatchedFile extends FaultInjectingFileIo {
    final Set<String> forcingThreads = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch hold;
    final CountDownLatch holding = new CountDownLatch(1);

    WatchedFile(MemoryFileIo delegate) {
      super(delegate);
    }

    @Override
    public void force(boolean metadata) throws IOException {
      forcingThreads.add(Thread.currentThread().getName());
      CountDownLatch h = hold;
      if (h != null) {
        holding.countDown();
        try {
          h.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
      super.force(metadata);
    }
  }

  private static byte[] key(int i) {
    return String.format("k%07d", i).getBytes();
  }

  private static byte[] value(int i) {
    byte[] v = new byte[300];
    v[0] = (byte) i;
    v[1] = (byte) (i >> 8);
    return v;
  }

  private static void put(Store s, int i) {
    try (Transaction tx = s.begin()) {
      tx.put("t", key(i), value(i));
      tx.commit();
    }
  }

  private static void assertHolds(MemoryFileIo main, MemoryFileIo log, int through) {
    try (Store r = Store.open(new MemoryFileIo("db", main.snapshot()), new MemoryFileIo("db-wal", log.snapshot()), OPTS)) {
      try (Transaction tx = r.beginReadOnly()) {
        for (int i = 0; i <= through; i++) {
          assertArrayEquals(value(i), tx.get("t", key(i)), "acknowledged commit " + i);
        }
      }
      CheckReport report = r.check();
      assertTrue(report.isOk(), report::toString);
    }
  }

  @Test
  void normalAndOffCheckpointOnTheirOwnThreadFullInTheCommitter() {
    for (Durability d : Durability.values()) {
      MemoryFileIo main = new MemoryFileIo("db");
      MemoryFileIo log = new MemoryFileIo("db-wal");
      WatchedFile watched = new WatchedFile(main);
      Store s = Store.open(watched, log, OPTS.withDurability(d));
      int n = 0;
      while (n < 3000 && (d == Durability.FULL ? watched.forces() < 3 : s.backgroundCheckpoints() < 3)) {
        put(s, n++);
      }
      String committer = Thread.currentThread().getName();
      if (d == Durability.FULL) {
        assertEquals(Set.of(committer), watched.forcingThreads, "FULL: the committer checkpoints");
        assertFalse(s.checkpointerRunning());
      } else {
        // (The committer may have checkpointed too, when the log reached twice the threshold.)
        assertTrue(s.backgroundCheckpoints() >= 3, d + ": background checkpoints ran");
        assertEquals(d == Durability.NORMAL, watched.forcingThreads.contains("treestore-checkpointer db"),
            d + ": forced by " + watched.forcingThreads);
        assertTrue(s.checkpointerRunning());
        assertTrue(s.walBytes() < 2 * CHECKPOINT + 64 * 1024, "the log was recycled: " + s.walBytes());
      }
      s.close();
      assertFalse(s.checkpointerRunning(), "close ends the thread");
      assertHolds(main, log, n - 1);
    }
  }

  @Test
  void committersGoOnDuringACheckpointUntilTheLogReachesTwiceTheThreshold() throws Exception {
    MemoryFileIo main = new MemoryFileIo("db");
    MemoryFileIo log = new MemoryFileIo("db-wal");
    WatchedFile watched = new WatchedFile(main);
    CountDownLatch release = new CountDownLatch(1);
    watched.hold = release;
    Store s = Store.open(watched, log, OPTS.withDurability(Durability.NORMAL));
    int n = 0;
    while (s.walBytes() < CHECKPOINT) {
      put(s, n++);
    }
    assertTrue(watched.holding.await(10, TimeUnit.SECONDS), "a checkpoint is stuck in its force of the main file");
    // The checkpoint is stuck: commits below twice the threshold still return.
    while (s.walBytes() < 2 * CHECKPOINT - 8 * 1024) {
      put(s, n++);
    }
    // Past it, a committer waits for the checkpoint: the log stays bounded.
    AtomicInteger done = new AtomicInteger(n);
    AtomicReference<Throwable> failed = new AtomicReference<>();
    int before = done.get();
    Thread committer = new Thread(() -> {
      try {
        for (int i = before; i < before + 200; ) {
          put(s, i);
          done.set(++i);
        }
      } catch (Throwable t) {
        failed.set(t);
      }
    });
    committer.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (committer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(200);
    int whileHeld = done.get();
    assertTrue(whileHeld - before < 40, "a committer went on past twice the threshold: " + (whileHeld - before) + " commits");
    assertTrue(s.walBytes() < 2 * CHECKPOINT + 64 * 1024, "log " + s.walBytes());
    release.countDown();
    watched.hold = null;
    committer.join(30_000);
    assertEquals(null, failed.get());
    assertEquals(before + 200, done.get(), "the committer went on once the checkpoint finished");
    s.close();
    assertHolds(main, log, done.get() - 1);
  }

  @Test
  void closeWaitsForARunningCheckpointAndLeavesNoThread() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    for (int round = 0; round < 5; round++) {
      MemoryFileIo main = new MemoryFileIo("db");
      MemoryFileIo log = new MemoryFileIo("db-wal");
      WatchedFile watched = new WatchedFile(main);
      CountDownLatch release = new CountDownLatch(1);
      watched.hold = release;
      Store s = Store.open(watched, log, OPTS.withDurability(Durability.NORMAL)); // OFF never forces
      int n = 0;
      while (s.walBytes() < CHECKPOINT) {
        put(s, n++);
      }
      assertTrue(watched.holding.await(10, TimeUnit.SECONDS), "a checkpoint is stuck in its force of the main file");
      Thread closer = new Thread(s::close);
      closer.start();
      Thread.sleep(50);
      assertTrue(closer.isAlive(), "close waits for the running checkpoint");
      watched.hold = null;
      release.countDown();
      closer.join(30_000);
      assertFalse(closer.isAlive());
      assertFalse(s.checkpointerRunning());
      assertHolds(main, log, n - 1);
    }
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(!before.contains(t) && t.getName().startsWith("treestore-checkpointer"), "left running: " + t);
    }
  }

  @Test
  void normalForcesTheLogWhileItFillsOffNever() throws Exception {
    for (Durability d : new Durability[] {Durability.NORMAL, Durability.OFF}) {
      MemoryFileIo main = new MemoryFileIo("db");
      MemoryFileIo log = new MemoryFileIo("db-wal");
      WatchedFile watchedLog = new WatchedFile(log);
      Store s = Store.open(main, watchedLog, OPTS.withDurability(d));
      int forcesAtOpen = watchedLog.forces();
      watchedLog.forcingThreads.clear(); // opening forces the log header (NORMAL)
      int n = 0;
      while (s.walBytes() < CHECKPOINT * 3 / 4) { // past two quarters of the threshold, not past it
        put(s, n++);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (d == Durability.NORMAL && s.backgroundSyncs() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50);
      assertEquals(0, s.backgroundCheckpoints(), d + ": no checkpoint yet");
      if (d == Durability.NORMAL) {
        assertTrue(s.backgroundSyncs() > 0, "the log was forced ahead of the checkpoint");
        assertTrue(watchedLog.forcingThreads.contains("treestore-checkpointer db"), "forced by " + watchedLog.forcingThreads);
        assertFalse(watchedLog.forcingThreads.contains(Thread.currentThread().getName()), "not by the committer");
      } else {
        assertEquals(0, s.backgroundSyncs());
        assertEquals(forcesAtOpen, watchedLog.forces(), "OFF never forces");
      }
      s.close();
      assertHolds(main, log, n - 1);
    }
  }

  @Test
  void anIdleCheckpointerEndsAndTheNextRequestStartsAnother() throws Exception {
    MemoryFileIo main = new MemoryFileIo("db");
    MemoryFileIo log = new MemoryFileIo("db-wal");
    Store s = Store.open(main, log, OPTS.withDurability(Durability.NORMAL));
    int n = 0;
    for (int round = 1; round <= 2; round++) {
      while (s.backgroundCheckpoints() < round) {
        put(s, n++);
        assertTrue(n < 10_000, "no checkpoint ran");
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Checkpointer.IDLE_MILLIS + 5_000);
      while (s.checkpointerRunning() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertFalse(s.checkpointerRunning(), "an idle checkpointer ends (a dropped store keeps no thread)");
    }
    s.close();
    assertHolds(main, log, n - 1);
  }

  @Test
  void aFailedBackgroundCheckpointReachesTheNextCommitAndClose() throws Exception {
    for (boolean failForce : new boolean[] {true, false}) {
      for (boolean commitAfter : new boolean[] {true, false}) {
        MemoryFileIo main = new MemoryFileIo("db");
        MemoryFileIo log = new MemoryFileIo("db-wal");
        FaultInjectingFileIo faulty = new FaultInjectingFileIo(main);
        Store s = Store.open(faulty, log, OPTS.withDurability(Durability.NORMAL));
        put(s, 0);
        if (failForce) {
          faulty.failForceAfter(0);
        } else {
          faulty.failWritesAfter(3);
        }
        // Past the threshold (asks for a checkpoint), far below twice it (no committer waits).
        int n = 1;
        while (s.walBytes() < CHECKPOINT) {
          put(s, n++);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (s.checkpointerRunning() && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertFalse(s.checkpointerRunning(), "the failure ends the thread");
        String where = (failForce ? "failed force" : "failed write") + (commitAfter ? ", then a commit" : "");
        if (commitAfter) {
          int next = n;
          StorageException refused = assertThrows(StorageException.class, () -> put(s, next), where);
          assertTrue(refused.getMessage().contains("refuses changes after an earlier I/O failure")
              && refused.getMessage().contains("injected fault"), refused.getMessage());
        }
        StorageException atClose = assertThrows(StorageException.class, s::close, where);
        assertTrue(atClose.getMessage().contains("background checkpoint failed")
            && atClose.getMessage().contains("injected fault"), atClose.getMessage());
        s.close(); // closing again: reported once
        assertHolds(main, log, n - 1);
      }
    }
  }
}
