package org.treestore.engine.wal;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.treestore.engine.StorageException;

/**
 * Shares one force of the log among every commit appended before it (group commit).
 *
 * <p>A committer appends its frames (under the store's write lock), releases that lock and calls
 * {@link #awaitDurable} with its commit sequence number. The first waiter whose commit is not yet
 * durable becomes the leader: it notes the highest sequence appended so far, forces the log with no
 * lock held, and then marks everything up to that sequence durable and wakes the others. Commits
 * appended while a force runs are covered by the next one. So N concurrent committers cost about
 * two forces, not N.
 *
 * <p>A failed force is fatal: it is remembered, every waiter and every later caller gets it, and
 * the force is never retried (after a failed fsync the kernel may have dropped the dirty pages, so a
 * retry that "succeeds" would lie). The database must be reopened, which recovers from the log.
 */
public final class GroupCommit {
  /** Forces the log. */
  public interface Force {
    /** Forces; throws on failure. */
    void force();
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long appended;
  private long durable;
  private boolean forcing;
  private RuntimeException failure;
  private final LongAdder forces = new LongAdder();

  /** Starts with everything up to {@code durable} on disk. */
  public GroupCommit(long durable) {
    this.appended = durable;
    this.durable = durable;
  }

  /** Records that commit {@code seq} has been appended (not yet forced). */
  public void appended(long seq) {
    lock.lock();
    try {
      appended = Math.max(appended, seq);
    } finally {
      lock.unlock();
    }
  }

  /** The highest commit known to be on disk. */
  public long durable() {
    lock.lock();
    try {
      return durable;
    } finally {
      lock.unlock();
    }
  }

  /** Forces performed so far. */
  public long forces() {
    return forces.sum();
  }

  /** Returns once commit {@code seq} is on disk, forcing the log if no other thread is doing so. */
  public void awaitDurable(long seq, Force force) {
    lock.lock();
    try {
      while (durable < seq) {
        if (failure != null) {
          throw failure;
        }
        if (forcing) {
          changed.awaitUninterruptibly();
          continue;
        }
        forcing = true;
        long target = appended;
        lock.unlock();
        RuntimeException failed = null;
        try {
          force.force();
          forces.increment();
        } catch (RuntimeException e) {
          failed = e;
        } finally {
          lock.lock();
          forcing = false;
        }
        if (failed != null) {
          failure = failed;
          changed.signalAll();
          throw failed;
        }
        durable = Math.max(durable, target);
        changed.signalAll();
      }
      if (failure != null && durable < seq) {
        throw new StorageException("commit " + seq + " is not durable: " + failure.getMessage(), failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forces now, whatever is pending (for checkpoints and close); marks all appended commits durable. */
  public void forceAll(Force force) {
    long target;
    lock.lock();
    try {
      if (failure != null) {
        throw failure;
      }
      target = appended;
    } finally {
      lock.unlock();
    }
    awaitDurable(target, force);
  }
}
