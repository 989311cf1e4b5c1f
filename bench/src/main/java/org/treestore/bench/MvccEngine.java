package org.treestore.bench;

import java.nio.file.Path;

/**
 * The interface the transaction benchmarks (issue 4) drive every engine through: snapshot
 * transactions over one ordered map of {@code byte[]} keys and values, shared by many threads.
 *
 * <p>Same reason as {@link KvEngine} and {@link CommitEngine}: {@link MvccReadBenchmark} and
 * {@link MvccWriteBenchmark} are written once and pick TreeStore or H2 by the name in a JMH
 * {@code @Param}, so both engines run the same code with the same keys and values. Neither older
 * adapter fits: they have no transactions.
 *
 * <p>Every implementation gives snapshot isolation with first-committer-wins (or
 * first-updater-wins) write conflicts: a transaction reads the state as of its start plus its own
 * writes, and it cannot commit a write to a key that another transaction committed after that
 * start. Where the engine reports such a conflict differs (TreeStore at {@link Tx#commit}, H2 at
 * {@link Tx#put}); the adapter turns it into {@link Conflict}, and the caller retries the whole
 * transaction.
 */
public interface MvccEngine extends AutoCloseable {
  /** TreeStore with {@code Durability.NORMAL}: commits are written to the WAL, not forced. */
  String TREESTORE = "treestore";
  /** TreeStore with {@code Durability.FULL}: a commit returns once its WAL record is forced. */
  String TREESTORE_FULL = "treestore-full";
  /** H2 MVStore's TransactionStore, each commit written to the file (not forced). */
  String H2 = "h2";
  /** H2 MVStore's TransactionStore with H2's default background writer (commits in memory). */
  String H2_DELAYED = "h2-delayed";

  /**
   * A write conflict: another transaction committed (or, in H2, holds uncommitted) a write to a
   * key this transaction wrote. The transaction is over (rolled back); retry it from the start.
   * One shared instance without a stack trace, so the adapter adds no cost of its own on top of
   * the engine's exception.
   */
  final class Conflict extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The one instance. */
    public static final Conflict INSTANCE = new Conflict();

    private Conflict() {
      super("write conflict", null, false, false);
    }
  }

  /** One transaction, used by one thread. Close it in any case; close after commit is a no-op. */
  interface Tx extends AutoCloseable {
    /** The value of {@code key} in this transaction's snapshot, or null (read before writing). */
    byte[] get(byte[] key);

    /**
     * Writes {@code value} under {@code key}.
     *
     * @throws Conflict if the engine detects the conflict here (H2); the transaction is over
     */
    void put(byte[] key, byte[] value);

    /**
     * Commits.
     *
     * @throws Conflict if the engine detects the conflict here (TreeStore); nothing was committed
     */
    void commit();

    /** Rolls back unless committed. */
    @Override
    void close();
  }

  /** Stores {@code keys[i] -> values[i]} for every {@code i}, committed, before the timing. */
  void preload(byte[][] keys, byte[][] values);

  /** Starts a read-write snapshot transaction. Thread-safe. */
  Tx begin();

  /** Starts a read-only snapshot transaction. Thread-safe. */
  Tx beginReadOnly();

  /** A short label for messages: the engine, its settings and its files' size. */
  String describe();

  /** Closes the engine; every transaction must be over. */
  @Override
  void close();

  /**
   * Opens a new engine of kind {@code name} on a file in {@code dir}.
   *
   * @param name {@link #TREESTORE}, {@link #TREESTORE_FULL}, {@link #H2} or {@link #H2_DELAYED}
   * @param dir an empty directory the engine may fill; the caller deletes it afterwards
   */
  static MvccEngine create(String name, Path dir) {
    switch (name) {
      case TREESTORE:
        return new TreeStoreMvccEngine(dir.resolve("mvcc.tsdb"), false);
      case TREESTORE_FULL:
        return new TreeStoreMvccEngine(dir.resolve("mvcc.tsdb"), true);
      case H2:
        return new H2MvccEngine(dir.resolve("mvcc.mv.db"), true);
      case H2_DELAYED:
        return new H2MvccEngine(dir.resolve("mvcc.mv.db"), false);
      default:
        throw new IllegalArgumentException("unknown engine '" + name + "': use " + TREESTORE + ", "
            + TREESTORE_FULL + ", " + H2 + " or " + H2_DELAYED);
    }
  }
}
