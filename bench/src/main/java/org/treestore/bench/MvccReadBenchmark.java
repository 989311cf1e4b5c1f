package org.treestore.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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

/**
 * Reads while a writer commits (issue 4): two threads run read-only snapshot transactions on
 * random keys while a third keeps committing read-modify-write transactions on random keys, all
 * on one store of {@link MvccWorkload#KEYS} preloaded entries.
 *
 * <p>Two JMH groups of three threads each:
 * <ul>
 *   <li>{@code point}: each reader transaction gets one random key ({@link #pointReader}); the
 *       writer ({@link #pointWriter}) increments the counter of one random key per transaction.
 *       The reader score is read transactions (= gets) per second; it shows the fixed cost of a
 *       transaction on top of a lookup, and how much readers are slowed by a concurrent writer.
 *   <li>{@code multi}: each reader transaction gets {@link #KEYS_PER_TX} random keys from one
 *       snapshot ({@link #multiReader}); same writer. Gets per second are the score times 10.
 * </ul>
 *
 * <p>JMH reports each group's total and, as secondary results, each method: the readers' score
 * (both reader threads together) and the writer's commits per second. The writer never conflicts
 * (it is alone), but it goes through the same retry loop as {@link MvccWriteBenchmark}.
 *
 * <p>Each trial runs in its own JVM (JMH forks per trial) on a fresh store, preloaded outside the
 * timing; the trial teardown checks every key and that the counters add up to the writer's
 * commits ({@link MvccWorkload#verify}), so a wrong answer fails the run. Readers fail at once on a
 * missing key.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class MvccReadBenchmark {
  /** Keys a {@code multi} reader transaction reads. */
  static final int KEYS_PER_TX = 10;

  /** The engine: {@code treestore}, {@code h2}, {@code treestore-full}, {@code h2-delayed}. */
  @Param({MvccEngine.TREESTORE, MvccEngine.H2, MvccEngine.TREESTORE_FULL, MvccEngine.H2_DELAYED})
  public String engine;

  private MvccWorkload w;
  private byte[][] keys;
  private Path dir;
  private MvccEngine db;
  private final AtomicInteger slots = new AtomicInteger();
  private final List<Client> clients = new CopyOnWriteArrayList<>();

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

  /** Verifies the store against the commits made, closes it and deletes its files. */
  @TearDown(Level.Trial)
  public void close() {
    try {
      long commits = 0;
      for (Client c : clients) {
        commits += c.commits;
      }
      w.verify(db, commits);
      db.close();
    } finally {
      db = null;
      clients.clear();
      Workload.deleteTree(dir);
      dir = null;
    }
  }

  /** A thread's random source and, for the writer, its commit count over the whole trial. */
  @State(Scope.Thread)
  public static class Client {
    private SplittableRandom rnd;
    private long commits;

    /** Seeds the thread's random source from its slot. */
    @Setup(Level.Trial)
    public void open(MvccReadBenchmark bench) {
      rnd = new SplittableRandom(0x5EED_0400_0000L + bench.slots.getAndIncrement());
      bench.clients.add(this);
    }

    int nextKey() {
      return rnd.nextInt(MvccWorkload.KEYS);
    }
  }

  private byte[] getOne(MvccEngine.Tx tx, byte[] key) {
    byte[] v = tx.get(key);
    if (v == null) {
      throw new IllegalStateException(db.describe() + ": a preloaded key is missing");
    }
    return v;
  }

  private void write(Client c) {
    MvccWorkload.increment(db, keys[c.nextKey()]);
    c.commits++;
  }

  /** One read-only transaction, one get. */
  @Benchmark
  @Group("point")
  @GroupThreads(2)
  public byte[] pointReader(Client c) {
    try (MvccEngine.Tx tx = db.beginReadOnly()) {
      return getOne(tx, keys[c.nextKey()]);
    }
  }

  /** One read-modify-write transaction on a random key. */
  @Benchmark
  @Group("point")
  @GroupThreads(1)
  public void pointWriter(Client c) {
    write(c);
  }

  /** One read-only transaction, ten gets; returns the sum of the counters seen. */
  @Benchmark
  @Group("multi")
  @GroupThreads(2)
  public long multiReader(Client c) {
    long sum = 0;
    try (MvccEngine.Tx tx = db.beginReadOnly()) {
      for (int i = 0; i < KEYS_PER_TX; i++) {
        sum += MvccWorkload.counter(getOne(tx, keys[c.nextKey()]));
      }
    }
    return sum;
  }

  /** One read-modify-write transaction on a random key. */
  @Benchmark
  @Group("multi")
  @GroupThreads(1)
  public void multiWriter(Client c) {
    write(c);
  }
}
