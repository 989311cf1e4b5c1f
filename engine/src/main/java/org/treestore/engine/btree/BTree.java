package org.treestore.engine.btree;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.Page;
import org.treestore.engine.page.PageType;
import org.treestore.engine.page.Pager;

/**
 * A disk B+Tree of {@code byte[]} keys in unsigned lexicographic order and {@code byte[]} values.
 *
 * <p><b>Shape.</b> Nodes are slotted pages ({@link NodeLayout}). Values too big for a leaf (a cell
 * larger than a quarter of the page) go to an {@link OverflowChain}.
 *
 * <p><b>Copy-on-write.</b> A committed page is never changed: snapshots may be reading it. A change
 * first copies every page on its root-to-leaf path (and a sibling it merges with) to a new page
 * ({@link #shadow}), unless the page was allocated since the last commit ({@link Pager#isFresh}),
 * and releases the old page to the pending-free list. So every commit that changes the tree gives
 * it a new root page ({@link #rootPage()}), which the store records in the catalog, and a snapshot
 * that remembers an old root reads the tree exactly as it was ({@link #getAt}, {@link #cursorAt}).
 *
 * <p><b>Fill.</b> A node whose slots and cells use less than a quarter of the page is underfull after
 * a delete (or a replace by a smaller value) and is merged with a sibling when both fit in one page,
 * otherwise the two share their cells evenly. Splits are even, except when a key is appended at the
 * far right end of the tree: then the full leaf keeps its cells and the new key starts a new leaf, so
 * ascending loads fill pages nearly completely. That right-most leaf is the one node allowed to be
 * underfull; the integrity check knows it.
 *
 * <p><b>Limits.</b> Keys are at most {@link #maxKeyLength()} bytes (1,003 with 4 KiB pages, 2,027
 * with 8 KiB, 4,075 with 16 KiB), so a node always holds at least four cells; values up to 2 GiB.
 *
 * <p><b>Concurrency.</b> Changes take the database's write lock, so one writer runs at a time. The
 * "working" reads ({@link #get}, {@link #cursor}) see uncommitted changes and take the read lock.
 * Snapshot reads ({@link #getAt}, {@link #cursorAt}) take no lock at all: the pages they reach are
 * immutable until no snapshot can reach them. A {@link Cursor} holds no lock or pin between calls;
 * a working cursor re-finds its place if the tree changed under it.
 */
public final class BTree {
  static final int MAX_DEPTH = 32;

  private final Pager pager;
  private final String name;
  private int root;
  private final ReadWriteLock lock;
  private final int pageSize;
  private final int usable;
  private final int maxCell;
  private final int maxKey;
  private final int minFill;

  /** Told the tree's name on every put and delete (the store tracks direct changes); may be null. */
  private volatile java.util.function.Consumer<String> changeListener;

  /** Changes so far; cursors compare it to notice that the tree moved under them. */
  volatile int modCount;

  // Writer-only scratch: the path of the last descent. Guarded by the write lock.
  private final int[] pathPages = new int[MAX_DEPTH];
  private final int[] pathIdx = new int[MAX_DEPTH];
  private boolean pathRightmost;
  private final byte[] scratch;

  /** Opens the tree rooted at {@code root}; {@code lock} is the database's lock. */
  public BTree(Pager pager, String name, int root, ReadWriteLock lock) {
    this.pager = pager;
    this.name = name;
    this.root = root;
    this.lock = lock;
    this.pageSize = pager.pageSize();
    this.usable = pageSize - NodeLayout.SLOTS;
    this.maxCell = usable / 4 - 2;
    this.maxKey = maxCell - NodeLayout.LEAF_FIXED - 4;
    this.minFill = usable / 4;
    this.scratch = new byte[pageSize];
  }

  /** Allocates an empty tree (one empty leaf) and returns its root page number. */
  public static int createRoot(Pager pager) {
    Page p = pager.allocate(PageType.BTREE_LEAF);
    try {
      NodeLayout.init(p.data(), PageType.BTREE_LEAF, pager.pageSize());
      return p.pageNo();
    } finally {
      pager.unpin(p);
    }
  }

  /** Sets the listener told about every put and delete (null: none). */
  public void setChangeListener(java.util.function.Consumer<String> listener) {
    this.changeListener = listener;
  }

