package org.treestore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.StorageException;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.FaultInjectingFileIo;
import org.treestore.engine.io.MemoryFileIo;

/**
 * A failed write or force is fatal for the open database and loses nothing acknowledged: every
 * later change is refused with a clear error, and reopening recovers. Also: group commit shares
 * forces, the lock keeps a second opener out, and the durability modes force what they promise.
 */
class WalFailureTest {
  private static final StoreOptions OPTS = StoreOptions.DEFAULT.withPageSize(4096).withCacheSizeBytes(32 * 4096);

  private static byte[] k(int i) {
    return ("key" + i).getBytes();
  }

  private static byte[] v(int i) {
    return new byte[] {(byte) i, (byte) (i >> 8), 42};
  }

  /** Runs commits until the injected fault fires; then checks refusal and recovery. */
  private void failureIsFatalAndRecoverable(boolean failForce, boolean onMainFile, int after) {
    MemoryFileIo main = new MemoryFileIo("db");
    MemoryFileIo log = new MemoryFileIo("db-wal");
    FaultInjectingFileIo faultyMain = new FaultInjectingFileIo(main);
    FaultInjectingFileIo faultyLog = new FaultInjectingFileIo(log);
    FaultInjectingFileIo target = onMainFile ? faultyMain : faultyLog;
    // Small checkpoints, so main-file writes (checkpoints) happen during the run.
    Store s = Store.open(faultyMain, faultyLog, OPTS.withCheckpointBytes(64 * 1024));
    BTree t = s.tree("t");
    if (failForce) {
      target.failForceAfter(after);
    } else {
      target.failWritesAfter(after);
    }
    int acknowledged = -1;
    StorageException failure = null;
    for (int i = 0; i < 2000 && failure == null; i++) {
      try {
        t.put(k(i), v(i));
        s.commit();
        acknowledged = i;
      } catch (StorageException e) {
        failure = e;
      }
    }
    assertTrue(failure != null, "the fault fired");
    assertTrue(failure.getMessage().contains("injected fault"), failure.getMessage());
    // Every later change is refused, naming the cause; a retry cannot sneak past a failed fsync.
    StorageException refused = assertThrows(StorageException.class, () -> t.put(k(-1), v(1)));
    assertTrue(refused.getMessage().contains("refuses changes after an earlier I/O failure")
        && refused.getMessage().contains("reopen"), refused.getMessage());
    assertThrows(StorageException.class, s::commit);
    s.close(); // closes the files without writing
    try (Store r = Store.open(new MemoryFileIo("db", main.snapshot()), new MemoryFileIo("db-wal", log.snapshot()), OPTS)) {
      BTree rt = r.tree("t");
      for (int i = 0; i <= acknowledged; i++) {
        assertArrayEquals(v(i), rt.get(k(i)), "acknowledged commit " + i + " lost");
      }
      CheckReport report = r.check();
      assertTrue(report.isOk(), report::toString);
    }
  }

  @Test
  void failedLogWriteMidCommit() {
    for (int after : new int[] {0, 1, 5, 37, 120}) {
      failureIsFatalAndRecoverable(false, false, after);
    }
  }

  @Test
  void failedLogForce() {
    for (int after : new int[] {0, 3, 50}) {
      failureIsFatalAndRecoverable(true, false, after);
    }
  }

  @Test
  void failedMainFileWriteDuringCheckpoint() {
    for (int after : new int[] {0, 10, 90}) {
      failureIsFatalAndRecoverable(false, true, after);
    }
  }

  @Test
  void failedMainFileForceDuringCheckpoint() {
    for (int after : new int[] {0, 2}) {
      failureIsFatalAndRecoverable(true, true, after);
    }
  }

  @Test
  void concurrentCommittersShareForces(@TempDir Path dir) throws Exception {
    int threads = 16;
    int perThread = 30;
    try (Store s = Store.open(dir.resolve("group.tsdb"), StoreOptions.DEFAULT)) {
      BTree t = s.tree("t");
      s.commit();
      long before = s.walForces();
      ExecutorService ex = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int th = 0; th < threads; th++) {
        int id = th;
        fs.add(ex.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            t.put(k(id * 1000 + i), v(i));
            s.commit();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
      ex.shutdown();
      long forces = s.walForces() - before;
      int commits = threads * perThread;
      assertTrue(forces < commits / 2, forces + " forces for " + commits + " commits: no sharing");
      for (int th = 0; th < threads; th++) {
        for (int i = 0; i < perThread; i++) {
          assertArrayEquals(v(i), t.get(k(th * 1000 + i)));
        }
      }
    }
  }

  @Test
  void durabilityModesForceWhatTheyPromise() {
    for (Durability d : Durability.values()) {
      MemoryFileIo main = new MemoryFileIo("db");
      FaultInjectingFileIo log = new FaultInjectingFileIo(new MemoryFileIo("db-wal"));
      try (Store s = Store.open(main, log, OPTS.withDurability(d))) {
        int before = log.forces();
        for (int i = 0; i < 10; i++) {
          s.tree("t").put(k(i), v(i));
          s.commit();
        }
        int forces = log.forces() - before;
        if (d == Durability.FULL) {
          assertEquals(10, forces, "FULL forces every (unshared) commit");
        } else {
          assertEquals(0, forces, d + " does not force at commit");
        }
      }
    }
  }

  @Test
  void secondOpenerIsRefusedNamingTheLock(@TempDir Path dir) {
    Path db = dir.resolve("locked.tsdb");
    try (Store s = Store.open(db)) {
      StorageException e = assertThrows(StorageException.class, () -> Store.open(db));
      assertTrue(e.getMessage().contains("locked.tsdb-lock"), e.getMessage());
      s.tree("t").put(k(1), v(1));
    }
    try (Store again = Store.open(db)) {
      assertArrayEquals(v(1), again.tree("t").get(k(1)), "the lock is released on close");
    }
  }

  @Test
  void secondProcessIsRefusedNamingTheLockAndHolder(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("shared.tsdb");
    try (Store s = Store.open(db)) {
      s.tree("t").put(k(1), v(1));
      s.commit();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          LockProbe.class.getName(), db.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(3, p.exitValue(), out);
      assertTrue(out.contains("is locked by another process") && out.contains("shared.tsdb-lock")
          && out.contains("pid " + ProcessHandle.current().pid()), out);
    }
  }

  /** A second process that tries to open the database and reports what happened. */
  public static final class LockProbe {
    /** Exit 0 if the open succeeded, 3 with the message if it was refused. */
    public static void main(String[] args) {
      try (Store s = Store.open(Path.of(args[0]))) {
        System.out.println("opened");
      } catch (StorageException e) {
        System.out.println(e.getMessage());
        System.exit(3);
      }
    }
  }
}
