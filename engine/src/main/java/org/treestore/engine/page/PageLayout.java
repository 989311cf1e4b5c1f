package org.treestore.engine.page;

import java.util.zip.CRC32C;

/**
 * The 16-byte header every page starts with, and the page checksum.
 *
 * <pre>
 * offset size field
 *   0     1   type tag ({@link PageType})
 *   1     3   reserved, zero
 *   4     4   CRC32C (see below)
 *   8     8   LSN of the last change (reserved for the WAL; 0 in format 1)
 *  16     -   type-specific content
 * </pre>
 *
 * <p>The checksum is CRC32C over the page number (4 bytes, big-endian) followed by the page's bytes
 * with the checksum field itself left out. Mixing in the page number catches a page written to, or
 * read from, the wrong offset: a valid page at the wrong place fails its check.
 */
public final class PageLayout {
  /** Offset of the type tag. */
  public static final int TYPE = 0;
  /** Offset of the CRC32C. */
  public static final int CRC = 4;
  /** Offset of the LSN. */
  public static final int LSN = 8;
  /** Size of the common header; type-specific content starts here. */
  public static final int HEADER_SIZE = 16;

  /** Smallest supported page size. */
  public static final int MIN_PAGE_SIZE = 4096;
  /** Largest supported page size. */
  public static final int MAX_PAGE_SIZE = 16384;
  /** Default page size; docs/format.md explains the choice. */
  public static final int DEFAULT_PAGE_SIZE = 8192;

  private PageLayout() {}

  /** Whether {@code size} is a supported page size: a power of two from 4 KiB to 16 KiB. */
  public static boolean isValidPageSize(int size) {
    return size >= MIN_PAGE_SIZE && size <= MAX_PAGE_SIZE && Integer.bitCount(size) == 1;
  }

  /** Computes the checksum of {@code page} as page {@code pageNo}. */
  public static int checksum(long pageNo, byte[] page, int pageSize) {
    CRC32C crc = new CRC32C();
    crc.update((int) (pageNo >>> 24));
    crc.update((int) (pageNo >>> 16));
    crc.update((int) (pageNo >>> 8));
    crc.update((int) pageNo);
    crc.update(page, 0, CRC);
    crc.update(page, LSN, pageSize - LSN);
    return (int) crc.getValue();
  }

  /** Writes the checksum of {@code page} into its header, just before it goes to disk. */
  public static void stamp(long pageNo, byte[] page, int pageSize) {
    Bytes.putInt(page, CRC, checksum(pageNo, page, pageSize));
  }

  /**
   * Returns null if {@code page} is intact, else why it is not (bad type tag or checksum mismatch).
   */
  public static String verify(long pageNo, byte[] page, int pageSize) {
    int stored = Bytes.getInt(page, CRC);
    int actual = checksum(pageNo, page, pageSize);
    if (stored != actual) {
      return String.format("checksum mismatch (stored %08x, computed %08x): torn or damaged write",
          stored, actual);
    }
    if (!PageType.isValid(page[TYPE])) {
      return "invalid page type tag " + page[TYPE];
    }
    return null;
  }

  /** The page's type tag. */
  public static int type(byte[] page) {
    return page[TYPE];
  }

  /** Clears the page and sets its type tag, ready to be filled. */
  public static void format(byte[] page, byte type) {
    java.util.Arrays.fill(page, (byte) 0);
    page[TYPE] = type;
  }
}
