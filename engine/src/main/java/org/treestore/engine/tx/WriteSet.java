package org.treestore.engine.tx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
  /** Commutative updates ({@link Transaction#update}) per tree and key; null until one. */
  private Map<String, TreeMap<byte[], Update>> updates;

  /**
   * One key's updates in this transaction, in order, and the value the transaction reads for the
   * key (its snapshot's value with them applied). A list, not composed functions: a bulk load
   * updates a counter once per document, and a composition that deep would overflow the stack.
   */
  static final class Update {
    private final List<UnaryOperator<byte[]>> fns = new ArrayList<>(2);
    private byte[] seen;

    /** The value this transaction reads for the key. */
    byte[] seen() {
      return seen;
    }

    /** {@code current} with every update applied, in order (at commit). */
    byte[] applyTo(byte[] current) {
      byte[] v = current;
      for (UnaryOperator<byte[]> fn : fns) {
        v = fn.apply(v);
      }
      return v;
    }
  }

  /**
   * Records {@code value} (or {@link #TOMBSTONE}) for {@code key} of {@code tree}; no copies. It
   * replaces an update of the key made before in this transaction.
   */
  void write(String tree, byte[] key, byte[] value) {
    trees.computeIfAbsent(tree, t -> new TreeMap<>(Arrays::compareUnsigned)).put(key, value);
    if (updates != null) {
      TreeMap<byte[], Update> u = updates.get(tree);
      if (u != null && u.remove(key) != null && u.isEmpty()) {
        updates.remove(tree);
      }
    }
  }

  /**
   * Records an update of {@code key}, applied at commit after those recorded before; {@code seen}
   * is the value the transaction now reads for the key. No copies.
   */
  void update(String tree, byte[] key, UnaryOperator<byte[]> fn, byte[] seen) {
    if (updates == null) {
      updates = new HashMap<>();
    }
    Update u = updates.computeIfAbsent(tree, t -> new TreeMap<>(Arrays::compareUnsigned))
        .computeIfAbsent(key, k -> new Update());
    u.fns.add(fn);
    u.seen = seen;
  }

  /** This transaction's updates of {@code key}, or null. */
  Update pendingUpdate(String tree, byte[] key) {
    if (updates == null) {
      return null;
    }
    TreeMap<byte[], Update> m = updates.get(tree);
    return m == null ? null : m.get(key);
  }

  /** Every tree with updates, per key. */
  Map<String, TreeMap<byte[], Update>> updates() {
    return updates == null ? Map.of() : updates;
  }

  /** Keys written or updated. */
  int keyCount() {
    int n = 0;
    for (TreeMap<byte[], byte[]> t : trees.values()) {
      n += t.size();
    }
    for (TreeMap<byte[], Update> t : updates().values()) {
      n += t.size();
    }
    return n;
  }

  /** Whether {@code tree} has a write or an update here. */
  boolean touches(String tree) {
    return trees.containsKey(tree) || updates().containsKey(tree);
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
