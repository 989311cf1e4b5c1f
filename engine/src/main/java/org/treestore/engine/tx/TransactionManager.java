package org.treestore.engine.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.treestore.engine.StorageException;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Catalog;
import org.treestore.engine.page.Pager;

/**
 * Snapshot isolation over copy-on-write trees: begins transactions on the published snapshot,
 * validates and applies their write sets, and runs every commit of the store through one pipeline.
 *
 * <p><b>Commit pipeline.</b> Under the store's write lock: validate (first committer wins, see
 * {@link ConflictTracker}), move pages no snapshot can reach any more from the pending-free list to
 * the free list, apply the write set to the working trees (copy-on-write), record the trees' new
 * roots in the catalog, append the commit to the WAL. Then, without the lock, wait until the WAL is
 * durable (group commit: committers that arrive meanwhile share the force), and only then publish
 * the commit as the snapshot new transactions see. So no transaction ever reads a change that a
 * crash could still take away, and a thread sees its own commit in the next transaction it begins.
 *
 * <p><b>Readers</b> never take the write lock: a read is a lock-free walk from a snapshot root
 * through immutable pages. Store close must not pull files away under them, so every read runs
 * inside an optimistic stamp of {@link #gate}; {@link #shutdown} takes the gate for good, which
 * invalidates every stamp, and a read that overlapped it reports the transaction closed instead of
 * whatever error the closing file gave it.
 */
public final class TransactionManager {
  /** What the store provides: its trees, by name. */
  public interface Trees {
    /** The writable tree called {@code name}, created if missing; called under the write lock. */
    BTree writer(String name);

    /** A handle for snapshot reads of tree {@code name} (its root comes from the snapshot). */
    BTree reader(String name);

    /** Every writable tree opened so far; called under the write lock. */
    Iterable<BTree> openWriters();
  }

  /** A commit appended to the WAL: its sequence number and its catalog root. */
  public record Committed(long seq, int catalogRoot) {}

  private final Pager pager;
  private final Catalog catalog;
  private final ReentrantReadWriteLock lock;
  private final Trees trees;
  private final Runnable afterCommit;
  private final SnapshotRegistry snapshots;
  private final ConflictTracker conflicts = new ConflictTracker();
  /** Trees changed directly since the last commit; guarded by the write lock. */
  private final Set<String> directlyChanged = new java.util.HashSet<>();
  /** True while a transaction's write set is applied (those changes are tracked by key). */
  private boolean applying;
  private final Set<Transaction> open = ConcurrentHashMap.newKeySet();
  /** State the layers above keep per open store ({@link Transaction#storeMemo}). */
  final ConcurrentHashMap<Object, Object> memos = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Transaction> commitQueue = new ConcurrentLinkedQueue<>();
  /** Transactions decided (committed or refused) as members of a group of two or more. */
  private final java.util.concurrent.atomic.LongAdder combined = new java.util.concurrent.atomic.LongAdder();
  private final StampedLock gate = new StampedLock();
  private volatile boolean closed;

  /**
   * Starts with the committed state of {@code pager} as the published snapshot. {@code afterCommit}
   * runs after each transaction's commit, without locks (the store checkpoints there).
   */
  public TransactionManager(Pager pager, Catalog catalog, ReentrantReadWriteLock lock, Trees trees,
      Runnable afterCommit) {
    this.pager = pager;
    this.catalog = catalog;
    this.lock = lock;
    this.trees = trees;
    this.afterCommit = afterCommit;
    this.snapshots = new SnapshotRegistry(pager.nextCommitSeq() - 1, pager.catalogRoot());
    pager.setReclaimHorizon(snapshots::pageHorizon);
  }

  /** Begins a transaction on the latest published snapshot. */
  public Transaction begin(boolean readOnly) {
    if (closed) {
      throw new StorageException(pager.fileName() + " is closed");
    }
    Snapshot s = readOnly ? snapshots.acquire() : snapshots.acquireForWriter();
    Transaction tx = new Transaction(this, s, readOnly);
    open.add(tx);
    if (closed) { // close ran between the check and the registration: it did not see us
      end(tx);
      throw new StorageException(pager.fileName() + " is closed");
    }
    return tx;
  }

  // ---------------------------------------------------------------- reads (any thread, no lock)

  /** Starts a read: an optimistic stamp, 0 if the store is closed. */
  long enter() {
    return gate.tryOptimisticRead();
  }

  /** Whether no close overlapped the read that started with {@code stamp}. */
  boolean stillOpen(long stamp) {
    return stamp != 0 && gate.validate(stamp);
  }

  /** The root of tree {@code name} in snapshot {@code s}, or 0 if it did not exist there. */
  int rootAt(Snapshot s, String name) {
    return catalog.rootAt(s.catalogRoot, name);
  }

