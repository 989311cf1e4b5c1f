package org.treestore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.page.Bytes;

/**
 * Recovery from the log after a process crash (the files as the OS had them, nothing lost from
 * its cache): committed work is replayed, uncommitted work (including pages spilled to the log)
 * is not, the log is checkpointed and bounded, and a torn tail is told apart from damage.
 */
class WalRecoveryTest {
  private static final int PAGE = 4096;
  private static final StoreOptions OPTS = StoreOptions.DEFAULT.withPageSize(PAGE).withCacheSizeBytes(32 * PAGE);

  /** The two files of one database, kept across simulated crashes. */
  private static final class Files2 {
    MemoryFileIo main = new MemoryFileIo("db");
    MemoryFileIo wal = new MemoryFileIo("db-wal");

    Store open(StoreOptions o) {
      return Store.open(main, wal, o);
    }

    /** What a crash leaves: the bytes written so far, in new handles. */
    Files2 crash() {
      Files2 f = new Files2();
      f.main = new MemoryFileIo("db", main.snapshot());
      f.wal = new MemoryFileIo("db-wal", wal.snapshot());
      return f;
    }
  }

  private static byte[] k(int i) {
    return String.format("key%07d", i).getBytes();
  }

  private static byte[] v(int i, int round) {
    byte[] b = new byte[40 + i % 300];
    Arrays.fill(b, (byte) (i + round));
    return b;
  }

  private static void assertOk(Store s) {
    CheckReport r = s.check();
    assertTrue(r.isOk(), r::toString);
  }

  @Test
  void committedWorkIsReplayedAndUncommittedWorkIsNot() {
    Files2 f = new Files2();
    Store s = f.open(OPTS);
    BTree t = s.tree("t");
    for (int i = 0; i < 3000; i++) {
      t.put(k(i), v(i, 1));
    }
    s.commit();
    // Uncommitted: enough changes that the small pool spills dirty pages to the log.
    for (int i = 0; i < 3000; i++) {
      t.put(k(i), v(i, 2));
    }
    t.put(k(99_999), v(1, 1));
    Files2 after = f.crash();
    try (Store r = after.open(OPTS)) {
      assertTrue(r.recoveryReport().framesReplayed() > 0, r.recoveryReport().toString());
      assertTrue(r.recoveryReport().bytesDiscarded() > 0, "spilled frames of the uncommitted change were discarded");
      BTree rt = r.tree("t");
      for (int i = 0; i < 3000; i++) {
        assertArrayEquals(v(i, 1), rt.get(k(i)), "key " + i);
      }
      assertNull(rt.get(k(99_999)));
      assertOk(r);
    }
  }

  @Test
  void crashBeforeTheFirstCommitLeavesAnEmptyUsableDatabase() {
    Files2 f = new Files2();
    Store s = f.open(OPTS);
    s.tree("t").put(k(1), v(1, 1));
    try (Store r = f.crash().open(OPTS)) {
      assertTrue(r.treeNames().isEmpty() || r.tree("t").get(k(1)) == null);
      r.tree("t").put(k(2), v(2, 1));
      r.commit();
      assertOk(r);
    }
  }

