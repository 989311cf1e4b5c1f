package org.treestore.bench;

import java.nio.file.Path;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The narrow ordered key-value interface that every benchmarked engine is driven through.
 *
 * <p>It exists so that each benchmark method is written once and measures TreeStore and its peers
 * with the same code: the benchmark selects an implementation by name ({@link #create}) from a JMH
 * {@code @Param}. The interface holds only what the storage-core workload needs: put, get, a short
 * forward scan, and a durable commit. Keys compare as unsigned bytes in every implementation, so
 * scans visit the same entries in the same order.
 *
 * <p>Implementations are single-threaded, like the benchmarks.
 */
public interface KvEngine extends AutoCloseable {
  /** Name of the TreeStore implementation, as used in {@code @Param}. */
  String TREESTORE = "treestore";
  /** Name of the H2 MVStore implementation, as used in {@code @Param}. */
  String MVSTORE = "mvstore";

  /** Stores {@code value} under {@code key}. */
  void put(byte[] key, byte[] value);

  /** The value under {@code key}, or null. */
  byte[] get(byte[] key);

  /**
   * Positions at the first key at or above {@code from} and reads up to {@code count} entries in
   * ascending key order, handing every key and every value to {@code sink}.
   *
   * @return the number of entries read
   */
  int scan(byte[] from, int count, Blackhole sink);

  /** Makes every change so far durable: written to the file and forced to disk. */
  void commit();

  /** A short label for messages, such as the file name. */
  String describe();

  /** Closes the store (committing what is left). */
  @Override
  void close();

  /**
   * Opens a new engine of kind {@code name} on a file in {@code dir}.
   *
   * @param name {@link #TREESTORE} or {@link #MVSTORE}
   * @param dir an empty directory the engine may fill; the caller deletes it afterwards
   * @param cacheBytes the page cache budget, the same for every engine
   */
  static KvEngine create(String name, Path dir, long cacheBytes) {
    switch (name) {
      case TREESTORE:
        return new TreeStoreEngine(dir.resolve("bench.tsdb"), cacheBytes);
      case MVSTORE:
        return new MvStoreEngine(dir.resolve("bench.mv.db"), cacheBytes);
      default:
        throw new IllegalArgumentException("unknown engine '" + name + "': use "
            + TREESTORE + " or " + MVSTORE);
    }
  }
}
