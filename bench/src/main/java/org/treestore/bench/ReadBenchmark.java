package org.treestore.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Reads from a preloaded store of one million entries: point lookups and short range scans.
 *
 * <ul>
 *   <li>{@link #randomGet}: the value of one existing key, chosen at random: the cost of a
 *       root-to-leaf descent plus copying the value out.
 *   <li>{@link #rangeScan}: seek to a random existing key and read it and the next 99 entries
 *       ({@link Workload#SCAN_LENGTH} in all), every key and every value handed to the
 *       {@link Blackhole}: the cost of an index range query. One operation is one whole scan, so
 *       entries per second are the score times 100.
 * </ul>
 *
 * <p>The store is loaded once per trial, outside the measurement: the million entries are put in
 * random order (the realistic steady state of a tree built from unordered data, with partly filled
 * pages) and committed. The setup then reads every key back and scans the whole store once, so a
 * wrong answer from either engine fails the run instead of producing a fast wrong number. With
 * the shared 512 MiB cache budget the whole data set stays cached, so these measure the
 * in-memory read path (the page cache, the tree search, locking and copying), not disk reads.
 * Probe keys come from arrays of random indices generated in setup and cycled through.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 8, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class ReadBenchmark {
  private static final int PROBES = 1 << 20;
  private static final int PROBE_MASK = PROBES - 1;

  /** The engine under test: {@code treestore} or its peer {@code mvstore}. */
  @Param({KvEngine.TREESTORE, KvEngine.MVSTORE})
  public String engine;

  private byte[][] keys;
  private int[] getProbes;
  private int[] scanProbes;
  private int next;
  private Path dir;
  private KvEngine kv;

  /** Loads the store (random order, then commit) and verifies every entry. */
  @Setup(Level.Trial)
  public void load(Blackhole bh) {
    Workload w = Workload.generate();
    keys = w.keys;
    dir = Workload.newTempDir();
    kv = KvEngine.create(engine, dir, Workload.CACHE_BYTES);
    int[] order = Workload.permutation(Workload.ENTRIES, 0x5EED_0001L);
    for (int i : order) {
      kv.put(w.keys[i], w.values[i]);
    }
    kv.commit();
    for (int i = 0; i < Workload.ENTRIES; i++) {
      if (!Arrays.equals(kv.get(w.keys[i]), w.values[i])) {
        throw new IllegalStateException(kv.describe() + ": key #" + i + " lost or wrong after the load");
      }
    }
    int all = kv.scan(w.keys[0], Integer.MAX_VALUE, bh);
    if (all != Workload.ENTRIES) {
      throw new IllegalStateException(kv.describe() + ": a full scan read " + all + " entries, expected "
          + Workload.ENTRIES);
    }
    getProbes = Workload.randomIndices(PROBES, Workload.ENTRIES, 0x5EED_0003L);
    // Scans start early enough that all of them read the full SCAN_LENGTH entries.
    scanProbes = Workload.randomIndices(PROBES, Workload.ENTRIES - Workload.SCAN_LENGTH + 1, 0x5EED_0004L);
    System.out.println();
    System.out.println("# loaded: " + kv.describe());
  }

  /** Reports the cache state after the trial, then closes the store and deletes its files. */
  @TearDown(Level.Trial)
  public void close() {
    try {
      if (kv != null) {
        System.out.println();
        System.out.println("# after trial: " + kv.describe());
        kv.close();
      }
    } finally {
      kv = null;
      Workload.deleteTree(dir);
      dir = null;
    }
  }

  /** The value of a random existing key. */
  @Benchmark
  public byte[] randomGet() {
    return kv.get(keys[getProbes[next++ & PROBE_MASK]]);
  }

  /** Seek to a random existing key and read 100 entries, key and value each. */
  @Benchmark
  public int rangeScan(Blackhole bh) {
    return kv.scan(keys[scanProbes[next++ & PROBE_MASK]], Workload.SCAN_LENGTH, bh);
  }
}
