package org.treestore.engine.tx;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * For every key written by a recent commit, the sequence number of the last commit that wrote it:
 * the committer's memory for first-committer-wins validation. A transaction whose snapshot shows
 * commit {@code s} conflicts if one of its keys was written by a commit newer than {@code s}.
 *
 * <p>Keys a commit changed by {@link Transaction#update} are recorded like written ones (a later
 * {@code put} computed without the update conflicts) but never checked: updates commute.
 *
 * <p>Entries are needed only while some open read-write transaction has an older snapshot, so
 * {@link #prune} drops entries at or below the oldest such snapshot. It runs when the map has
 * doubled since the last prune, so its cost is amortized O(1) per recorded key, and the map holds
 * about the keys written since the oldest open writer began. Used by the committer only, under the
 * store's write lock.
 *
 * <p><b>Recent commits stay as write sets.</b> The last {@value #MAX_RECENT} commits are kept as
 * their transactions' write sets (already key-ordered maps, which the committed transactions no
 * longer change) and only copied key by key into the map when a newer commit pushes them out. With
 * one writer at a time, the usual case, a commit's entry is pruned before that happens: the next
 * committer began after it, so nothing is ever copied or looked up. That copying was a tenth of a
 * commit that writes thousands of keys (a full-text merge). The price is holding up to
 * {@value #MAX_RECENT} write sets, values included, until the next commit; a write set of more
 * than {@value #MAX_RECENT_KEYS} keys (a bulk load) is copied at once instead.
 */
final class ConflictTracker {
  /** Commits kept as write sets before the oldest is copied into {@link #written}. */
  static final int MAX_RECENT = 4;
  /**
   * A commit with more keys is copied at once: a recent commit's write set stays in memory, values
   * included, until a later commit prunes it, which may be long after a bulk load.
   */
  static final int MAX_RECENT_KEYS = 16_384;

  private final int maxRecentKeys;

  ConflictTracker() {
    this(MAX_RECENT_KEYS);
  }

  /** A tracker that copies at once any commit of more than {@code maxRecentKeys} keys (tests). */
  ConflictTracker(int maxRecentKeys) {
    this.maxRecentKeys = maxRecentKeys;
  }

  private final Map<String, HashMap<Key, Long>> written = new HashMap<>();
  /** The newest commits' write sets, oldest first (ascending sequence numbers). */
  private final ArrayDeque<Recent> recent = new ArrayDeque<>();
  /** Trees changed directly (not by a transaction) and the last commit that included such changes. */
  private final Map<String, Long> changedDirectly = new HashMap<>();
  private int size;
  private int pruneAt = 1024;

  private record Recent(long seq, WriteSet writes) {}

  /**
   * The first key of {@code ws} written by a commit after {@code snapshotSeq}, described, or null
   * if there is none. The newest such commit is named, so that a retry that waits for it to be
   * visible does not meet an older one's keys again.
   */
  ConflictException findConflict(WriteSet ws, long snapshotSeq) {
    for (Map.Entry<String, TreeMap<byte[], byte[]>> t : ws.trees().entrySet()) {
      Long direct = changedDirectly.get(t.getKey());
      if (direct != null && direct > snapshotSeq) {
        return new ConflictException("tree '" + t.getKey() + "' was changed directly (not in a transaction) by commit "
            + direct + ", after this transaction's snapshot (commit " + snapshotSeq
            + "); the transaction was rolled back and may be retried", t.getKey(), direct);
      }
    }
    for (Iterator<Recent> it = recent.descendingIterator(); it.hasNext();) {
      Recent r = it.next();
      if (r.seq <= snapshotSeq) {
        break; // older ones too
      }
      for (Map.Entry<String, TreeMap<byte[], byte[]>> t : ws.trees().entrySet()) {
        byte[] k = commonKey(t.getValue(), r.writes.trees().get(t.getKey()));
        if (k == null) {
          k = commonKey(t.getValue(), r.writes.updates().get(t.getKey()));
        }
        if (k != null) {
          return conflict(k, t.getKey(), r.seq, snapshotSeq);
        }
      }
    }
    for (Map.Entry<String, TreeMap<byte[], byte[]>> t : ws.trees().entrySet()) {
      HashMap<Key, Long> m = written.get(t.getKey());
      if (m == null) {
        continue;
      }
      for (byte[] k : t.getValue().keySet()) {
        Long seq = m.get(new Key(k));
        if (seq != null && seq > snapshotSeq) {
          return conflict(k, t.getKey(), seq, snapshotSeq);
        }
      }
    }
    return null;
  }

  private static ConflictException conflict(byte[] k, String tree, long seq, long snapshotSeq) {
    return new ConflictException("write-write conflict on key " + hex(k) + " of tree '" + tree
        + "': commit " + seq + " wrote it after this transaction's snapshot (commit " + snapshotSeq
        + "); the transaction was rolled back and may be retried", tree, seq);
  }

  /** A key both maps hold, or null; looks the smaller one's keys up in the larger. */
  private static byte[] commonKey(TreeMap<byte[], ?> a, TreeMap<byte[], ?> b) {
    if (a == null || b == null) {
      return null;
    }
    TreeMap<byte[], ?> small = a.size() <= b.size() ? a : b;
    TreeMap<byte[], ?> large = small == a ? b : a;
    for (byte[] k : small.keySet()) {
      if (large.containsKey(k)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Records that commit {@code seq} writes every key of {@code ws}; {@code ws} must not change
   * afterwards. Commits are recorded in ascending order.
   */
  void record(WriteSet ws, long seq) {
    if (ws.keyCount() > maxRecentKeys) {
      // A bulk load: its values must not stay in memory until the next commit prunes it. Older
      // recent commits go first, so that every copied key is older than every recent one.
      while (!recent.isEmpty()) {
        copy(recent.removeFirst());
      }
      copy(new Recent(seq, ws));
      return;
    }
    recent.addLast(new Recent(seq, ws));
    if (recent.size() > MAX_RECENT) {
      copy(recent.removeFirst());
    }
  }

  private void copy(Recent r) {
    copyKeys(r.writes.trees(), r.seq);
    copyKeys(r.writes.updates(), r.seq);
  }

  private void copyKeys(Map<String, ? extends TreeMap<byte[], ?>> trees, long seq) {
    for (Map.Entry<String, ? extends TreeMap<byte[], ?>> t : trees.entrySet()) {
      HashMap<Key, Long> m = written.computeIfAbsent(t.getKey(), n -> new HashMap<>());
      for (byte[] k : t.getValue().keySet()) {
        if (m.put(new Key(k), seq) == null) {
          size++;
        }
      }
    }
  }

  /**
   * Records that commit {@code seq} includes direct changes to tree {@code tree}, whose keys are not
   * known: a transaction that writes to that tree and began before the commit conflicts.
   */
  void recordDirect(String tree, long seq) {
    changedDirectly.put(tree, seq);
  }

  /** Drops entries no open writer can conflict with, if the map has grown enough to be worth it. */
  void prune(long writerHorizon) {
    while (!recent.isEmpty() && recent.peekFirst().seq <= writerHorizon) {
      recent.removeFirst();
    }
    if (size < pruneAt) {
      return;
    }
    for (Iterator<HashMap<Key, Long>> tables = written.values().iterator(); tables.hasNext();) {
      HashMap<Key, Long> m = tables.next();
      for (Iterator<Long> it = m.values().iterator(); it.hasNext();) {
        if (it.next() <= writerHorizon) {
          it.remove();
          size--;
        }
      }
      if (m.isEmpty()) {
        tables.remove();
      }
    }
    pruneAt = Math.max(1024, 2 * size);
    changedDirectly.values().removeIf(seq -> seq <= writerHorizon);
  }

  /** Keys remembered, counting the recent write sets' (for tests of bounded memory). */
  int size() {
    int n = size;
    for (Recent r : recent) {
      n += r.writes.keyCount();
    }
    return n;
  }

  private static String hex(byte[] k) {
    StringBuilder b = new StringBuilder("0x");
    int n = Math.min(k.length, 32);
    for (int i = 0; i < n; i++) {
      b.append(Character.forDigit((k[i] >> 4) & 15, 16)).append(Character.forDigit(k[i] & 15, 16));
    }
    return k.length > n ? b.append("... (").append(k.length).append(" bytes)").toString() : b.toString();
  }

  /** A key with value equality. */
  private static final class Key {
    final byte[] bytes;
    final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
