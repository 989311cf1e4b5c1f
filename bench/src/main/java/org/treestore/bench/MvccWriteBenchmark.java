package org.treestore.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Concurrent writers (issue 4): 1, 4 or 16 threads, each committing small read-modify-write
 * transactions (begin, get, put the value with its counter plus one, commit), retried on a write
 * conflict until they commit. One operation is one committed transaction, retries included.
 *
 * <ul>
 *   <li>{@code disjoint1/4/16}: each thread updates random keys of its own slice of
 *       {@link #SLICE} keys (thread slot {@code s} owns keys {@code s * SLICE} up to
 *       {@code (s + 1) * SLICE}), so no two transactions ever write the same key: conflicts must
 *       be 0, and the score shows how commits of independent transactions scale (or serialize).
 *   <li>{@code hot1/4/16}: every thread updates the same single key, the worst case for conflict
 *       detection: at most one of the transactions that overlap in time can commit, the others
 *       retry. {@code hot1} is the single-thread baseline of repeatedly rewriting one key.
 * </ul>
 *
 * <p>Secondary results ({@link Writer}'s {@link AuxCounters}, summed over threads per iteration):
 * {@code commits}, {@code attempts} (commits plus failed attempts) and {@code conflicts}; the
 * retry rate is {@code conflicts / attempts}, conflicts per commit {@code conflicts / commits}.
 * As in {@link CommitBenchmark}, JMH's score adds up each thread's own rate, which overstates the
 * total when some threads are starved while others run, as can happen under contention; so slot 0
 * also reports one wall-clock window per iteration ({@code windowMicros}) and the spread of
 * commits over threads ({@code slowestThreadCommits}, {@code fastestThreadCommits}), and commits
 * per second are {@code commits / windowMicros}.
 *
 * <p>Each trial runs in its own JVM on a fresh store, preloaded outside the timing; the trial
 * teardown checks every key and that the counters add up to the commits counted (a lost update
 * under contention would show as a shortfall).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class MvccWriteBenchmark {
  /** Keys per thread slot in the disjoint benchmarks: the key space split 16 ways. */
  static final int SLICE = MvccWorkload.KEYS / 16;
  /** Index of the one key every thread of the hot benchmarks updates. */
  static final int HOT = MvccWorkload.KEYS / 2;

  /** The engine: {@code treestore}, {@code h2}, {@code treestore-full}, {@code h2-delayed}. */
  @Param({MvccEngine.TREESTORE, MvccEngine.H2, MvccEngine.TREESTORE_FULL, MvccEngine.H2_DELAYED})
  public String engine;

  private MvccWorkload w;
  private byte[][] keys;
  private Path dir;
  private MvccEngine db;
  private final AtomicInteger slots = new AtomicInteger();
  private final List<Writer> writers = new CopyOnWriteArrayList<>();

  /** A fresh store per trial, preloaded. */
  @Setup(Level.Trial)
  public void open() {
    w = MvccWorkload.generate();
    keys = w.keys;
    dir = Workload.newTempDir();
    db = MvccEngine.create(engine, dir);
    long t0 = System.nanoTime();
    db.preload(w.keys, w.values);
    System.out.println();
    System.out.printf("# preloaded %d entries in %.1f s: %s%n", MvccWorkload.KEYS,
        (System.nanoTime() - t0) / 1e9, db.describe());
  }

  /** Prints the trial's totals, verifies the store, closes it and deletes its files. */
  @TearDown(Level.Trial)
  public void close() {
    try {
      long commits = 0;
      long conflicts = 0;
      for (Writer x : writers) {
        commits += x.totalCommits;
        conflicts += x.totalConflicts;
      }
      System.out.println();
      System.out.printf("# %d threads: %d commits, %d conflicts over the trial (%.3f per commit)%n",
          writers.size(), commits, conflicts, commits == 0 ? 0.0 : (double) conflicts / commits);
      w.verify(db, commits);
      db.close();
    } finally {
      db = null;
      writers.clear();
      Workload.deleteTree(dir);
      dir = null;
    }
  }

  /**
   * One writing thread: its slot, random source and JMH secondary counters. JMH reads the public
   * fields after each iteration's teardown, once every thread has stopped, and sums them.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Writer {
    /** Transactions this thread committed in the iteration. */
    public long commits;
    /** Transactions it began: commits plus conflicts. */
    public long attempts;
    /** Attempts that ended in a write conflict and were retried. */
    public long conflicts;
    /** Slot 0 only: wall-clock length of the iteration, iteration setup to teardown. */
    public long windowMicros;
    /** Slot 0 only: the fewest commits any one thread made in the iteration. */
    public long slowestThreadCommits;
    /** Slot 0 only: the most commits any one thread made in the iteration. */
    public long fastestThreadCommits;

    private MvccWriteBenchmark bench;
    private MvccEngine db;
    private byte[][] keys;
    private int slot;
    private SplittableRandom rnd;
    private long totalCommits;
    private long totalConflicts;
    private long nanosAtIteration;

    /** Takes a slot (0 .. threads - 1) and seeds the random source from it. */
    @Setup(Level.Trial)
    public void open(MvccWriteBenchmark bench) {
      this.bench = bench;
      db = bench.db;
      keys = bench.keys;
      slot = bench.slots.getAndIncrement();
      rnd = new SplittableRandom(0x5EED_0410_0000L + slot);
      bench.writers.add(this);
    }

    /** Zeroes the counters, so that each iteration reports its own. */
    @Setup(Level.Iteration)
    public void resetCounters() {
      commits = 0;
      attempts = 0;
      conflicts = 0;
      windowMicros = 0;
      slowestThreadCommits = 0;
      fastestThreadCommits = 0;
      if (slot == 0) {
        nanosAtIteration = System.nanoTime();
      }
    }

    /** Slot 0: the window's length and the spread of commits over threads. */
    @TearDown(Level.Iteration)
    public void collectCounters() {
      if (slot == 0) {
        windowMicros = (System.nanoTime() - nanosAtIteration) / 1_000;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Writer x : bench.writers) {
          min = Math.min(min, x.commits);
          max = Math.max(max, x.commits);
        }
        slowestThreadCommits = min;
        fastestThreadCommits = max;
      }
    }

    void disjoint() {
      update(slot * SLICE + rnd.nextInt(SLICE));
    }

    void hot() {
      update(HOT);
    }

    private void update(int index) {
      int c = MvccWorkload.increment(db, keys[index]);
      conflicts += c;
      attempts += c + 1;
      commits++;
      totalConflicts += c;
      totalCommits++;
    }
  }

  /** One writer on its own keys. */
  @Benchmark
  @Threads(1)
  public void disjoint1(Writer x) {
    x.disjoint();
  }

  /** Four writers, each on its own keys. */
  @Benchmark
  @Threads(4)
  public void disjoint4(Writer x) {
    x.disjoint();
  }

  /** Sixteen writers, each on its own keys. */
  @Benchmark
  @Threads(16)
  public void disjoint16(Writer x) {
    x.disjoint();
  }

  /** One writer rewriting one key. */
  @Benchmark
  @Threads(1)
  public void hot1(Writer x) {
    x.hot();
  }

  /** Four writers on the same key. */
  @Benchmark
  @Threads(4)
  public void hot4(Writer x) {
    x.hot();
  }

  /** Sixteen writers on the same key. */
  @Benchmark
  @Threads(16)
  public void hot16(Writer x) {
    x.hot();
  }
}
