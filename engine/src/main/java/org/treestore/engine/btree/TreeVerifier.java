package org.treestore.engine.btree;

import java.util.Arrays;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.PageType;

/**
 * Verifies one B+Tree page by page for the integrity check, reporting every problem it finds and
 * carrying on where it safely can.
 *
 * <p>Per node: type tag; slot array and cell bounds, with the cells plus garbage exactly filling the
 * content area (no overlap, nothing lost); keys strictly ascending and inside the bounds the parent's
 * separators give; every leaf at the same depth; fill at least the tree's minimum except at the root
 * and the right-most leaf (which ascending appends leave short by design); key lengths within the
 * limit. Per overflow chain: page types, per-page lengths, and a total equal to the value's length.
 * Every page is claimed through the {@link Sink}, which reports a page reached twice.
 */
public final class TreeVerifier {

  /** Where the verifier reads pages and reports what it finds. */
  public interface Sink {
    /** The verified bytes of page {@code pageNo}, or null if it could not be read (already reported). */
    byte[] read(int pageNo);

    /** Records that {@code owner} reaches {@code pageNo}; false if it was already reached (reported). */
    boolean claim(int pageNo, String owner);

    /** Reports a problem on {@code pageNo} (-1 if not tied to a page). */
    void problem(int pageNo, String message);
  }

  private final String tree;
  private final int pageSize;
  private final int minFill;
  private final int maxKey;
  private final Sink sink;
  private int leafDepth = -1;
  private long entries;
  private long pages;

  private TreeVerifier(String tree, int pageSize, Sink sink) {
    this.tree = tree;
    this.pageSize = pageSize;
    int usable = pageSize - NodeLayout.SLOTS;
    this.minFill = usable / 4;
    this.maxKey = usable / 4 - 2 - NodeLayout.LEAF_FIXED - 4;
    this.sink = sink;
  }

  /** Verifies the tree called {@code tree} rooted at {@code root}; returns its number of entries. */
  public static long verify(String tree, int root, int pageSize, Sink sink) {
    TreeVerifier v = new TreeVerifier(tree, pageSize, sink);
    if (!sink.claim(root, "tree '" + tree + "'")) {
      return 0;
    }
    v.node(root, 0, null, null, true, true);
    return v.entries;
  }

  private void problem(int pageNo, String msg) {
    sink.problem(pageNo, "tree '" + tree + "': " + msg);
  }

  private void node(int pageNo, int depth, byte[] lower, byte[] upper, boolean isRoot, boolean rightmost) {
    if (depth >= BTree.MAX_DEPTH) {
      problem(pageNo, "deeper than " + BTree.MAX_DEPTH + " levels");
      return;
    }
    byte[] d = sink.read(pageNo);
    if (d == null) {
      return;
    }
    pages++;
    int type = d[0];
    if (type != PageType.BTREE_LEAF && type != PageType.BTREE_INTERNAL) {
      problem(pageNo, "expected a b-tree node, found a " + PageType.name(type) + " page");
      return;
    }
    boolean leaf = type == PageType.BTREE_LEAF;
    if (!layoutOk(pageNo, d, leaf)) {
      return;
    }
    int n = NodeLayout.count(d);
    if (!isRoot) {
      if (n == 0) {
        problem(pageNo, "non-root " + (leaf ? "leaf" : "interior node") + " has no keys");
      } else if (!(leaf && rightmost) && NodeLayout.usedSpace(d, pageSize) < minFill) {
        problem(pageNo, "underfull: " + NodeLayout.usedSpace(d, pageSize) + " bytes used, minimum " + minFill);
      }
    }
    byte[] prev = null;
    for (int i = 0; i < n; i++) {
      byte[] k = NodeLayout.key(d, i, leaf);
      if (k.length > maxKey) {
        problem(pageNo, "key " + i + " is " + k.length + " bytes, over the limit of " + maxKey);
      }
      if (prev != null && Arrays.compareUnsigned(prev, k) >= 0) {
        problem(pageNo, "keys out of order at slot " + i);
      }
      if (lower != null && Arrays.compareUnsigned(k, lower) < 0) {
        problem(pageNo, "key at slot " + i + " is below the lower bound set by the parent");
      }
      if (upper != null && Arrays.compareUnsigned(k, upper) >= 0) {
        problem(pageNo, "key at slot " + i + " is not below the upper bound set by the parent");
      }
      prev = k;
    }
    if (leaf) {
      if (leafDepth < 0) {
        leafDepth = depth;
      } else if (leafDepth != depth) {
        problem(pageNo, "leaf at depth " + depth + " but other leaves are at depth " + leafDepth);
      }
      entries += n;
      for (int i = 0; i < n; i++) {
        int cell = NodeLayout.cellOffset(d, i);
        if (NodeLayout.isOverflow(d, cell)) {
          chain(pageNo, i, Bytes.getInt(d, NodeLayout.valueOffset(d, cell)), NodeLayout.valueLength(d, cell));
        }
      }
      return;
    }
    for (int i = 0; i <= n; i++) {
      int child = NodeLayout.child(d, i);
      byte[] lo = i == 0 ? lower : NodeLayout.key(d, i - 1, false);
      byte[] hi = i == n ? upper : NodeLayout.key(d, i, false);
      if (child <= 0 || !sink.claim(child, "tree '" + tree + "' page " + pageNo)) {
        if (child <= 0) {
          problem(pageNo, "child pointer " + i + " is " + child);
        }
        continue;
      }
      node(child, depth + 1, lo, hi, false, rightmost && i == n);
    }
  }

