package org.treestore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.SimulatedDisk;

/**
 * Simulated power loss: a seeded random workload of puts, deletes and commits runs on a
 * {@link SimulatedDisk} whose power is cut after a random number of writes (in the middle of a
 * page spill, a commit, a checkpoint or a log reset). The reboot keeps a random subset of the
 * unsynced writes, in random order, possibly one torn at an arbitrary byte. After reopening:
 *
 * <ul>
 *   <li>FULL mode: the database holds exactly the acknowledged commits, or those plus the commit
 *       that was in flight when the power went (it may have reached the disk before its ack);
 *   <li>NORMAL mode: the database holds the state of some commit at or after the last one that
 *       was known to be forced (lost recent commits are allowed, inconsistency is not);
 *   <li>the integrity check passes.
 * </ul>
 *
 * A failure names the seed; {@code -Dtreestore.powerLossRuns=N} runs more seeds.
 */
class PowerLossTest {
  private static final SimulatedDisk.CrashMode[] MODES = SimulatedDisk.CrashMode.values();

  static LongStream seeds() {
    return LongStream.range(0, Integer.getInteger("treestore.powerLossRuns", 2000));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void recoveredStateIsExactlyWhatWasCommitted(long seed) {
    try {
      run(seed);
    } catch (Throwable t) {
      fail("failing seed " + seed + ": " + t, t);
    }
  }

  private static NavigableMap<byte[], byte[]> newMap() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  private static NavigableMap<byte[], byte[]> copy(NavigableMap<byte[], byte[]> m) {
    NavigableMap<byte[], byte[]> c = newMap();
    c.putAll(m);
    return c;
  }

  private void run(long seed) {
    Random rnd = new Random(seed);
    SimulatedDisk disk = new SimulatedDisk();
    boolean full = rnd.nextInt(4) != 0;
    StoreOptions opts = StoreOptions.DEFAULT.withPageSize(4096)
        .withCacheSizeBytes((16 + rnd.nextInt(48)) * 4096L)
        .withCheckpointBytes((4 + rnd.nextInt(60)) * 4136L)
        .withDurability(full ? Durability.FULL : Durability.NORMAL);
    disk.crashAfterWrites(rnd.nextInt(600));

    // Every committed state, in order; the index of the last one known to be on disk.
    List<NavigableMap<byte[], byte[]>> committed = new ArrayList<>();
    committed.add(newMap());
    int lastDurable = 0;
    NavigableMap<byte[], byte[]> current = newMap();
    NavigableMap<byte[], byte[]> inFlight = null;
    try {
      Store s = Store.open(disk.open("db"), disk.open("db-wal"), opts);
      BTree t = s.tree("t");
      int ops = 50 + rnd.nextInt(300);
      for (int op = 0; op < ops; op++) {
        int r = rnd.nextInt(100);
        if (r < 60) {
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          t.put(k, v);
          current.put(k, v);
        } else if (r < 85) {
          byte[] k = key(rnd);
          t.delete(k);
          current.remove(k);
        } else {
          inFlight = copy(current);
          s.commit();
          committed.add(inFlight);
          if (full) {
            lastDurable = committed.size() - 1;
          }
          inFlight = null;
        }
      }
      disk.powerCut();
    } catch (RuntimeException e) {
      if (!disk.isPowerLost()) {
        throw e; // a real failure, not the simulated power cut
      }
    }
    SimulatedDisk.CrashMode mode = MODES[rnd.nextInt(MODES.length)];
    disk.reboot(rnd, mode);
    try (Store r = Store.open(disk.open("db"), disk.open("db-wal"), opts)) {
      NavigableMap<byte[], byte[]> found = read(r);
      boolean ok;
      String expected;
      if (full) {
        NavigableMap<byte[], byte[]> acked = committed.get(committed.size() - 1);
        ok = same(found, acked) || (inFlight != null && same(found, inFlight));
        expected = "the " + (committed.size() - 1) + " acknowledged commits"
            + (inFlight != null ? " (or those plus the one in flight)" : "");
      } else {
        ok = false;
        for (int i = lastDurable; i < committed.size() && !ok; i++) {
          ok = same(found, committed.get(i));
        }
        ok |= inFlight != null && same(found, inFlight);
        expected = "the state of a commit at or after the last forced one";
      }
      assertTrue(ok, () -> "after " + mode + " reboot the database holds " + found.size()
          + " entries, not " + expected + "; recovery " + r.recoveryReport() + "; " + disk.lastRebootReport());
      CheckReport report = r.check();
      assertTrue(report.isOk(), report::toString);
    }
  }

  private static NavigableMap<byte[], byte[]> read(Store s) {
    NavigableMap<byte[], byte[]> m = newMap();
    if (!s.hasTree("t")) {
      return m;
    }
    Cursor c = s.tree("t").cursor();
    for (boolean ok = c.first(); ok; ok = c.next()) {
      m.put(c.key(), c.value());
    }
    return m;
  }

  private static boolean same(Map<byte[], byte[]> a, NavigableMap<byte[], byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<byte[], byte[]> e : a.entrySet()) {
      byte[] v = b.get(e.getKey());
      if (v == null || !Arrays.equals(v, e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static byte[] key(Random rnd) {
    return ("k" + rnd.nextInt(400)).getBytes();
  }

  private static byte[] value(Random rnd) {
    int len = rnd.nextInt(20) == 0 ? 2000 + rnd.nextInt(9000) : rnd.nextInt(200);
    byte[] v = new byte[len];
    rnd.nextBytes(v);
    return v;
  }
}
