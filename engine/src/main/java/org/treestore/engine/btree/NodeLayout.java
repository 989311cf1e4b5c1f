package org.treestore.engine.btree;

import java.util.Arrays;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.PageLayout;

/**
 * The slotted-page layout of B+Tree nodes, as static functions over a page's bytes.
 *
 * <pre>
 * offset size field
 *   0    16   common page header (type BTREE_LEAF or BTREE_INTERNAL)
 *  16     2   cell count n
 *  18     2   content start: cells occupy [content start, page size)
 *  20     2   garbage: bytes of deleted cells inside the content area
 *  22     2   reserved, zero
 *  24     4   right-most child page (interior nodes; 0 in leaves)
 *  28     4   reserved, zero
 *  32   2*n   slot array: offsets of the cells, in key order
 *   ...       free space
 *   ...       cells, packed from the end of the page towards the slots
 *
 * leaf cell:      u16 key length | u8 flags | u32 value length | key | value, or u32 first overflow page
 * interior cell:  u32 child page | u16 key length | key
 * </pre>
 *
 * <p>Leaf flag bit 0 means the value lives in an overflow chain; the value length is then the
 * whole value's length. In an interior node, cell i's child holds keys below key i (and at or above
 * key i-1); the right-most child holds keys at or above the last key.
 *
 * <p>Keys are compared as unsigned bytes in place, with no copy. Deleting a cell only removes its
 * slot and counts its bytes as garbage; the page is compacted when an insert needs contiguous room.
 * A value replaced by one no longer is written over the old one, and the cell's spare tail is
 * garbage too ({@link #replaceValueInPlace}).
 */
final class NodeLayout {
  static final int COUNT = 16;
  static final int CONTENT_START = 18;
  static final int GARBAGE = 20;
  static final int RIGHT_CHILD = 24;
  static final int SLOTS = 32;

  static final int LEAF_FIXED = 7;
  static final int INTERNAL_FIXED = 6;
  static final int FLAG_OVERFLOW = 1;

  private NodeLayout() {}

  /** Makes {@code page} an empty node of {@code type}. */
  static void init(byte[] page, byte type, int pageSize) {
    PageLayout.format(page, type);
    Bytes.putU16(page, CONTENT_START, pageSize & 0xFFFF);
  }

  static int count(byte[] p) {
    return Bytes.getU16(p, COUNT);
  }

  /** Content start; 0 in the field stands for 65536, which cannot occur below 64 KiB pages. */
  static int contentStart(byte[] p, int pageSize) {
    int v = Bytes.getU16(p, CONTENT_START);
    return v == 0 ? pageSize : v;
  }

  static int rightChild(byte[] p) {
    return Bytes.getInt(p, RIGHT_CHILD);
  }

  static void setRightChild(byte[] p, int child) {
    Bytes.putInt(p, RIGHT_CHILD, child);
  }

  static int cellOffset(byte[] p, int i) {
    return Bytes.getU16(p, SLOTS + 2 * i);
  }

  /** Free bytes, contiguous plus garbage. */
  static int freeSpace(byte[] p, int pageSize) {
    return contentStart(p, pageSize) - SLOTS - 2 * count(p) + Bytes.getU16(p, GARBAGE);
  }

  /** Bytes used by slots and cells: the node's fill. */
  static int usedSpace(byte[] p, int pageSize) {
    return pageSize - SLOTS - freeSpace(p, pageSize);
  }

  // ---- cells ----

  static boolean isLeaf(byte[] p) {
    return p[PageLayout.TYPE] == org.treestore.engine.page.PageType.BTREE_LEAF;
  }

  static int keyOffset(byte[] p, int cell, boolean leaf) {
    return leaf ? cell + LEAF_FIXED : cell + INTERNAL_FIXED;
  }

  static int keyLength(byte[] p, int cell, boolean leaf) {
    return leaf ? Bytes.getU16(p, cell) : Bytes.getU16(p, cell + 4);
  }

