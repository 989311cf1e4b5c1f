package org.treestore.engine.page;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One frame of the {@link BufferPool}: a page's bytes plus the bookkeeping the pool needs.
 *
 * <p>A caller may touch {@link #data()} only between {@link BufferPool#pin} and
 * {@link BufferPool#unpin}; outside that window the frame may be handed to another page. A caller
 * that changes the bytes must call {@link #markDirty()} so the pool writes them back. The bytes
 * are guarded by the engine's own locking (one writer, or many readers).
 *
 * <p><b>Pin count states.</b> {@code pins >= 0}: the frame holds {@link #pageNo} (or nothing, at
 * -1), pinned that many times; readers pin it with a compare-and-set, without the pool lock.
 * {@code pins == -1}: the pool has claimed the frame (under its lock) to give it to another page;
 * a reader that sees -1 takes the locked path. A claim succeeds only on an unpinned frame, so a
 * frame a reader has pinned is never taken from it.
 */
public final class Page {
  private static final VarHandle PINS;

  static {
    try {
      PINS = MethodHandles.lookup().findVarHandle(Page.class, "pins", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final byte[] data;
  private final BufferPool pool;
  final int frameIndex;
  /** Whether the frame is in the pool's dirty list; guarded by the pool lock. */
  boolean listed;

  volatile int pageNo = -1;
  /** See the class comment; starts claimed, so a frame is unreachable until the pool sets it up. */
  volatile int pins = -1;
  volatile boolean loading;
  boolean referenced;

  private volatile boolean dirty;
  /**
   * The committed page this one is a copy-on-write copy of, or -1: the log may write this page as
   * the bytes that differ from that page. Set by the pager, cleared when the frame is set up for
   * another page or its commit is logged.
   */
  int source = -1;

  Page(BufferPool pool, int frameIndex, int pageSize) {
    this.pool = pool;
    this.frameIndex = frameIndex;
    this.data = new byte[pageSize];
  }

  /** Adds a pin unless the frame is claimed; false if it is (pins == -1). */
  boolean tryPin() {
    int c = pins;
    while (c >= 0) {
      if (PINS.compareAndSet(this, c, c + 1)) {
        return true;
      }
      c = pins;
    }
    return false;
  }

  /** Removes a pin; returns the count left. */
  int unpinOnce() {
    return (int) PINS.getAndAdd(this, -1) - 1;
  }

  /** Claims an unpinned frame for reuse (pins 0 to -1); false if someone holds a pin. */
  boolean tryClaim() {
    return PINS.compareAndSet(this, 0, -1);
  }

  /** The page's bytes, valid while pinned. */
  public byte[] data() {
    return data;
  }

  /** The page number this frame holds while pinned. */
  public int pageNo() {
    return pageNo;
  }

  /** The committed page this page was copied from since its last commit, or -1 (see {@code Wal}). */
  public int source() {
    return source;
  }

  /** The page's type tag. */
  public int type() {
    return data[PageLayout.TYPE];
  }

  /** Records that the bytes changed and must be written back before the frame is reused. */
  public void markDirty() {
    if (!dirty) {
      dirty = true;
      pool.noteDirty(this);
    }
  }

  /** Whether the bytes changed since they were last written. */
  public boolean isDirty() {
    return dirty;
  }

  void clearDirty() {
    dirty = false;
  }
}
