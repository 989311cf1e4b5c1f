package org.treestore.engine.page;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.Durability;
import org.treestore.engine.FormatException;
import org.treestore.engine.StorageException;
import org.treestore.engine.io.FileIo;
import org.treestore.engine.wal.GroupCommit;
import org.treestore.engine.wal.RecoveryReport;
import org.treestore.engine.wal.Wal;

/**
 * The page space of one database: the header, the buffer pool, allocation and freeing, and the
 * write-ahead log that makes commits atomic and durable.
 *
 * <p><b>Reads</b> go through the buffer pool to the newest image of a page: a WAL frame if the log
 * holds one, else the main file. <b>Commits</b> append every dirty page and then the header page
 * (the commit frame) to the WAL; the main file is written only by {@link #checkpoint}, which copies
 * the newest committed frame of each page into it, forces it and starts a new log generation. A
 * dirty page evicted before its commit goes to the WAL as a pending frame, never to the main file,
 * so the main file only ever holds committed pages and recovery never needs to undo.
 *
 * <p><b>Failures.</b> A failed write or force of the log or the main file is fatal: the pager
 * remembers it and refuses every later change; reopening recovers from the WAL.
 *
 * <p>Thread-safety: the engine calls the changing methods with its write lock held and lets readers
 * pin pages concurrently; {@link #awaitDurable} is called with no lock held, so committers share
 * forces ({@link GroupCommit}).
 */
public final class Pager implements AutoCloseable {
  private final PageFile file;
  private final Wal wal;
  private final GroupCommit group;
  private final BufferPool pool;
  private final FileHeader header;
  private final FreeList freeList;
  private final PendingFreeList pendingFree;
  /** Pages allocated since the last commit: no snapshot can see them, so they change in place. */
  private final java.util.BitSet fresh = new java.util.BitSet();
  private int[] freshList = new int[64];
  private int freshCount;
  /** The oldest commit an open snapshot shows, when a transaction layer is attached. */
  private java.util.function.LongSupplier reclaimHorizon;
  private final byte[] headerPage;
  private final byte[] committedHeader;
  private final Durability durability;
  private final long checkpointBytes;
  private final RecoveryReport recovery;
  private final java.util.concurrent.locks.ReentrantLock checkpointLock = new java.util.concurrent.locks.ReentrantLock();
  private volatile RuntimeException failure;
  private volatile boolean closed;

  private Pager(PageFile file, Wal wal, FileHeader header, long cacheBytes, Durability durability,
      long checkpointBytes, RecoveryReport recovery) {
    this.file = file;
    this.wal = wal;
    this.header = header;
    this.durability = durability;
    this.checkpointBytes = checkpointBytes;
    this.recovery = recovery;
    this.group = new GroupCommit(wal.lastCommitSeq());
    this.pool = new BufferPool(new Backing(), cacheBytes);
    this.freeList = new FreeList(pool, header, file.name());
    this.pendingFree = new PendingFreeList(pool, header, freeList, file.name(), t -> allocate(t, false));
    this.headerPage = new byte[file.pageSize()];
    this.committedHeader = new byte[file.pageSize()];
    header.writeTo(headerPage);
    header.writeTo(committedHeader);
  }

