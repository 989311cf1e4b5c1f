package org.treestore.engine.search;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.treestore.engine.tx.Transaction;

/**
 * Lets one transaction at a time write a store's main posting lists, so that merges do not make
 * each other, or the writers that run them, fail.
 *
 * <p>Every merge of pending segments into {@value InvertedIndex#POSTINGS} (a writer that finds the
 * limits reached, a bulk batch, {@link InvertedIndex#mergePending}) rewrites blocks of the common
 * terms and deletes the segments it merged, so two merges that overlap in time conflict and the
 * later committer is rolled back. Before the gate, two writers of different documents that both
 * found the segment limit reached could conflict that way. A transaction that passes the gate holds it
 * until it ends, committed or not. A writer that could as well leave its batch pending
 * ({@link #tryEnter}) does not wait, and does not enter either if a merge committed after its
 * snapshot: the segments it sees are gone, and merging them again would conflict.
 *
 * <p>Sharp edge: a transaction that merged early (a bulk batch flushed before a search in the same
 * transaction) holds the gate until it ends, so while it stays open other writers leave their
 * batches pending past the limits, and a bulk batch of another transaction waits up to
 * {@value InvertedIndex#GATE_WAIT_MILLIS} ms for it, then merges anyway and may conflict.
 *
 * <p>The permit is a semaphore, not a lock, because a transaction may end on another thread than
 * the one that flushed it. The gate is per open store ({@link Transaction#storeMemo}); a transaction
 * that {@code Store.close} ends never returns its permit, but the gate goes with the store.
 */
final class MergeGate {
  private static final Object KEY = new Object();

  private final Semaphore permit = new Semaphore(1);
  /** The commit sequence of the latest merge that went through the gate, or -1. */
  private final AtomicLong lastMergeSeq = new AtomicLong(-1);
  /** The transaction holding the permit (a transaction may flush twice: it enters once). */
  private volatile Transaction holder;

  static MergeGate of(Transaction tx) {
    return tx.storeMemo(KEY, MergeGate::new);
  }

  /**
   * Enters if the permit is free and no merge committed after {@code tx}'s snapshot; never waits.
   * A caller that is refused leaves its changes pending: someone else is merging, or just did.
   */
  boolean tryEnter(Transaction tx) {
    if (holder == tx) {
      return true;
    }
    if (!permit.tryAcquire()) {
      return false;
    }
    if (lastMergeSeq.get() > tx.snapshotSeq()) {
      permit.release();
      return false;
    }
    admit(tx);
    return true;
  }

  /**
   * Waits up to {@code timeoutMillis} for the permit, for a caller that must merge (a batch too
   * large to stay pending, an explicit merge). If a merge committed after {@code tx}'s snapshot, the
   * caller's merge will conflict with it at commit, as any write of a key another commit changed
   * does. Returns false if the wait timed out or was interrupted (the interrupt stays set); the
   * caller merges anyway and the commit's validation decides.
   */
  boolean enter(Transaction tx, long timeoutMillis) {
    if (holder == tx) {
      return true;
    }
    try {
      if (!permit.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    admit(tx);
    return true;
  }

  /** Whether a merge that went through the gate committed after {@code tx}'s snapshot. */
  boolean mergedSince(Transaction tx) {
    return lastMergeSeq.get() > tx.snapshotSeq();
  }

  private void admit(Transaction tx) {
    holder = tx;
    tx.afterCompletion(() -> {
      long seq = tx.commitSeq();
      if (seq >= 0) {
        lastMergeSeq.accumulateAndGet(seq, Math::max);
      }
      holder = null;
      permit.release();
    });
  }
}