  private void changed() {
    java.util.function.Consumer<String> l = changeListener;
    if (l != null) {
      l.accept(name);
    }
  }

  /** The tree's name in the catalog. */
  public String name() {
    return name;
  }

  /** The root page number of the working (latest, possibly uncommitted) tree. */
  public int rootPage() {
    return root;
  }

  /** The longest key accepted: a quarter of the usable page, less the leaf cell's fixed fields. */
  public int maxKeyLength() {
    return maxKey;
  }

  /** The longest key a tree accepts with pages of {@code pageSize} bytes. */
  public static int maxKeyLength(int pageSize) {
    return (pageSize - NodeLayout.SLOTS) / 4 - 2 - NodeLayout.LEAF_FIXED - 4;
  }

  Pager pager() {
    return pager;
  }

  ReadWriteLock lock() {
    return lock;
  }

  // ---------------------------------------------------------------- reads

  /** The value stored under {@code key} in the working tree, or null. */
  public byte[] get(byte[] key) {
    Objects.requireNonNull(key, "key");
    lock.readLock().lock();
    try {
      return getAt(root, key);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The value stored under {@code key} in the tree rooted at {@code rootPage}, a root of a
   * committed snapshot that the caller keeps open (or the working root, under the read lock).
   * Takes no lock.
   */
  public byte[] getAt(int rootPage, byte[] key) {
    Objects.requireNonNull(key, "key");
    int pageNo = rootPage;
    for (int depth = 0;; depth++) {
      checkDepth(depth, pageNo);
      Page p = pinNodeForRead(pageNo);
      byte[] d = p.data();
      if (NodeLayout.isLeaf(d)) {
        int i = NodeLayout.search(d, true, key);
        if (i < 0) {
          pager.unpin(p);
          return null;
        }
        return valueAndUnpin(p, i);
      }
      try {
        pageNo = NodeLayout.child(d, NodeLayout.childIndex(d, key));
      } finally {
        pager.unpin(p);
      }
    }
  }

  /** A new cursor over the working tree, not yet positioned. */
  public Cursor cursor() {
    return new Cursor(this, 0);
  }

  /**
   * A new cursor over the tree rooted at {@code rootPage}, a root of a committed snapshot the
   * caller keeps open for as long as it uses the cursor. It takes no lock.
   */
  public Cursor cursorAt(int rootPage) {
    return new Cursor(this, rootPage);
  }

  /** Pins a node page for the writer, checking that it is a leaf or an interior node. */
  Page pinNode(int pageNo) {
    return checkNode(pager.pin(pageNo));
  }

  /** Pins a node page for a reader (see {@link Pager#pinForRead}). */
  Page pinNodeForRead(int pageNo) {
    return checkNode(pager.pinForRead(pageNo));
  }

  private Page checkNode(Page p) {
    int pageNo = p.pageNo();
    int t = p.type();
    if (t != PageType.BTREE_LEAF && t != PageType.BTREE_INTERNAL) {
      pager.unpin(p);
      throw new CorruptionException(pager.fileName(), pageNo, "tree '" + name
          + "' points at a " + PageType.name(t) + " page where a b-tree node belongs");
    }
    return p;
  }

  void checkDepth(int depth, int pageNo) {
    if (depth >= MAX_DEPTH) {
      throw new CorruptionException(pager.fileName(), pageNo, "tree '" + name + "' is deeper than "
          + MAX_DEPTH + " levels (a cycle of child pointers?)");
    }
  }

  /** Reads the value of leaf cell {@code i}; unpins {@code p} in every case. */
  byte[] valueAndUnpin(Page p, int i) {
    byte[] d = p.data();
    int first;
    int len;
    try {
      int cell = NodeLayout.cellOffset(d, i);
      int voff = NodeLayout.valueOffset(d, cell);
      len = NodeLayout.valueLength(d, cell);
      if (!NodeLayout.isOverflow(d, cell)) {
        return java.util.Arrays.copyOfRange(d, voff, voff + len);
      }
      first = Bytes.getInt(d, voff);
    } finally {
      pager.unpin(p);
    }
    return OverflowChain.read(pager, first, len, true);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Stores {@code value} under {@code key}, replacing any value there.
   *
   * @return true if a value was replaced
   * @throws IllegalArgumentException if the key is longer than {@link #maxKeyLength()}
   */
  public boolean put(byte[] key, byte[] value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.length > maxKey) {
      throw new IllegalArgumentException("key of " + key.length + " bytes is longer than the maximum of "
          + maxKey + " bytes for " + pageSize + "-byte pages (tree '" + name + "')");
    }
    lock.writeLock().lock();
    try {
      pager.ensureWritable();
      int leafLevel = descendForWrite(key);
      Page leaf = pinNode(pathPages[leafLevel]);
      int pos;
      int oldOverflow = 0;
      boolean replaced;
      try {
        byte[] d = leaf.data();
        int i = NodeLayout.search(d, true, key);
        replaced = i >= 0;
        if (replaced && NodeLayout.replaceValueInPlace(d, i, value, maxCell)) {
          // The new cell fit in the old one's bytes: no remove and insert, and no compaction of a
          // full page to make contiguous room (what most rewrites of a value of similar size cost).
          leaf.markDirty();
          pos = -1;
        } else if (replaced) {
          int cell = NodeLayout.cellOffset(d, i);
          if (NodeLayout.isOverflow(d, cell)) {
            oldOverflow = Bytes.getInt(d, NodeLayout.valueOffset(d, cell));
          }
          NodeLayout.remove(d, pageSize, i, true);
          leaf.markDirty();
          pos = i;
        } else {
          pos = -(i + 1);
        }
      } finally {
        pager.unpin(leaf);
      }
      changed();
      if (pos < 0) { // replaced in place
        if (leafLevel > 0 && underfull(pathPages[leafLevel])) {
          rebalance(leafLevel);
        }
        return true;
      }
      if (oldOverflow != 0) {
        OverflowChain.release(pager, oldOverflow);
      }
      byte[] cell = leafCell(key, value);
      boolean split = insertAt(leafLevel, pos, cell, true);
      if (!split && replaced && leafLevel > 0 && underfull(pathPages[leafLevel])) {
        rebalance(leafLevel);
      }
      return replaced;
    } finally {
      modCount++; // also after a failure: pages may have changed, so cursors must re-seek
      lock.writeLock().unlock();
    }
  }

  /**
   * Removes {@code key}.
   *
   * @return true if it was present
   */
  public boolean delete(byte[] key) {
    Objects.requireNonNull(key, "key");
    lock.writeLock().lock();
    try {
      pager.ensureWritable();
      if (!containsAt(root, key)) {
        return false; // no copies of the path for a key that is not there
      }
      changed();
      int leafLevel = descendForWrite(key);
      Page leaf = pinNode(pathPages[leafLevel]);
      int overflow = 0;
      try {
        byte[] d = leaf.data();
        int i = NodeLayout.search(d, true, key);
        if (i < 0) {
          return false;
        }
        int cell = NodeLayout.cellOffset(d, i);
        if (NodeLayout.isOverflow(d, cell)) {
          overflow = Bytes.getInt(d, NodeLayout.valueOffset(d, cell));
        }
        NodeLayout.remove(d, pageSize, i, true);
        leaf.markDirty();
      } finally {
        pager.unpin(leaf);
      }
      if (overflow != 0) {
        OverflowChain.release(pager, overflow);
      }
      if (leafLevel > 0 && underfull(pathPages[leafLevel])) {
        rebalance(leafLevel);
      }
      return true;
    } finally {
      modCount++;
      lock.writeLock().unlock();
    }
  }

  /**
   * Releases every page of the tree, root included ({@link Pager#release}: snapshots that still
   * show the tree keep reading it). The tree must not be changed afterwards.
   */
  public void freeAllPages() {
    lock.writeLock().lock();
    try {
      pager.ensureWritable();
      freeSubtree(root, 0);
    } finally {
      modCount++;
      lock.writeLock().unlock();
    }
  }

  private void freeSubtree(int pageNo, int depth) {
    checkDepth(depth, pageNo);
    Page p = pinNode(pageNo);
    List<Integer> children = new ArrayList<>();
    List<Integer> chains = new ArrayList<>();
    try {
      byte[] d = p.data();
      int n = NodeLayout.count(d);
      if (NodeLayout.isLeaf(d)) {
        for (int i = 0; i < n; i++) {
          int cell = NodeLayout.cellOffset(d, i);
          if (NodeLayout.isOverflow(d, cell)) {
            chains.add(Bytes.getInt(d, NodeLayout.valueOffset(d, cell)));
          }
        }
      } else {
        for (int i = 0; i <= n; i++) {
          children.add(NodeLayout.child(d, i));
        }
      }
    } finally {
      pager.unpin(p);
    }
    for (int c : children) {
      freeSubtree(c, depth + 1);
    }
    for (int c : chains) {
      OverflowChain.release(pager, c);
    }
    pager.release(pageNo);
  }

  /**
   * Moves every page of the tree numbered {@code limit} or higher (nodes and overflow chains) to
   * newly allocated pages, copy-on-write, so that a vacuum can cut the end of the file: with the
   * free list handing out low pages first, the copies land below {@code limit}. Reads every page.
   *
   * @return the number of pages moved
   */
  public int relocate(int limit) {
    lock.writeLock().lock();
    try {
      pager.ensureWritable();
      int[] moved = new int[1];
      root = relocateNode(root, limit, 0, moved);
      return moved[0];
    } finally {
      modCount++;
      lock.writeLock().unlock();
    }
  }

  private int relocateNode(int pageNo, int limit, int depth, int[] moved) {
    checkDepth(depth, pageNo);
    int[] children = null;
    int n;
    Page p = pinNode(pageNo);
    try {
      byte[] d = p.data();
      n = NodeLayout.count(d);
      if (!NodeLayout.isLeaf(d)) {
        children = new int[n + 1];
        for (int i = 0; i <= n; i++) {
          children[i] = NodeLayout.child(d, i);
        }
      }
    } finally {
      pager.unpin(p);
    }
    int own = pageNo;
    if (pageNo >= limit) {
      own = shadow(pageNo);
      moved[0]++;
    }
    if (children != null) {
      for (int i = 0; i <= n; i++) {
        int c = relocateNode(children[i], limit, depth + 1, moved);
        if (c != children[i]) {
          own = shadow(own);
          setChild(own, i, c);
        }
      }
      return own;
    }
    for (int i = 0; i < n; i++) {
      int first;
      int len;
      Page leaf = pinNode(own);
      try {
        byte[] d = leaf.data();
        int cell = NodeLayout.cellOffset(d, i);
        if (!NodeLayout.isOverflow(d, cell)) {
          continue;
        }
        first = Bytes.getInt(d, NodeLayout.valueOffset(d, cell));
        len = NodeLayout.valueLength(d, cell);
      } finally {
        pager.unpin(leaf);
      }
      if (!OverflowChain.reaches(pager, first, limit)) {
        continue;
      }
      int copy = OverflowChain.write(pager, OverflowChain.read(pager, first, len));
      own = shadow(own);
      Page leafCopy = pinNode(own);
      try {
        byte[] d = leafCopy.data();
        Bytes.putInt(d, NodeLayout.valueOffset(d, NodeLayout.cellOffset(d, i)), copy);
        leafCopy.markDirty();
      } finally {
        pager.unpin(leafCopy);
      }
      OverflowChain.release(pager, first);
      moved[0]++;
    }
    return own;
  }

  private byte[] leafCell(byte[] key, byte[] value) {
    int inline = NodeLayout.LEAF_FIXED + key.length + value.length;
    boolean overflow = inline > maxCell;
    byte[] cell = new byte[overflow ? NodeLayout.LEAF_FIXED + key.length + 4 : inline];
    Bytes.putU16(cell, 0, key.length);
    cell[2] = (byte) (overflow ? NodeLayout.FLAG_OVERFLOW : 0);
    Bytes.putInt(cell, 3, value.length);
    System.arraycopy(key, 0, cell, NodeLayout.LEAF_FIXED, key.length);
    if (overflow) {
      Bytes.putInt(cell, NodeLayout.LEAF_FIXED + key.length, OverflowChain.write(pager, value));
    } else {
      System.arraycopy(value, 0, cell, NodeLayout.LEAF_FIXED + key.length, value.length);
    }
    return cell;
  }

  /**
   * Whether {@code key} is in the tree rooted at {@code rootPage}, without reading its value. Takes
   * no lock (see {@link #getAt}).
   */
  public boolean containsAt(int rootPage, byte[] key) {
    Objects.requireNonNull(key, "key");
    int pageNo = rootPage;
    for (int depth = 0;; depth++) {
      checkDepth(depth, pageNo);
      Page p = pinNodeForRead(pageNo);
      try {
        byte[] d = p.data();
        if (NodeLayout.isLeaf(d)) {
          return NodeLayout.search(d, true, key) >= 0;
        }
        pageNo = NodeLayout.child(d, NodeLayout.childIndex(d, key));
      } finally {
        pager.unpin(p);
      }
    }
  }

  /**
   * Walks from the root to the leaf for {@code key}, making every page on the way writable
   * ({@link #shadow}) and recording the path; returns the leaf level.
   */
  private int descendForWrite(byte[] key) {
    int pageNo = root;
    pathRightmost = true;
    for (int level = 0;; level++) {
      checkDepth(level, pageNo);
      int own = shadow(pageNo);
      if (own != pageNo) {
        if (level == 0) {
          root = own;
        } else {
          setChild(pathPages[level - 1], pathIdx[level - 1], own);
        }
        pageNo = own;
      }
      pathPages[level] = pageNo;
      Page p = pinNode(pageNo);
      try {
        byte[] d = p.data();
        if (NodeLayout.isLeaf(d)) {
          return level;
        }
        int idx = NodeLayout.childIndex(d, key);
        pathIdx[level] = idx;
        pathRightmost &= idx == NodeLayout.count(d);
        pageNo = NodeLayout.child(d, idx);
      } finally {
        pager.unpin(p);
      }
    }
  }

  /**
   * Returns a page number the writer may change in place holding the contents of node
   * {@code pageNo}: the page itself if it was allocated since the last commit, otherwise a new copy
   * (the old page is released; the caller repoints the parent or the root).
   */
  private int shadow(int pageNo) {
    if (pager.isFresh(pageNo)) {
      return pageNo;
    }
    Page src = pinNode(pageNo);
    int copy;
    try {
      Page dst = pager.allocateCopy(src.data(), pageNo);
      try {
        copy = dst.pageNo();
      } finally {
        pager.unpin(dst);
      }
    } finally {
      pager.unpin(src);
    }
    pager.release(pageNo);
    return copy;
  }

  private void setChild(int parentNo, int index, int child) {
    Page parent = pinNode(parentNo);
    try {
      NodeLayout.setChild(parent.data(), index, child);
      parent.markDirty();
    } finally {
      pager.unpin(parent);
    }
  }

  private boolean underfull(int pageNo) {
    Page p = pinNode(pageNo);
    try {
      return NodeLayout.usedSpace(p.data(), pageSize) < minFill;
    } finally {
      pager.unpin(p);
    }
  }

  /**
   * Inserts {@code cell} at slot {@code pos} of the node at {@code level} of the recorded path,
   * splitting it (and, recursively, its ancestors) if it does not fit.
   *
   * @return true if the node was split
   */
  private boolean insertAt(int level, int pos, byte[] cell, boolean leaf) {
    Page pg = pinNode(pathPages[level]);
    List<byte[]> cells;
    int right;
    byte type = leaf ? PageType.BTREE_LEAF : PageType.BTREE_INTERNAL;
    int m;
    int rightPage;
    byte[] sep;
    try {
      byte[] d = pg.data();
      if (NodeLayout.fits(d, pageSize, cell.length)) {
        NodeLayout.insert(d, pageSize, pos, cell, leaf, scratch);
        pg.markDirty();
        return false;
      }
      cells = allCells(d, leaf);
      cells.add(pos, cell);
      right = NodeLayout.rightChild(d);
      boolean append = leaf && pathRightmost && pos == cells.size() - 1;
      m = append ? cells.size() - 1 : chooseSplit(cells, leaf);
      sep = NodeLayout.keyOfCell(cells.get(m), leaf);
      if (level == 0) {
        splitRoot(pg, cells, m, sep, right, leaf, type);
        return true;
      }
      Page rp = pager.allocate(type);
      try {
        if (leaf) {
          NodeLayout.rebuild(rp.data(), pageSize, type, cells, m, cells.size(), 0);
          NodeLayout.rebuild(d, pageSize, type, cells, 0, m, 0);
        } else {
          NodeLayout.rebuild(rp.data(), pageSize, type, cells, m + 1, cells.size(), right);
          NodeLayout.rebuild(d, pageSize, type, cells, 0, m, Bytes.getInt(cells.get(m), 0));
        }
        rightPage = rp.pageNo();
      } finally {
        pager.unpin(rp);
      }
      pg.markDirty();
    } finally {
      pager.unpin(pg);
    }
    Page parent = pinNode(pathPages[level - 1]);
    try {
      NodeLayout.setChild(parent.data(), pathIdx[level - 1], rightPage);
      parent.markDirty();
    } finally {
      pager.unpin(parent);
    }
    insertAt(level - 1, pathIdx[level - 1], NodeLayout.internalCell(pathPages[level], sep, 0, sep.length), false);
    return true;
  }

  private void splitRoot(Page rootPage, List<byte[]> cells, int m, byte[] sep, int right, boolean leaf, byte type) {
    Page lp = pager.allocate(type);
    Page rp = pager.allocate(type);
    try {
      if (leaf) {
        NodeLayout.rebuild(lp.data(), pageSize, type, cells, 0, m, 0);
        NodeLayout.rebuild(rp.data(), pageSize, type, cells, m, cells.size(), 0);
      } else {
        NodeLayout.rebuild(lp.data(), pageSize, type, cells, 0, m, Bytes.getInt(cells.get(m), 0));
        NodeLayout.rebuild(rp.data(), pageSize, type, cells, m + 1, cells.size(), right);
      }
      List<byte[]> top = List.of(NodeLayout.internalCell(lp.pageNo(), sep, 0, sep.length));
      NodeLayout.rebuild(rootPage.data(), pageSize, PageType.BTREE_INTERNAL, top, 0, 1, rp.pageNo());
      rootPage.markDirty();
    } finally {
      pager.unpin(lp);
      pager.unpin(rp);
    }
  }

  private static List<byte[]> allCells(byte[] d, boolean leaf) {
    int n = NodeLayout.count(d);
    List<byte[]> cells = new ArrayList<>(n + 2);
    for (int i = 0; i < n; i++) {
      cells.add(NodeLayout.cell(d, i, leaf));
    }
    return cells;
  }

  /**
   * The split index that balances the two halves by bytes. For a leaf the halves are
   * {@code [0, m)} and {@code [m, n)}; for an interior node cell m moves up to the parent and the
   * halves are {@code [0, m)} and {@code (m, n)}, so m is kept away from both ends.
   */
  private int chooseSplit(List<byte[]> cells, boolean leaf) {
    int n = cells.size();
    long total = 0;
    for (byte[] c : cells) {
      total += c.length + 2;
    }
    int lo = 1;
    int hi = leaf ? n - 1 : n - 2;
    long left = 0;
    int best = lo;
    long bestDiff = Long.MAX_VALUE;
    for (int m = 0; m <= hi; m++) {
      if (m >= lo) {
        long rightBytes = total - left - (leaf ? 0 : cells.get(m).length + 2);
        long diff = Math.abs(left - rightBytes);
        if (diff < bestDiff && left <= usable && rightBytes <= usable) {
          bestDiff = diff;
          best = m;
        }
      }
      left += cells.get(m).length + 2;
    }
    return best;
  }

  /**
   * Fixes the underfull node at {@code level} of the recorded path (level >= 1) by merging it with
   * a sibling, or, if the two do not fit in one page, by sharing their cells evenly. A merge takes a
   * separator out of the parent, which may leave the parent underfull in turn.
   */
  private void rebalance(int level) {
    int parentNo = pathPages[level - 1];
    int c = pathIdx[level - 1];
    int leftIdx;
    int leftNo;
    int rightNo;
    byte[] sepKey;
    Page parent = pinNode(parentNo);
    try {
      byte[] pd = parent.data();
      leftIdx = c > 0 ? c - 1 : c;
      leftNo = NodeLayout.child(pd, leftIdx);
      rightNo = NodeLayout.child(pd, leftIdx + 1);
      sepKey = NodeLayout.key(pd, leftIdx, false);
    } finally {
      pager.unpin(parent);
    }
    // The node on the path is already writable; its sibling is copied if a snapshot may see it.
    int own = shadow(leftNo);
    if (own != leftNo) {
      setChild(parentNo, leftIdx, own);
      leftNo = own;
    }
    own = shadow(rightNo);
    if (own != rightNo) {
      setChild(parentNo, leftIdx + 1, own);
      rightNo = own;
    }
    Page lp = pinNode(leftNo);
    Page rp;
    try {
      rp = pinNode(rightNo);
    } catch (RuntimeException e) {
      pager.unpin(lp);
      throw e;
    }
    boolean merged;
    byte[] newSep = null;
    try {
      byte[] ld = lp.data();
      byte[] rd = rp.data();
      boolean leaf = NodeLayout.isLeaf(ld);
      if (leaf != NodeLayout.isLeaf(rd)) {
        throw new CorruptionException(pager.fileName(), rightNo, "siblings " + leftNo + " and " + rightNo
            + " of tree '" + name + "' are not on the same level");
      }
      byte type = leaf ? PageType.BTREE_LEAF : PageType.BTREE_INTERNAL;
      List<byte[]> cells = allCells(ld, leaf);
      if (!leaf) {
        cells.add(NodeLayout.internalCell(NodeLayout.rightChild(ld), sepKey, 0, sepKey.length));
      }
      cells.addAll(allCells(rd, leaf));
      int finalRight = NodeLayout.rightChild(rd);
      long total = 0;
      for (byte[] cell : cells) {
        total += cell.length + 2;
      }
      merged = total <= usable;
      if (merged) {
        NodeLayout.rebuild(ld, pageSize, type, cells, 0, cells.size(), finalRight);
      } else {
        int m = chooseSplit(cells, leaf);
        newSep = NodeLayout.keyOfCell(cells.get(m), leaf);
        if (leaf) {
          NodeLayout.rebuild(ld, pageSize, type, cells, 0, m, 0);
          NodeLayout.rebuild(rd, pageSize, type, cells, m, cells.size(), 0);
        } else {
          NodeLayout.rebuild(ld, pageSize, type, cells, 0, m, Bytes.getInt(cells.get(m), 0));
          NodeLayout.rebuild(rd, pageSize, type, cells, m + 1, cells.size(), finalRight);
        }
        rp.markDirty();
      }
      lp.markDirty();
    } finally {
      pager.unpin(lp);
      pager.unpin(rp);
    }
    parent = pinNode(parentNo);
    try {
      byte[] pd = parent.data();
      NodeLayout.remove(pd, pageSize, leftIdx, false);
      if (merged) {
        NodeLayout.setChild(pd, leftIdx, leftNo);
      }
      parent.markDirty();
    } finally {
      pager.unpin(parent);
    }
    boolean parentSplit = false;
    if (merged) {
      pager.release(rightNo);
    } else {
      parentSplit = insertAt(level - 1, leftIdx, NodeLayout.internalCell(leftNo, newSep, 0, newSep.length), false);
    }
    if (level - 1 == 0) {
      collapseRoot();
    } else if (!parentSplit && underfull(parentNo)) {
      rebalance(level - 1);
    }
  }

  /**
   * While the root is an interior node with a single child, copies that child into the root (the
   * root is writable here: the delete that emptied it went through it).
   */
  private void collapseRoot() {
    while (true) {
      Page r = pinNode(root);
      int child;
      try {
        byte[] d = r.data();
        if (NodeLayout.isLeaf(d) || NodeLayout.count(d) > 0) {
          return;
        }
        child = NodeLayout.rightChild(d);
        Page cp = pinNode(child);
        try {
          System.arraycopy(cp.data(), 0, d, 0, pageSize);
        } finally {
          pager.unpin(cp);
        }
        r.markDirty();
      } finally {
        pager.unpin(r);
      }
      pager.release(child);
    }
  }

  @Override
  public String toString() {
    return "BTree[" + name + ", root " + root + "]";
  }
}
