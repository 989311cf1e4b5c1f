package org.treestore.engine.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * The pending segments one transaction sees, oldest first: what a search overlays on the main
 * posting lists and term statistics. A term's changes from several segments combine with the
 * newest change of each ordinal winning (ordinals are never reused, so a later segment can only
 * remove or replace an earlier posting of the same node).
 *
 * <p>Decoded segments come from a process-wide cache bounded by {@value #CACHE_BYTES} bytes of
 * decoded form, keyed by nonce: a search decodes a segment once, not once per query; a merge drops
 * the segments it applied. The last {@value #VIEWS_KEPT} views are kept too, so queries over the
 * same segments combine a term's changes and statistics once (views are immutable: a new segment
 * makes a new view). Cheap when there are no segments (one seek in an empty tree).
 */
final class PendingPostings {
  static final long CACHE_BYTES = 64L << 20;
  private static final int FIELD_COUNT = SearchField.values().length;
  private static final Cache CACHE = new Cache();
  private static final PendingPostings NONE = new PendingPostings(List.of());

  /** A stored segment's key: its sequence number, nonce and encoded size. */
  record SegmentKey(long seq, long nonce, int bytes) {
    byte[] encode() {
      return new KeyWriter(20).writeLong(seq).writeLong(nonce).writeInt(bytes).toByteArray();
    }

    static SegmentKey decode(byte[] key) {
      KeyReader r = new KeyReader(key);
      return new SegmentKey(r.readLong(), r.readLong(), r.readInt());
    }
  }

  /** The last few views built, newest last: queries over the same segments share one. */
  private static final ArrayDeque<PendingPostings> VIEWS = new ArrayDeque<>();
  private static final int VIEWS_KEPT = 4;

  private final List<PendingSegment> segments;
  /** The segments' nonces, in order: what identifies the view. */
  private final long[] nonces;
  /**
   * A term's pending changes across the view's segments: the combined overlay (newest change per
   * ordinal) and the sums the statistics need.
   */
  private record TermPending(PendingSegment.TermDelta overlay, int nodesDelta, int maxTf, int minLen) {}

  private static final TermPending NOTHING = new TermPending(null, 0, 0, Integer.MAX_VALUE);

  /** Per field, the terms looked up in this view so far (a query's repeated terms cost one lookup). */
  private final Map<String, TermPending>[] terms;

  @SuppressWarnings("unchecked")
  private PendingPostings(List<PendingSegment> segments) {
    this.segments = segments;
    this.nonces = new long[segments.size()];
    for (int i = 0; i < nonces.length; i++) {
      nonces[i] = segments.get(i).nonce;
    }
    this.terms = new Map[FIELD_COUNT];
    for (int f = 0; f < FIELD_COUNT; f++) {
      terms[f] = new java.util.concurrent.ConcurrentHashMap<>();
    }
  }

  /** The segments {@code tx} sees (call {@link InvertedIndex#flush} first for its own changes). */
  static PendingPostings of(Transaction tx) {
    List<SegmentKey> keys = keys(tx);
    if (keys.isEmpty()) {
      return NONE;
    }
    long[] nonces = new long[keys.size()];
    for (int i = 0; i < nonces.length; i++) {
      nonces[i] = keys.get(i).nonce();
    }
    synchronized (VIEWS) {
      for (PendingPostings v : VIEWS) {
        if (Arrays.equals(v.nonces, nonces)) {
          return v;
        }
      }
    }
    List<PendingSegment> segs = new ArrayList<>(keys.size());
    for (SegmentKey k : keys) {
      segs.add(load(tx, k));
    }
    PendingPostings view = new PendingPostings(segs);
    synchronized (VIEWS) {
      VIEWS.addLast(view);
      if (VIEWS.size() > VIEWS_KEPT) {
        VIEWS.removeFirst();
      }
    }
    return view;
  }

  /** Memo key of a snapshot's segment keys. */
  private static final Object KEYS_MEMO = new Object();

  /**
   * The keys of the stored segments {@code tx} sees, oldest first (unmodifiable). Scanning them
   * copies a leaf per segment or two (the segments' bytes fill the leaves), a fifth of a search when
   * a hundred segments are pending; so unless {@code tx} wrote segments itself, the scan is done
   * once per snapshot and shared by every transaction on it.
   */
  static List<SegmentKey> keys(Transaction tx) {
    if (!tx.hasWrites(InvertedIndex.PENDING)) {
      return tx.snapshotMemo(KEYS_MEMO, () -> {
        Known k = tx.storeMemo(KNOWN_MEMO, AtomicReference<Known>::new).get();
        return k != null && k.seq == tx.snapshotSeq() ? k.keys : scanKeys(tx);
      });
    }
    return scanKeys(tx);
  }

  /** The segment keys as of commit {@code seq}, carried forward by the transaction that made it. */
  private record Known(long seq, List<SegmentKey> keys) {}

  /** Memo key of the store's latest {@link Known}. */
  private static final Object KNOWN_MEMO = new Object();

  /** Scans of the segment keys made so far (for tests). */
  static final java.util.concurrent.atomic.AtomicLong SCANS = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Records that {@code tx}'s flush leaves exactly {@code pending} and then {@code written} (its own
   * new segment, whose sequence number follows every pending one, so it sorts last; null if none)
   * pending, as seen by {@code tx}: if
   * it then commits alone, right after its snapshot, those are the keys of the snapshot its commit
   * publishes, and the next writer need not scan them again (a scan was about a tenth of a summary
   * rewrite with hundreds of segments pending). A later flush of the same transaction records
   * again, and its record wins.
   */
  static void keysAfterCommit(Transaction tx, List<SegmentKey> pending, SegmentKey written) {
    AtomicReference<Known> known = tx.storeMemo(KNOWN_MEMO, AtomicReference<Known>::new);
    SegmentKey[] all = pending.toArray(new SegmentKey[pending.size() + (written == null ? 0 : 1)]);
    if (written != null) {
      all[pending.size()] = written;
    }
    // A view of the one array (List.of would copy it again); nothing else holds the array.
    List<SegmentKey> keys = java.util.Collections.unmodifiableList(Arrays.asList(all));
    tx.afterCompletion(() -> {
      if (tx.committedAlone() && tx.commitSeq() == tx.snapshotSeq() + 1) {
        known.set(new Known(tx.commitSeq(), keys));
      }
    });
  }

  private static List<SegmentKey> scanKeys(Transaction tx) {
    SCANS.incrementAndGet();
    List<SegmentKey> keys = new ArrayList<>();
    TransactionCursor c = tx.cursor(InvertedIndex.PENDING);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      keys.add(SegmentKey.decode(c.key()));
    }
    c.close();
    return List.copyOf(keys);
  }

  /** The segment under {@code key}, decoded (or from the cache). */
  static PendingSegment load(Transaction tx, SegmentKey key) {
    PendingSegment s = CACHE.lookup(key.nonce());
    if (s == null) {
      byte[] v = tx.get(InvertedIndex.PENDING, key.encode());
      if (v == null) {
        throw new IllegalStateException("pending segment " + key + " is not stored");
      }
      s = decode(v, key);
    }
    return s;
  }

  private static PendingSegment decode(byte[] v, SegmentKey key) {
    PendingSegment s = PendingSegment.decode(v, key.nonce(), FIELD_COUNT,
        InvertedIndex.PENDING + " segment " + key.seq());
    CACHE.store(s);
    return s;
  }

  /** Adds a segment this process just encoded, so it is not decoded again on first read. */
  static void remember(PendingSegment s) {
    CACHE.store(s);
  }

  /** Drops a merged segment from the cache (if the merge rolls back, it is decoded again). */
  static void forget(long nonce) {
    CACHE.remove(nonce);
  }

  boolean isEmpty() {
    return segments.isEmpty();
  }

  List<PendingSegment> segments() {
    return segments;
  }

  /**
   * The term's pending changes from every segment, combined (newest wins per ordinal), in
   * ordinal order; null when no segment changes the term.
   */
  PendingSegment.TermDelta overlay(int field, String term) {
    return segments.isEmpty() ? null : pending(field, term).overlay();
  }

  /** A term's pending changes in this view, combined once per view and term. */
  private TermPending pending(int field, String term) {
    return terms[field].computeIfAbsent(term, t -> build(field, t));
  }

  private TermPending build(int field, String term) {
    PendingSegment.TermDelta one = null;
    List<PendingSegment.TermDelta> many = null;
    int nodesDelta = 0;
    int maxTf = 0;
    int minLen = Integer.MAX_VALUE;
    for (PendingSegment s : segments) {
      PendingSegment.TermDelta d = s.term(field, term);
      if (d == null) {
        continue;
      }
      nodesDelta += d.nodesDelta;
      maxTf = Math.max(maxTf, d.maxTf);
      minLen = Math.min(minLen, d.minLen);
      if (one == null) {
        one = d;
      } else {
        if (many == null) {
          many = new ArrayList<>();
          many.add(one);
        }
        many.add(d);
      }
    }
    if (one == null) {
      return NOTHING;
    }
    return new TermPending(many == null ? one : combine(field, term, many), nodesDelta, maxTf, minLen);
  }

  private static PendingSegment.TermDelta combine(int field, String term, List<PendingSegment.TermDelta> parts) {
    int total = 0;
    int totalPositions = 0;
    int nodesDelta = 0;
    for (PendingSegment.TermDelta d : parts) {
      total += d.count;
      totalPositions += d.positions.length;
      nodesDelta += d.nodesDelta;
    }
    // ordinal above, arrival (segment order, then position in it) below: sorts by both
    long[] keys = new long[total];
    int[] partOf = new int[total];
    int k = 0;
    for (int p = 0; p < parts.size(); p++) {
      PendingSegment.TermDelta d = parts.get(p);
      for (int i = 0; i < d.count; i++) {
        partOf[k] = p;
        keys[k] = (long) d.ords[i] << 32 | (k & 0xFFFF_FFFFL);
        k++;
      }
    }
    int[] firstOf = new int[parts.size()];
    for (int p = 1; p < parts.size(); p++) {
      firstOf[p] = firstOf[p - 1] + parts.get(p - 1).count;
    }
    Arrays.sort(keys);
    int[] ords = new int[total];
    int[] lens = new int[total];
    int[] tfs = new int[total];
    int[] posStart = new int[total];
    int[] positions = new int[totalPositions];
    int n = 0;
    int np = 0;
    int maxTf = 0;
    int minLen = Integer.MAX_VALUE;
    for (int j = 0; j < total; j++) {
      if (j + 1 < total && keys[j + 1] >>> 32 == keys[j] >>> 32) {
        continue; // a newer change of the same ordinal wins
      }
      int g = (int) keys[j];
      PendingSegment.TermDelta d = parts.get(partOf[g]);
      int i = g - firstOf[partOf[g]];
      ords[n] = d.ords[i];
      lens[n] = d.lens[i];
      tfs[n] = d.tfs[i];
      posStart[n] = np;
      if (d.lens[i] >= 0) {
        System.arraycopy(d.positions, d.posStart[i], positions, np, d.tfs[i]);
        np += d.tfs[i];
        maxTf = Math.max(maxTf, d.tfs[i]);
        minLen = Math.min(minLen, d.lens[i]);
      }
      n++;
    }
    return new PendingSegment.TermDelta(field, term, nodesDelta, maxTf, minLen, n, ords, lens, tfs, posStart,
        positions, null);
  }

  /**
   * The term's statistics with the pending changes added to the stored ones ({@code main}, null if
   * none): null when no node holds the term.
   */
  InvertedIndex.TermStats stats(int field, String term, InvertedIndex.TermStats main) {
    if (segments.isEmpty()) {
      return main;
    }
    TermPending p = pending(field, term);
    if (p == NOTHING) {
      return main;
    }
    int nodes = (main == null ? 0 : main.nodes()) + p.nodesDelta();
    int maxTf = Math.max(main == null ? 0 : main.maxTf(), p.maxTf());
    int minLen = Math.min(main == null ? Integer.MAX_VALUE : main.minLen(), p.minLen());
    return nodes <= 0 ? null : new InvertedIndex.TermStats(nodes, maxTf, minLen == Integer.MAX_VALUE ? 0 : minLen);
  }

  /** The terms of {@code field} starting with {@code prefix} that some segment changes. */
  List<String> termsWithPrefix(int field, String prefix) {
    List<String> out = new ArrayList<>();
    for (PendingSegment s : segments) {
      String[] sorted = s.sortedTerms(field);
      int i = Arrays.binarySearch(sorted, prefix);
      for (i = i >= 0 ? i : -i - 1; i < sorted.length && sorted[i].startsWith(prefix); i++) {
        out.add(sorted[i]);
      }
    }
    return out;
  }

  /** Decoded segments by nonce, least recently used dropped first. */
  private static final class Cache {
    private final Map<Long, PendingSegment> map = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;

    synchronized PendingSegment lookup(long nonce) {
      return map.get(nonce);
    }

    synchronized void store(PendingSegment s) {
      PendingSegment old = map.put(s.nonce, s);
      bytes += s.footprint - (old == null ? 0 : old.footprint);
      var it = map.values().iterator();
      while (bytes > CACHE_BYTES && map.size() > 1 && it.hasNext()) {
        PendingSegment eldest = it.next();
        if (eldest != s) {
          bytes -= eldest.footprint;
          it.remove();
        }
      }
    }

    synchronized void remove(long nonce) {
      PendingSegment s = map.remove(nonce);
      if (s != null) {
        bytes -= s.footprint;
      }
    }
  }
}
