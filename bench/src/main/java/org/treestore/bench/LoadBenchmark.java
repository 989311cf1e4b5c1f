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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bulk loads: one million puts into a fresh, empty store, then one durable commit.
 *
 * <ul>
 *   <li>{@link #sequentialPut}: keys in ascending order, the best case for a B+Tree (every insert
 *       lands in the right-most leaf) and the shape of an import or an append-only id sequence.
 *   <li>{@link #randomPut}: the same keys in a fixed random order, so inserts hit leaves all over
 *       the tree and split them in the middle: the cost of building an index on unordered data.
 * </ul>
 *
 * <p>Why single-shot: a load changes the store, so it cannot be repeated on the same store; every
 * iteration gets a new store in a new temporary directory ({@link Level#Iteration} setup) and
 * times exactly one complete load, commit included. The score is the time per put
 * ({@code @OperationsPerInvocation} of {@link Workload#ENTRIES}); puts per second are
 * {@code 1e9 / score}. Keys and values are generated once per trial, outside the measurement.
 * Both engines get the same cache budget ({@link Workload#CACHE_BYTES}), which holds the whole
 * data set, so the load measures tree maintenance and the final write-back and fsync, not
 * eviction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 6)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class LoadBenchmark {
  /** The engine under test: {@code treestore} or its peer {@code mvstore}. */
  @Param({KvEngine.TREESTORE, KvEngine.MVSTORE})
  public String engine;

  private byte[][] ascKeys;
  private byte[][] ascValues;
  private byte[][] rndKeys;
  private byte[][] rndValues;
  private Path dir;
  private KvEngine kv;

  /** Generates the workload once: ascending keys, and the same entries in random order. */
  @Setup(Level.Trial)
  public void generate() {
    Workload w = Workload.generate();
    ascKeys = w.keys;
    ascValues = w.values;
    int[] order = Workload.permutation(Workload.ENTRIES, 0x5EED_0001L);
    rndKeys = Workload.reorder(w.keys, order);
    rndValues = Workload.reorder(w.values, order);
  }

  /**
   * A fresh empty store for every iteration. The collection first clears the previous iteration's
   * store from the heap, so its garbage is not collected inside this iteration's timing.
   */
  @Setup(Level.Iteration)
  public void openStore() {
    System.gc();
    dir = Workload.newTempDir();
    kv = KvEngine.create(engine, dir, Workload.CACHE_BYTES);
  }

  /** Spot-checks the load (outside the measurement), closes the store and deletes its files. */
  @TearDown(Level.Iteration)
  public void closeStore() {
    try {
      if (kv != null) {
        int[] probe = Workload.randomIndices(1_000, Workload.ENTRIES, 0x5EED_0002L);
        for (int i : probe) {
          if (!Arrays.equals(kv.get(ascKeys[i]), ascValues[i])) {
            throw new IllegalStateException(kv.describe() + ": key #" + i + " lost or wrong after the load");
          }
        }
        kv.close();
      }
    } finally {
      kv = null;
      Workload.deleteTree(dir);
      dir = null;
    }
  }

  /** One million puts in ascending key order, then a commit. */
  @Benchmark
  @OperationsPerInvocation(Workload.ENTRIES)
  public void sequentialPut() {
    load(ascKeys, ascValues);
  }

  /** The same million puts in random key order, then a commit. */
  @Benchmark
  @OperationsPerInvocation(Workload.ENTRIES)
  public void randomPut() {
    load(rndKeys, rndValues);
  }

  private void load(byte[][] keys, byte[][] values) {
    KvEngine e = kv;
    for (int i = 0; i < keys.length; i++) {
      e.put(keys[i], values[i]);
    }
    e.commit();
  }
}
