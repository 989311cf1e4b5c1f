package org.treestore.engine.tx;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot-isolated transaction over the named trees of a store.
 *
 * <pre>{@code
 * while (true) {
 *   try (Transaction tx = store.begin()) {
 *     long a = decode(tx.get("accounts", from));
 *     tx.put("accounts", from, encode(a - 10));
 *     ...
 *     tx.commit();
 *     break;
 *   } catch (ConflictException e) {
 *     // another transaction wrote one of our keys first: run again
 *   }
 * }
 * }</pre>
 *
 * <p><b>What it sees.</b> The database as of the commit published when it began
 * ({@link #snapshotSeq}), plus its own writes; never a change committed later, never an uncommitted
 * change of another transaction. Reads take no lock and never wait for writers.
 *
 * <p><b>Writes</b> go to a private write set (held in the heap until commit). {@link #commit}
 * fails with {@link ConflictException}, and rolls back, if a transaction that committed after this
 * one began wrote any key this one writes (first committer wins). Only written keys are checked,
 * not keys read: two transactions that each read what the other writes can both commit (write
 * skew), which snapshot isolation allows; guard such invariants by writing a common key.
 *
 * <p><b>Lifetime.</b> An open transaction keeps its snapshot's pages from being reused, so end
 * transactions promptly: {@link #close} rolls back if neither commit nor rollback ran. If the store
 * is closed first, the transaction is rolled back and its next call throws
 * {@link TransactionClosedException}. After commit or rollback every call except close throws
 * {@link IllegalStateException}.
 *
 * <p>Not thread-safe: a transaction and its cursors belong to one thread at a time. Keys and values
 * passed in are copied; arrays returned are the caller's.
 */
public final class Transaction implements AutoCloseable {
  private enum State { OPEN, COMMITTED, ROLLED_BACK, CLOSED_BY_STORE }

  private final TransactionManager manager;
  private final Snapshot snapshot;
  private final boolean readOnly;
  private final WriteSet writes = new WriteSet();
  private volatile State state = State.OPEN;
  /** State that layers above keep per transaction (see {@link #attachment}); null until used. */
  private Map<Object, Object> attachments;
  private java.util.List<Runnable> beforeCommit;
  private java.util.List<Runnable> afterCompletion;
  /** Set by the thread that committed this transaction's group, under the write lock. */
  TransactionManager.Outcome outcome;

  Transaction(TransactionManager manager, Snapshot snapshot, boolean readOnly) {
    this.manager = manager;
    this.snapshot = snapshot;
    this.readOnly = readOnly;
  }

  /** The commit sequence number of the snapshot this transaction reads. */
  public long snapshotSeq() {
    return snapshot.seq;
  }

  /**
   * The sequence number of the commit that holds this transaction's writes: a transaction that
   * begins later sees them exactly when its {@link #snapshotSeq} is at least this. -1 until
   * {@link #commit} succeeded, and for a commit that had nothing to write.
   */
  public long commitSeq() {
    TransactionManager.Outcome o = outcome;
    return state == State.COMMITTED && o != null && o.committed != null ? o.committed.seq() : -1;
  }

  /**
   * Whether this transaction committed in a commit of its own: the commit at {@link #commitSeq}
   * holds its writes and no other transaction's (group commit may combine several). With
   * {@code commitSeq() == snapshotSeq() + 1} too, the database as of that commit is exactly this
   * transaction's snapshot plus its writes, which lets a layer carry a view of a tree forward
   * instead of reading it again.
   */
  public boolean committedAlone() {
    TransactionManager.Outcome o = outcome;
    return commitSeq() >= 0 && o.alone;
  }

  /** Whether this transaction was begun read-only. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /** Whether neither commit nor rollback has ended this transaction yet. */
  public boolean isOpen() {
    return state == State.OPEN;
  }

  /** The value of {@code key} in tree {@code tree} as this transaction sees it, or null. */
  public byte[] get(String tree, byte[] key) {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(key, "key");
    long stamp = enter();
    try {
      byte[] own = writes.lookup(tree, key);
      if (own != null) {
        return own == WriteSet.TOMBSTONE ? null : own.clone();
      }
      WriteSet.Update u = writes.pendingUpdate(tree, key);
      byte[] v = u != null ? clone(u.seen()) : snapshotGet(tree, key);
      exit(stamp);
      return v;
    } catch (RuntimeException e) {
      throw failed(stamp, e);
    }
  }

  /** The value of {@code key} in this transaction's snapshot (own writes ignored), or null. */
  private byte[] snapshotGet(String tree, byte[] key) {
    int root = rootOf(tree);
    return root == 0 ? null : manager.reader(tree).getAt(root, key);
  }

  private static byte[] clone(byte[] v) {
    return v == null ? null : v.clone();
  }

  /** Whether {@code key} is in {@code tree} as this transaction sees it, without reading its value. */
  private boolean exists(String tree, byte[] key) {
    long stamp = enter();
    try {
      byte[] own = writes.lookup(tree, key);
      boolean found = own != null ? own != WriteSet.TOMBSTONE : existsInSnapshot(tree, key);
      exit(stamp);
      return found;
    } catch (RuntimeException e) {
      throw failed(stamp, e);
    }
  }

  private boolean existsInSnapshot(String tree, byte[] key) {
    int root = rootOf(tree);
    return root != 0 && manager.reader(tree).containsAt(root, key);
  }

  /** Stores {@code value} under {@code key} in tree {@code tree} (created at commit if missing). */
  public void put(String tree, byte[] key, byte[] value) {
    Objects.requireNonNull(value, "value");
    checkWrite(tree, key);
    writes.write(tree, key.clone(), value.clone());
  }

  /**
   * Deletes {@code key} from tree {@code tree}.
   *
   * @return whether the key existed as this transaction saw it
   */
  public boolean delete(String tree, byte[] key) {
    checkWrite(tree, key);
    boolean existed = exists(tree, key);
    writes.write(tree, key.clone(), WriteSet.TOMBSTONE);
    return existed;
  }

  /**
   * Deletes {@code key} from tree {@code tree} as {@link #delete} does, without finding out whether
   * it was there: that answer costs a search of the tree (a root-to-leaf descent), which a caller
   * that has just read the key, or does not care, need not pay. Deleting an absent key is a no-op
   * at commit, but still a write for conflict detection.
   */
  public void deleteWithoutLookup(String tree, byte[] key) {
    checkWrite(tree, key);
    writes.write(tree, key.clone(), WriteSet.TOMBSTONE);
  }

  /**
   * Changes the value of {@code key} by {@code fn} without reading it now: at commit, {@code fn} is
   * applied to the value current then (null when absent; a null result deletes the key), so two
   * transactions that update the same key concurrently both commit. For counters and statistics
   * that many writers change (add to a sum, raise a maximum): {@code fn} must commute with the
   * other updates of the key, be pure (it also runs for this transaction's own reads, each time)
   * and not throw (a failure at commit stops the store). This transaction's {@link #get} sees the
   * update applied to its snapshot's value; its cursors do not see it. A {@link #put} or
   * {@link #delete} of the key replaces earlier updates; an update after one changes its value.
   * Another transaction that writes the key by {@code put} or {@code delete} and began before this
   * one committed conflicts (its value was computed without this update); updates themselves never
   * conflict.
   */
  public void update(String tree, byte[] key, java.util.function.UnaryOperator<byte[]> fn) {
    Objects.requireNonNull(fn, "fn");
    checkWrite(tree, key);
    byte[] own = writes.lookup(tree, key);
    if (own != null) {
      byte[] now = fn.apply(own == WriteSet.TOMBSTONE ? null : own.clone());
      writes.write(tree, key.clone(), now == null ? WriteSet.TOMBSTONE : now.clone());
      return;
    }
    // What this transaction reads from now on: its snapshot's value (read once per key) with every
    // update applied so far, kept so that a read does not re-apply them all.
    WriteSet.Update u = writes.pendingUpdate(tree, key);
    byte[] before;
    if (u != null) {
      before = clone(u.seen());
    } else {
      long stamp = enter();
      try {
        before = snapshotGet(tree, key);
        exit(stamp);
      } catch (RuntimeException e) {
        throw failed(stamp, e);
      }
    }
    writes.update(tree, key.clone(), fn, clone(fn.apply(before)));
  }

  /** A cursor over tree {@code tree} as this transaction sees it: the snapshot merged with its writes. */
  public TransactionCursor cursor(String tree) {
    Objects.requireNonNull(tree, "tree");
    long stamp = enter();
    try {
      int root = rootOf(tree);
      TransactionCursor c = new TransactionCursor(this, tree, root == 0 ? null : manager.reader(tree).cursorAt(root));
      exit(stamp);
      return c;
    } catch (RuntimeException e) {
      throw failed(stamp, e);
    }
  }

  /**
   * Commits: validates the writes against commits made since this transaction began, applies them
   * atomically and returns once they are durable (per the store's durability mode) and visible to
   * transactions that begin afterwards. A read-only transaction, or one that wrote nothing, just
   * ends.
   *
   * @throws ConflictException if another commit wrote one of this transaction's keys first; the
   *     transaction is rolled back and may be run again
   * @throws TransactionClosedException if the store was closed
   */
  public void commit() {
    checkOpen();
    try {
      if (beforeCommit != null) {
        try {
          for (int i = 0; i < beforeCommit.size(); i++) { // a hook may add writes, not hooks
            beforeCommit.get(i).run();
          }
        } catch (RuntimeException e) {
          state = State.ROLLED_BACK;
          manager.end(this);
          throw e;
        }
      }
      try {
        manager.commit(this);
        state = State.COMMITTED;
      } catch (RuntimeException e) {
        if (state == State.OPEN) {
          state = State.ROLLED_BACK;
        }
        throw e;
      }
    } finally {
      complete();
    }
  }

  /**
   * The object this transaction holds under {@code key}, created by {@code create} on first use:
   * lets a layer above keep per-transaction state (a buffered index batch) without a map of its
   * own keyed by transactions. Dropped with the transaction.
   */
  @SuppressWarnings("unchecked")
  public <T> T attachment(Object key, java.util.function.Supplier<T> create) {
    checkOpen();
    if (attachments == null) {
      attachments = new HashMap<>();
    }
    return (T) attachments.computeIfAbsent(key, k -> create.get());
  }

  /**
   * The object the snapshot this transaction reads holds under {@code key}, created by
   * {@code create} on first use by any transaction on the same snapshot: for values derived from
   * committed data only (a layer's view of a small tree that every statement would otherwise scan
   * again). {@code create} may read through this transaction, so the caller must make sure the
   * value does not depend on this transaction's own writes ({@link #hasWrites}). Two transactions
   * may both create it; one value wins and is returned to both. Dropped with the snapshot.
   */
  public <T> T snapshotMemo(Object key, java.util.function.Supplier<T> create) {
    checkOpen();
    return memo(snapshot.memos, key, create);
  }

  /**
   * The object the open store holds under {@code key}, created by {@code create} on first use by
   * any of its transactions: for state a layer keeps per store while it is open (an allocator of
   * ids that concurrent transactions must not share). As for {@link #snapshotMemo}, two
   * transactions may both create it and one value wins. Dropped when the store closes.
   */
  public <T> T storeMemo(Object key, java.util.function.Supplier<T> create) {
    checkOpen();
    return memo(manager.memos, key, create);
  }

  /**
   * The value under {@code key}, made by {@code create} outside the map's locks (it may read the
   * database); of two threads that make one at once, the first to store it wins for both.
   */
  @SuppressWarnings("unchecked")
  private static <T> T memo(java.util.concurrent.ConcurrentHashMap<Object, Object> memos, Object key,
      java.util.function.Supplier<T> create) {
    Object v = memos.get(key);
    if (v == null) {
      v = Objects.requireNonNull(create.get(), "memo value");
      Object raced = memos.putIfAbsent(key, v);
      if (raced != null) {
        v = raced;
      }
    }
    return (T) v;
  }

  /** Whether this transaction has written (put, deleted or updated) anything in tree {@code tree}. */
  public boolean hasWrites(String tree) {
    return writes.touches(tree);
  }

  /**
   * Runs {@code hook} at the start of {@link #commit}, before validation, in registration order:
   * for layers that buffer writes and flush them once (the full-text index). If a hook throws,
   * the transaction is rolled back and commit throws that exception.
   */
  public void beforeCommit(Runnable hook) {
    checkOpen();
    if (beforeCommit == null) {
      beforeCommit = new java.util.ArrayList<>();
    }
    beforeCommit.add(Objects.requireNonNull(hook, "hook"));
  }

  /**
   * Runs {@code hook} once this transaction has ended, however it ends: after a commit is published
   * (or has failed), after a rollback or close. For layers that keep state about transactions in
   * flight (the export cache counts the documents they change). Hooks run in registration order on
   * the thread that ends the transaction and must not throw; they do not run for a transaction that
   * {@code Store.close} ends.
   */
  public void afterCompletion(Runnable hook) {
    checkOpen();
    if (afterCompletion == null) {
      afterCompletion = new java.util.ArrayList<>();
    }
    afterCompletion.add(Objects.requireNonNull(hook, "hook"));
  }

  /** Discards every write and ends the transaction. */
  public void rollback() {
    checkOpen();
    state = State.ROLLED_BACK;
    manager.end(this);
    complete();
  }

  /** Rolls back if the transaction is still open; otherwise does nothing. */
  @Override
  public void close() {
    if (state == State.OPEN) {
      state = State.ROLLED_BACK;
      manager.end(this);
      complete();
    }
  }

  private void complete() {
    java.util.List<Runnable> hooks = afterCompletion;
    afterCompletion = null;
    if (hooks != null) {
      for (Runnable h : hooks) {
        h.run();
      }
    }
  }

  // ---------------------------------------------------------------- internals

  Snapshot snapshot() {
    return snapshot;
  }

  WriteSet writes() {
    return writes;
  }

  private int rootOf(String tree) {
    Integer r = snapshot.roots.get(tree);
    if (r == null) {
      r = manager.rootAt(snapshot, tree);
      snapshot.roots.putIfAbsent(tree, r);
    }
    return r;
  }

  private void checkWrite(String tree, byte[] key) {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(key, "key");
    checkOpen();
    if (readOnly) {
      throw new IllegalStateException("cannot write to tree '" + tree + "' in a read-only transaction");
    }
    if (tree.isEmpty()) {
      throw new IllegalArgumentException("a tree name must not be empty");
    }
    int max = manager.maxKeyLength();
    if (key.length > max) {
      throw new IllegalArgumentException("key of " + key.length + " bytes is longer than the maximum of "
          + max + " bytes (tree '" + tree + "')");
    }
  }

  void checkOpen() {
    State s = state;
    if (s == State.OPEN) {
      return;
    }
    if (s == State.CLOSED_BY_STORE) {
      throw closedByStore();
    }
    throw new IllegalStateException("the transaction was already " + (s == State.COMMITTED ? "committed" : "rolled back"));
  }

  /** Starts a read: checks the state, takes an optimistic stamp. */
  long enter() {
    checkOpen();
    long stamp = manager.enter();
    if (stamp == 0) {
      throw closedByStore();
    }
    return stamp;
  }

  /** Ends a read that completed: if the store closed meanwhile, its result must not be trusted. */
  void exit(long stamp) {
    if (!manager.stillOpen(stamp)) {
      throw closedByStore();
    }
  }

  /** The exception to throw for {@code e} from a read that started with {@code stamp}. */
  RuntimeException failed(long stamp, RuntimeException e) {
    if (e instanceof TransactionClosedException || manager.stillOpen(stamp)) {
      return e;
    }
    TransactionClosedException closed = closedByStore();
    closed.addSuppressed(e);
    return closed;
  }

  void markClosedByStore() {
    if (state == State.OPEN) {
      state = State.CLOSED_BY_STORE;
    }
  }

  TransactionClosedException closedByStore() {
    state = State.CLOSED_BY_STORE;
    return new TransactionClosedException("the transaction (snapshot at commit " + snapshot.seq
        + ") was rolled back because " + manager.fileName() + " was closed; nothing it wrote was committed");
  }

  @Override
  public String toString() {
    return "Transaction[" + (readOnly ? "read-only" : "read-write") + ", snapshot " + snapshot.seq + ", " + state + "]";
  }
}
