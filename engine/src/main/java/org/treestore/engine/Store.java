package org.treestore.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Catalog;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.check.IntegrityChecker;
import org.treestore.engine.io.ChannelFileIo;
import org.treestore.engine.io.FileIo;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.io.DirectorySync;
import org.treestore.engine.io.ProcessLock;
import org.treestore.engine.wal.RecoveryReport;
import org.treestore.engine.page.BufferPool;
import org.treestore.engine.page.Pager;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionManager;

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
 * <p><b>Two ways in.</b> {@link #begin} and {@link #beginReadOnly} start snapshot-isolated
 * {@link Transaction}s: any number of threads read and write concurrently, readers never wait, and
 * write-write conflicts fail the later committer with a retryable
 * {@link org.treestore.engine.tx.ConflictException}. {@link #tree} gives direct, non-transactional
 * access to the working state of a tree, for single-writer bulk loads and tools: its changes are
 * made under the store's write lock and seen by transactions only after the next commit (any commit,
 * {@link #commit} or a transaction's). They are tracked per tree, not per key: a transaction that
 * writes to a tree changed directly by a commit after its snapshot fails with a conflict.
 *
 * <p><b>Storage.</b> Trees are copy-on-write (see {@link BTree}): a commit never changes a page a
 * snapshot can read, and pages it replaces are reused once no open snapshot is older than the
 * commit. Changes become durable and atomic at commit: they are appended to the write-ahead log
 * ({@code path-wal}) as one unit and forced according to the {@link Durability} mode. A crash loses
 * at most what was not committed; reopening replays the log. The main file is written only by
 * checkpoints, which in NORMAL and OFF modes run on a thread of the store's own. {@link #close}
 * rolls back open transactions, commits direct changes and checkpoints. One process at a time may
 * open a database ({@code path-lock}).
 */
public final class Store implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("org.treestore.engine");

  private final Pager pager;
  private ProcessLock processLock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Catalog catalog;
  private final Map<String, BTree> open = new HashMap<>();
  private final Map<String, BTree> readers = new ConcurrentHashMap<>();
  private final TransactionManager transactions;
  /** Runs checkpoints in NORMAL and OFF modes; null in FULL mode, where committers run them. */
  private final Checkpointer checkpointer;
  /** The quarter of the checkpoint threshold the log had reached when a sync was last asked for. */
  private volatile int syncedQuarter;
  private volatile boolean closed;
  /** Objects layers above keep per store (see {@link #attachment}). */
  private final Map<Object, Object> attachments = new ConcurrentHashMap<>();

  private Store(Pager pager) {
    this.pager = pager;
    this.checkpointer = pager.durability() == Durability.FULL ? null
        : new Checkpointer(pager.fileName(), () -> checkpointIfDue(false), pager::syncLog);
    lock.writeLock().lock();
    try {
      boolean fresh = pager.catalogRoot() == 0;
      this.catalog = new Catalog(pager, lock);
      if (fresh) {
        pager.awaitDurable(pager.commitAppend());
      }
      this.transactions = new TransactionManager(pager, catalog, lock, new TransactionManager.Trees() {
        @Override
        public BTree writer(String name) {
          return treeLocked(name);
        }

        @Override
        public BTree reader(String name) {
          BTree r = readers.get(name); // the common case, without computeIfAbsent's capturing lambda
          return r != null ? r : readers.computeIfAbsent(name, n -> new BTree(pager, n, 0, lock));
        }

        @Override
        public Iterable<BTree> openWriters() {
          return open.values();
        }
      }, this::afterCommit);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The object this store holds under {@code key}, created by {@code create} on first use: lets a
   * layer above keep state that must be shared by every user of the store (the document layer's
   * export cache, which must see every change to stay correct) without a static map keyed by
   * stores. Dropped with the store.
   */
  @SuppressWarnings("unchecked")
  public <T> T attachment(Object key, java.util.function.Supplier<T> create) {
    return (T) attachments.computeIfAbsent(key, k -> create.get());
  }

  /** Opens (or creates) the database at {@code path} with default options. */
  public static Store open(Path path) {
    return open(path, StoreOptions.DEFAULT);
  }

  /**
   * Opens (or creates) the database at {@code path}, with its log in {@code path-wal} and its lock
   * in {@code path-lock}. Recovers committed work from the log if the database was not closed.
   *
   * @throws StorageException if another process (or this one) has the database open
   */
  public static Store open(Path path, StoreOptions options) {
    Path wal = Path.of(path + "-wal");
    ProcessLock lock = ProcessLock.acquire(path, Path.of(path + "-lock"));
    try {
      boolean created = !Files.exists(path) || !Files.exists(wal);
      FileIo main = ChannelFileIo.open(path, false);
      FileIo log;
      try {
        log = ChannelFileIo.open(wal, false);
      } catch (IOException e) {
        main.close();
        throw e;
      }
      if (created && options.durability() != Durability.OFF) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
          DirectorySync.force(dir);
        }
      }
      Store s = open(main, log, options);
      s.processLock = lock;
      return s;
    } catch (IOException e) {
      lock.close();
      throw new StorageException(path + ": cannot open: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Opens (or creates) the database in {@code io} with an in-memory log (tests, in-memory databases). */
  public static Store open(FileIo io, StoreOptions options) {
    return open(io, new MemoryFileIo(io.name() + "-wal"), options);
  }

  /**
   * Opens (or creates) the database in {@code io} with its log in {@code wal}; on failure both are
   * closed.
   */
  public static Store open(FileIo io, FileIo wal, StoreOptions options) {
    try {
      Pager pager = Pager.open(io, wal, options.pageSize(), options.cacheSizeBytes(), options.durability(),
          options.checkpointBytes());
      RecoveryReport r = pager.recoveryReport();
      if (r.framesReplayed() > 0 || r.bytesDiscarded() > 0) {
        LOG.log(System.Logger.Level.INFO, "{0}: recovery {1}", io.name(), r);
      }
      return new Store(pager);
    } catch (RuntimeException e) {
      for (FileIo f : new FileIo[] {io, wal}) {
        try {
          f.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** A new empty database in memory, gone when closed. */
  public static Store openInMemory(String name, StoreOptions options) {
    return open(new MemoryFileIo(name), options);
  }

  /**
   * Begins a read-write transaction on the latest committed state.
   *
   * @throws StorageException if the store is closed
   */
  public Transaction begin() {
    return transactions.begin(false);
  }

  /** Begins a read-only transaction on the latest committed state; it never conflicts. */
  public Transaction beginReadOnly() {
    return transactions.begin(true);
  }

  /**
   * Direct access to the working state of tree {@code name}, created (empty) if it does not exist;
   * see the class comment for how it differs from a transaction.
   */
  public BTree tree(String name) {
    lock.writeLock().lock();
    try {
      ensureOpen();
      return treeLocked(name);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private BTree treeLocked(String name) {
    BTree t = open.get(name);
    if (t == null) {
      int root = catalog.rootOf(name);
      if (root == 0) {
        root = catalog.create(name);
      }
      t = new BTree(pager, name, root, lock);
      t.setChangeListener(transactions::changedDirectly);
      open.put(name, t);
    }
    return t;
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
      transactions.changedDirectly(name);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Makes every change so far one atomic, durable commit: the changes are appended to the WAL and,
   * in {@link Durability#FULL} mode, forced before this returns. Threads committing at the same time
   * share one force (group commit). Checkpoints the WAL into the main file when it has grown past
   * the configured size: in FULL mode here, in NORMAL and OFF modes on the store's checkpointer
   * thread (see {@link #afterCommit}).
   *
   * @throws StorageException also after committing, if a checkpoint this call ran or waited for
   *     failed, or a background checkpoint failed earlier and nobody was told yet
   */
  public void commit() {
    TransactionManager.Committed c;
    lock.writeLock().lock();
    try {
      ensureOpen();
      c = transactions.commitWorkingLocked();
    } finally {
      lock.writeLock().unlock();
    }
    transactions.finish(c);
    afterCommit();
  }

  /**
   * Runs after every commit, without locks: checkpoints once the log has passed the configured
   * size. In FULL mode the committer does it (as before: its commit was forced anyway, and the
   * log stays bounded by the committers themselves). In NORMAL and OFF modes it asks the
   * background {@link Checkpointer}; only when the log has reached twice the size (checkpoints
   * fall behind the commits) does the committer wait for a checkpoint, which bounds the log.
   */
  private void afterCommit() {
    if (checkpointer != null && pager.durability() == Durability.NORMAL) {
      // Each quarter of the threshold the log grows, the checkpointer forces it: the disk writes
      // the log while it fills instead of all of it at the start of the checkpoint, which is
      // then shorter (it was the longest part of one, and committers wait for checkpoints that
      // fall behind). A racy counter: a sync too many or too few costs nothing.
      long quarterBytes = Math.max(1, pager.checkpointBytes() / 4);
      int quarter = (int) Math.min(Integer.MAX_VALUE, pager.walBytes() / quarterBytes);
      if (quarter != syncedQuarter) {
        syncedQuarter = quarter;
        if (quarter > 0) {
          checkpointer.requestSync();
        }
      }
    }
    if (!pager.needsCheckpoint()) {
      return;
    }
    if (checkpointer == null) {
      checkpointIfDue(false);
      return;
    }
    checkpointer.request();
    if (pager.checkpointOverdue()) {
      checkpointIfDue(true);
    }
  }

  /**
   * Checkpoints the WAL into the main file if it has grown past the configured size. The copying
   * and forcing of the main file runs without the write lock, so other threads keep committing
   * (see {@link Pager#planCheckpoint}); a thread that finds a checkpoint running goes on, unless
   * it is to {@code wait} for it (and then checkpoints itself if the log is still past the size).
   *
   * @return whether this call reset the log (a whole checkpoint)
   */
  boolean checkpointIfDue(boolean wait) {
    if (!pager.needsCheckpoint()) {
      return false;
    }
    if (wait) {
      pager.checkpointLock().lock();
    } else if (!pager.checkpointLock().tryLock()) {
      return false;
    }
    try {
      Pager.CheckpointPlan plan;
      lock.writeLock().lock();
      try {
        if (closed || !pager.needsCheckpoint()) {
          return false;
        }
        plan = pager.planCheckpoint();
      } finally {
        lock.writeLock().unlock();
      }
      if (plan == null) {
        return false;
      }
      pager.copyCheckpoint(plan);
      // Commits went on meanwhile. Copy what they wrote in catch-up rounds, still without the lock,
      // while that is much: the last phase copies the rest and forces both files with the lock
      // held, so every committer waits for it.
      long enough = Math.max(pager.checkpointBytes() / 16, 64L * pager.pageSize());
      for (int round = 0; round < 4 && pager.logBytesSince(plan) > enough; round++) {
        Pager.CheckpointPlan next;
        lock.writeLock().lock();
        try {
          if (closed) {
            return false;
          }
          next = pager.planCatchUp(plan);
        } finally {
          lock.writeLock().unlock();
        }
        if (next == null) {
          break;
        }
        pager.copyCheckpoint(next);
        plan = next;
      }
      lock.writeLock().lock();
      try {
        return !closed && pager.finishCheckpoint(plan);
      } finally {
        lock.writeLock().unlock();
      }
    } finally {
      pager.checkpointLock().unlock();
    }
  }

  /**
   * Commits, copies the WAL into the main file, then checks the whole file (see
   * {@link IntegrityChecker}) and reports every problem.
   */
  public CheckReport check() {
    pager.checkpointLock().lock();
    lock.writeLock().lock();
    try {
      ensureOpen();
      transactions.finish(transactions.commitWorkingLocked());
      pager.checkpoint();
      return IntegrityChecker.check(pager, catalog);
    } finally {
      lock.writeLock().unlock();
      pager.checkpointLock().unlock();
    }
  }

  /**
   * Commits, moves live pages from the end of the file into free pages nearer its start, then
   * returns the free pages at the end of the file to the operating system. Pages that an open
   * snapshot still reads are not free yet and stay. A few pages stay free in any case: the old
   * copies of the pages the vacuum's own last commit rewrote (copy-on-write frees them only after
   * that commit); the next writes reuse them.
   *
   * @return how many pages smaller the file is than before the call. Moving a page copies its
   *     parents, and the copies may first land past the old end of the file, so this can be fewer
   *     than the pages finally cut off; it is never negative.
   */
  public int vacuum() {
    pager.checkpointLock().lock(); // truncating the file checkpoints
    lock.writeLock().lock();
    try {
      ensureOpen();
      int pagesBefore = pager.pageCount();
      transactions.finish(transactions.commitWorkingLocked());
      transactions.reclaimLocked(); // what the commit above freed, if no snapshot still needs it
      // Copy-on-write moves live pages around, so live pages may sit near the end of the file:
      // move those above the live page count down into free pages, commit, reclaim, and repeat
      // while pages still move (each round's copies of parents may land high again).
      for (int round = 0; round < 8; round++) {
        int live = pager.pageCount() - pager.freeCount();
        if (live == pager.pageCount()) {
          break;
        }
        pager.orderFreeListLowFirst();
        int moved = catalog.relocate(live);
        for (Catalog.Entry e : catalog.entries()) {
          moved += treeLocked(e.name()).relocate(live);
        }
        if (moved == 0) {
          break;
        }
        transactions.finish(transactions.commitWorkingLocked());
        transactions.reclaimLocked();
      }
      pager.truncateFreeTail();
      transactions.publishLocked();
      return Math.max(0, pagesBefore - pager.pageCount());
    } finally {
      lock.writeLock().unlock();
      pager.checkpointLock().unlock();
    }
  }

  /** What recovery did when this database was opened. */
  public RecoveryReport recoveryReport() {
    return pager.recoveryReport();
  }

  /** Forces of the WAL so far; with concurrent committers, fewer than commits. */
  public long walForces() {
    return pager.walForces();
  }

  /** Bytes in the WAL's current generation. */
  public long walBytes() {
    return pager.walBytes();
  }

  /** Pages in the file, header and free pages included. */
  public int pageCount() {
    return pager.pageCount();
  }

  /** Pages on the free list. */
  public int freePageCount() {
    return pager.freeCount();
  }

  /**
   * Pages replaced or dropped by recent commits that wait until no open snapshot can read them
   * before they join the free list.
   */
  public int pendingFreePageCount() {
    return pager.pendingFreeCount();
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

  /**
   * Commits, checkpoints and closes. Closing twice is allowed.
   *
   * @throws StorageException after closing, if a background checkpoint failed and no commit was
   *     told so (the log still holds every commit: reopening recovers)
   */
  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.stop(); // before the locks: a checkpoint it is running needs them
    }
    pager.checkpointLock().lock(); // waits for a checkpoint copying without the write lock
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      transactions.shutdown();
      try {
        if (pager.isHealthy()) {
          // Direct changes: their new roots go into the catalog before the pager's final commit.
          transactions.commitWorkingLocked();
        }
      } finally {
        pager.close();
      }
    } finally {
      releaseProcessLock();
      lock.writeLock().unlock();
      pager.checkpointLock().unlock();
    }
    RuntimeException f = checkpointer == null ? null : checkpointer.takeFailure();
    if (f != null) {
      throw f;
    }
  }

  /** Checkpoints the background checkpointer has completed (0 in FULL mode, where committers run them). */
  long backgroundCheckpoints() {
    return checkpointer == null ? 0 : checkpointer.runs();
  }

  /** Log syncs the background checkpointer has run ahead of checkpoints (NORMAL mode only). */
  long backgroundSyncs() {
    return checkpointer == null ? 0 : checkpointer.syncs();
  }

  /** Whether the background checkpointer's thread is running. */
  boolean checkpointerRunning() {
    return checkpointer != null && checkpointer.isRunning();
  }

  /** The transaction layer's state, for diagnostics and tests. */
  public TransactionManager transactions() {
    return transactions;
  }

  /** Closes without committing or checkpointing: what a crash would leave (used by tests). */
  void abandon() {
    if (checkpointer != null) {
      checkpointer.stop();
    }
    pager.checkpointLock().lock();
    lock.writeLock().lock();
    try {
      closed = true;
      transactions.shutdown();
      pager.closeWithoutCommit();
    } finally {
      releaseProcessLock();
      lock.writeLock().unlock();
      pager.checkpointLock().unlock();
    }
  }

  private void releaseProcessLock() {
    if (processLock != null) {
      processLock.close();
      processLock = null;
    }
  }
}