  /**
   * Opens the database in {@code io} with its log in {@code walIo}: recovers committed frames from
   * the log into the main file, or creates an empty database if both are empty.
   *
   * @param pageSizeForNew the page size of a new database; an existing one keeps its own
   * @throws FormatException if the file is not a TreeStore database this build can read
   * @throws CorruptionException if the header is damaged, the file is shorter than it says, or the
   *     log holds damage that a torn write cannot explain
   */
  public static Pager open(FileIo io, FileIo walIo, int pageSizeForNew, long cacheBytes,
      Durability durability, long checkpointBytes) {
    long mainSize = sizeOf(io);
    int logged = Wal.probePageSize(walIo);
    int pageSize = 0;
    if (mainSize > 0) {
      try {
        pageSize = FileHeader.probePageSize(io);
      } catch (FormatException e) {
        if (logged == 0) {
          throw e;
        }
        // Page 0 may have been torn by a checkpoint; the log repairs it (re-checked below).
      }
    }
    if (pageSize == 0) {
      pageSize = logged > 0 ? logged : pageSizeForNew;
    }
    if (!PageLayout.isValidPageSize(pageSize)) {
      throw new IllegalArgumentException("page size " + pageSize + " is not supported: use 4096, 8192 or 16384");
    }
    PageFile file = new PageFile(io, pageSize);
    byte[] page0 = new byte[pageSize];
    long mainCounter = 0;
    if (mainSize >= pageSize) {
      try {
        file.read(0, page0);
        mainCounter = FileHeader.parse(page0).commitCounter;
      } catch (CorruptionException tornHeader) {
        // A checkpoint may have torn page 0; the log still holds its committed image.
      }
    }
    Wal wal = Wal.open(walIo, pageSize, mainCounter);
    RecoveryReport report = wal.recoveryReport();
    boolean sync = durability != Durability.OFF;
    if (wal.committedPageCount() > 0) {
      copyCommittedFrames(wal, file, pageSize, sync, wal.committedPages(), wal.lastCommitSeq(), 0);
      wal.reset();
    }
    if (sync) {
      wal.force(); // a header rewritten by recovery or reset must be on disk before frames follow it
    }
    long size = sizeOf(io);
    FileHeader h;
    if (size == 0) {
      // A new database. Its header reaches the main file only through the log (the first commit
      // logs page 0, a checkpoint copies it), so a crash while creating it leaves either nothing
      // or a complete database, never a torn header.
      h = FileHeader.fresh(pageSize);
    } else {
      FileHeader.probePageSize(io);
      file.read(0, page0);
      if (page0[PageLayout.TYPE] != PageType.HEADER) {
        throw new CorruptionException(io.name(), 0, "page 0 is a " + PageType.name(page0[0]) + " page, not the header");
      }
      h = FileHeader.parse(page0);
      if (h.pageCount < 1 || (long) h.pageCount * pageSize > size) {
        throw new CorruptionException(io.name(), -1, "the header counts " + h.pageCount + " pages of "
            + pageSize + " bytes but the file holds " + size + " bytes (truncated file?)");
      }
    }
    return new Pager(file, wal, h, cacheBytes, durability, checkpointBytes, report);
  }

  /**
   * Copies the frames of {@code committed} (page → frame offset) at or after {@code minOffset} into
   * the main file, writes page 0 with commit counter {@code counter}, then forces the file.
   */
  private static void copyCommittedFrames(Wal wal, PageFile file, int pageSize, boolean sync,
      Map<Integer, Long> committed, long counter, long minOffset) {
    byte[] buf = new byte[pageSize];
    int pageCount = Integer.MAX_VALUE;
    Map<Integer, Long> pages = new TreeMap<>(committed);
    Long headerFrame = pages.get(0);
    if (headerFrame != null) {
      wal.readPageAt(headerFrame, 0, buf);
      pageCount = FileHeader.parse(buf).pageCount;
    }
    for (Map.Entry<Integer, Long> e : pages.entrySet()) {
      int pageNo = e.getKey();
      if (pageNo == 0 || pageNo >= pageCount || e.getValue() < minOffset) {
        continue; // page 0 below; pages past the count were freed and cut off by a vacuum
      }
      wal.readPageAt(e.getValue(), pageNo, buf);
      file.writeStamped(pageNo, buf);
    }
    // Commits that changed only the counter did not log page 0, so page 0 (from the log or the
    // main file) always gets the last commit's number: recovery and the torn-tail check rely on
    // the main file knowing the last sequence number of the generation it absorbed.
    if (headerFrame != null) {
      wal.readPageAt(headerFrame, 0, buf);
    } else {
      file.read(0, buf);
    }
    Bytes.putLong(buf, FileHeader.COMMIT_COUNTER_OFF, counter);
    PageLayout.stamp(0, buf, pageSize);
    file.writeStamped(0, buf);
    if (pageCount != Integer.MAX_VALUE && file.sizeBytes() > (long) pageCount * pageSize) {
      file.truncate(pageCount);
    }
    if (sync) {
      file.force(true);
    }
  }

