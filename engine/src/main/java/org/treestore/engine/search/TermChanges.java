package org.treestore.engine.search;

import static org.treestore.engine.search.InvertedIndex.POSTINGS;
import static org.treestore.engine.search.InvertedIndex.TERMS;
import static org.treestore.engine.search.InvertedIndex.blockKey;
import static org.treestore.engine.search.InvertedIndex.blockLast;
import static org.treestore.engine.search.InvertedIndex.termKey;

import org.treestore.engine.search.InvertedIndex.TermStats;
import org.treestore.engine.tx.Transaction;

/**
 * One term's pending changes in one field, in arrival order: postings to put (a new node's, or
 * an existing node's new posting) and to remove. The last change of an ordinal wins.
 */
final class TermChanges {
  private static final byte[] NO_BYTES = new byte[0];

  /** Change i is ch[4i .. 4i+3]: ordinal, field length (-1: remove the posting), first position, tf. */
  int[] ch = IntList.EMPTY;
  /** The length of a change {@link #dropSupersededBy} cancelled. */
  static final int SUPERSEDED = -2;
  int n;
  /** Change i's share of the node count: +1 the node now holds the term, -1 no longer, 0 as before. */
  byte[] dl = NO_BYTES;
  final IntList positions = new IntList();
  /** Whether the ordinals came strictly ascending (new nodes only, the bulk case): no sort needed. */
  boolean ascending = true;
  int nodesDelta;
  /** For each change {@link #order} last returned, the node count share of its ordinal's changes. */
  private int[] orderNet;
  int maxTf;
  int minLen = Integer.MAX_VALUE;

  void put(int ord, int len, IntList pos, int delta) {
    put(ord, len, pos.a, 0, pos.n, delta);
  }

  private void put(int ord, int len, int[] pos, int from, int tf, int delta) {
    note(ord, len, tf, delta);
    for (int i = from; i < from + tf; i++) {
      positions.add(pos[i]);
    }
  }

  void remove(int ord, int delta) {
    note(ord, -1, 0, delta);
  }

  /** The pass of {@link #collect} that noted the last change, 0 if none did. */
  private int lastPass;

  /**
   * One token of a node added whole ({@code sign} +1: a put of its position {@code p}, field length
   * {@code len}) or removed whole (-1: a removal), collected in pass {@code pass} (one per node and
   * field, ascending from 1). The pass's first token of this term notes the change; later ones add
   * their position to it, or nothing for a removal, so no per-node map of terms is needed.
   */
  void collect(int pass, int ord, int len, int p, int sign) {
    if (lastPass == pass) {
      if (sign > 0) {
        positions.add(p);
        ch[n - 1 << 2 | 3]++;
      }
      return;
    }
    lastPass = pass;
    if (sign > 0) {
      note(ord, len, 1, 1);
      positions.add(p);
    } else {
      note(ord, -1, 0, -1);
    }
  }

  /**
   * Appends a pending segment's changes of this term (they come after those already here),
   * except those of the ordinals in {@code skip} (sorted; may be empty).
   */
  void add(PendingSegment.TermDelta d, int[] skip) {
    for (int i = 0; i < d.count; i++) {
      if (skip.length > 0 && java.util.Arrays.binarySearch(skip, d.ords[i]) >= 0) {
        continue;
      }
      if (d.isRemoval(i)) {
        remove(d.ords[i], d.counts[i]);
      } else {
        put(d.ords[i], d.lens[i], d.positions, d.posStart[i], d.tfs[i], d.counts[i]);
      }
    }
  }

  /** Appends another batch's changes of this term, as {@link #add(PendingSegment.TermDelta, int[])}. */
  void add(TermChanges o, int[] skip) {
    for (int i = 0; i < o.n; i++) {
      int ord = o.ch[i << 2];
      if (skip.length > 0 && java.util.Arrays.binarySearch(skip, ord) >= 0) {
        continue;
      }
      if (o.ch[i << 2 | 1] < 0) {
        remove(ord, o.dl[i]);
      } else {
        put(ord, o.ch[i << 2 | 1], o.positions.a, o.ch[i << 2 | 2], o.ch[i << 2 | 3], o.dl[i]);
      }
    }
  }

