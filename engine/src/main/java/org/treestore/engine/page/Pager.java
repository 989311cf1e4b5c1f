package org.treestore.engine.page;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.FormatException;
import org.treestore.engine.StorageException;
import org.treestore.engine.io.FileIo;

/**
 * The page space of one database file: the header, the buffer pool, allocation and freeing.
 *
 * <p>Everything above (B+Trees, the catalog, the integrity check) asks the pager for pages by number
 * and never touches the file. Allocation takes a page off the free list before it grows the file.
 * {@link #commit} writes every dirty page and then the header, and forces the file.
 *
 * <p><b>Atomicity.</b> In format 1 without a WAL, a crash in the middle of {@link #commit} can leave a
 * mix of old and new pages. The WAL (docs/architecture.md) will route commit writes through the log
 * first; this class is where that switch happens.
 *
 * <p>Not thread-safe for writers: the engine serializes writes (one writer) and lets readers pin
 * pages concurrently, which the buffer pool supports.
 */
public final class Pager implements AutoCloseable {
  private final PageFile file;
  private final BufferPool pool;
  private final FileHeader header;
  private final FreeList freeList;
  private final byte[] headerPage;
  private boolean closed;

  private Pager(PageFile file, FileHeader header, long cacheBytes) {
    this.file = file;
    this.header = header;
    this.pool = new BufferPool(file, cacheBytes);
    this.freeList = new FreeList(pool, header, file.name());
    this.headerPage = new byte[file.pageSize()];
  }

  /**
   * Opens the database in {@code io}, or creates an empty one (header only) if the file is empty.
   *
   * @param pageSizeForNew the page size of a new file; an existing file keeps its own
   * @throws FormatException if the file is not a TreeStore database this build can read
   * @throws CorruptionException if the header page is damaged or the file is shorter than it says
   */
  public static Pager open(FileIo io, int pageSizeForNew, long cacheBytes) {
    long size;
    try {
      size = io.size();
    } catch (java.io.IOException e) {
      throw new StorageException(io.name() + ": cannot read the file size: " + e.getMessage(), e);
    }
    if (size == 0) {
      if (!PageLayout.isValidPageSize(pageSizeForNew)) {
        throw new IllegalArgumentException("page size " + pageSizeForNew
            + " is not supported: use 4096, 8192 or 16384");
      }
      Pager p = new Pager(new PageFile(io, pageSizeForNew), FileHeader.fresh(pageSizeForNew), cacheBytes);
      p.writeHeader();
      return p;
    }
    int pageSize = FileHeader.probePageSize(io);
    PageFile file = new PageFile(io, pageSize);
    byte[] page0 = new byte[pageSize];
    file.read(0, page0);
    if (page0[PageLayout.TYPE] != PageType.HEADER) {
      throw new CorruptionException(io.name(), 0, "page 0 is a " + PageType.name(page0[0]) + " page, not the header");
    }
    FileHeader h = FileHeader.parse(page0);
    if (h.pageCount < 1 || (long) h.pageCount * pageSize > size) {
      throw new CorruptionException(io.name(), -1, "the header counts " + h.pageCount + " pages of "
          + pageSize + " bytes but the file holds " + size + " bytes (truncated file?)");
    }
    return new Pager(file, h, cacheBytes);
  }

  /** The page size in bytes. */
  public int pageSize() {
    return file.pageSize();
  }

  /** The file name, for messages. */
  public String fileName() {
    return file.name();
  }

  /** The page file, for the integrity check's raw reads. */
  public PageFile file() {
    return file;
  }

  /** The buffer pool, for its counters. */
  public BufferPool pool() {
    return pool;
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

  /** Records the catalog root page (once, when the catalog is created). */
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
    int pageNo = freeList.allocate();
    if (pageNo == 0) {
      pageNo = header.pageCount;
      if (pageNo == Integer.MAX_VALUE) {
        throw new StorageException(file.name() + ": the file has reached the maximum page count");
      }
      header.pageCount++;
    }
    Page p = pool.pinNew(pageNo);
    p.data()[PageLayout.TYPE] = type;
    return p;
  }

  /** Returns page {@code pageNo} to the free list. The caller must hold no pin on it. */
  public void free(int pageNo) {
    checkPageNo(pageNo);
    freeList.free(pageNo);
  }

  /** Every free page number, trunks included. */
  public List<Integer> freePages() {
    return freeList.pages();
  }

  /** Entries one free-list trunk holds. */
  public int freeListTrunkCapacity() {
    return freeList.trunkCapacity();
  }

  /** The first free-list trunk, 0 if the list is empty. */
  public int freeListHead() {
    return header.freeHead;
  }

  /** Writes every dirty page and the header, then forces the file. */
  public void commit() {
    ensureOpen();
    pool.flush();
    header.commitCounter++;
    writeHeader();
    file.force(false);
  }

  private void writeHeader() {
    header.writeTo(headerPage);
    file.write(0, headerPage);
  }

  /**
   * Returns free pages at the end of the file to the operating system: the free list is rebuilt
   * from the free pages that stay, the header shrinks, then the file is cut. Commits first.
   *
   * @return the number of pages cut off
   */
  public int truncateFreeTail() {
    ensureOpen();
    List<Integer> free = freeList.pages();
    Collections.sort(free);
    int newCount = header.pageCount;
    for (int i = free.size() - 1; i >= 0 && free.get(i) == newCount - 1; i--) {
      newCount--;
    }
    int cut = header.pageCount - newCount;
    if (cut == 0) {
      commit();
      return 0;
    }
    List<Integer> keep = new ArrayList<>(free.subList(0, free.size() - cut));
    pool.discardFrom(newCount);
    freeList.clear();
    header.pageCount = newCount;
    for (int pageNo : keep) {
      freeList.free(pageNo);
    }
    commit();
    file.truncate(newCount);
    file.force(true);
    return cut;
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException(file.name() + " is closed");
    }
  }

  /** Commits and closes the file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      commit();
    } finally {
      closed = true;
      try {
        file.io().close();
      } catch (java.io.IOException e) {
        throw new StorageException(file.name() + ": close failed: " + e.getMessage(), e);
      }
    }
  }

  /** Closes the file without writing anything (after a failure, or to simulate a crash in tests). */
  public void closeWithoutCommit() {
    closed = true;
    try {
      file.io().close();
    } catch (java.io.IOException e) {
      throw new StorageException(file.name() + ": close failed: " + e.getMessage(), e);
    }
  }
}
