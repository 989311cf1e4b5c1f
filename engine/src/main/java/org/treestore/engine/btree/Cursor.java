package org.treestore.engine.btree;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.Page;

/**
 * A position in a {@link BTree} that moves forwards and backwards in key order.
 *
 * <p><b>Design.</b> The cursor keeps the path from the root to its leaf (page and slot per level)
 * and a private copy of the current leaf, taken while the leaf is pinned on the way down. Moving
 * within the leaf and reading keys and inline values touch only that copy: no lock, no pin, no
 * buffer-pool lookup. Stepping to the next leaf takes the tree's read lock and pins the parent and
 * the new leaf (leaves need no sibling pointers). An idle cursor holds no lock and no pin.
 *
 * <p><b>Snapshot cursors</b> ({@link BTree#cursorAt}) read committed pages that cannot change while
 * their snapshot is open: they take no lock and never re-seek. <b>Working cursors</b>
 * ({@link BTree#cursor}) read the latest, uncommitted tree under the read lock, per call.
 *
 * <p><b>Changes under a working cursor.</b> If the tree changed since the cursor last read it, the next
 * call first finds the current key again in the new tree (the key is still in the private copy); a
 * key deleted meanwhile is skipped over. Reading an entry's value re-checks too, since an overflow
 * chain may have been freed. A cursor never returns an entry that was not in the tree at some
 * point during the call.
 *
 * <p><b>Views.</b> {@link #keyView()} and {@link #valueView()} expose the current entry's bytes
 * between the buffer's position and limit without copying; the two buffers are reused by every
 * call, so they are valid only until the cursor's next call.
 *
 * <p>Typical range scan: {@code for (boolean ok = c.seek(from); ok && c.compareKeyTo(to) < 0;
 * ok = c.next())}. Not thread-safe: one cursor belongs to one thread.
 */
public final class Cursor {
  private final BTree tree;
  /** The root of the snapshot this cursor reads, or 0 for the working tree. */
  private final int snapshotRoot;
  private final int[] pages = new int[BTree.MAX_DEPTH];
  private final int[] idx = new int[BTree.MAX_DEPTH];
  /** The private copy of the current leaf; null once closed (it went back to {@link LeafBuffers}). */
  private byte[] leaf;
  private ByteBuffer keyBuffer;
  private ByteBuffer valueBuffer;
  private int leafLevel = -1;
  private boolean valid;
  private int seenMod;

  Cursor(BTree tree, int snapshotRoot) {
    this.tree = tree;
    this.snapshotRoot = snapshotRoot;
    this.leaf = LeafBuffers.take(tree.pager().pageSize());
  }

  private int rootPage() {
    return snapshotRoot != 0 ? snapshotRoot : tree.rootPage();
  }

  /** Whether the working tree changed since the cursor read it; a snapshot never changes. */
  private boolean changed() {
    return snapshotRoot == 0 && seenMod != tree.modCount;
  }

  private void lock() {
    if (snapshotRoot == 0) {
      tree.lock().readLock().lock();
    }
  }

  private void unlock() {
    if (snapshotRoot == 0) {
      tree.lock().readLock().unlock();
    }
  }

  /** Whether the cursor is on an entry. */
  public boolean isValid() {
    return valid;
  }

  /** The current key (a copy). */
  public byte[] key() {
    requireValid();
    return NodeLayout.key(leaf, idx[leafLevel], true);
  }

  /** The current value (a copy). */
  public byte[] value() {
    requireValid();
    int cell = NodeLayout.cellOffset(leaf, idx[leafLevel]);
    if (!NodeLayout.isOverflow(leaf, cell) && !changed()) {
      int voff = NodeLayout.valueOffset(leaf, cell);
      return Arrays.copyOfRange(leaf, voff, voff + NodeLayout.valueLength(leaf, cell));
    }
    lock();
    try {
      if (!resync(true)) {
        throw new IllegalStateException("the cursor's entry was deleted by a later change");
      }
      cell = NodeLayout.cellOffset(leaf, idx[leafLevel]);
      int voff = NodeLayout.valueOffset(leaf, cell);
      int len = NodeLayout.valueLength(leaf, cell);
      if (!NodeLayout.isOverflow(leaf, cell)) {
        return Arrays.copyOfRange(leaf, voff, voff + len);
      }
      return OverflowChain.read(tree.pager(), Bytes.getInt(leaf, voff), len, true);
    } finally {
      unlock();
    }
  }