  /**
   * Marks every change whose ordinal {@code newer} changes too as superseded: {@link #order}
   * leaves it out. Only for changes that {@code newer}'s will follow into the main lists, so the
   * newest change of the ordinal still wins there. The node counts keep the superseded changes'
   * share, which the newer changes' share completes.
   */
  void dropSupersededBy(TermChanges newer) {
    int[] o = new int[newer.n];
    for (int i = 0; i < newer.n; i++) {
      o[i] = newer.ch[i << 2];
    }
    if (!newer.ascending) {
      java.util.Arrays.sort(o);
    }
    for (int i = 0; i < n; i++) {
      if (java.util.Arrays.binarySearch(o, ch[i << 2]) >= 0) {
        ch[i << 2 | 1] = SUPERSEDED;
      }
    }
  }

  /** About the bytes these changes take in a pending segment. */
  long estimatedBytes() {
    return 3L * n + positions.n;
  }

  /** Sets {@link #maxTf} and {@link #minLen} from the puts among {@code order}. */
  private void bounds(int[] order) {
    maxTf = 0;
    minLen = Integer.MAX_VALUE;
    for (int i : order) {
      if (ch[i << 2 | 1] >= 0) {
        maxTf = Math.max(maxTf, ch[i << 2 | 3]);
        minLen = Math.min(minLen, ch[i << 2 | 1]);
      }
    }
  }

