package org.treestore.engine.tx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

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
  /** Commutative updates ({@link Transaction#update}) per tree, composed per key; null until one. */
  private Map<String, TreeMap<byte[], UnaryOperator<byte[]>>> updates;

  /**
   * Records {@code value} (or {@link #TOMBSTONE}) for {@code key} of {@code tree}; no copies. It
   * replaces an update of the key made before in this transaction.
   */
  void write(String tree, byte[] key, byte[] value) {
    trees.computeIfAbsent(tree, t -> new TreeMap<>(Arrays::compareUnsigned)).put(key, value);
    if (updates != null) {
      TreeMap<byte[], UnaryOperator<byte[]>> u = updates.get(tree);
      if (u != null && u.remove(key) != null && u.isEmpty()) {
        updates.remove(tree);
      }
    }
  }

  /** Records an update of {@code key}, applied after those recorded before; no copies. */
  void update(String tree, byte[] key, UnaryOperator<byte[]> fn) {
    if (updates == null) {
      updates = new HashMap<>();
    }
    TreeMap<byte[], UnaryOperator<byte[]>> m = updates.computeIfAbsent(tree, t -> new TreeMap<>(Arrays::compareUnsigned));
    UnaryOperator<byte[]> before = m.get(key);
    m.put(key, before == null ? fn : v -> fn.apply(before.apply(v)));
  }

  /** This transaction's composed update of {@code key}, or null. */
  UnaryOperator<byte[]> pendingUpdate(String tree, byte[] key) {
    if (updates == null) {
      return null;
    }
    TreeMap<byte[], UnaryOperator<byte[]>> m = updates.get(tree);
    return m == null ? null : m.get(key);
  }

  /** Every tree with updates, each key's updates composed. */
  Map<String, TreeMap<byte[], UnaryOperator<byte[]>>> updates() {
    return updates == null ? Map.of() : updates;
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
    return trees.isEmpty() && (updates == null || updates.isEmpty());
  }
}