  BTree reader(String name) {
    return trees.reader(name);
  }

  String fileName() {
    return pager.fileName();
  }

  int maxKeyLength() {
    return BTree.maxKeyLength(pager.pageSize());
  }

  // ---------------------------------------------------------------- commit pipeline

  /**
   * Validates, applies and commits {@code tx}'s writes; ends {@code tx} in every case.
   *
   * <p><b>Combining.</b> The transaction is queued, then the committer takes the write lock. Whoever
   * holds it commits every queued transaction at once ({@link #combineLocked}): each is validated
   * (against earlier commits and the earlier members of the group) and applied, and the group is
   * appended as one WAL commit. Under contention this shares the copied path pages, the catalog,
   * the list trunks and the header among the group, and one lock hold does the work of many. A
   * transaction whose thread then gets the lock finds its outcome already decided.
   */
  void commit(Transaction tx) {
    Outcome o;
    try {
      if (tx.writes().isEmpty()) {
        return;
      }
      commitQueue.add(tx);
      lock.writeLock().lock();
      try {
        if (tx.outcome == null) {
          combineLocked();
        }
      } finally {
        lock.writeLock().unlock();
      }
      o = tx.outcome;
      if (o.failure instanceof ConflictException) {
        awaitWinner((ConflictException) o.failure);
      }
    } finally {
      end(tx);
    }
    if (o.failure != null) {
      throw o.failure;
    }
    finish(o.committed);
    afterCommit.run();
  }

  /** What became of a queued transaction: committed in {@code committed}, or {@code failure}. */
  static final class Outcome {
    final Committed committed;
    final RuntimeException failure;
    /** Whether the commit holds this transaction's writes and no other's. */
    final boolean alone;

    Outcome(Committed committed, RuntimeException failure) {
      this(committed, failure, false);
    }

    Outcome(Committed committed, RuntimeException failure, boolean alone) {
      this.committed = committed;
      this.failure = failure;
      this.alone = alone;
    }
  }

  /** Commits every queued transaction as one WAL commit; sets each one's outcome. */
  private void combineLocked() {
    List<Transaction> group = new ArrayList<>();
    for (Transaction t; (t = commitQueue.poll()) != null;) {
      group.add(t);
    }
    if (group.size() > 1) {
      combined.add(group.size());
    }
    if (closed) {
      for (Transaction t : group) {
        t.outcome = new Outcome(null, t.closedByStore());
      }
      return;
    }
    try {
      pager.ensureWritable();
      reclaimLocked();
    } catch (RuntimeException e) {
      decideRest(group, e);
      return;
    }
    long next = pager.nextCommitSeq();
    List<Transaction> applied = new ArrayList<>(group.size());
    // Keys written by earlier members of this group, recorded in the tracker only once the commit
    // has happened (a group that changed nothing gets no sequence number to conflict with).
    ConflictTracker inGroup = group.size() > 1 ? new ConflictTracker() : null;
    try {
      applying = true;
      for (Transaction t : group) {
        ConflictException conflict = conflicts.findConflict(t.writes(), t.snapshot().seq);
        if (conflict == null && inGroup != null) {
          conflict = inGroup.findConflict(t.writes(), t.snapshot().seq);
        }
        if (conflict != null) {
          t.outcome = new Outcome(null, conflict);
          continue;
        }
        apply(t.writes());
        if (inGroup != null) {
          inGroup.record(t.writes(), next);
        }
        applied.add(t);
      }
    } catch (RuntimeException e) {
      // The working trees are half changed: they must never be committed. Reopening recovers the
      // last commit from the WAL.
      decideRest(group, pager.markFailed(e));
      return;
    } finally {
      applying = false;
    }
    if (applied.isEmpty()) {
      return;
    }
    Committed c;
    try {
      c = appendLocked();
    } catch (RuntimeException e) {
      decideRest(group, e);
      return;
    }
    for (Transaction t : applied) {
      if (c.seq() == next) { // else nothing changed (deletes of absent keys): no commit to conflict with
        conflicts.record(t.writes(), next);
      }
      t.outcome = new Outcome(c, null, applied.size() == 1 && c.seq() == next);
    }
    conflicts.prune(snapshots.writerHorizon());
  }

  private static void decideRest(List<Transaction> group, RuntimeException e) {
    for (Transaction t : group) {
      if (t.outcome == null) {
        t.outcome = new Outcome(null, e);
      }
    }
  }