  private static long sizeOf(FileIo io) {
    try {
      return io.size();
    } catch (java.io.IOException e) {
      throw new StorageException(io.name() + ": cannot read the file size: " + e.getMessage(), e);
    }
  }

  /** Reads through the log, and sends evicted dirty pages to the log as pending frames. */
  private final class Backing implements PageBacking {
    @Override
    public void readPage(int pageNo, byte[] dst) {
      if (!wal.read(pageNo, dst)) {
        file.read(pageNo, dst);
      }
    }

    @Override
    public void writeBack(int pageNo, byte[] src) {
      ensureWritable();
      try {
        wal.appendPending(pageNo, src, group.durable());
      } catch (RuntimeException e) {
        throw fail(e);
      }
    }

    @Override
    public int pageSize() {
      return file.pageSize();
    }

    @Override
    public String name() {
      return file.name();
    }
  }

  /** The page size in bytes. */
  public int pageSize() {
    return file.pageSize();
  }

  /** The file name, for messages. */
  public String fileName() {
    return file.name();
  }

  /** The main file, for the integrity check's raw reads (complete after {@link #checkpoint}). */
  public PageFile file() {
    return file;
  }

  /** The buffer pool, for its counters. */
  public BufferPool pool() {
    return pool;
  }

  /** What recovery did when the database was opened. */
  public RecoveryReport recoveryReport() {
    return recovery;
  }

  /** Forces of the log so far (fewer than commits when committers share them). */
  public long walForces() {
    return group.forces();
  }

  /** Bytes of frames in the log's current generation. */
  public long walBytes() {
    return wal.sizeBytes();
  }

  /** The durability mode. */
  public Durability durability() {
    return durability;
  }

  /** Pages in use, including page 0 and free pages. */
  public int pageCount() {
    return header.pageCount;
  }

  /** Pages on the free list. */
  public int freeCount() {
    return header.freeCount;
  }

  /** The catalog root page, 0 before the catalog exists. */
  public int catalogRoot() {
    return header.catalogRoot;
  }

  /** Records the catalog root page (it moves with every commit that changes the catalog). */
  public void setCatalogRoot(int pageNo) {
    header.catalogRoot = pageNo;
  }

  /** Commits so far. */
  public long commitCounter() {
    return header.commitCounter;
  }

  /**
   * Pins page {@code pageNo}, which must exist and carry type tag {@code expectedType}.
   *
   * @throws CorruptionException naming the page if it is outside the file, damaged or of another type
   */
  public Page pin(int pageNo, byte expectedType) {
    checkPageNo(pageNo);
    Page p = pool.pin(pageNo);
    if (p.type() != expectedType) {
      int actual = p.type();
      pool.unpin(p);
      throw new CorruptionException(file.name(), pageNo,
          "expected a " + PageType.name(expectedType) + " page, found a " + PageType.name(actual) + " page");
    }
    return p;
  }

  /** Pins page {@code pageNo} whatever its type (the caller dispatches on it). */
  public Page pin(int pageNo) {
    checkPageNo(pageNo);
    return pool.pin(pageNo);
  }

  private void checkPageNo(int pageNo) {
    if (pageNo <= 0 || pageNo >= header.pageCount) {
      throw new CorruptionException(file.name(), pageNo,
          "page pointer outside the file (page count " + header.pageCount + ")");
    }
  }

  /** Releases a pin taken by {@link #pin} or {@link #allocate}. */
  public void unpin(Page page) {
    pool.unpin(page);
  }

  /** Allocates a page, reusing a free one if there is any: returned pinned, zeroed, typed and dirty. */
  public Page allocate(byte type) {
    return allocate(type, true, null);
  }

  /**
   * Allocates a page holding a copy of {@code content} (a whole page, type tag included): a
   * copy-on-write copy, without zeroing the frame first. Returned pinned and dirty.
   */
  public Page allocateCopy(byte[] content) {
    return allocate(content[PageLayout.TYPE], true, content);
  }