  /** Size in bytes of the cell at offset {@code cell}. */
  static int cellSize(byte[] p, int cell, boolean leaf) {
    if (!leaf) {
      return INTERNAL_FIXED + Bytes.getU16(p, cell + 4);
    }
    int k = Bytes.getU16(p, cell);
    boolean overflow = (p[cell + 2] & FLAG_OVERFLOW) != 0;
    return LEAF_FIXED + k + (overflow ? 4 : Bytes.getInt(p, cell + 3));
  }

  static boolean isOverflow(byte[] p, int cell) {
    return (p[cell + 2] & FLAG_OVERFLOW) != 0;
  }

  static int valueLength(byte[] p, int cell) {
    return Bytes.getInt(p, cell + 3);
  }

  /** Offset of an inline value, or of the overflow page number. */
  static int valueOffset(byte[] p, int cell) {
    return cell + LEAF_FIXED + Bytes.getU16(p, cell);
  }

  static int childOf(byte[] p, int cell) {
    return Bytes.getInt(p, cell);
  }

  /** The child page at child index {@code idx} (0..count; count means the right-most child). */
  static int child(byte[] p, int idx) {
    return idx == count(p) ? rightChild(p) : Bytes.getInt(p, cellOffset(p, idx));
  }

  static void setChild(byte[] p, int idx, int child) {
    if (idx == count(p)) {
      setRightChild(p, child);
    } else {
      Bytes.putInt(p, cellOffset(p, idx), child);
    }
  }

  /** Compares key i of the node with {@code key[from, to)}. */
  static int compareKey(byte[] p, int i, boolean leaf, byte[] key, int from, int to) {
    int cell = cellOffset(p, i);
    int off = keyOffset(p, cell, leaf);
    return Arrays.compareUnsigned(p, off, off + keyLength(p, cell, leaf), key, from, to);
  }

