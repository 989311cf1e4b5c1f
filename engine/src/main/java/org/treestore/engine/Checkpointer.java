package org.treestore.engine;

/**
 * Runs a store's checkpoints on a thread of its own, so that a committer in
 * {@link Durability#NORMAL} or {@link Durability#OFF} mode returns once its commit is in the log
 * instead of waiting for the copy into the main file and the forces (which were most of the time
 * of a small commit). In those modes commits are not forced anyway, so a checkpoint that runs a
 * little later changes no promise: a process crash loses nothing (the log is intact until a
 * checkpoint has made the main file whole), and a power loss may lose what no checkpoint forced.
 *
 * <p>Committers {@link #request} a checkpoint once the log has passed the threshold; the thread
 * starts on the first request (a store that never checkpoints never has one) and runs the store's
 * checkpoint, which serializes itself with other checkpoints, {@code check}, {@code vacuum} and
 * {@code close} through the checkpoint lock. Requests made while it runs are folded into one more
 * run. The thread is a daemon, never interrupted (an interrupt closes a {@code FileChannel}), and
 * ends in {@link #stop}, which waits for a running checkpoint to finish; it also ends after
 * {@value #IDLE_MILLIS} ms without a request (the next request starts another), so a store that
 * was dropped without being closed does not keep a thread, and through it itself, alive.
 *
 * <p>A failure ends the thread. An I/O failure has already made the pager refuse every change, so
 * the next commit fails naming it; the failure itself is also handed out once, to a committer that
 * requests a checkpoint after it or else to {@code close} ({@link #takeFailure}).
 */
final class Checkpointer {
  /** How long the thread waits for a request before it ends. */
  static final long IDLE_MILLIS = 2000;

  private final String name;
  private final java.util.function.BooleanSupplier checkpoint;
  private final Runnable sync;
  /** Guarded by this. */
  private Thread thread;
  private boolean requested;
  private boolean syncRequested;
  private boolean stopping;
  private RuntimeException failure;
  private boolean failureTaken;
  private long runs;
  private long syncs;

  /**
   * A checkpointer for the store in file {@code name} that runs {@code checkpoint} (true if it
   * checkpointed, false if there was nothing to do or another thread did it), and {@code sync}
   * (forcing the log ahead of the next checkpoint) when asked to.
   */
  Checkpointer(String name, java.util.function.BooleanSupplier checkpoint, Runnable sync) {
    this.name = name;
    this.checkpoint = checkpoint;
    this.sync = sync;
  }

  /**
   * Asks for a checkpoint; returns at once.
   *
   * @throws StorageException if an earlier background checkpoint failed and nobody was told yet
   */
  void request() {
    request(true);
  }

  /**
   * Asks for the log to be forced ahead of the next checkpoint (while the log fills, the disk can
   * write it; the checkpoint's own force then has little left). Folded into a checkpoint if one is
   * asked for too. Returns at once.
   */
  void requestSync() {
    request(false);
  }

  private void request(boolean checkpoint) {
    RuntimeException f = takeFailure();
    if (f != null) {
      throw f;
    }
    synchronized (this) {
      if (stopping || failure != null) {
        return;
      }
      if (checkpoint) {
        requested = true;
      } else {
        syncRequested = true;
      }
      if (thread == null) {
        thread = new Thread(this::loop, "treestore-checkpointer " + name);
        thread.setDaemon(true);
        thread.start();
      } else {
        notifyAll();
      }
    }
  }

  private void loop() {
    boolean doCheckpoint;
    while (true) {
      synchronized (this) {
        long idleUntil = System.nanoTime() + IDLE_MILLIS * 1_000_000;
        while (!requested && !syncRequested && !stopping) {
          long left = idleUntil - System.nanoTime();
          if (left <= 0) {
            thread = null; // the next request starts a new thread
            return;
          }
          try {
            wait(Math.max(1, left / 1_000_000));
          } catch (InterruptedException e) {
            // Nobody interrupts this thread; if someone does, only stop() or idleness ends it.
          }
        }
        if (stopping) {
          return;
        }
        doCheckpoint = requested;
        requested = false;
        syncRequested = false; // a checkpoint forces the log anyway
      }
      boolean checkpointed = false;
      try {
        if (doCheckpoint) {
          checkpointed = checkpoint.getAsBoolean();
        } else {
          sync.run();
        }
      } catch (RuntimeException | Error e) {
        synchronized (this) {
          failure = e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
          notifyAll();
        }
        return;
      }
      synchronized (this) {
        if (checkpointed) {
          runs++;
        } else if (!doCheckpoint) {
          syncs++;
        }
        notifyAll();
      }
    }
  }

  /**
   * Ends the thread, after the checkpoint it is running if any; later requests are ignored. Call
   * it without holding the store's locks: that checkpoint needs them.
   */
  void stop() {
    Thread t;
    synchronized (this) {
      stopping = true;
      notifyAll();
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true; // the caller's interrupt is kept for it; the join must finish
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The failure that ended the thread, wrapped in a {@link StorageException} naming the file, the
   * first time it is asked for; null if there was none or it was handed out already.
   */
  synchronized RuntimeException takeFailure() {
    if (failure == null || failureTaken) {
      return null;
    }
    failureTaken = true;
    return new StorageException(name + ": a background checkpoint failed (" + failure.getMessage()
        + "); every commit is still in the log: close and reopen to recover", failure);
  }

  /** Checkpoints this thread completed so far (for tests and diagnostics). */
  synchronized long runs() {
    return runs;
  }

  /** Log syncs run to completion so far. */
  synchronized long syncs() {
    return syncs;
  }

  /** Whether the thread is running (started and not ended). */
  synchronized boolean isRunning() {
    return thread != null && thread.isAlive();
  }
}
