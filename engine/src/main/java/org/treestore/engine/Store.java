package org.treestore.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Catalog;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.check.IntegrityChecker;
import org.treestore.engine.io.ChannelFileIo;
import org.treestore.engine.io.FileIo;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.page.BufferPool;
import org.treestore.engine.page.Pager;

/**
 * An open database file: named B+Trees in one file, with commit, integrity check and vacuum.
 *
 * <pre>{@code
 * try (Store store = Store.open(Path.of("data.tsdb"))) {
 *   BTree t = store.tree("nodes");
 *   t.put(key, value);
 *   store.commit();
 * }
 * }</pre>
 *
 * <p><b>Concurrency.</b> One read-write lock per store: reads (get, cursor moves) share it, changes
 * take it alone. So any number of threads may read while no change runs. (MVCC snapshots, which let
 * readers run during writes, come with the transaction layer.)
 *
 * <p><b>Durability.</b> {@link #commit} writes changed pages and forces the file; {@link #close}
 * commits. Without the WAL (the next layer), a crash during commit may leave the file inconsistent;
 * the integrity check reports it.
 */
public final class Store implements AutoCloseable {
  private final Pager pager;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Catalog catalog;
  private final Map<String, BTree> open = new HashMap<>();
  private volatile boolean closed;

  private Store(Pager pager) {
    this.pager = pager;
    lock.writeLock().lock();
    try {
      boolean fresh = pager.catalogRoot() == 0;
      this.catalog = new Catalog(pager, lock);
      if (fresh) {
        pager.commit();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Opens (or creates) the database at {@code path} with default options. */
  public static Store open(Path path) {
    return open(path, StoreOptions.DEFAULT);
  }

  /** Opens (or creates) the database at {@code path}. */
  public static Store open(Path path, StoreOptions options) {
    FileIo io;
    try {
      io = ChannelFileIo.open(path, false);
    } catch (IOException e) {
      throw new StorageException(path + ": cannot open: " + e.getMessage(), e);
    }
    return open(io, options);
  }

  /** Opens (or creates) the database held in {@code io}; on failure {@code io} is closed. */
  public static Store open(FileIo io, StoreOptions options) {
    try {
      return new Store(Pager.open(io, options.pageSize(), options.cacheSizeBytes()));
    } catch (RuntimeException e) {
      try {
        io.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** A new empty database in memory, gone when closed. */
  public static Store openInMemory(String name, StoreOptions options) {
    return open(new MemoryFileIo(name), options);
  }

  /** The tree called {@code name}, created (empty) if it does not exist. */
  public BTree tree(String name) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      BTree t = open.get(name);
      if (t == null) {
        int root = catalog.rootOf(name);
        if (root == 0) {
          root = catalog.create(name);
        }
        t = new BTree(pager, name, root, lock);
        open.put(name, t);
      }
      return t;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Whether a tree called {@code name} exists. */
  public boolean hasTree(String name) {
    lock.readLock().lock();
    try {
      ensureOpen();
      return open.containsKey(name) || catalog.rootOf(name) != 0;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The names of all trees, in order. */
  public List<String> treeNames() {
    lock.readLock().lock();
    try {
      ensureOpen();
      List<String> names = new ArrayList<>();
      for (Catalog.Entry e : catalog.entries()) {
        names.add(e.name());
      }
      return names;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Deletes tree {@code name} and frees its pages; returns false if there was no such tree. */
  public boolean dropTree(String name) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      int root = catalog.rootOf(name);
      if (root == 0) {
        return false;
      }
      BTree t = open.remove(name);
      if (t == null) {
        t = new BTree(pager, name, root, lock);
      }
      catalog.remove(name);
      t.freeAllPages();
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Writes every change to the file and forces it to disk. */
  public void commit() {
    lock.writeLock().lock();
    try {
      ensureOpen();
      pager.commit();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Commits, then checks the whole file (see {@link IntegrityChecker}) and reports every problem.
   */
  public CheckReport check() {
    lock.writeLock().lock();
    try {
      ensureOpen();
      pager.commit();
      return IntegrityChecker.check(pager, catalog);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Commits, then returns the free pages at the end of the file to the operating system.
   *
   * @return the number of pages released
   */
  public int vacuum() {
    lock.writeLock().lock();
    try {
      ensureOpen();
      return pager.truncateFreeTail();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Pages in the file, header and free pages included. */
  public int pageCount() {
    return pager.pageCount();
  }

  /** Pages on the free list. */
  public int freePageCount() {
    return pager.freeCount();
  }

  /** The page size of this file. */
  public int pageSize() {
    return pager.pageSize();
  }

  /** The buffer pool, for its hit, miss and eviction counters. */
  public BufferPool bufferPool() {
    return pager.pool();
  }

  /** The file's name, for messages. */
  public String fileName() {
    return pager.fileName();
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException(pager.fileName() + " is closed");
    }
  }

  /** Commits and closes. Closing twice is allowed. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      pager.close();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Closes without committing: what a crash would leave (used by tests). */
  void abandon() {
    lock.writeLock().lock();
    try {
      closed = true;
      pager.closeWithoutCommit();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
