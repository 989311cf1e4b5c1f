package org.treestore.engine.page;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.treestore.engine.FormatException;
import org.treestore.engine.StorageException;
import org.treestore.engine.io.FileIo;

/**
 * The fields of page 0, held in memory while the database is open and written back on commit.
 *
 * <pre>
 * offset size field
 *   0    16   common page header (type = HEADER)
 *  16     8   magic "TreeStDB"
 *  24     4   format version (3; versions 1 and 2 are read and upgraded on their next commit)
 *  28     4   page size in bytes
 *  32     4   page count: pages in use, including page 0
 *  36     4   first free-list trunk page (0 = free list empty)
 *  40     4   number of free pages (trunks included)
 *  44     4   root page of the catalog tree
 *  48     8   commit counter, incremented by every commit
 *  56     4   first (oldest) pending-free trunk page (0 = none)
 *  60     4   last (newest) pending-free trunk page (0 = none)
 *  64     4   number of pages waiting on the pending-free list (trunks not included)
 * </pre>
 *
 * <p>Version 2 added the pending-free list (copy-on-write trees); in a version 1 file those bytes
 * are zero, which reads as an empty list, so version 1 files open unchanged. Version 3 stopped
 * rewriting freed pages as FREE pages: a free page may hold anything. Older files, whose free pages
 * are all FREE pages, are a special case of that and open unchanged; a version 2 build must not
 * open a version 3 file, because its integrity check would report the free pages as damaged.
 *
 * <p>On open the magic, version and page size are checked before anything else is read, so a file
 * of another program or another format version is refused with a message saying which.
 */
public final class FileHeader {
  /** The magic bytes at offset 16. */
  public static final byte[] MAGIC = "TreeStDB".getBytes(StandardCharsets.US_ASCII);
  /** The format version this build reads and writes. */
  public static final int FORMAT_VERSION = 3;
  /** The oldest format version this build still reads. */
  public static final int OLDEST_READABLE_VERSION = 1;

  static final int MAGIC_OFF = 16;
  static final int VERSION_OFF = 24;
  static final int PAGE_SIZE_OFF = 28;
  static final int PAGE_COUNT_OFF = 32;
  static final int FREE_HEAD_OFF = 36;
  static final int FREE_COUNT_OFF = 40;
  static final int CATALOG_ROOT_OFF = 44;
  static final int COMMIT_COUNTER_OFF = 48;
  static final int PENDING_HEAD_OFF = 56;
  static final int PENDING_TAIL_OFF = 60;
  static final int PENDING_COUNT_OFF = 64;
  /** Bytes of page 0 read before the page size is known. */
  static final int PROBE_SIZE = 64;

  int pageSize;
  int pageCount;
  int freeHead;
  int freeCount;
  int catalogRoot;
  long commitCounter;
  int pendingHead;
  int pendingTail;
  int pendingCount;

  /** A header for a new, empty database. */
  static FileHeader fresh(int pageSize) {
    FileHeader h = new FileHeader();
    h.pageSize = pageSize;
    h.pageCount = 1;
    return h;
  }

  /**
   * Reads and validates the fixed part of the header of an existing file, returning its page size.
   *
   * @throws FormatException if the file is not a TreeStore database of a version this build reads
   */
  static int probePageSize(FileIo io) {
    byte[] probe = new byte[PROBE_SIZE];
    int n;
    try {
      n = io.read(0, ByteBuffer.wrap(probe));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": reading the file header failed: " + e.getMessage(), e);
    }
    if (n < PROBE_SIZE || !java.util.Arrays.equals(probe, MAGIC_OFF, MAGIC_OFF + MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new FormatException(io.name() + " is not a TreeStore database (no TreeStore magic in its header)");
    }
    int version = Bytes.getInt(probe, VERSION_OFF);
    if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
      throw new FormatException(io.name() + " has TreeStore format version " + version
          + "; this build reads versions " + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION
          + (version > FORMAT_VERSION ? " (the file was written by a newer TreeStore)" : ""));
    }
    int pageSize = Bytes.getInt(probe, PAGE_SIZE_OFF);
    if (!PageLayout.isValidPageSize(pageSize)) {
      throw new FormatException(io.name() + " declares an unsupported page size of " + pageSize + " bytes");
    }
    return pageSize;
  }

  /** Parses a verified page 0. */
  static FileHeader parse(byte[] page) {
    FileHeader h = new FileHeader();
    h.pageSize = Bytes.getInt(page, PAGE_SIZE_OFF);
    h.pageCount = Bytes.getInt(page, PAGE_COUNT_OFF);
    h.freeHead = Bytes.getInt(page, FREE_HEAD_OFF);
    h.freeCount = Bytes.getInt(page, FREE_COUNT_OFF);
    h.catalogRoot = Bytes.getInt(page, CATALOG_ROOT_OFF);
    h.commitCounter = Bytes.getLong(page, COMMIT_COUNTER_OFF);
    h.pendingHead = Bytes.getInt(page, PENDING_HEAD_OFF);
    h.pendingTail = Bytes.getInt(page, PENDING_TAIL_OFF);
    h.pendingCount = Bytes.getInt(page, PENDING_COUNT_OFF);
    return h;
  }

  /** Serializes into {@code page} (all of it: the rest of page 0 is zero). */
  void writeTo(byte[] page) {
    PageLayout.format(page, PageType.HEADER);
    writeFieldsTo(page);
  }

  /**
   * Serializes into a page that {@link #writeTo} filled before: only the fields are written, the
   * zeros after them are still there (every commit does this; zeroing the page each time showed in
   * profiles of small commits).
   */
  void writeFieldsTo(byte[] page) {
    java.util.Arrays.fill(page, 0, PageLayout.HEADER_SIZE, (byte) 0);
    page[PageLayout.TYPE] = PageType.HEADER;
    System.arraycopy(MAGIC, 0, page, MAGIC_OFF, MAGIC.length);
    Bytes.putInt(page, VERSION_OFF, FORMAT_VERSION);
    Bytes.putInt(page, PAGE_SIZE_OFF, pageSize);
    Bytes.putInt(page, PAGE_COUNT_OFF, pageCount);
    Bytes.putInt(page, FREE_HEAD_OFF, freeHead);
    Bytes.putInt(page, FREE_COUNT_OFF, freeCount);
    Bytes.putInt(page, CATALOG_ROOT_OFF, catalogRoot);
    Bytes.putLong(page, COMMIT_COUNTER_OFF, commitCounter);
    Bytes.putInt(page, PENDING_HEAD_OFF, pendingHead);
    Bytes.putInt(page, PENDING_TAIL_OFF, pendingTail);
    Bytes.putInt(page, PENDING_COUNT_OFF, pendingCount);
  }
}