  /**
   * The current key between the returned buffer's position and limit, read-only, without copying.
   * The buffer is reused: valid until this cursor's next call.
   */
  public ByteBuffer keyView() {
    requireValid();
    int cell = NodeLayout.cellOffset(leaf, idx[leafLevel]);
    if (keyBuffer == null) {
      keyBuffer = ByteBuffer.wrap(leaf).asReadOnlyBuffer();
    }
    int off = NodeLayout.keyOffset(leaf, cell, true);
    keyBuffer.clear().position(off).limit(off + NodeLayout.keyLength(leaf, cell, true));
    return keyBuffer;
  }

  /**
   * The current value between the returned buffer's position and limit, read-only. An inline
   * value is not copied and the buffer is reused (valid until the next call); a value in overflow
   * pages is read into a new array.
   */
  public ByteBuffer valueView() {
    requireValid();
    int cell = NodeLayout.cellOffset(leaf, idx[leafLevel]);
    if (NodeLayout.isOverflow(leaf, cell) || changed()) {
      return ByteBuffer.wrap(value()).asReadOnlyBuffer();
    }
    if (valueBuffer == null) {
      valueBuffer = ByteBuffer.wrap(leaf).asReadOnlyBuffer();
    }
    int off = NodeLayout.valueOffset(leaf, cell);
    valueBuffer.clear().position(off).limit(off + NodeLayout.valueLength(leaf, cell));
    return valueBuffer;
  }

  /** Compares the current key with {@code other} as unsigned bytes, without copying the key. */
  public int compareKeyTo(byte[] other) {
    requireValid();
    return NodeLayout.compareKey(leaf, idx[leafLevel], true, other, 0, other.length);
  }

  /** Moves to the smallest key; returns false if the tree is empty. */
  public boolean first() {
    requireOpen();
    lock();
    try {
      seenMod = tree.modCount;
      pages[0] = rootPage();
      descendEdge(0, true);
      return settle(true);
    } finally {
      unlock();
    }
  }

  /** Moves to the largest key; returns false if the tree is empty. */
  public boolean last() {
    requireOpen();
    lock();
    try {
      seenMod = tree.modCount;
      pages[0] = rootPage();
      descendEdge(0, false);
      return settle(false);
    } finally {
      unlock();
    }
  }

  /** Moves to the smallest key at or above {@code target}; returns false if there is none. */
  public boolean seek(byte[] target) {
    requireOpen();
    if (seekInLeaf(target, true)) {
      return true;
    }
    lock();
    try {
      return seekLocked(target, true);
    } finally {
      unlock();
    }
  }

  /** Moves to the largest key at or below {@code target}; returns false if there is none. */
  public boolean seekFloor(byte[] target) {
    requireOpen();
    if (seekInLeaf(target, false)) {
      return true;
    }
    lock();
    try {
      return seekLocked(target, false);
    } finally {
      unlock();
    }
  }

  /** Moves to the next key; returns false (and becomes invalid) past the last one. */
  public boolean next() {
    requireValid();
    int i = idx[leafLevel] + 1;
    if (i < NodeLayout.count(leaf) && !changed()) {
      idx[leafLevel] = i; // fast path: the next entry is in the private copy of the leaf
      return true;
    }
    lock();
    try {
      if (!resync(true)) {
        return valid; // the old key is gone and the cursor already sits on its successor
      }
      idx[leafLevel]++;
      return settle(true);
    } finally {
      unlock();
    }
  }

  /** Moves to the previous key; returns false (and becomes invalid) before the first one. */
  public boolean prev() {
    requireValid();
    int i = idx[leafLevel] - 1;
    if (i >= 0 && !changed()) {
      idx[leafLevel] = i;
      return true;
    }
    lock();
    try {
      if (!resync(false)) {
        return valid;
      }
      idx[leafLevel]--;
      return settle(false);
    } finally {
      unlock();
    }
  }

  /**
   * A seek answered by the private copy of the current leaf alone, when the target lies strictly
   * inside the leaf's key range (so its ceiling and floor are in the leaf): no lock, no descent.
   * Cursors that advance through a range, like posting lists, mostly seek within their leaf.
   */
  private boolean seekInLeaf(byte[] target, boolean ceiling) {
    if (!valid || changed()) {
      return false;
    }
    int n = NodeLayout.count(leaf);
    if (n < 2 || NodeLayout.compareKey(leaf, 0, true, target, 0, target.length) >= 0
        || NodeLayout.compareKey(leaf, n - 1, true, target, 0, target.length) <= 0) {
      return false;
    }
    int i = NodeLayout.search(leaf, true, target);
    idx[leafLevel] = i >= 0 ? i : ceiling ? -(i + 1) : -(i + 1) - 1;
    return true;
  }