  @Test
  void checkpointsKeepTheLogBounded() {
    Files2 f = new Files2();
    StoreOptions o = OPTS.withCheckpointBytes(256 * 1024);
    try (Store s = f.open(o)) {
      BTree t = s.tree("t");
      long maxLog = 0;
      for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 50; i++) {
          t.put(k(round * 50 + i), v(i, round));
        }
        s.commit();
        maxLog = Math.max(maxLog, f.wal.snapshot().length);
      }
      assertTrue(maxLog < 2 * 256 * 1024 + 64 * (PAGE + 40), "log grew to " + maxLog);
      assertOk(s);
    }
    assertEquals(Wal.HEADER_SIZE, f.wal.snapshot().length, "a clean close leaves only the log header");
    try (Store r = f.crash().open(o)) {
      assertEquals(0, r.recoveryReport().framesReplayed());
      assertArrayEquals(v(7, 199), r.tree("t").get(k(199 * 50 + 7)));
    }
  }

  @Test
  void crashesAtEveryCommitOfAHistoryRecoverThatCommit() {
    Files2 f = new Files2();
    StoreOptions o = OPTS.withCheckpointBytes(64 * 1024);
    Store s = f.open(o);
    BTree t = s.tree("t");
    for (int round = 1; round <= 60; round++) {
      for (int i = 0; i < 40; i++) {
        t.put(k((round * 37 + i * 11) % 500), v(i, round));
      }
      if (round % 5 == 0) {
        t.delete(k(round));
      }
      s.commit();
      byte[] expectMarker = v(round, round);
      t.put("marker".getBytes(), expectMarker);
      s.commit();
      try (Store r = f.crash().open(o)) {
        assertArrayEquals(expectMarker, r.tree("t").get("marker".getBytes()), "round " + round);
        assertOk(r);
      }
    }
  }

  @Test
  void tornTailIsDiscardedQuietly() {
    Files2 f = new Files2();
    Store s = f.open(OPTS);
    BTree t = s.tree("t");
    t.put(k(1), v(1, 1));
    s.commit();
    t.put(k(2), v(2, 1));
    s.commit();
    Files2 c = f.crash();
    byte[] log = c.wal.snapshot();
    // Cut the last commit's frames in the middle of its last frame: only the first commit survives.
    byte[] cut = Arrays.copyOf(log, log.length - 100);
    c.wal = new MemoryFileIo("db-wal", cut);
    try (Store r = c.open(OPTS)) {
      assertArrayEquals(v(1, 1), r.tree("t").get(k(1)));
      assertNull(r.tree("t").get(k(2)));
      assertTrue(r.recoveryReport().bytesDiscarded() > 0);
      assertOk(r);
    }
  }

  @Test
  void damageBeforeDurableFramesIsReportedAsCorruption() {
    Files2 f = new Files2();
    Store s = f.open(OPTS);
    BTree t = s.tree("t");
    for (int c = 0; c < 5; c++) {
      t.put(k(c), v(c, c));
      s.commit(); // FULL: every commit is forced, so later frames record earlier commits as durable
    }
    Files2 crashed = f.crash();
    byte[] log = crashed.wal.snapshot();
    // the third frame (of an early commit): frames are a header and a body padded to 8 bytes
    int off = Wal.HEADER_SIZE;
    for (int i = 0; i < 2; i++) {
      off += Wal.FRAME_HEADER + ((Bytes.getInt(log, off + 40) + 7) & ~7);
    }
    int body = Bytes.getInt(log, off + 40);
    log[off + Wal.FRAME_HEADER + Math.min(body - 1, 500)] ^= 0x10;
    crashed.wal = new MemoryFileIo("db-wal", log);
    CorruptionException e = assertThrows(CorruptionException.class, () -> crashed.open(OPTS));
    assertTrue(e.getMessage().contains("db-wal") && e.getMessage().contains("already been forced"), e.getMessage());
  }

  @Test
  void logOfAnotherPageSizeIsRefused() {
    Files2 f = new Files2();
    Store s = f.open(OPTS);
    s.tree("t").put(k(1), v(1, 1));
    s.check(); // checkpoint: the main file now has its header
    s.tree("t").put(k(2), v(1, 1));
    s.commit();
    Files2 c = f.crash();
    byte[] log = c.wal.snapshot();
    Bytes.putInt(log, 12, 8192);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(log, 0, 28);
    Bytes.putInt(log, 28, (int) crc.getValue());
    c.wal = new MemoryFileIo("db-wal", log);
    org.treestore.engine.FormatException e = assertThrows(org.treestore.engine.FormatException.class, () -> c.open(OPTS));
    assertTrue(e.getMessage().contains("8192"), e.getMessage());
  }

  @Test
  void tornMainFilePageIsRepairedByReplay() {
    Files2 f = new Files2();
    Store s = f.open(OPTS.withCheckpointBytes(1L << 30));
    BTree t = s.tree("t");
    for (int i = 0; i < 2000; i++) {
      t.put(k(i), v(i, 3));
    }
    s.commit();
    Files2 c = f.crash();
    // A checkpoint that tore pages of the main file: every committed frame is still in the log.
    byte[] main = c.main.snapshot();
    byte[] grown = Arrays.copyOf(main, Math.max(main.length, 40 * PAGE));
    for (int p = 1; p < 40; p++) {
      grown[p * PAGE + 1000] ^= 0x5A;
    }
    c.main = new MemoryFileIo("db", grown);
    try (Store r = c.open(OPTS)) {
      for (int i = 0; i < 2000; i++) {
        assertArrayEquals(v(i, 3), r.tree("t").get(k(i)));
      }
      assertOk(r);
    }
  }
}
