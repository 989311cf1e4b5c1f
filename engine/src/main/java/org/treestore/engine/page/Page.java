package org.treestore.engine.page;

/**
 * One frame of the {@link BufferPool}: a page's bytes plus the bookkeeping the pool needs.
 *
 * <p>A caller may touch {@link #data()} only between {@link BufferPool#pin} and
 * {@link BufferPool#unpin}; outside that window the frame may be handed to another page. A caller
 * that changes the bytes must call {@link #markDirty()} so the pool writes them back. The pool's
 * fields are guarded by the pool's lock; the bytes are guarded by the engine's own locking (one
 * writer, or many readers).
 */
public final class Page {
  private final byte[] data;
  final int frameIndex;

  // Guarded by the pool lock.
  int pageNo = -1;
  int pins;
  boolean referenced;
  boolean loading;

  private volatile boolean dirty;

  Page(int frameIndex, int pageSize) {
    this.frameIndex = frameIndex;
    this.data = new byte[pageSize];
  }

  /** The page's bytes, valid while pinned. */
  public byte[] data() {
    return data;
  }

  /** The page number this frame holds while pinned. */
  public int pageNo() {
    return pageNo;
  }

  /** The page's type tag. */
  public int type() {
    return data[PageLayout.TYPE];
  }

  /** Records that the bytes changed and must be written back before the frame is reused. */
  public void markDirty() {
    dirty = true;
  }

  /** Whether the bytes changed since they were last written. */
  public boolean isDirty() {
    return dirty;
  }

  void clearDirty() {
    dirty = false;
  }
}
