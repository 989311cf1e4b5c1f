package org.treestore.bench;

import java.nio.file.Path;
import java.util.Arrays;
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
 * Durable commits from 1, 4 and 16 concurrent threads: TreeStore in {@code Durability.FULL}
 * against SQLite in WAL mode with {@code synchronous=FULL}, in the same JMH run.
 *
 * <p>One operation is one small transaction: insert one 100-byte value under a new 16-byte key,
 * then commit, and return only once the commit is on disk. That makes every operation pay for a
 * log force, so the score is bounded by how many forces the disk can do per second
 * ({@link RawForceBenchmark} measures that in the same run) unless the engine lets concurrent
 * committers share a force. TreeStore does (group commit); SQLite serializes its writers and syncs
 * once per transaction. So the point of the benchmark is the ratio between thread counts, and at
 * 16 threads the ratio of TreeStore's commits per second to the disk's raw forces per second:
 * above 1 only through sharing.
 *
 * <p>{@link #commit1}, {@link #commit4} and {@link #commit16} are the same operation with a
 * different {@link Threads} count. Each gets a fresh database, preloaded (outside the timing) with
 * the storage-core workload's million entries in one bulk transaction: about 120 MiB of pages,
 * more than TreeStore's default 64 MiB buffer pool, so every thread count commits against the same
 * database shape, with a full cache, instead of a database that grows from empty during the
 * trial to a size that depends on the thread count.
 *
 * <p><b>Throughput and time per commit.</b> JMH's {@link Mode#Throughput} score adds up each
 * thread's own rate, each over its own measurement window. That is right when threads progress
 * evenly, as TreeStore's do, but SQLite lets a few connections commit in bursts while the others
 * sleep in its busy handler, and the sum of per-thread rates then overstates the total (it showed
 * SQLite at 16 threads committing faster than the disk can force, which an engine that forces
 * once per commit cannot do; strace confirmed one fsync per SQLite commit). So the benchmark also
 * counts the commits of all threads over one wall-clock window per iteration (the secondary
 * results {@code commits} and {@code windowMicros}): {@code commits / windowMicros} is the
 * throughput to trust, and {@code threads * windowMicros / commits} the average time one commit
 * takes (every thread is inside a commit all the time, so this is the mean over all commits).
 * JMH's {@link Mode#AverageTime} is not used: it averages per-thread averages, which a starved
 * SQLite thread with three commits in five seconds turns into seconds per commit. The spread
 * between threads is reported instead ({@code slowestThreadCommits}, {@code fastestThreadCommits}).
 *
 * <p>Keys: eight bytes that spread the threads over the key space (a hash of the thread's slot),
 * then the thread's own operation counter, big-endian. So keys are unique per thread and
 * operation, each thread appends to its own part of the tree, and no two threads contend for the
 * same key. Each thread inserts the same value bytes every time (the engines copy them).
 *
 * <p>Forces per commit, the proof that commits share forces, come out as JMH secondary results
 * through {@link Committer}'s {@link AuxCounters}: {@code commits} (summed over threads) and
 * {@code logForces} (the store's WAL forces during the iteration, reported by one thread only so
 * that each force is counted once; 0 for SQLite, which does not tell). Forces per commit is
 * {@code logForces / commits}. A third counter, {@code writeBytes}, gives the bytes each engine
 * writes per commit (log and checkpoints), which is what a shared force has to carry. The trial
 * total of forces per commit is also printed in the trial teardown, which also checks that every
 * committed key is there: the entry count equals the preloaded entries plus the operations run,
 * and each thread's last key holds its value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class CommitBenchmark {
  /** Bytes per value, as in the storage-core workload. */
  static final int VALUE_LENGTH = Workload.VALUE_LENGTH;

  /** The engine under test: {@code treestore} or its peer {@code sqlite}. */
  @Param({CommitEngine.TREESTORE, CommitEngine.SQLITE})
  public String engine;

  private Path dir;
  private CommitEngine db;
  private final AtomicInteger slots = new AtomicInteger();
  private final List<Committer> committers = new CopyOnWriteArrayList<>();
  private long forcesAtStart;

  /** A new database for every benchmark method (so for every thread count), preloaded. */
  @Setup(Level.Trial)
  public void open() {
    dir = Workload.newTempDir();
    db = CommitEngine.create(engine, dir);
    long t0 = System.nanoTime();
    Workload w = Workload.generate();
    db.preload(w.keys, w.values);
    System.out.println();
    System.out.printf("# preloaded %d entries in %.1f s: %s%n", Workload.ENTRIES,
        (System.nanoTime() - t0) / 1e9, db.describe());
    forcesAtStart = db.logForces();
  }

  /**
   * Checks that every commit of the trial is in the database, prints the forces per commit over
   * the whole trial (warm-up included), then closes the writers and the database and deletes its
   * files.
   */
  @TearDown(Level.Trial)
  public void close() {
    try {
      long ops = 0;
      for (Committer c : committers) {
        ops += c.totalOps;
        c.writer.close();
        if (c.lastKey != null && !Arrays.equals(db.get(c.lastKey), c.value)) {
          throw new IllegalStateException(db.describe() + ": the last key of thread slot " + c.slot
              + " is missing or wrong");
        }
      }
      long count = db.count();
      if (count != Workload.ENTRIES + ops) {
        throw new IllegalStateException(db.describe() + ": " + count + " entries after preloading "
            + Workload.ENTRIES + " and " + ops + " commits");
      }
      System.out.println();
      System.out.printf("# %d threads, %d commits, %d entries: %s%n", committers.size(), ops, count,
          db.describe());
      long forces = db.logForces();
      if (forces >= 0 && ops > 0) {
        System.out.printf("# log forces per commit over the trial: %d / %d = %.3f%n",
            forces - forcesAtStart, ops, (double) (forces - forcesAtStart) / ops);
      }
      db.close();
    } finally {
      db = null;
      committers.clear();
      Workload.deleteTree(dir);
      dir = null;
    }
  }

  /**
   * One committing thread: its writer, its key sequence, and its JMH secondary counters. JMH reads
   * the public fields after every iteration (after the iteration teardown, which all threads reach
   * only once every thread has stopped committing) and sums them over threads.
   *
   * <p>{@code commits} is per thread. The others describe the whole process, store or thread set,
   * so only the thread in slot 0 reports them (the others report 0, and the sum counts each once),
   * over the window from its iteration setup to its iteration teardown. JMH runs every thread's
   * iteration setup after a barrier and every teardown after another, once all threads have
   * stopped, so that window encloses all the commits counted (JMH's warm-up and warm-down edges
   * of the iteration included, as for every thread's {@code commits}).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Committer {
    /** Commits this thread made in the iteration (JMH's warm-up and warm-down edges included). */
    public long commits;
    /** Wall-clock length of the iteration's counting window, in microseconds. */
    public long windowMicros;
    /** The fewest commits any one thread made in the iteration. */
    public long slowestThreadCommits;
    /** The most commits any one thread made in the iteration. */
    public long fastestThreadCommits;
    /** WAL forces of the whole store in the iteration; 0 for SQLite, which does not tell. */
    public long logForces;
    /**
     * Bytes the process handed to {@code write} system calls in the iteration ({@code wchar} of
     * {@code /proc/self/io}): log appends plus checkpoints, divided by {@code commits} the bytes
     * each commit costs in writes. 0 where {@code /proc/self/io} is missing.
     */
    public long writeBytes;

    private CommitBenchmark bench;
    private CommitEngine db;
    private CommitEngine.Writer writer;
    private int slot;
    private long prefix;
    private long seq;
    private long totalOps;
    private long forcesAtIteration;
    private long wcharAtIteration;
    private long nanosAtIteration;
    private byte[] value;
    private byte[] lastKey;

    /** Takes a slot, a writer of its own and its value bytes. */
    @Setup(Level.Trial)
    public void open(CommitBenchmark bench) {
      this.bench = bench;
      db = bench.db;
      slot = bench.slots.getAndIncrement();
      prefix = new SplittableRandom(0x5EED_C0_0000L + slot).nextLong();
      value = new byte[VALUE_LENGTH];
      new SplittableRandom(0x5EED_C1_0000L + slot).nextBytes(value);
      writer = db.writer();
      bench.committers.add(this);
    }

    /** Zeroes the counters, so that each iteration reports its own; slot 0 notes the start values. */
    @Setup(Level.Iteration)
    public void resetCounters() {
      commits = 0;
      logForces = 0;
      writeBytes = 0;
      windowMicros = 0;
      slowestThreadCommits = 0;
      fastestThreadCommits = 0;
      if (slot == 0) {
        forcesAtIteration = db.logForces();
        wcharAtIteration = ProcIo.wchar();
        nanosAtIteration = System.nanoTime();
      }
    }

    /**
     * Slot 0: the window's length, the store's forces and the process's written bytes during it,
     * and the spread of commits over threads.
     */
    @TearDown(Level.Iteration)
    public void collectCounters() {
      if (slot == 0) {
        windowMicros = (System.nanoTime() - nanosAtIteration) / 1_000;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (Committer c : bench.committers) {
          min = Math.min(min, c.commits);
          max = Math.max(max, c.commits);
        }
        slowestThreadCommits = min;
        fastestThreadCommits = max;
        logForces = forcesAtIteration >= 0 ? db.logForces() - forcesAtIteration : 0;
        long wchar = ProcIo.wchar();
        writeBytes = wchar >= 0 && wcharAtIteration >= 0 ? wchar - wcharAtIteration : 0;
      }
    }

    void commitOne() {
      byte[] key = new byte[Workload.KEY_LENGTH];
      putLong(key, 0, prefix);
      putLong(key, 8, seq++);
      writer.insertAndCommit(key, value);
      lastKey = key;
      totalOps++;
      commits++;
    }

    private static void putLong(byte[] b, int off, long v) {
      for (int i = 0; i < 8; i++) {
        b[off + i] = (byte) (v >>> (56 - 8 * i));
      }
    }
  }

  /** One committer. */
  @Benchmark
  @Threads(1)
  public void commit1(Committer c) {
    c.commitOne();
  }

  /** Four concurrent committers. */
  @Benchmark
  @Threads(4)
  public void commit4(Committer c) {
    c.commitOne();
  }

  /** Sixteen concurrent committers. */
  @Benchmark
  @Threads(16)
  public void commit16(Committer c) {
    c.commitOne();
  }
}
