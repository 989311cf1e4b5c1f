package org.treestore.engine.page;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.treestore.engine.StorageException;

/**
 * A bounded cache of pages in fixed frames, with pinning and CLOCK eviction.
 *
 * <p><b>Design.</b> The pool owns {@code capacity} frames, created lazily up to the bound, and a
 * {@link PageTable} from page number to frame. A pinned frame is never evicted; an unpinned one is
 * chosen by the CLOCK hand, which gives each recently used frame a second chance. Frames are found,
 * pinned and unpinned under one short lock; file reads and write-backs happen outside it, so one
 * thread's miss does not stall other threads' hits. A frame being read is marked {@code loading};
 * threads that want the same page wait for it instead of reading it twice.
 *
 * <p><b>Dirty pages.</b> A dirty victim is written back before its frame is reused, and
 * {@link #flush} writes every dirty page, sorted by page number, at commit. (With the WAL the
 * write-back target becomes the log; the pool's contract stays the same.)
 *
 * <p><b>Sharp edges.</b> Every {@link #pin} must be paired with exactly one {@link #unpin}, in a
 * finally block: a leaked pin shrinks the pool for good, and a pool whose frames are all pinned
 * fails the next miss with an error that says so. Page bytes are not guarded by the pool: the
 * engine's locking (one writer or many readers) guards them.
 */
public final class BufferPool {
  /** Default pool size: 64 MiB. */
  public static final long DEFAULT_SIZE_BYTES = 64L << 20;
  /** The pool never has fewer frames than this, whatever the configured size. */
  public static final int MIN_FRAMES = 16;

  private static final VarHandle FRAMES = MethodHandles.arrayElementVarHandle(Page[].class);

  private final PageBacking file;
  private final int pageSize;
  private final Page[] frames;
  private int framesCreated;
  private final PageTable table;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition loaded = lock.newCondition();
  private int hand;
  /** Frames that became dirty since the last {@link #pinDirty}, each once; guarded by the lock. */
  private final Page[] dirtyList;
  private int dirtyListSize;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder writes = new LongAdder();

  /** Creates a pool over {@code file} holding at most {@code sizeBytes / pageSize} pages. */
  public BufferPool(PageBacking file, long sizeBytes) {
    this.file = file;
    this.pageSize = file.pageSize();
    long n = Math.max(MIN_FRAMES, sizeBytes / pageSize);
    if (n > (1 << 24)) {
      throw new IllegalArgumentException("buffer pool of " + sizeBytes + " bytes is too large");
    }
    this.frames = new Page[(int) n];
    this.dirtyList = new Page[(int) n];
    this.table = new PageTable((int) n);
  }

  /** The number of frames, that is the most pages the pool holds. */
  public int capacity() {
    return frames.length;
  }

  /**
   * Pins page {@code pageNo}, reading and verifying it if it is not cached.
   *
   * @throws org.treestore.engine.CorruptionException if the page fails its check
   */
  public Page pin(int pageNo) {
    return acquire(pageNo, true, true);
  }

  /**
   * Pins page {@code pageNo} for a reader that runs concurrently with the writer (a snapshot
   * reader). A miss takes a clean frame only: writing a dirty victim back would race with the
   * writer changing it. If every unpinned frame is dirty, the page is read into a private frame
   * outside the pool, which {@link #unpin} simply drops.
   */
  public Page pinForRead(int pageNo) {
    return acquire(pageNo, true, false);
  }

  /**
   * Pins a frame for page {@code pageNo} without reading it: for a page just allocated, whose old
   * bytes do not matter. The caller formats it; the page is marked dirty.
   */
  public Page pinNew(int pageNo) {
    return pinNew(pageNo, null);
  }

  /**
   * As {@link #pinNew(int)}, but the frame gets a copy of {@code content} (a whole page) instead
   * of zeros: for a copy-on-write copy, which would overwrite the zeros at once.
   */
  public Page pinNew(int pageNo, byte[] content) {
    Page p = acquire(pageNo, false, true, content);
    p.markDirty();
    return p;
  }

  private Page acquire(int pageNo, boolean read, boolean mayWriteBack) {
    return acquire(pageNo, read, mayWriteBack, null);
  }