  /**
   * As {@link #allocateCopy(byte[])}, for a copy of committed page {@code sourcePageNo} holding
   * {@code content}: the commit may log the copy as the bytes that differ from the source.
   */
  public Page allocateCopy(byte[] content, int sourcePageNo) {
    Page p = allocate(content[PageLayout.TYPE], true, content);
    p.source = sourcePageNo;
    return p;
  }

  private Page allocate(byte type, boolean mayReclaim) {
    return allocate(type, mayReclaim, null);
  }

  private Page allocate(byte type, boolean mayReclaim, byte[] content) {
    int pageNo = freeList.allocate();
    if (pageNo == 0 && mayReclaim && header.pendingCount > 0 && reclaimHorizon != null) {
      // Reuse pages replaced by earlier commits as soon as no snapshot needs them, rather than
      // waiting for the next commit to reclaim them: a batch of changes does not grow the file
      // while reusable pages exist. (Never from inside the pending list's own allocation.)
      reclaimOrFail(reclaimHorizon.getAsLong());
      pageNo = freeList.allocate();
    }
    if (pageNo == 0) {
      pageNo = header.pageCount;
      if (pageNo == Integer.MAX_VALUE) {
        throw new StorageException(file.name() + ": the file has reached the maximum page count");
      }
      header.pageCount++;
    }
    Page p = pool.pinNew(pageNo, content);
    p.data()[PageLayout.TYPE] = type;
    if (!fresh.get(pageNo)) {
      fresh.set(pageNo);
      if (freshCount == freshList.length) {
        freshList = Arrays.copyOf(freshList, freshCount * 2);
      }
      freshList[freshCount++] = pageNo;
    }
    return p;
  }

  /**
   * Whether page {@code pageNo} was allocated since the last commit. Such a page is invisible to
   * every snapshot, so the writer may change it in place; any other page must be copied first.
   */
  public boolean isFresh(int pageNo) {
    return fresh.get(pageNo);
  }

  /**
   * Gives up page {@code pageNo}, which the caller no longer references and holds no pin on. A page
   * allocated since the last commit goes straight to the free list; any other page may still be
   * read by a snapshot, so it waits on the pending-free list, tagged with the coming commit, until
   * {@link #reclaim} finds no snapshot that old.
   */
  public void release(int pageNo) {
    checkPageNo(pageNo);
    if (fresh.get(pageNo)) {
      fresh.clear(pageNo); // its slot in freshList stays; clearing a clear bit is harmless
      freeList.free(pageNo);
    } else {
      pendingFree.add(pageNo, nextCommitSeq());
    }
  }

  /**
   * Moves pages freed by commits at or below {@code horizon} (the oldest sequence number any open
   * snapshot shows) from the pending-free list to the free list.
   *
   * @return the number of pages moved
   */
  public int reclaim(long horizon) {
    ensureWritable();
    return reclaimOrFail(horizon);
  }

