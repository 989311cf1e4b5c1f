package org.treestore.engine.tx;

import java.util.Iterator;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The published snapshot, the snapshots still being read, and from them the two horizons the
 * committer needs: the oldest commit any reader shows (pages freed by commits at or below it can be
 * reused) and the oldest snapshot of any open read-write transaction (conflict records at or below
 * it can be forgotten).
 *
 * <p><b>Lock-free begin.</b> A reader reads the published snapshot, increments its reader count,
 * and checks that it is still the published one; if not, it undoes the increment and retries. The
 * committer drops a snapshot from the live list only when it is not the published one and has no
 * reader. Together this closes the race where a reader picks a snapshot up just as the committer
 * decides nobody uses it: either the committer sees the count, or the reader sees that the snapshot
 * was superseded and retries with the newer one.
 *
 * <p><b>Sharp edge.</b> A transaction left open holds its snapshot: pages replaced after it stay
 * allocated (the file grows) and each later commit leaves one small object in the live list until
 * it ends. Writers are never stopped by it.
 */
final class SnapshotRegistry {
  private volatile Snapshot published;
  /** Published snapshots, oldest first, that may still have readers. */
  private final ConcurrentLinkedDeque<Snapshot> live = new ConcurrentLinkedDeque<>();
  /** Snapshot sequence of each open read-write transaction (a multiset); guarded by this. */
  private final TreeMap<Long, Integer> writers = new TreeMap<>();

  SnapshotRegistry(long seq, int catalogRoot) {
    Snapshot s = new Snapshot(seq, catalogRoot);
    live.add(s);
    published = s;
  }

  /** The latest published snapshot (not registered: for information). */
  Snapshot published() {
    return published;
  }

  /** Registers a reader of the latest published snapshot and returns it. */
  Snapshot acquire() {
    while (true) {
      Snapshot s = published;
      s.readers.incrementAndGet();
      if (published == s) {
        return s;
      }
      s.readers.decrementAndGet();
    }
  }

  /** Like {@link #acquire}, and records the snapshot as a read-write transaction's. */
  synchronized Snapshot acquireForWriter() {
    Snapshot s = acquire();
    writers.merge(s.seq, 1, Integer::sum);
    return s;
  }

  /** Ends a reader registered by {@link #acquire}. */
  void release(Snapshot s) {
    s.readers.decrementAndGet();
  }

  /** Ends a reader registered by {@link #acquireForWriter}. */
  synchronized void releaseWriter(Snapshot s) {
    writers.computeIfPresent(s.seq, (k, n) -> n == 1 ? null : n - 1);
    release(s);
  }

  /**
   * Makes commit {@code seq} (whose catalog root is {@code catalogRoot}) the snapshot new
   * transactions see, unless a newer one is already published (committers publish out of order
   * when they share a force).
   */
  synchronized void publish(long seq, int catalogRoot) {
    if (seq <= published.seq) {
      return;
    }
    Snapshot s = new Snapshot(seq, catalogRoot);
    live.addLast(s);
    published = s;
    notifyAll(); // committers that lost a conflict to this commit wait for it (awaitPublished)
  }

  /**
   * Waits until commit {@code seq} (appended and durable) is published, at most {@code millis}: a
   * transaction that lost a conflict to it then retries on a snapshot that shows the winner, instead
   * of conflicting again until the winner's force completes.
   */
  synchronized void awaitPublished(long seq, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (published.seq < seq) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  /**
   * The oldest commit sequence any reader may still show: pages freed by commits at or below it
   * are unreachable by every snapshot. Also forgets snapshots nobody reads. Called by the committer.
   * Exclusive with {@link #publish}: otherwise a snapshot added to the live list but not yet
   * published would look unused here and be dropped, and a reader that then picks it up as the
   * published snapshot would go uncounted.
   */
  synchronized long pageHorizon() {
    Snapshot current = published;
    long oldest = current.seq;
    for (Iterator<Snapshot> it = live.iterator(); it.hasNext();) {
      Snapshot s = it.next();
      if (s != current && s.readers.get() == 0) {
        it.remove();
      } else if (s.seq < oldest) {
        oldest = s.seq;
      }
    }
    return oldest;
  }

  /** The oldest snapshot of an open read-write transaction, or the published one if none is open. */
  synchronized long writerHorizon() {
    long p = published.seq;
    return writers.isEmpty() ? p : Math.min(p, writers.firstKey());
  }

  /** Snapshots in the live list (for tests and diagnostics). */
  int liveCount() {
    return live.size();
  }
}