  /** Writes these changes, as {@link #order} keeps them, to a pending segment. */
  void toSegment(PendingSegment.Writer w, int f, String term, int freshFrom) {
    int[] order = order(freshFrom);
    if (order.length == 0 && nodesDelta == 0) {
      return;
    }
    bounds(order);
    w.term(f, term, nodesDelta, maxTf, minLen, order.length);
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      if (ch[i << 2 | 1] < 0) {
        w.remove(ch[i << 2], orderNet[k]);
      } else {
        w.put(ch[i << 2], ch[i << 2 | 1], ch[i << 2 | 3], positions.a, ch[i << 2 | 2], orderNet[k]);
      }
    }
  }

  private void note(int ord, int len, int tf, int delta) {
    if (n > 0 && ord <= ch[n - 1 << 2]) {
      ascending = false;
    }
    if (n << 2 == ch.length) {
      ch = java.util.Arrays.copyOf(ch, Math.max(16, ch.length * 2));
      dl = java.util.Arrays.copyOf(dl, ch.length >> 2);
    }
    dl[n] = (byte) delta;
    nodesDelta += delta;
    int at = n++ << 2;
    ch[at] = ord;
    ch[at | 1] = len;
    ch[at | 2] = positions.n;
    ch[at | 3] = tf;
  }

  /**
   * The changes to apply, as indexes in arrival order: the last one per ordinal, in ordinal
   * order, without removals of ordinals at or above {@code freshFrom} (never stored) and without
   * superseded changes.
   */
  private int[] order(int freshFrom) {
    int[] out = new int[n];
    int[] net = new int[n];
    int m = 0;
    if (ascending) {
      for (int i = 0; i < n; i++) {
        if (keep(i, freshFrom)) {
          net[m] = dl[i];
          out[m++] = i;
        }
      }
      orderNet = net;
      return m == n ? out : java.util.Arrays.copyOf(out, m);
    }
    long[] keys = new long[n]; // ordinal (never negative) above, arrival below: sorts by both
    for (int i = 0; i < n; i++) {
      keys[i] = (long) ch[i << 2] << 32 | i;
    }
    java.util.Arrays.sort(keys);
    int sum = 0;
    for (int k = 0; k < n; k++) {
      sum += dl[(int) keys[k]];
      if (k + 1 < n && keys[k + 1] >>> 32 == keys[k] >>> 32) {
        continue; // a later change of the same ordinal wins (the node count takes the sum)
      }
      int i = (int) keys[k];
      if (keep(i, freshFrom)) {
        net[m] = sum;
        out[m++] = i;
      }
      sum = 0;
    }
    orderNet = net;
    return java.util.Arrays.copyOf(out, m);
  }

  /** Whether change i (the last of its ordinal) is applied: a put, or a removal of a stored posting. */
  private boolean keep(int i, int freshFrom) {
    int len = ch[i << 2 | 1];
    return len >= 0 || len == -1 && ch[i << 2] < freshFrom;
  }

  /**
   * Applies the changes block by block: each block that can hold a changed ordinal is decoded
   * once, changed, and written back under its key (deleted when emptied, split when over the
   * limits); postings above every block's bound are appended to the last block, then to new ones.
   */
  void writeBlocks(Transaction tx, org.treestore.engine.tx.TransactionCursor c, int f, String term,
      PostingsBlock block, int freshFrom) {
    int[] order = order(freshFrom);
    bounds(order);
    byte[] prefix = termKey(f, term);
    int k = 0;
    while (k < order.length) {
      if (!c.seek(blockKey(f, term, ch[(order[k]) << 2])) || !startsWith(c, prefix)) {
        append(tx, c, f, term, prefix, block, order, k);
        return;
      }
      byte[] key = c.key();
      int last = blockLast(key);
      block.decode(c.value(), true);
      for (; k < order.length && ch[(order[k]) << 2] <= last; k++) {
        int i = order[k];
        if (ch[i << 2 | 1] < 0) {
          block.remove(ch[i << 2]);
        } else {
          block.put(ch[i << 2], ch[i << 2 | 1], positions.a, ch[i << 2 | 2], ch[i << 2 | 3]);
        }
      }
      if (block.count == 0) {
        tx.deleteWithoutLookup(POSTINGS, key);
      } else {
        store(tx, f, term, key, block, 0, block.count);
      }
    }
  }

  /**
   * Writes postings {@code from .. to-1} of {@code block} under {@code key}, an upper bound of
   * their ordinals below the next block's first; halves them (by bytes) until each piece fits a
   * block. The last piece keeps {@code key}, the others are keyed by their largest ordinal, so
   * the list stays ordered and every key still bounds its block.
   */
  private static void store(Transaction tx, int f, String term, byte[] key, PostingsBlock block, int from,
      int to) {
    if (to - from <= PostingsBlock.MAX_POSTINGS) {
      byte[] value = block.encode(from, to); // the usual case: encoded once, and it fits
      if (to - from == 1 || value.length <= PostingsBlock.MAX_BYTES) {
        tx.put(POSTINGS, key, value);
        return;
      }
    }
    int mid = block.middle(from, to);
    store(tx, f, term, blockKey(f, term, block.ords[mid - 1]), block, from, mid);
    store(tx, f, term, key, block, mid, to);
  }

  /**
   * Appends the puts from {@code order[k]} on (all above every block) to the last block while it
   * has room, then to new blocks.
   */
  private void append(Transaction tx, org.treestore.engine.tx.TransactionCursor c, int f, String term, byte[] prefix,
      PostingsBlock block, int[] order, int k) {
    while (k < order.length && ch[(order[k]) << 2 | 1] < 0) {
      k++; // removals above every block: nothing stored to remove
    }
    if (k == order.length) {
      return;
    }
    block.reset();
    if (c.seekFloor(blockKey(f, term, Integer.MAX_VALUE)) && startsWith(c, prefix)) {
      byte[] value = c.value();
      if (PostingsBlock.headerCount(value) < PostingsBlock.MAX_POSTINGS && value.length < PostingsBlock.MAX_BYTES) {
        block.decode(value, true);
        tx.deleteWithoutLookup(POSTINGS, c.key());
      }
    }
    int size = block.encodedSize();
    for (; k < order.length; k++) {
      int i = order[k];
      int len = ch[i << 2 | 1];
      if (len < 0) {
        continue;
      }
      int ord = ch[i << 2];
      int from = ch[i << 2 | 2];
      int tf = ch[i << 2 | 3];
      int grown = block.sizeAfterAppend(size, ord, len, positions.a, from, tf);
      if (grown < 0) {
        tx.put(POSTINGS, blockKey(f, term, block.lastOrd()), block.encode());
        block.reset();
      }
      block.put(ord, len, positions.a, from, tf);
      size = grown < 0 ? block.encodedSize() : grown;
    }
    tx.put(POSTINGS, blockKey(f, term, block.lastOrd()), block.encode());
  }

  /**
   * Adds the node count change to the term's statistics and widens its bounds by the postings
   * {@link #writeBlocks} put (a removal or a change never narrows them: they stay valid bounds).
   * Written only if they change.
   */
  void updateStats(Transaction tx, int f, String term) {
    if (nodesDelta == 0 && maxTf == 0) {
      return;
    }
    byte[] key = termKey(f, term);
    TermStats old = TermStats.read(tx.get(TERMS, key));
    int nodes = (old == null ? 0 : old.nodes()) + nodesDelta;
    if (nodes <= 0) {
      if (old != null) {
        tx.deleteWithoutLookup(TERMS, key);
      }
    } else {
      int mt = Math.max(old == null ? 0 : old.maxTf(), maxTf);
      int ml = Math.min(old == null ? Integer.MAX_VALUE : old.minLen(), minLen);
      TermStats now = new TermStats(nodes, mt, ml);
      if (!now.equals(old)) {
        tx.put(TERMS, key, now.encode());
      }
    }
  }

  private static boolean startsWith(org.treestore.engine.tx.TransactionCursor c, byte[] prefix) {
    byte[] key = c.key();
    return key.length == prefix.length + 4 && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
