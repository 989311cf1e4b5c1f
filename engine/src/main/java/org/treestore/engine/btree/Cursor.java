package org.treestore.engine.btree;

import java.util.Arrays;
import org.treestore.engine.page.Page;

/**
 * A position in a {@link BTree} that moves forwards and backwards in key order.
 *
 * <p>The cursor keeps the path from the root to its leaf (page and slot per level) and moves
 * through the parents, so leaves need no sibling pointers. It pins pages only inside a call and
 * takes the tree's read lock for each call, so an idle cursor holds nothing. If the tree changed
 * since the cursor's last move, the cursor first finds its key again; a key deleted meanwhile is
 * simply skipped.
 *
 * <p>Typical range scan: {@code for (boolean ok = c.seek(from); ok && compare(c.key(), to) < 0;
 * ok = c.next())}. Not thread-safe: one cursor belongs to one thread.
 */
public final class Cursor {
  private final BTree tree;
  private final int[] pages = new int[BTree.MAX_DEPTH];
  private final int[] idx = new int[BTree.MAX_DEPTH];
  private int leafLevel = -1;
  private byte[] key;
  private int seenMod;

  Cursor(BTree tree) {
    this.tree = tree;
  }

  /** Whether the cursor is on an entry. */
  public boolean isValid() {
    return key != null;
  }

  /** The current key (a copy). */
  public byte[] key() {
    requireValid();
    return key.clone();
  }

  /** The current value. */
  public byte[] value() {
    requireValid();
    tree.lock().readLock().lock();
    try {
      if (!resync(true)) {
        throw new IllegalStateException("the cursor's entry was deleted by a later change");
      }
      Page p = tree.pinNode(pages[leafLevel]);
      return tree.valueAndUnpin(p, idx[leafLevel]);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  /** Moves to the smallest key; returns false if the tree is empty. */
  public boolean first() {
    tree.lock().readLock().lock();
    try {
      pages[0] = tree.rootPage();
      descendEdge(0, true);
      return settle(true);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  /** Moves to the largest key; returns false if the tree is empty. */
  public boolean last() {
    tree.lock().readLock().lock();
    try {
      pages[0] = tree.rootPage();
      descendEdge(0, false);
      return settle(false);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  /** Moves to the smallest key at or above {@code target}; returns false if there is none. */
  public boolean seek(byte[] target) {
    tree.lock().readLock().lock();
    try {
      return seekLocked(target, true);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  /** Moves to the largest key at or below {@code target}; returns false if there is none. */
  public boolean seekFloor(byte[] target) {
    tree.lock().readLock().lock();
    try {
      return seekLocked(target, false);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  /** Moves to the next key; returns false (and becomes invalid) past the last one. */
  public boolean next() {
    requireValid();
    tree.lock().readLock().lock();
    try {
      if (!resync(true)) {
        return key != null; // the old key is gone and the cursor already sits on its successor
      }
      idx[leafLevel]++;
      return settle(true);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  /** Moves to the previous key; returns false (and becomes invalid) before the first one. */
  public boolean prev() {
    requireValid();
    tree.lock().readLock().lock();
    try {
      if (!resync(false)) {
        return key != null;
      }
      idx[leafLevel]--;
      return settle(false);
    } finally {
      tree.lock().readLock().unlock();
    }
  }

  private void requireValid() {
    if (key == null) {
      throw new IllegalStateException("the cursor is not on an entry");
    }
  }

  /**
   * If the tree changed since the last move, finds the current key again. Returns true if the cursor
   * is back on the same key; false if that key is gone and the cursor moved to its neighbour in the
   * given direction (or became invalid).
   */
  private boolean resync(boolean forward) {
    if (seenMod == tree.modCount) {
      return true;
    }
    byte[] k = key;
    seekLocked(k, forward);
    return key != null && Arrays.equals(key, k);
  }

  private boolean seekLocked(byte[] target, boolean ceiling) {
    int pageNo = tree.rootPage();
    for (int level = 0;; level++) {
      tree.checkDepth(level, pageNo);
      pages[level] = pageNo;
      Page p = tree.pinNode(pageNo);
      try {
        byte[] d = p.data();
        if (NodeLayout.isLeaf(d)) {
          leafLevel = level;
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

  /** From pages[level], follows the first (or last) child down to a leaf. */
  private void descendEdge(int level, boolean first) {
    for (;; level++) {
      tree.checkDepth(level, pages[level]);
      Page p = tree.pinNode(pages[level]);
      try {
        byte[] d = p.data();
        int n = NodeLayout.count(d);
        if (NodeLayout.isLeaf(d)) {
          leafLevel = level;
          idx[level] = first ? 0 : n - 1;
          return;
        }
        idx[level] = first ? 0 : n;
        pages[level + 1] = NodeLayout.child(d, idx[level]);
      } finally {
        tree.pager().unpin(p);
      }
    }
  }

  /**
   * Makes the leaf slot valid: if it ran off the leaf's end (or start), climbs to the next (or
   * previous) subtree. Loads the key, or invalidates the cursor at the end of the tree.
   */
  private boolean settle(boolean forward) {
    seenMod = tree.modCount;
    while (true) {
      Page p = tree.pinNode(pages[leafLevel]);
      try {
        byte[] d = p.data();
        int i = idx[leafLevel];
        if (i >= 0 && i < NodeLayout.count(d)) {
          key = NodeLayout.key(d, i, true);
          return true;
        }
      } finally {
        tree.pager().unpin(p);
      }
      int level = leafLevel - 1;
      while (level >= 0) {
        Page q = tree.pinNode(pages[level]);
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
        key = null;
        return false;
      }
      descendEdge(level + 1, forward);
    }
  }
}
