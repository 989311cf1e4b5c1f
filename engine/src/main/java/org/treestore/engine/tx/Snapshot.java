package org.treestore.engine.tx;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One committed state of the database: the commit sequence number it shows and the catalog root
 * it starts from. Immutable, except for the count of transactions reading it, which keeps its pages
 * from being reused (see {@link SnapshotRegistry}).
 */
final class Snapshot {
  final long seq;
  final int catalogRoot;
  final AtomicInteger readers = new AtomicInteger();
  /**
   * Root page of each tree looked up so far in this snapshot's catalog (0: no such tree). The
   * catalog of a snapshot never changes, so every transaction on it shares the answers: a short
   * transaction (one autocommit statement) would otherwise search the catalog for each tree it opens.
   */
  final ConcurrentHashMap<String, Integer> roots = new ConcurrentHashMap<>();
  /** Values derived from this snapshot's data by the layers above ({@link Transaction#snapshotMemo}). */
  final ConcurrentHashMap<Object, Object> memos = new ConcurrentHashMap<>(4);

  Snapshot(long seq, int catalogRoot) {
    this.seq = seq;
    this.catalogRoot = catalogRoot;
  }

  @Override
  public String toString() {
    return "Snapshot[seq " + seq + ", catalog root " + catalogRoot + ", " + readers.get() + " readers]";
  }
}