  /**
   * Before a conflict is reported, waits until the winning commit is visible: commits are published
   * only once durable, and a retry that began before that would see the old snapshot and conflict
   * again, spinning for as long as the winner's force takes.
   */
  private void awaitWinner(ConflictException e) {
    try {
      pager.awaitDurable(e.conflictingCommit());
      snapshots.awaitPublished(e.conflictingCommit(), 1000);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException failure) {
      e.addSuppressed(failure); // the store failed meanwhile; the conflict is still the answer
    }
  }

  private void apply(WriteSet ws) {
    for (Map.Entry<String, TreeMap<byte[], byte[]>> t : ws.trees().entrySet()) {
      BTree tree = trees.writer(t.getKey());
      for (Map.Entry<byte[], byte[]> e : t.getValue().entrySet()) {
        if (e.getValue() == WriteSet.TOMBSTONE) {
          tree.delete(e.getKey());
        } else {
          tree.put(e.getKey(), e.getValue());
        }
      }
    }
    // Commutative updates, to the values current now (earlier members of the group included).
    for (Map.Entry<String, TreeMap<byte[], WriteSet.Update>> t : ws.updates().entrySet()) {
      BTree tree = trees.writer(t.getKey());
      for (Map.Entry<byte[], WriteSet.Update> e : t.getValue().entrySet()) {
        byte[] now = e.getValue().applyTo(tree.get(e.getKey()));
        if (now == null) {
          tree.delete(e.getKey());
        } else {
          tree.put(e.getKey(), now);
        }
      }
    }
  }

  /**
   * Commits the working state as it is (changes made through the trees directly), under the write
   * lock the caller holds: reclaims, records roots, appends. The caller then calls {@link #finish}
   * (it may do so with the lock held).
   */
  public Committed commitWorkingLocked() {
    reclaimLocked();
    return appendLocked();
  }

  /** Moves pages that no open snapshot can reach from the pending-free list to the free list. */
  public void reclaimLocked() {
    if (pager.pendingFreeCount() > 0) {
      pager.reclaim(snapshots.pageHorizon());
    }
  }

  /**
   * Notes a direct change (through {@link BTree#put} or {@link BTree#delete}, not a transaction) to
   * tree {@code name}; called by the trees with the write lock held.
   */
  public void changedDirectly(String name) {
    if (!applying) {
      directlyChanged.add(name);
    }
  }

  private Committed appendLocked() {
    for (BTree t : trees.openWriters()) {
      if (catalog.rootOf(t.name()) != t.rootPage()) {
        catalog.setRoot(t.name(), t.rootPage());
      }
    }
    long next = pager.nextCommitSeq();
    long seq = pager.commitAppend();
    if (!directlyChanged.isEmpty()) {
      if (seq == next) {
        for (String name : directlyChanged) {
          conflicts.recordDirect(name, seq);
        }
      }
      directlyChanged.clear();
    }
    return new Committed(seq, pager.catalogRoot());
  }

  /** Waits until commit {@code c} is durable (per the durability mode), then publishes it. */
  public void finish(Committed c) {
    pager.awaitDurable(c.seq());
    snapshots.publish(c.seq(), c.catalogRoot());
  }

  /** Publishes the state after a commit the pager made itself (vacuum); under the write lock. */
  public void publishLocked() {
    snapshots.publish(pager.nextCommitSeq() - 1, pager.catalogRoot());
  }

  /** Ends {@code tx}: forgets its snapshot (idempotent). */
  void end(Transaction tx) {
    if (open.remove(tx)) {
      if (tx.isReadOnly()) {
        snapshots.release(tx.snapshot());
      } else {
        snapshots.releaseWriter(tx.snapshot());
      }
    }
  }

  // ---------------------------------------------------------------- close

  /**
   * Rolls back every open transaction (each is told so on its next use), invalidates reads in
   * flight, and refuses new transactions. Called by store close with the write lock held.
   */
  public void shutdown() {
    closed = true;
    gate.writeLock(); // held for good: every optimistic read stamp from now on is invalid
    for (Transaction tx : open) {
      tx.markClosedByStore();
      end(tx);
    }
  }

  /** Transactions open now. */
  public int openTransactions() {
    return open.size();
  }

  /** The sequence number of the snapshot new transactions see. */
  public long publishedSeq() {
    return snapshots.published().seq;
  }

  /** The oldest commit an open snapshot shows (pages freed after it are kept). */
  public long oldestSnapshotSeq() {
    return snapshots.pageHorizon();
  }

  /** Published snapshots still tracked (readers may hold them); bounded when transactions end. */
  public int liveSnapshots() {
    return snapshots.liveCount();
  }

  /** Transactions decided together with others under one lock hold (see {@link #commit}). */
  public long combinedTransactions() {
    return combined.sum();
  }

  /** Keys the conflict tracker remembers (bounded by the writes since the oldest open writer). */
  public int trackedKeys() {
    return conflicts.size();
  }
}