  /** Pins {@code pageNo}; a frame not {@code read} gets {@code content}, or zeros if it is null. */
  private Page acquire(int pageNo, boolean read, boolean mayWriteBack, byte[] content) {
    if (read) {
      Page fast = pinCached(pageNo);
      if (fast != null) {
        return fast;
      }
    }
    lock.lock();
    try {
      while (true) {
        int idx = table.get(pageNo);
        if (idx >= 0) {
          Page p = frames[idx];
          if (!p.tryPin()) {
            continue; // cannot happen under the lock (claims finish inside it); stay safe
          }
          p.referenced = true;
          while (p.loading) {
            loaded.awaitUninterruptibly();
          }
          if (p.pageNo != pageNo) {
            // The read we waited for failed and released the frame: read it ourselves.
            p.unpinOnce();
            continue;
          }
          if (!read) {
            fill(p, content);
          }
          hits.increment();
          return p;
        }
        Page victim = findVictim(!mayWriteBack);
        if (victim == null) {
          lock.unlock();
          try {
            return readPrivate(pageNo);
          } finally {
            lock.lock();
          }
        }
        if (victim.isDirty()) {
          if (victim.tryPin()) {
            writeBackUnlocked(victim);
          }
          continue; // the table may have changed while unlocked
        }
        // Under the lock a frame shows -1 only when findVictim just created it (claimed already);
        // an old frame must be claimed now, which fails if a reader pinned it meanwhile.
        if (victim.pins != -1 && !victim.tryClaim()) {
          continue;
        }
        // The victim is claimed (pins == -1): no reader can pin it until it is set up again.
        if (victim.pageNo >= 0) {
          table.remove(victim.pageNo);
          evictions.increment();
        }
        victim.referenced = true;
        victim.source = -1;
        victim.loading = read;
        victim.pageNo = pageNo;
        victim.pins = 1;
        table.put(pageNo, victim.frameIndex);
        if (!read) {
          fill(victim, content);
          return victim;
        }
        misses.increment();
        lock.unlock();
        RuntimeException failure = null;
        try {
          file.readPage(pageNo, victim.data());
        } catch (RuntimeException e) {
          failure = e;
        } finally {
          lock.lock();
        }
        if (failure != null) {
          table.remove(pageNo);
          victim.pageNo = -1;
          victim.loading = false;
          victim.unpinOnce();
          loaded.signalAll();
          throw failure;
        }
        victim.loading = false;
        loaded.signalAll();
        return victim;
      }
    } finally {
      lock.unlock();
    }
  }

  private static void fill(Page p, byte[] content) {
    p.source = -1;
    if (content == null) {
      Arrays.fill(p.data(), (byte) 0);
    } else {
      System.arraycopy(content, 0, p.data(), 0, p.data().length);
    }
  }

  /**
   * The lock-free hit path: looks the page up without the lock, pins the frame with a
   * compare-and-set, then checks that the frame still holds the page. Any doubt (not found, frame
   * claimed, reassigned or still loading) returns null and the caller takes the locked path.
   */
  private Page pinCached(int pageNo) {
    Page p = pinIfCached(pageNo);
    if (p != null) {
      p.referenced = true;
      hits.increment();
    }
    return p;
  }

  /**
   * Pins {@code pageNo} if a frame holds it, without reading, evicting or counting a hit; null if
   * no frame does (or the lock-free look-up is in doubt). The pager uses it to find the pages a
   * commit's copies were made from.
   */
  Page pinIfCached(int pageNo) {
    int idx = table.getRacy(pageNo);
    if (idx < 0 || idx >= frames.length) {
      return null;
    }
    Page p = (Page) FRAMES.getAcquire(frames, idx);
    if (p == null || !p.tryPin()) {
      return null;
    }
    if (p.pageNo == pageNo && !p.loading) {
      return p;
    }
    p.unpinOnce();
    return null;
  }

  /** Writes a dirty frame the caller pinned back with the lock released; called and returns with the lock held. */
  private void writeBackUnlocked(Page victim) {
    lock.unlock();
    try {
      writeOut(victim);
    } finally {
      lock.lock();
      victim.unpinOnce();
    }
  }

  private void writeOut(Page p) {
    file.writeBack(p.pageNo, p.data());
    p.clearDirty();
    writes.increment();
  }

  /** Reads a page into a frame of its own, not in the pool (see {@link #pinForRead}). */
  private Page readPrivate(int pageNo) {
    Page p = new Page(this, -1, pageSize);
    p.pageNo = pageNo;
    p.pins = 1;
    misses.increment();
    file.readPage(pageNo, p.data());
    return p;
  }

  /**
   * CLOCK: the first unpinned frame whose reference bit is clear, clearing bits as it passes. A new
   * frame is returned claimed (pins == -1); an old one unpinned but not yet claimed. With
   * {@code cleanOnly}, dirty frames are passed over and null is returned if no clean one is found.
   */
  private Page findVictim(boolean cleanOnly) {
    if (framesCreated < frames.length) {
      Page p = new Page(this, framesCreated, pageSize);
      FRAMES.setRelease(frames, framesCreated, p);
      framesCreated++;
      return p;
    }
    for (int steps = 0; steps < 2 * frames.length + 1; steps++) {
      Page p = frames[hand];
      hand = hand + 1 == frames.length ? 0 : hand + 1;
      if (p.pins != 0 || p.loading || (cleanOnly && p.isDirty())) {
        continue;
      }
      if (p.referenced) {
        p.referenced = false;
        continue;
      }
      return p;
    }
    if (cleanOnly) {
      return null;
    }
    throw new StorageException(file.name() + ": buffer pool exhausted: all " + frames.length
        + " frames are pinned (raise the cache size, or a pin was leaked)");
  }

