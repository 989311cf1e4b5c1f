package org.treestore.engine.tx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A read-write transaction's own changes, per tree, in key order (unsigned bytes): the value to
 * store, or {@link #TOMBSTONE} for a delete. Its gets and scans read through it first; its commit
 * validates and applies it. Held in the heap until the commit, so its size is the size of the
 * transaction.
 */
final class WriteSet {
  /** Marks a deleted key (compared by identity). */
  static final byte[] TOMBSTONE = new byte[0];

  private final Map<String, TreeMap<byte[], byte[]>> trees = new HashMap<>();

  /** Records {@code value} (or {@link #TOMBSTONE}) for {@code key} of {@code tree}; no copies. */
  void write(String tree, byte[] key, byte[] value) {
    trees.computeIfAbsent(tree, t -> new TreeMap<>(Arrays::compareUnsigned)).put(key, value);
  }

  /** This transaction's entry for {@code key}: a value, {@link #TOMBSTONE}, or null if untouched. */
  byte[] lookup(String tree, byte[] key) {
    TreeMap<byte[], byte[]> m = trees.get(tree);
    return m == null ? null : m.get(key);
  }

  /** The changes to {@code tree} in key order, or null if there are none. */
  NavigableMap<byte[], byte[]> tree(String tree) {
    return trees.get(tree);
  }

  /** Every tree with changes. */
  Map<String, TreeMap<byte[], byte[]>> trees() {
    return trees;
  }

  boolean isEmpty() {
    return trees.isEmpty();
  }
}