  /** A reclaim that fails half-way leaves the lists half moved: nothing may be committed after it. */
  private int reclaimOrFail(long horizon) {
    try {
      return pendingFree.reclaim(horizon);
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /**
   * Lets {@link #allocate} reclaim pending-free pages when the free list runs dry, using
   * {@code horizon} for the oldest commit an open snapshot shows.
   */
  public void setReclaimHorizon(java.util.function.LongSupplier horizon) {
    this.reclaimHorizon = horizon;
  }

  /** The sequence number the next commit will get. */
  public long nextCommitSeq() {
    return wal.lastCommitSeq() + 1;
  }

  /** Pages waiting on the pending-free list. */
  public int pendingFreeCount() {
    return header.pendingCount;
  }

  /** The oldest pending-free trunk, 0 if the list is empty. */
  public int pendingFreeHead() {
    return header.pendingHead;
  }

  /** Entries one pending-free trunk holds. */
  public int pendingFreeTrunkCapacity() {
    return pendingFree.trunkCapacity();
  }

  /**
   * Pins page {@code pageNo} for a reader that does not hold the writer's lock: a miss never writes
   * a dirty page back (the writer may be changing it), see {@link BufferPool#pinForRead}.
   */
  public Page pinForRead(int pageNo) {
    checkPageNo(pageNo);
    return pool.pinForRead(pageNo);
  }

  /**
   * Marks the pager failed: it refuses every later change. For a writer that cannot finish a change
   * it started (the working state is half changed and must never be committed).
   */
  public RuntimeException markFailed(RuntimeException e) {
    return fail(e);
  }

  private void clearFresh() {
    for (int i = 0; i < freshCount; i++) {
      fresh.clear(freshList[i]);
    }
    freshCount = 0;
    if (freshList.length > 4096) {
      freshList = new int[64];
    }
  }

  /** Entries one free-list trunk holds. */
  public int freeListTrunkCapacity() {
    return freeList.trunkCapacity();
  }

  /** The first free-list trunk, 0 if the list is empty. */
  public int freeListHead() {
    return header.freeHead;
  }

  /**
   * Throws if the database may not be changed: it is closed, or an earlier write or force failed.
   */
  public void ensureWritable() {
    if (closed) {
      throw new StorageException(file.name() + " is closed");
    }
    RuntimeException f = failure;
    if (f != null) {
      throw new StorageException(file.name() + " refuses changes after an earlier I/O failure ("
          + f.getMessage() + "); close and reopen it to recover from the WAL", f);
    }
  }

  /** Whether the pager is open and has not failed. */
  public boolean isHealthy() {
    return failure == null && !closed;
  }

  private RuntimeException fail(RuntimeException e) {
    if (failure == null) {
      failure = e;
    }
    return e;
  }

  /**
   * Appends every change since the last commit to the log as one commit (dirty pages, then the
   * header page as the commit frame) and returns its sequence number. The commit is not yet forced:
   * call {@link #awaitDurable} without holding the engine's lock.
   */
  public long commitAppend() {
    ensureWritable();
    Page[] dirty = pool.pinDirty();
    header.commitCounter = wal.lastCommitSeq() + 1;
    header.writeFieldsTo(headerPage); // only ever written by the header: its tail stays zero
    boolean headerChanged = !sameHeaderIgnoringCounter(headerPage, committedHeader);
    if (dirty.length == 0 && !headerChanged && !wal.hasPending()) {
      pool.cleanAndUnpin(dirty, false);
      clearFresh();
      return wal.lastCommitSeq();
    }
    // Page 0 is logged only when more than its commit counter changed, or when no other page can
    // carry the commit mark; checkpoints restore the counter from the log.
    boolean withHeader = headerChanged || dirty.length == 0;
    long seq;
    Page[] pinnedSources = null;
    try {
      // The committed pages the dirty ones were copied from, where still in the pool: the log
      // writes a copy as the bytes that differ (a source is never reused before this commit).
      byte[][] sources = null;
      for (int i = 0; i < dirty.length; i++) {
        int src = dirty[i].source();
        Page s = src > 0 ? pool.pinIfCached(src) : null;
        if (s == null) {
          continue;
        }
        if (sources == null) {
          sources = new byte[dirty.length][];
          pinnedSources = new Page[dirty.length];
        }
        pinnedSources[i] = s;
        sources[i] = s.isDirty() ? null : s.data();
      }
      seq = wal.appendCommit(dirty, sources, withHeader ? headerPage : null, header.pageCount, group.durable());
    } catch (RuntimeException e) {
      pool.cleanAndUnpin(dirty, false);
      throw fail(e);
    } finally {
      if (pinnedSources != null) {
        for (Page s : pinnedSources) {
          if (s != null) {
            pool.unpin(s);
          }
        }
      }
    }
    pool.cleanAndUnpin(dirty, true);
    clearFresh();
    group.appended(seq);
    if (withHeader) {
      System.arraycopy(headerPage, 0, committedHeader, 0, headerPage.length);
    }
    return seq;
  }

  private static boolean sameHeaderIgnoringCounter(byte[] a, byte[] b) {
    int c = FileHeader.COMMIT_COUNTER_OFF;
    return Arrays.equals(a, PageLayout.HEADER_SIZE, c, b, PageLayout.HEADER_SIZE, c)
        && Arrays.equals(a, c + 8, a.length, b, c + 8, b.length);
  }

  /** In {@link Durability#FULL} mode, returns once commit {@code seq} is on disk (sharing forces). */
  public void awaitDurable(long seq) {
    if (durability != Durability.FULL) {
      return;
    }
    try {
      group.awaitDurable(seq, wal::force);
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /**
   * In {@link Durability#NORMAL} mode, forces the log through every commit appended so far, with no
   * lock held (committers go on appending; the group commit shares the force with any other). For
   * the background checkpointer, ahead of a checkpoint. Does nothing in the other modes: OFF never
   * forces, FULL forced every commit already.
   */
  public void syncLog() {
    if (durability != Durability.NORMAL) {
      return;
    }
    ensureWritable();
    try {
      group.forceAll(wal::force);
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /** Whether the log has grown past the checkpoint threshold. */
  public boolean needsCheckpoint() {
    return wal.sizeBytes() >= checkpointBytes;
  }

  /**
   * Whether the log has grown past twice the checkpoint threshold: checkpoints that run in the
   * background are falling behind, and committers should wait for one.
   */
  public boolean checkpointOverdue() {
    return wal.sizeBytes() >= 2 * checkpointBytes;
  }

  /**
   * Copies every committed page from the log into the main file, forces it, and starts a new log
   * generation. Skipped (returns false) while pending frames of an uncommitted change are in the
   * log. A crash at any point is safe: until the new generation starts, the log still holds every
   * committed frame and replaying them again is idempotent.
   */
  public boolean checkpoint() {
    return copyRestAndReset(0);
  }

  /** What a checkpoint in three phases copies: the committed frames as of one commit. */
  public static final class CheckpointPlan {
    final Map<Integer, Long> frames;
    final long endOffset;
    final long seq;

    CheckpointPlan(Map<Integer, Long> frames, long endOffset, long seq) {
      this.frames = frames;
      this.endOffset = endOffset;
      this.seq = seq;
    }
  }

  /**
   * Checkpoint phase 1, with the engine's write lock held: notes the committed frames to copy.
   * Returns null if the log holds pending frames of an uncommitted change (no checkpoint then).
   *
   * <p>The three phases let commits continue while the bulk of the checkpoint (copying and forcing
   * the main file) runs: phase 2 holds no lock. It only writes pages that the log still holds, so
   * readers, who read a page from the log whenever it has one, never see the main file mid-copy;
   * and a crash in phase 2 leaves the log complete (recovery replays the whole generation over
   * whatever the main file holds). Phase 3 copies what was committed meanwhile and resets the log.
   * The caller serializes checkpoints ({@link #checkpointLock}).
   */
  public CheckpointPlan planCheckpoint() {
    ensureWritable();
    if (wal.hasPending()) {
      return null;
    }
    return new CheckpointPlan(wal.committedPages(), wal.endOffset(), wal.lastCommitSeq());
  }

  /**
   * Checkpoint phase 1 again, for a catch-up round, with the engine's write lock held: notes the
   * frames committed since {@code done} was planned (the newest frame of each page changed since).
   * Copying them without the lock ({@link #copyCheckpoint}) leaves phase 3, which holds the lock,
   * less to copy and force. Returns null if the log holds pending frames of an uncommitted change.
   */
  public CheckpointPlan planCatchUp(CheckpointPlan done) {
    ensureWritable();
    if (wal.hasPending()) {
      return null;
    }
    Map<Integer, Long> frames = wal.committedPages();
    frames.values().removeIf(offset -> offset < done.endOffset);
    return new CheckpointPlan(frames, wal.endOffset(), wal.lastCommitSeq());
  }

  /** Bytes appended to the log since {@code plan} was made (a hint: read without the lock). */
  public long logBytesSince(CheckpointPlan plan) {
    return wal.endOffset() - plan.endOffset;
  }

  /** The checkpoint threshold in bytes. */
  public long checkpointBytes() {
    return checkpointBytes;
  }

  /**
   * Checkpoint phase 2, without the engine's lock: makes the log durable through the plan's commit
   * (the main file must never get ahead of the durable log), copies the plan's frames into the main
   * file and forces it.
   */
  public void copyCheckpoint(CheckpointPlan plan) {
    ensureWritable();
    boolean sync = durability != Durability.OFF;
    try {
      if (sync) {
        group.awaitDurable(plan.seq, wal::force);
      }
      copyCommittedFrames(wal, file, file.pageSize(), sync, plan.frames, plan.seq, 0);
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /**
   * Checkpoint phase 3, with the engine's write lock held: copies the frames committed since the
   * plan, forces, and starts a new log generation. Returns false (the log stays as it is) if pending
   * frames of an uncommitted change are in the log now.
   */
  public boolean finishCheckpoint(CheckpointPlan plan) {
    return copyRestAndReset(plan.endOffset);
  }

  /**
   * Copies the committed frames at or after {@code minOffset} (those before it were copied by
   * phase 2) into the main file, forces it, and starts a new log generation.
   */
  private boolean copyRestAndReset(long minOffset) {
    ensureWritable();
    if (wal.hasPending()) {
      return false;
    }
    boolean sync = durability != Durability.OFF;
    try {
      if (sync) {
        group.forceAll(wal::force);
      }
      copyCommittedFrames(wal, file, file.pageSize(), sync, wal.committedPages(), wal.lastCommitSeq(), minOffset);
      wal.reset();
      if (sync) {
        wal.force();
      }
      wal.truncateIfLarger(2 * checkpointBytes);
      return true;
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  /** Serializes checkpoints; taken before the engine's write lock, never after it. */
  public java.util.concurrent.locks.ReentrantLock checkpointLock() {
    return checkpointLock;
  }

  /**
   * Rebuilds the free list so that {@link #allocate} hands out its pages roughly in ascending page
   * order (a vacuum then moves live pages down into the holes).
   */
  public void orderFreeListLowFirst() {
    ensureWritable();
    List<Integer> free = freeList.pages();
    free.sort(Collections.reverseOrder());
    freeList.clear();
    // Freeing in descending order fills each trunk with falling numbers; allocation pops a trunk's
    // entries from the end, so the lowest come out first.
    for (int pageNo : free) {
      freeList.free(pageNo);
    }
  }

  /**
   * Returns free pages at the end of the file to the operating system: the free list is rebuilt
   * from the free pages that stay, the change is committed, and a checkpoint cuts the file.
   *
   * @return the number of pages cut off
   */
  public int truncateFreeTail() {
    ensureWritable();
    List<Integer> free = freeList.pages();
    Collections.sort(free);
    int newCount = header.pageCount;
    for (int i = free.size() - 1; i >= 0 && free.get(i) == newCount - 1; i--) {
      newCount--;
    }
    int cut = header.pageCount - newCount;
    if (cut > 0) {
      List<Integer> keep = new ArrayList<>(free.subList(0, free.size() - cut));
      pool.discardFrom(newCount);
      freeList.clear();
      header.pageCount = newCount;
      for (int pageNo : keep) {
        freeList.free(pageNo);
      }
    }
    long seq = commitAppend();
    if (durability == Durability.FULL) {
      awaitDurable(seq);
    }
    checkpoint();
    return cut;
  }

  /** Commits, checkpoints and closes both files. After an I/O failure, only closes them. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (failure == null) {
        long seq = commitAppend();
        awaitDurable(seq);
        if (checkpoint()) {
          wal.truncateIfLarger(0); // a cleanly closed database leaves only the log header
        }
      }
    } finally {
      closed = true;
      closeFiles();
    }
  }

  /** Closes both files without writing anything: what a crash leaves (used by tests). */
  public void closeWithoutCommit() {
    closed = true;
    closeFiles();
  }

  private void closeFiles() {
    RuntimeException first = null;
    try {
      wal.close();
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      file.io().close();
    } catch (java.io.IOException e) {
      if (first == null) {
        first = new StorageException(file.name() + ": close failed: " + e.getMessage(), e);
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