  private void requireValid() {
    if (!valid) {
      throw new IllegalStateException(leaf == null ? "the cursor is closed" : "the cursor is not on an entry");
    }
  }

  private void requireOpen() {
    if (leaf == null) {
      throw new IllegalStateException("the cursor is closed");
    }
  }

  /**
   * Ends the cursor's use and lends its leaf buffer to the next cursor this thread creates (a copy
   * of a whole page per cursor was most of what a short read allocated). Every later call but
   * {@link #isValid} and {@code close} throws. Closing is optional: an unclosed cursor's buffer is
   * simply garbage collected.
   */
  public void close() {
    byte[] l = leaf;
    if (l != null) {
      leaf = null;
      valid = false;
      keyBuffer = null;
      valueBuffer = null;
      LeafBuffers.give(l);
    }
  }

  /**
   * If the tree changed since the cursor last read it, finds the current key again. Returns true if
   * the cursor is back on the same key; false if that key is gone and the cursor moved to its
   * neighbour in the given direction (or became invalid).
   */
  private boolean resync(boolean forward) {
    if (!changed()) {
      return true;
    }
    byte[] k = NodeLayout.key(leaf, idx[leafLevel], true);
    seekLocked(k, forward);
    return valid && NodeLayout.compareKey(leaf, idx[leafLevel], true, k, 0, k.length) == 0;
  }

  private boolean seekLocked(byte[] target, boolean ceiling) {
    seenMod = tree.modCount;
    int pageNo = rootPage();
    for (int level = 0;; level++) {
      tree.checkDepth(level, pageNo);
      pages[level] = pageNo;
      Page p = tree.pinNodeForRead(pageNo);
      try {
        byte[] d = p.data();
        if (NodeLayout.isLeaf(d)) {
          leafLevel = level;
          copyLeaf(d);
          int i = NodeLayout.search(d, true, target);
          if (ceiling) {
            idx[level] = i >= 0 ? i : -(i + 1);
          } else {
            idx[level] = i >= 0 ? i : -(i + 1) - 1;
          }
          break;
        }
        int c = NodeLayout.childIndex(d, target);
        idx[level] = c;
        pageNo = NodeLayout.child(d, c);
      } finally {
        tree.pager().unpin(p);
      }
    }
    return settle(ceiling);
  }

  /** From pages[level], follows the first (or last) child down to a leaf, and copies the leaf. */
  private void descendEdge(int level, boolean first) {
    for (;; level++) {
      tree.checkDepth(level, pages[level]);
      Page p = tree.pinNodeForRead(pages[level]);
      try {
        byte[] d = p.data();
        int n = NodeLayout.count(d);
        if (NodeLayout.isLeaf(d)) {
          leafLevel = level;
          idx[level] = first ? 0 : n - 1;
          copyLeaf(d);
          return;
        }
        idx[level] = first ? 0 : n;
        pages[level + 1] = NodeLayout.child(d, idx[level]);
      } finally {
        tree.pager().unpin(p);
      }
    }
  }

  /** Copies the live parts of a pinned leaf: header and slots, then the cell area. */
  private void copyLeaf(byte[] d) {
    int n = NodeLayout.count(d);
    int start = NodeLayout.contentStart(d, leaf.length);
    System.arraycopy(d, 0, leaf, 0, NodeLayout.SLOTS + 2 * n);
    System.arraycopy(d, start, leaf, start, leaf.length - start);
  }

  /**
   * Makes the leaf slot valid: if it ran off the copied leaf's end (or start), climbs through the
   * parents to the next (or previous) leaf and copies it; at the end of the tree the cursor becomes
   * invalid. Called with the read lock held and the leaf copy current.
   */
  private boolean settle(boolean forward) {
    while (true) {
      int i = idx[leafLevel];
      if (i >= 0 && i < NodeLayout.count(leaf)) {
        valid = true;
        return true;
      }
      int level = leafLevel - 1;
      while (level >= 0) {
        Page q = tree.pinNodeForRead(pages[level]);
        try {
          byte[] d = q.data();
          int c = idx[level] + (forward ? 1 : -1);
          if (c >= 0 && c <= NodeLayout.count(d)) {
            idx[level] = c;
            pages[level + 1] = NodeLayout.child(d, c);
            break;
          }
        } finally {
          tree.pager().unpin(q);
        }
        level--;
      }
      if (level < 0) {
        valid = false;
        return false;
      }
      descendEdge(level + 1, forward);
    }
  }
}