  private boolean layoutOk(int pageNo, byte[] d, boolean leaf) {
    int n = NodeLayout.count(d);
    int start = NodeLayout.contentStart(d, pageSize);
    int garbage = Bytes.getU16(d, NodeLayout.GARBAGE);
    if (NodeLayout.SLOTS + 2 * n > start || start > pageSize) {
      problem(pageNo, "slot array (" + n + " slots) overlaps the cell area starting at " + start);
      return false;
    }
    int sum = 0;
    for (int i = 0; i < n; i++) {
      int cell = NodeLayout.cellOffset(d, i);
      if (cell < start || cell + (leaf ? NodeLayout.LEAF_FIXED : NodeLayout.INTERNAL_FIXED) > pageSize) {
        problem(pageNo, "slot " + i + " points at offset " + cell + ", outside the cell area");
        return false;
      }
      int size = NodeLayout.cellSize(d, cell, leaf);
      if (size < 0 || cell + size > pageSize) {
        problem(pageNo, "cell " + i + " at offset " + cell + " runs past the end of the page");
        return false;
      }
      sum += size;
    }
    if (sum + garbage != pageSize - start) {
      problem(pageNo, "cells (" + sum + " bytes) and garbage (" + garbage + ") do not fill the cell area ("
          + (pageSize - start) + " bytes): cells overlap or bytes are lost");
      return false;
    }
    return true;
  }

  private void chain(int leafPage, int slot, int first, int length) {
    int cap = pageSize - OverflowChain.DATA_OFF;
    long seen = 0;
    int pageNo = first;
    String owner = "overflow value of tree '" + tree + "' page " + leafPage + " slot " + slot;
    while (pageNo != 0 && seen < length) {
      if (!sink.claim(pageNo, owner)) {
        return;
      }
      byte[] d = sink.read(pageNo);
      if (d == null) {
        return;
      }
      pages++;
      if (d[0] != PageType.OVERFLOW) {
        problem(pageNo, owner + ": expected an overflow page, found a " + PageType.name(d[0]) + " page");
        return;
      }
      int len = Bytes.getInt(d, OverflowChain.LEN_OFF);
      if (len <= 0 || len > cap) {
        problem(pageNo, owner + ": overflow page claims " + len + " bytes");
        return;
      }
      seen += len;
      pageNo = Bytes.getInt(d, OverflowChain.NEXT_OFF);
    }
    if (seen != length || pageNo != 0) {
      problem(leafPage, owner + ": chain holds " + seen + " bytes"
          + (pageNo != 0 ? " and continues" : "") + ", the value is " + length + " bytes");
    }
  }
}
