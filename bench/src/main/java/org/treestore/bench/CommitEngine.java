package org.treestore.bench;

import java.nio.file.Path;

/**
 * The interface every engine of the durability benchmarks is driven through: many threads, each
 * inserting one entry and committing it durably, again and again.
 *
 * <p>It exists for the same reason as {@link KvEngine}: {@link CommitBenchmark} is written once and
 * picks TreeStore or its peer by the name in a JMH {@code @Param}, so both run the same code with
 * the same keys and values. {@link KvEngine} does not fit here: it is single-threaded, and a
 * commit benchmark needs one {@link Writer} per thread (SQLite needs one connection per thread,
 * TreeStore shares one store among all of them).
 *
 * <p>A commit returns only once the entry is on disk: TreeStore in {@code Durability.FULL}, SQLite
 * in WAL mode with {@code synchronous=FULL}.
 */
public interface CommitEngine extends AutoCloseable {
  /** Name of the TreeStore implementation, as used in {@code @Param}. */
  String TREESTORE = "treestore";
  /** Name of the SQLite implementation, as used in {@code @Param}. */
  String SQLITE = "sqlite";

  /** A per-thread handle: only the thread that opened it uses it. */
  interface Writer extends AutoCloseable {
    /** Inserts {@code value} under the new key {@code key} and commits it durably. */
    void insertAndCommit(byte[] key, byte[] value);

    /** Releases the handle (a connection, for SQLite). */
    @Override
    void close();
  }

  /**
   * Inserts {@code keys[i] -> values[i]} for every {@code i} as one bulk transaction, before the
   * timing, so that the commits run against a database larger than its cache.
   */
  void preload(byte[][] keys, byte[][] values);

  /** Opens a handle for the calling thread. Thread-safe. */
  Writer writer();

  /** The value under {@code key}, or null; for verification after the timing. */
  byte[] get(byte[] key);

  /** The number of entries; for verification after the timing. */
  long count();

  /** Forces of the log so far, or -1 if the engine does not tell (SQLite). */
  long logForces();

  /** A short label for messages. */
  String describe();

  /** Closes the engine. Every writer must be closed first. */
  @Override
  void close();

  /**
   * Opens a new engine of kind {@code name} on a file in {@code dir}.
   *
   * @param name {@link #TREESTORE} or {@link #SQLITE}
   * @param dir an empty directory the engine may fill; the caller deletes it afterwards
   */
  static CommitEngine create(String name, Path dir) {
    switch (name) {
      case TREESTORE:
        return new TreeStoreCommitEngine(dir.resolve("commit.tsdb"));
      case SQLITE:
        return new SqliteCommitEngine(dir.resolve("commit.sqlite"));
      default:
        throw new IllegalArgumentException("unknown engine '" + name + "': use "
            + TREESTORE + " or " + SQLITE);
    }
  }
}
