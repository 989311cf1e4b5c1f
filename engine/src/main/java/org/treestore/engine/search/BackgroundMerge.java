package org.treestore.engine.search;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.treestore.engine.StorageException;
import org.treestore.engine.Store;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionClosedException;

/**
 * Merges a store's pending full-text segments into the main posting lists on a thread of its own,
 * so that the write that finds the soft limit reached does not pay for the 127 before it (a merge
 * of 128 summary rewrites took 25–45 ms inside that write's commit, against a median write of
 * 53 µs).
 *
 * <p>A writer whose flush leaves the soft limit reached {@link #request requests} a merge once it
 * has committed. The merge is an ordinary transaction: it passes the store's {@link MergeGate},
 * merges every segment its snapshot holds and commits; writers keep adding segments meanwhile
 * (other keys, so they never conflict with it). It can only conflict with another merge; the gate
 * makes that rare, and it then runs again (up to {@value #ATTEMPTS} times; the next request tries
 * again). A writer that finds the hard limit reached merges itself, as a back-pressure: it waits for
 * the gate, so writers slow down to the speed of merging instead of piling up segments that every
 * search must overlay.
 *
 * <p>Sharp edges. The thread starts on the first request and ends after {@value #IDLE_MILLIS} ms
 * without one (so a store dropped without being closed does not keep it, and itself, alive). It is
 * never interrupted: an interrupt closes a {@code FileChannel}. {@link #close} (run by
 * {@code Store.close} before it takes any lock) waits for a running merge to commit. A failure
 * other than a conflict or a closed store is kept ({@link #failure}) and the next request tries
 * again; a real fault (a full disk, a corrupt page) also fails the writers' commits, which name it.
 */
final class BackgroundMerge implements AutoCloseable {
  static final long IDLE_MILLIS = 2000;
  static final int ATTEMPTS = 3;
  private static final Object KEY = new Object();

  private final Store store;
  private final ThreadPoolExecutor executor;
  private final AtomicBoolean queued = new AtomicBoolean();
  private volatile boolean closed;
  private volatile RuntimeException failure;
  private final AtomicLong merges = new AtomicLong();
  private final AtomicLong segmentsMerged = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();

  private BackgroundMerge(Store store) {
    this.store = store;
    this.executor = new ThreadPoolExecutor(1, 1, IDLE_MILLIS, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "treestore-fulltext-merge " + store.fileName());
      t.setDaemon(true);
      return t;
    });
    executor.allowCoreThreadTimeOut(true);
  }

  /** The store's background merge, created on first use. */
  static BackgroundMerge of(Store store) {
    return store.attachment(KEY, () -> new BackgroundMerge(store));
  }

  /** Asks for a merge with {@code index}'s limits; returns at once (requests made meanwhile fold into one). */
  void request(InvertedIndex index) {
    if (closed || !queued.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(() -> run(index));
    } catch (RejectedExecutionException e) {
      queued.set(false); // closed meanwhile
    }
  }

  private void run(InvertedIndex index) {
    queued.set(false); // a request from now on runs again after this one
    for (int attempt = 0; attempt < ATTEMPTS && !closed; attempt++) {
      try (Transaction tx = store.begin()) {
        int n = index.mergeIfDue(tx);
        if (n == 0) {
          return; // below the limits (another merge came first), or another transaction is merging
        }
        tx.commit();
        merges.incrementAndGet();
        segmentsMerged.addAndGet(n);
        return;
      } catch (ConflictException e) {
        conflicts.incrementAndGet();
      } catch (TransactionClosedException e) {
        return;
      } catch (RuntimeException e) {
        if (!closed) {
          failure = e instanceof StorageException ? e
              : new StorageException("the background full-text merge of " + store.fileName() + " failed: " + e, e);
        }
        return;
      }
    }
  }

  /** Merges committed, segments they merged, and merge attempts that conflicted. */
  long[] counters() {
    return new long[] {merges.get(), segmentsMerged.get(), conflicts.get()};
  }

  /** The last failure of a merge (other than a conflict or the store closing), or null. */
  RuntimeException failure() {
    return failure;
  }

  /** Waits until no merge is queued or running (for tests and {@code mergePending}). */
  void awaitIdle() {
    while (queued.get() || executor.getActiveCount() > 0) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops taking requests and waits for a running merge to end. Closing twice is allowed. */
  @Override
  public void close() {
    closed = true;
    executor.shutdown();
    boolean interrupted = false;
    try {
      while (!executor.awaitTermination(1, TimeUnit.MINUTES)) {
        // a merge commits within seconds even when large: keep waiting, never interrupt it
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "background full-text merge of " + store.fileName();
  }
}
