package org.treestore.engine;

import org.treestore.engine.page.BufferPool;
import org.treestore.engine.page.PageLayout;

/**
 * Options for opening a {@link Store}. Immutable; start from {@link #DEFAULT} and change what you
 * need with the {@code with...} methods.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>pageSize</td><td>8192</td><td>page size of a new file: 4096, 8192 or 16384. An existing
 *       file keeps the size it was created with.</td></tr>
 *   <tr><td>cacheSizeBytes</td><td>64 MiB</td><td>buffer pool bound; at least 16 pages.</td></tr>
 *   <tr><td>durability</td><td>FULL</td><td>when commits are forced; see {@link Durability}.</td></tr>
 *   <tr><td>checkpointBytes</td><td>16 MiB</td><td>the WAL is checkpointed into the main file and
 *       restarted when it grows past this size (and always on close).</td></tr>
 * </table>
 */
public final class StoreOptions {
  /** The defaults: 8 KiB pages, a 64 MiB buffer pool, FULL durability, 16 MiB checkpoints. */
  public static final StoreOptions DEFAULT = new StoreOptions(PageLayout.DEFAULT_PAGE_SIZE,
      BufferPool.DEFAULT_SIZE_BYTES, Durability.FULL, 16L << 20);

  private final int pageSize;
  private final long cacheSizeBytes;
  private final Durability durability;
  private final long checkpointBytes;

  private StoreOptions(int pageSize, long cacheSizeBytes, Durability durability, long checkpointBytes) {
    this.pageSize = pageSize;
    this.cacheSizeBytes = cacheSizeBytes;
    this.durability = durability;
    this.checkpointBytes = checkpointBytes;
  }

  /** These options with the page size of new files set to {@code bytes} (4096, 8192 or 16384). */
  public StoreOptions withPageSize(int bytes) {
    if (!PageLayout.isValidPageSize(bytes)) {
      throw new IllegalArgumentException("page size " + bytes + " is not supported: use 4096, 8192 or 16384");
    }
    return new StoreOptions(bytes, cacheSizeBytes, durability, checkpointBytes);
  }

  /** These options with the buffer pool bounded to {@code bytes}. */
  public StoreOptions withCacheSizeBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("cache size must be positive, got " + bytes);
    }
    return new StoreOptions(pageSize, bytes, durability, checkpointBytes);
  }

  /** These options with durability mode {@code mode}. */
  public StoreOptions withDurability(Durability mode) {
    if (mode == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
    return new StoreOptions(pageSize, cacheSizeBytes, mode, checkpointBytes);
  }

  /** These options with the WAL checkpointed once it exceeds {@code bytes}. */
  public StoreOptions withCheckpointBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("checkpoint size must be positive, got " + bytes);
    }
    return new StoreOptions(pageSize, cacheSizeBytes, durability, bytes);
  }

  /** Page size for a new file. */
  public int pageSize() {
    return pageSize;
  }

  /** Buffer pool bound in bytes. */
  public long cacheSizeBytes() {
    return cacheSizeBytes;
  }

  /** The durability mode. */
  public Durability durability() {
    return durability;
  }

  /** WAL size that triggers a checkpoint. */
  public long checkpointBytes() {
    return checkpointBytes;
  }
}