  /** Releases one pin on {@code page}. */
  public void unpin(Page page) {
    if (page.unpinOnce() < 0) {
      page.tryPin(); // undo: the count must not stay negative, which would mean "claimed"
      throw new IllegalStateException("page " + page.pageNo + " unpinned more often than pinned");
    }
  }

  /**
   * Pins every dirty page and returns them sorted by page number, for a commit to log them. The
   * caller hands them back with {@link #cleanAndUnpin}.
   */
  public Page[] pinDirty() {
    lock.lock();
    try {
      // Only frames dirtied since the last commit are looked at, not the whole pool: a commit's
      // cost follows its size, not the cache size.
      Page[] dirty = new Page[dirtyListSize];
      int n = 0;
      for (int i = 0; i < dirtyListSize; i++) {
        Page p = dirtyList[i];
        dirtyList[i] = null;
        p.listed = false;
        if (p.isDirty() && p.pageNo >= 0 && p.tryPin()) {
          dirty[n++] = p;
        }
      }
      dirtyListSize = 0;
      dirty = n == dirty.length ? dirty : Arrays.copyOf(dirty, n);
      Arrays.sort(dirty, Comparator.comparingInt(Page::pageNo));
      return dirty;
    } finally {
      lock.unlock();
    }
  }

  /** Records a frame that just became dirty (called by {@link Page#markDirty}). */
  void noteDirty(Page p) {
    lock.lock();
    try {
      if (!p.listed) {
        p.listed = true;
        dirtyList[dirtyListSize++] = p;
      }
    } finally {
      lock.unlock();
    }
  }

  private int countDirty() {
    int n = 0;
    for (int i = 0; i < framesCreated; i++) {
      if (frames[i].isDirty() && frames[i].pageNo >= 0) {
        n++;
      }
    }
    return n;
  }

  /** Marks pages returned by {@link #pinDirty} clean (if {@code clean}) and releases their pins. */
  public void cleanAndUnpin(Page[] pages, boolean clean) {
    lock.lock();
    try {
      for (Page p : pages) {
        if (clean) {
          p.clearDirty();
          p.source = -1;
          writes.increment();
        } else if (p.isDirty() && !p.listed) {
          p.listed = true; // still dirty (the commit failed): the next commit must see it
          dirtyList[dirtyListSize++] = p;
        }
        p.unpinOnce();
      }
    } finally {
      lock.unlock();
    }
  }


  /** Writes every dirty page to the backing, in page-number order; returns how many were written. */
  public int flush() {
    Page[] dirty = pinDirty();
    try {
      for (Page p : dirty) {
        writeOut(p);
      }
    } finally {
      cleanAndUnpin(dirty, false);
    }
    return dirty.length;
  }

  /**
   * Forgets every cached page numbered {@code fromPageNo} or above, dirty or not: used after the
   * file was cut shorter, when those pages no longer exist.
   *
   * @throws IllegalStateException if one of them is pinned
   */
  public void discardFrom(int fromPageNo) {
    lock.lock();
    try {
      for (int i = 0; i < framesCreated; i++) {
        Page p = frames[i];
        if (p.pageNo >= fromPageNo) {
          if (!p.tryClaim()) {
            throw new IllegalStateException("page " + p.pageNo + " is pinned and cannot be discarded");
          }
          table.remove(p.pageNo);
          p.pageNo = -1;
          p.clearDirty();
          p.referenced = false;
          p.pins = 0;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Number of dirty pages cached now. */
  public int dirtyCount() {
    lock.lock();
    try {
      return countDirty();
    } finally {
      lock.unlock();
    }
  }

  /** Number of pins currently held, over all frames (0 when the engine is idle). */
  public int pinnedCount() {
    lock.lock();
    try {
      int n = 0;
      for (int i = 0; i < framesCreated; i++) {
        n += Math.max(0, frames[i].pins);
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Pins served from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Pins that read the page from the file. */
  public long misses() {
    return misses.sum();
  }

  /** Frames taken from one page for another. */
  public long evictions() {
    return evictions.sum();
  }

  /** Pages written back (on eviction or flush). */
  public long writes() {
    return writes.sum();
  }
}
