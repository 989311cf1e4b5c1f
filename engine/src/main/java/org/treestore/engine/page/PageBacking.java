package org.treestore.engine.page;

/**
 * Where the buffer pool reads pages from and writes dirty victims to.
 *
 * <p>{@link PageFile} is the plain backing (the main file). The {@link Pager} puts the WAL in
 * front of it: a read takes the newest logged image of the page if there is one, and a dirty
 * victim is appended to the log as an uncommitted frame, so the main file only ever receives
 * committed pages, at checkpoints.
 */
public interface PageBacking {
  /** Reads and verifies page {@code pageNo} into {@code dst}. */
  void readPage(int pageNo, byte[] dst);

  /** Saves a dirty page the pool is about to evict. */
  void writeBack(int pageNo, byte[] src);

  /** The page size in bytes. */
  int pageSize();

  /** A name for messages. */
  String name();
}
