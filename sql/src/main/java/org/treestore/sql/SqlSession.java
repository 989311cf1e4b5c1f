package org.treestore.sql;

import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import org.treestore.engine.tx.Transaction;

/**
 * The transaction state of one SQL connection.
 *
 * <p><b>Autocommit on</b> (the default): every statement execution reads one snapshot, a
 * read-only transaction begun when the execution first reads and closed when its last open scan
 * closes (or with the connection), so all scans of a statement see the same data and a result set
 * stays readable while other statements run (iterating one result and querying for each row is
 * common). A write statement applies its rows in a transaction of its own and commits it before
 * the update count is returned. Scans take the snapshot with {@link #acquireRead} and give it
 * back with {@link #releaseRead}.
 *
 * <p><b>Autocommit off</b>: one read-write transaction, begun by the first statement, serves every
 * read and write until {@link #commit} or {@link #rollback}, so statements see their own writes.
 *
 * <p><b>Read-only</b>: transactions are begun read-only and writes are refused.
 *
 * <p>Statement executions are told apart by their Calcite {@code DataContext} (one per execution).
 * A connection is used by one thread at a time; the methods synchronize anyway.
 */
public final class SqlSession implements AutoCloseable {
  private final TreeStoreDatabase db;
  private boolean autoCommit = true;
  private boolean readOnly;
  private boolean closed;
  /** The explicit transaction (autocommit off), or null before the first statement. */
  private Transaction tx;
  /** Autocommit snapshots by execution, with the number of that execution's scans still open. */
  private final Map<Object, Snapshot> snapshots = new IdentityHashMap<>();

  private static final class Snapshot {
    final Transaction tx;
    int users;

    Snapshot(Transaction tx) {
      this.tx = tx;
    }
  }

  public SqlSession(TreeStoreDatabase db) {
    this.db = db;
  }

  public TreeStoreDatabase database() {
    return db;
  }

  /**
   * The transaction a scan of a statement execution ({@code execution}: its DataContext) reads
   * in; give it back with {@link #releaseRead} when the scan closes.
   */
  public synchronized Transaction acquireRead(Object execution) {
    checkOpen();
    if (!autoCommit) {
      return current();
    }
    Snapshot s = snapshots.get(execution);
    if (s == null || !s.tx.isOpen()) {
      s = new Snapshot(db.store().beginReadOnly());
      snapshots.put(execution, s);
    }
    s.users++;
    return s.tx;
  }

  /** A scan of {@code execution} is done: the last one closes an autocommit snapshot. */
  public synchronized void releaseRead(Object execution) {
    Snapshot s = snapshots.get(execution);
    if (s != null && --s.users <= 0) {
      snapshots.remove(execution);
      s.tx.close();
    }
  }

  /**
   * Runs a write statement's work: in the open transaction (autocommit off), or in a transaction
   * of its own that is committed before this returns (autocommit on).
   */
  public <T> T write(Function<Transaction, T> work) {
    Transaction own;
    synchronized (this) {
      checkOpen();
      if (readOnly) {
        throw new SqlStateException(SqlStates.READ_ONLY, "the connection is read-only: writes are refused");
      }
      if (!autoCommit) {
        return work.apply(current());
      }
      own = db.store().begin();
    }
    try (Transaction t = own) {
      T result = work.apply(t);
      t.commit();
      return result;
    }
  }

  private Transaction current() {
    if (tx == null || !tx.isOpen()) {
      tx = readOnly ? db.store().beginReadOnly() : db.store().begin();
    }
    return tx;
  }

  /** Closes every autocommit snapshot (the connection closes: its results go with it). */
  private void dropSnapshots() {
    for (Iterator<Snapshot> it = snapshots.values().iterator(); it.hasNext();) {
      it.next().tx.close();
      it.remove();
    }
  }

  public synchronized boolean autoCommit() {
    return autoCommit;
  }

  /** Switching autocommit on commits the open transaction, as JDBC requires. */
  public synchronized void setAutoCommit(boolean on) {
    checkOpen();
    if (on && !autoCommit) {
      commit();
    }
    autoCommit = on;
  }

  public synchronized boolean readOnly() {
    return readOnly;
  }

  /** Takes effect from the next transaction; refused while a transaction has uncommitted work. */
  public synchronized void setReadOnly(boolean on) {
    checkOpen();
    if (on != readOnly && tx != null && tx.isOpen()) {
      commit();
    }
    readOnly = on;
  }

  /** Commits the open transaction (nothing to do in autocommit mode or before any statement). */
  public synchronized void commit() {
    checkOpen();
    Transaction t = tx;
    tx = null;
    if (t != null && t.isOpen()) {
      try (t) {
        t.commit();
      }
    }
  }

  /** Discards the open transaction's writes. */
  public synchronized void rollback() {
    checkOpen();
    Transaction t = tx;
    tx = null;
    if (t != null && t.isOpen()) {
      t.rollback();
    }
  }

  /** Rolls back what is open and gives the database back. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (tx != null && tx.isOpen()) {
        tx.rollback();
      }
      dropSnapshots();
    } finally {
      db.release();
    }
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new SqlStateException(SqlStates.CONNECTION_CLOSED, "the connection is closed");
    }
  }
}