  /** Index of {@code key} if present, else {@code -(insertion point) - 1}. */
  static int search(byte[] p, boolean leaf, byte[] key) {
    int lo = 0;
    int hi = count(p) - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compareKey(p, mid, leaf, key, 0, key.length);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  /** In an interior node: the index of the child whose range holds {@code key}. */
  static int childIndex(byte[] p, byte[] key) {
    int i = search(p, false, key);
    return i >= 0 ? i + 1 : -(i + 1);
  }

  static byte[] key(byte[] p, int i, boolean leaf) {
    int cell = cellOffset(p, i);
    int off = keyOffset(p, cell, leaf);
    return Arrays.copyOfRange(p, off, off + keyLength(p, cell, leaf));
  }

  /** A copy of cell i's bytes. */
  static byte[] cell(byte[] p, int i, boolean leaf) {
    int cell = cellOffset(p, i);
    return Arrays.copyOfRange(p, cell, cell + cellSize(p, cell, leaf));
  }

  // ---- changes ----

  /** Whether a cell of {@code size} bytes fits, counting its slot and garbage that compaction frees. */
  static boolean fits(byte[] p, int pageSize, int size) {
    return freeSpace(p, pageSize) >= size + 2;
  }

  /**
   * Inserts {@code cell} at slot {@code pos}; the caller checked {@link #fits}. {@code scratch} is
   * a page-sized buffer for compaction, reused by the caller so inserts allocate nothing.
   */
  static void insert(byte[] p, int pageSize, int pos, byte[] cell, boolean leaf, byte[] scratch) {
    int n = count(p);
    int start = contentStart(p, pageSize);
    if (start - (SLOTS + 2 * n) < cell.length + 2) {
      compact(p, pageSize, leaf, scratch);
      start = contentStart(p, pageSize);
    }
    start -= cell.length;
    System.arraycopy(cell, 0, p, start, cell.length);
    int slot = SLOTS + 2 * pos;
    System.arraycopy(p, slot, p, slot + 2, 2 * (n - pos));
    Bytes.putU16(p, slot, start);
    Bytes.putU16(p, COUNT, n + 1);
    Bytes.putU16(p, CONTENT_START, start & 0xFFFF);
  }

  /**
   * Replaces the value of leaf cell {@code pos} in place if the cell holds its value inline and the
   * new value, also inline (the whole cell at most {@code maxCell} bytes), is no longer: the cell
   * keeps its offset and slot, and the bytes it no longer needs become garbage. Returns false,
   * changing nothing, otherwise.
   */
  static boolean replaceValueInPlace(byte[] p, int pos, byte[] value, int maxCell) {
    int cell = cellOffset(p, pos);
    if (isOverflow(p, cell)) {
      return false;
    }
    int keyLen = keyLength(p, cell, true);
    int oldSize = LEAF_FIXED + keyLen + Bytes.getInt(p, cell + 3);
    int newSize = LEAF_FIXED + keyLen + value.length;
    if (newSize > oldSize || newSize > maxCell) {
      return false;
    }
    Bytes.putInt(p, cell + 3, value.length);
    System.arraycopy(value, 0, p, cell + LEAF_FIXED + keyLen, value.length);
    if (newSize < oldSize) {
      Bytes.putU16(p, GARBAGE, Bytes.getU16(p, GARBAGE) + oldSize - newSize);
    }
    return true;
  }

  /** Removes the cell at slot {@code pos}; its bytes become garbage. */
  static void remove(byte[] p, int pageSize, int pos, boolean leaf) {
    int n = count(p);
    int cell = cellOffset(p, pos);
    int size = cellSize(p, cell, leaf);
    int slot = SLOTS + 2 * pos;
    System.arraycopy(p, slot + 2, p, slot, 2 * (n - pos - 1));
    Bytes.putU16(p, COUNT, n - 1);
    if (cell == contentStart(p, pageSize)) {
      Bytes.putU16(p, CONTENT_START, (cell + size) & 0xFFFF);
    } else {
      Bytes.putU16(p, GARBAGE, Bytes.getU16(p, GARBAGE) + size);
    }
  }

  /** Repacks the cells against the end of the page, turning garbage into contiguous free space. */
  static void compact(byte[] p, int pageSize, boolean leaf, byte[] scratch) {
    int n = count(p);
    byte[] copy = scratch;
    System.arraycopy(p, 0, copy, 0, pageSize);
    int end = pageSize;
    for (int i = 0; i < n; i++) {
      int cell = cellOffset(copy, i);
      int size = cellSize(copy, cell, leaf);
      end -= size;
      System.arraycopy(copy, cell, p, end, size);
      Bytes.putU16(p, SLOTS + 2 * i, end);
    }
    Bytes.putU16(p, CONTENT_START, end & 0xFFFF);
    Bytes.putU16(p, GARBAGE, 0);
  }

  /** Rewrites the node with exactly {@code cells[from, to)} (and a right-most child for interiors). */
  static void rebuild(byte[] p, int pageSize, byte type, java.util.List<byte[]> cells, int from, int to,
      int rightChild) {
    long lsn = Bytes.getLong(p, PageLayout.LSN);
    init(p, type, pageSize);
    Bytes.putLong(p, PageLayout.LSN, lsn);
    int end = pageSize;
    for (int i = from; i < to; i++) {
      byte[] c = cells.get(i);
      end -= c.length;
      System.arraycopy(c, 0, p, end, c.length);
      Bytes.putU16(p, SLOTS + 2 * (i - from), end);
    }
    Bytes.putU16(p, COUNT, to - from);
    Bytes.putU16(p, CONTENT_START, end & 0xFFFF);
    setRightChild(p, rightChild);
  }

  static byte[] internalCell(int child, byte[] key, int keyFrom, int keyLen) {
    byte[] c = new byte[INTERNAL_FIXED + keyLen];
    Bytes.putInt(c, 0, child);
    Bytes.putU16(c, 4, keyLen);
    System.arraycopy(key, keyFrom, c, INTERNAL_FIXED, keyLen);
    return c;
  }

  /** The key bytes of a cell held in its own array. */
  static byte[] keyOfCell(byte[] cell, boolean leaf) {
    int len = leaf ? Bytes.getU16(cell, 0) : Bytes.getU16(cell, 4);
    int off = leaf ? LEAF_FIXED : INTERNAL_FIXED;
    return Arrays.copyOfRange(cell, off, off + len);
  }
}
