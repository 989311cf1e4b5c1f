package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.tx.Transaction;

/**
 * The inverted index, stored in the engine's B+Trees and changed in the caller's transaction, so
 * a search sees exactly the nodes committed in its snapshot (plus its own transaction's writes).
 *
 * <p>Every indexed node gets a dense ordinal (a counter, never reused), the order in which
 * postings are kept. Trees:
 *
 * <table>
 *   <caption>Full-text trees</caption>
 *   <tr><th>tree</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@value #POSTINGS}</td><td>(i32 field, str term, i32 last)</td><td>{@link PostingsBlock}:
 *       up to 128 consecutive postings of the term; {@code last} is at least the block's largest
 *       ordinal and below the next block's smallest, so seeking (field, term, o) lands on the only
 *       block that can hold ordinal o</td></tr>
 *   <tr><td>{@value #TERMS}</td><td>(i32 field, str term)</td><td>i32 nodes holding it, i32 largest
 *       tf, i32 smallest field length (bounds: deletes do not tighten them)</td></tr>
 *   <tr><td>{@value #STATS}</td><td>(i32 field)</td><td>i64 nodes with the field, i64 total length</td></tr>
 *   <tr><td>{@value #ORDS}</td><td>(i32 ordinal)</td><td>str doc_id, str node_id</td></tr>
 *   <tr><td>{@value #NODES}</td><td>(str doc_id, str node_id)</td><td>i32 ordinal</td></tr>
 *   <tr><td>{@value #META}</td><td>(str name)</td><td>{@code next_ord}: i32, above every ordinal
 *       given out (ordinals of aborted transactions are skipped); {@code merged_below}: i32,
 *       no ordinal at or above it has a posting in {@value #POSTINGS}; {@code analyzer}: str</td></tr>
 *   <tr><td>{@value #PENDING}</td><td>(i64 seq, i64 nonce, i32 bytes)</td><td>a pending segment
 *       ({@link PendingSegment}): one transaction's changes, not yet merged</td></tr>
 * </table>
 *
 * <p>Postings and statistics are buffered per transaction: {@link #add} and {@link #remove} assign
 * and drop ordinals at once, but collect the postings in a batch attached to the transaction,
 * flushed once at commit (or before a search in the same transaction, {@link #flush}), so a bulk
 * load rewrites each block and statistic once per transaction instead of once per document.
 *
 * <p><b>Pending segments.</b> A document's ~2,000 distinct terms each end in a different leaf of
 * {@value #POSTINGS}, so writing them there copies ~1,700 leaves per document. A flush therefore
 * stores a small batch whole, as one value of {@value #PENDING} (a few pages), and the term
 * statistics it changes travel with it; searches overlay the pending segments on the stored lists
 * and statistics ({@link PendingPostings}, {@link PostingCursor}), with the newest change of an
 * ordinal winning. Once {@value #DEFAULT_MAX_SEGMENTS} segments or
 * {@value #DEFAULT_MAX_PENDING_BYTES} bytes are pending, a flush merges the older segments into
 * {@value #POSTINGS} and {@value #TERMS} in one pass, grouped per term, and keeps its own batch
 * pending; a batch larger than the byte limit on its own (a bulk load) is merged at once. Changes
 * that cancel (a node added and removed before the merge) are never written to the lists, and a
 * segment's changes that the newer batch changes again are dropped from the merge. Field
 * statistics are always written directly (three keys).
 *
 * <p>A new node's ordinal is above every ordinal in the index (the counter only grows, and writers
 * of the counter conflict), so adding a node only ever appends: to the term's last block while it
 * has room, then to new blocks. A node whose content changes keeps its ordinal ({@link #change}):
 * only the fields that changed are re-indexed, each changed posting is put into (or removed from)
 * the block whose key bounds its ordinal, and a block that grows past the limits is halved, the
 * first half keyed by its largest ordinal. Removing postings rewrites the blocks that hold them,
 * which keep their keys (still upper bounds); an emptied block is deleted. Blocks thinned by
 * removals are not merged. The ordinal counter and the field statistics are shared by every
 * writer, so they change by commutative updates ({@link Transaction#update}) and new ordinals
 * come from a per-store allocator: transactions that index different nodes at the same time do
 * not conflict; merges, which write the same blocks, take turns through the {@link MergeGate}, and
 * a writer that finds another merging leaves its batch pending. Readers never wait.
 */
public final class InvertedIndex {
  public static final String POSTINGS = "fts.postings";
  public static final String TERMS = "fts.terms";
  public static final String STATS = "fts.stats";
  public static final String ORDS = "fts.ord";
  public static final String NODES = "fts.node";
  public static final String META = "fts.meta";
  public static final String PENDING = "fts.pending";

  /**
   * Pending segments kept at most before a flush merges them all into the main lists. A merge's
   * cost grows much slower than the segments it merges (their changes share blocks), so fewer,
   * larger merges are cheaper per write: a summary rewrite averaged 113-128 us at 512 against
   * 163-168 us at 128 (bench/sql.md). More segments make the first search after a write combine
   * its terms across more of them; at 512 an edit plus a search cost the same as at 128.
   */
  static final int DEFAULT_MAX_SEGMENTS = 512;
  /** Encoded bytes of pending segments kept at most (a larger batch is merged at once). */
  static final long DEFAULT_MAX_PENDING_BYTES = 4L << 20;

  private static final byte[] NEXT_ORD_KEY = new KeyWriter().writeString("next_ord").toByteArray();
  private static final byte[] MERGED_BELOW_KEY = new KeyWriter().writeString("merged_below").toByteArray();

  /** How long a writer that must merge (a bulk batch) waits for another transaction's merge to end. */
  static final long GATE_WAIT_MILLIS = 30_000;

  private final int maxSegments;
  private final long maxPendingBytes;

  /** An index with the default merge limits. */
  public InvertedIndex() {
    this(DEFAULT_MAX_SEGMENTS, DEFAULT_MAX_PENDING_BYTES);
  }

  /**
   * An index whose flushes keep at most {@code maxSegments} pending segments of at most
   * {@code maxPendingBytes} together (0 segments: every flush writes the main lists directly).
   */
  InvertedIndex(int maxSegments, long maxPendingBytes) {
    if (maxSegments < 0 || maxPendingBytes < 0) {
      throw new IllegalArgumentException("limits " + maxSegments + ", " + maxPendingBytes);
    }
    this.maxSegments = maxSegments;
    this.maxPendingBytes = maxPendingBytes;
  }

  private static final SearchField[] FIELDS = SearchField.values();

  /**
   * One node's analysed fields: for each {@link SearchField} (by ordinal) its terms in position
   * order; null or empty when the field is absent.
   */
  public record NodeTerms(String docId, String nodeId, String[][] fields) {
    public NodeTerms {
      Objects.requireNonNull(docId, "docId");
      Objects.requireNonNull(nodeId, "nodeId");
      if (fields.length != FIELDS.length) {
        throw new IllegalArgumentException("expected " + FIELDS.length + " fields, got " + fields.length);
      }
    }
  }

  /** One pending batch per transaction, whichever InvertedIndex instance wrote it (they share trees). */
  private static final Object BATCH_KEY = new Object();

  /** The transaction's pending batch, created (with its flush at commit) on first use. */
  private Batch batch(Transaction tx) {
    return tx.attachment(BATCH_KEY, () -> {
      Batch b = new Batch(this);
      tx.beforeCommit(() -> b.flush(tx));
      return b;
    });
  }

  /** Writes the transaction's pending postings and statistics now (a search must see them). */
  public static void flush(Transaction tx) {
    if (tx.isOpen() && !tx.isReadOnly()) {
      Batch b = tx.attachment(BATCH_KEY, () -> null); // none: nothing was indexed
      if (b != null) {
        b.flush(tx);
      }
    }
  }

  /**
   * Merges every pending segment, and the transaction's own unflushed changes, into the main
   * lists (as before a downgrade to a build that does not read {@value #PENDING}).
   *
   * @return how many pending segments were merged
   */
  public int mergePending(Transaction tx) {
    return batch(tx).mergeAll(tx);
  }

  private static long bytesOf(List<PendingPostings.SegmentKey> pending) {
    long bytes = 0;
    for (PendingPostings.SegmentKey k : pending) {
      bytes += k.bytes();
    }
    return bytes;
  }

  /**
   * Hands out the ordinals of new nodes, per open store, so that overlapping transactions never
   * take the same ones (they would write the same {@value #ORDS} keys and conflict). The stored
   * {@code next_ord} is only raised, by a commutative update ({@link Transaction#update}), so those
   * transactions do not conflict on it either; ordinals of a transaction that rolls back are skipped,
   * never reused. A node visible to a transaction was given its ordinal before that transaction
   * began, so below every ordinal the transaction takes: what the batch's {@code freshFrom} and the
   * merges' {@code merged_below} rely on.
   */
  private static final class OrdinalAllocator {
    private long next = -1;

    int take(Transaction tx, int count) {
      long stored = nextOrd(tx); // the store's value as tx sees it; read outside the lock
      synchronized (this) {
        long first = Math.max(next, stored);
        if (first + count > Integer.MAX_VALUE) {
          throw new IllegalStateException("the full-text index has run out of node ordinals");
        }
        next = first + count;
        return (int) first;
      }
    }
  }

  private static final Object ALLOCATOR_KEY = new Object();

  /** Adds the nodes (which must not be indexed yet) to the index. */
  public void add(Transaction tx, List<NodeTerms> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    int ord = tx.storeMemo(ALLOCATOR_KEY, OrdinalAllocator::new).take(tx, nodes.size());
    Batch batch = batch(tx);
    batch.noteAdded(ord);
    for (NodeTerms n : nodes) {
      byte[] nodeKey = nodeKey(n.docId(), n.nodeId());
      if (tx.get(NODES, nodeKey) != null) {
        throw new IllegalStateException("node " + n.docId() + "/" + n.nodeId() + " is already indexed");
      }
      tx.put(NODES, nodeKey, new KeyWriter(4).writeInt(ord).toByteArray());
      tx.put(ORDS, ordKey(ord), new KeyWriter().writeString(n.docId()).writeString(n.nodeId()).toByteArray());
      batch.collect(ord, n, +1);
      ord++;
    }
    int end = ord;
    tx.update(META, NEXT_ORD_KEY, v -> v != null && new KeyReader(v).readInt() >= end ? v
        : new KeyWriter(4).writeInt(end).toByteArray());
  }

  /** Removes the nodes; {@code nodes} must carry the terms they were indexed with. Unknown nodes are skipped. */
  public void remove(Transaction tx, List<NodeTerms> nodes) {
    Batch batch = batch(tx);
    for (NodeTerms n : nodes) {
      byte[] nodeKey = nodeKey(n.docId(), n.nodeId());
      byte[] v = tx.get(NODES, nodeKey);
      if (v == null) {
        continue;
      }
      int ord = new KeyReader(v).readInt();
      tx.deleteWithoutLookup(NODES, nodeKey);
      tx.deleteWithoutLookup(ORDS, ordKey(ord));
      batch.collect(ord, n, -1);
      batch.removedNodes.add(ord);
    }
  }

  /**
   * Changes the content of indexed nodes in place: {@code before.get(i)} carries the terms node i
   * was indexed with, {@code after.get(i)} its new terms. The node keeps its ordinal; only the
   * postings of the fields that differ are rewritten (put into the middle of their lists), and
   * the statistics follow. A field null (or empty) in both is left as it is, whatever it holds, so
   * callers need not analyse fields that did not change.
   *
   * @return the positions (in the lists) of the nodes that are not indexed, which were skipped:
   *     the caller adds them with all their fields
   */
  public List<Integer> change(Transaction tx, List<NodeTerms> before, List<NodeTerms> after) {
    if (before.size() != after.size()) {
      throw new IllegalArgumentException(before.size() + " nodes before, " + after.size() + " after");
    }
    Batch batch = batch(tx);
    List<Integer> missing = List.of();
    for (int i = 0; i < before.size(); i++) {
      NodeTerms b = before.get(i);
      NodeTerms a = after.get(i);
      if (!b.docId().equals(a.docId()) || !b.nodeId().equals(a.nodeId())) {
        throw new IllegalArgumentException("change of " + b.docId() + "/" + b.nodeId() + " into "
            + a.docId() + "/" + a.nodeId());
      }
      byte[] v = tx.get(NODES, nodeKey(a.docId(), a.nodeId()));
      if (v == null) {
        missing = missing.isEmpty() ? new ArrayList<>() : missing;
        missing.add(i);
        continue;
      }
      batch.collectChange(new KeyReader(v).readInt(), b, a);
    }
    return missing;
  }

  /** The ordinal of an indexed node, or -1. */
  public int ordinalOf(Transaction tx, String docId, String nodeId) {
    byte[] v = tx.get(NODES, nodeKey(docId, nodeId));
    return v == null ? -1 : new KeyReader(v).readInt();
  }

  /** The (doc_id, node_id) of an ordinal, or null if no node has it (any more). */
  public String[] nodeOf(Transaction tx, int ord) {
    byte[] v = tx.get(ORDS, ordKey(ord));
    if (v == null) {
      return null;
    }
    KeyReader r = new KeyReader(v);
    return new String[] {r.readString(), r.readString()};
  }

  static byte[] nodeKey(String docId, String nodeId) {
    return new KeyWriter().writeString(docId).writeString(nodeId).toByteArray();
  }

  static byte[] ordKey(int ord) {
    return new KeyWriter(4).writeInt(ord).toByteArray();
  }

  static byte[] termKey(int field, String term) {
    return new KeyWriter(term.length() + 8).writeInt(field).writeString(term).toByteArray();
  }

  static byte[] blockKey(int field, String term, int last) {
    return new KeyWriter(term.length() + 12).writeInt(field).writeString(term).writeInt(last).toByteArray();
  }

  /** The {@code last} bound of a block key: its final four bytes. */
  static int blockLast(byte[] key) {
    int n = key.length;
    int v = (key[n - 4] & 0xFF) << 24 | (key[n - 3] & 0xFF) << 16 | (key[n - 2] & 0xFF) << 8 | (key[n - 1] & 0xFF);
    return v ^ Integer.MIN_VALUE;
  }

  static byte[] statsKey(int field) {
    return new KeyWriter(4).writeInt(field).toByteArray();
  }

  /** Term statistics: nodes holding it and the bounds of its postings. */
  record TermStats(int nodes, int maxTf, int minLen) {
    static TermStats read(byte[] v) {
      if (v == null) {
        return null;
      }
      KeyReader r = new KeyReader(v);
      return new TermStats(r.readInt(), r.readInt(), r.readInt());
    }

    byte[] encode() {
      return new KeyWriter(12).writeInt(nodes).writeInt(maxTf).writeInt(minLen).toByteArray();
    }
  }

  /** Field statistics: nodes with the field and their total length. */
  record FieldStats(long nodes, long totalLength) {
    static FieldStats read(byte[] v) {
      if (v == null) {
        return new FieldStats(0, 0);
      }
      KeyReader r = new KeyReader(v);
      return new FieldStats(r.readLong(), r.readLong());
    }

    byte[] encode() {
      return new KeyWriter(16).writeLong(nodes).writeLong(totalLength).toByteArray();
    }

    double averageLength() {
      return nodes == 0 ? 1 : (double) totalLength / nodes;
    }
  }

  /** The changes of one transaction, grouped per term so each block and statistic is rewritten once. */
  private static final class Batch {
    private final int maxSegments;
    private final long maxPendingBytes;
    private final List<Map<String, TermChanges>> terms = new ArrayList<>();
    private final long[] fieldNodes = new long[FIELDS.length];
    private final long[] fieldLength = new long[FIELDS.length];
    /** Per-node scratch: term to its positions in the field being collected (and in its old content). */
    private final Map<String, IntList> scratch = new HashMap<>();
    private final Map<String, IntList> oldScratch = new HashMap<>();
    /**
     * The smallest ordinal added since the last flush, or MAX_VALUE. Ordinals come from a counter
     * that only grows, so every ordinal from here up was added by this batch and has no stored
     * posting yet: removing one of its postings needs no block.
     */
    private int freshFrom = Integer.MAX_VALUE;
    /** Ordinals of the nodes removed whole since the last flush. */
    final IntList removedNodes = new IntList();
    /** Counts the (node, field) passes of {@link #collect}; tells a term's first token in a pass. */
    private int passes;

    Batch(InvertedIndex index) {
      this.maxSegments = index.maxSegments;
      this.maxPendingBytes = index.maxPendingBytes;
      for (int f = 0; f < FIELDS.length; f++) {
        terms.add(new HashMap<>());
      }
    }

    void noteAdded(int ord) {
      freshFrom = Math.min(freshFrom, ord);
    }

    /** A node added ({@code sign} +1) or removed (-1) with all its fields. */
    void collect(int ord, NodeTerms n, int sign) {
      for (int f = 0; f < FIELDS.length; f++) {
        String[] tokens = n.fields()[f];
        if (tokens == null || tokens.length == 0) {
          continue;
        }
        fieldNodes[f] += sign;
        fieldLength[f] += (long) sign * tokens.length;
        Map<String, TermChanges> fieldTerms = terms.get(f);
        if (fieldTerms.isEmpty()) {
          // Whole nodes come by the document: size the map for one (a 52-node report has ~1,300
          // distinct terms in its texts) so that it does not rehash six times over. Only here: a
          // small edit's map stays small, and every flush walks the maps' tables.
          terms.set(f, fieldTerms = new HashMap<>(1024));
        }
        // One lookup per token and no per-node map: a term's first token in this pass notes the
        // change, its later tokens extend it (TermChanges.collect).
        int pass = ++passes;
        for (int p = 0; p < tokens.length; p++) {
          TermChanges t = fieldTerms.get(tokens[p]);
          if (t == null) {
            fieldTerms.put(tokens[p], t = new TermChanges());
          }
          t.collect(pass, ord, tokens.length, p, sign);
        }
      }
    }

    /**
     * A node that keeps its ordinal but changes content: only fields that differ are touched, and
     * in them only postings that differ (a term whose positions and field length stay the same
     * keeps its posting and its statistics).
     */
    void collectChange(int ord, NodeTerms before, NodeTerms after) {
      for (int f = 0; f < FIELDS.length; f++) {
        String[] was = before.fields()[f];
        String[] now = after.fields()[f];
        int oldLen = was == null ? 0 : was.length;
        int newLen = now == null ? 0 : now.length;
        if (oldLen == newLen && (oldLen == 0 || java.util.Arrays.equals(was, now))) {
          continue;
        }
        fieldNodes[f] += (newLen > 0 ? 1 : 0) - (oldLen > 0 ? 1 : 0);
        fieldLength[f] += newLen - oldLen;
        positionsOf(was, oldScratch);
        positionsOf(now, scratch);
        Map<String, TermChanges> fieldTerms = terms.get(f);
        for (String term : oldScratch.keySet()) {
          if (!scratch.containsKey(term)) {
            TermChanges t = fieldTerms.computeIfAbsent(term, k -> new TermChanges());
            t.remove(ord, -1);
          }
        }
        for (Map.Entry<String, IntList> e : scratch.entrySet()) {
          IntList old = oldScratch.get(e.getKey());
          if (old != null && oldLen == newLen && old.sameAs(e.getValue())) {
            continue;
          }
          TermChanges t = fieldTerms.computeIfAbsent(e.getKey(), k -> new TermChanges());
          t.put(ord, newLen, e.getValue(), old == null ? 1 : 0);
        }
      }
    }

    /** Fills {@code into} with each term of {@code tokens} and its positions. */
    private static void positionsOf(String[] tokens, Map<String, IntList> into) {
      into.clear();
      if (tokens != null) {
        for (int p = 0; p < tokens.length; p++) {
          into.computeIfAbsent(tokens[p], k -> new IntList()).add(p);
        }
      }
    }

    /**
     * Writes the batch: as a new pending segment while the pending segments stay under the
     * limits, else by merging every pending segment and the batch into the main lists. Field
     * statistics are written directly either way (three keys).
     */
    void flush(Transaction tx) {
      writeFieldStats(tx);
      long estimate = 0;
      for (int f = 0; f < FIELDS.length; f++) {
        for (Map.Entry<String, TermChanges> e : terms.get(f).entrySet()) {
          estimate += e.getKey().length() + 8 + e.getValue().estimatedBytes();
        }
      }
      if (estimate > 0) {
        List<PendingPostings.SegmentKey> pending = PendingPostings.keys(tx);
        long pendingBytes = bytesOf(pending);
        if (maxSegments == 0 || estimate > maxPendingBytes) {
          // A bulk batch goes to the main lists at once (as a segment it would take 15-20 times its
          // size in every searcher's heap).
          MergeGate.of(tx).enter(tx, GATE_WAIT_MILLIS);
          merge(tx, pending, true);
          PendingPostings.keysAfterCommit(tx, List.of(), null);
        } else {
          if ((pending.size() >= maxSegments || pendingBytes + estimate > maxPendingBytes)
              && MergeGate.of(tx).tryEnter(tx)) {
            // The older segments make room; the batch stays pending, the newest changes being
            // the likeliest to be changed again (or removed) before they are merged. If another
            // transaction is merging, or merged since this one began, the batch just stays pending
            // too (merging the same segments again would conflict with that merge).
            merge(tx, pending, false);
            pending = List.of();
          }
          PendingPostings.keysAfterCommit(tx, pending, writeSegment(tx, pending));
        }
      }
      clear();
    }

    /** Merges every pending segment and the batch into the main lists; returns the segments merged. */
    int mergeAll(Transaction tx) {
      writeFieldStats(tx);
      List<PendingPostings.SegmentKey> pending = PendingPostings.keys(tx);
      boolean batchEmpty = terms.stream().allMatch(Map::isEmpty);
      if (!pending.isEmpty() || !batchEmpty) { // nothing to merge: write nothing
        MergeGate.of(tx).enter(tx, GATE_WAIT_MILLIS);
        merge(tx, pending, true);
        PendingPostings.keysAfterCommit(tx, List.of(), null);
      }
      clear();
      return pending.size();
    }

    private void clear() {
      for (Map<String, TermChanges> m : terms) {
        m.clear();
      }
      freshFrom = Integer.MAX_VALUE;
      removedNodes.n = 0;
    }

    private void writeFieldStats(Transaction tx) {
      for (int f = 0; f < FIELDS.length; f++) {
        if (fieldNodes[f] != 0 || fieldLength[f] != 0) {
          // An update, not a put: overlapping transactions that index text add to the same sums
          long nodes = fieldNodes[f];
          long length = fieldLength[f];
          tx.update(STATS, statsKey(f), v -> {
            FieldStats old = FieldStats.read(v);
            return new FieldStats(old.nodes() + nodes, old.totalLength() + length).encode();
          });
        }
      }
      java.util.Arrays.fill(fieldNodes, 0);
      java.util.Arrays.fill(fieldLength, 0);
    }

    /** Stores the batch as the newest pending segment; returns its key, or null if nothing was left to store. */
    private PendingPostings.SegmentKey writeSegment(Transaction tx, List<PendingPostings.SegmentKey> pending) {
      PendingSegment.Writer w = new PendingSegment.Writer(removedNodes.sortedCopy());
      for (int f = 0; f < FIELDS.length; f++) {
        for (Map.Entry<String, TermChanges> e : terms.get(f).entrySet()) {
          e.getValue().toSegment(w, f, e.getKey(), freshFrom);
        }
      }
      if (w.isEmpty()) {
        return null; // every change cancelled out
      }
      if (tx.get(META, MERGED_BELOW_KEY) == null) {
        // The first segment: no ordinal at or above the batch's own is in the main lists. Set only
        // if still absent at commit (an update), so that overlapping first segments both commit.
        byte[] below = new KeyWriter(4).writeInt(Math.min(freshFrom, nextOrd(tx))).toByteArray();
        tx.update(META, MERGED_BELOW_KEY, v -> v != null ? v : below);
      }
      byte[] blob = w.toByteArray();
      long seq = pending.isEmpty() ? 0 : pending.get(pending.size() - 1).seq() + 1;
      PendingPostings.SegmentKey key =
          new PendingPostings.SegmentKey(seq, java.util.concurrent.ThreadLocalRandom.current().nextLong(), blob.length);
      tx.put(PENDING, key.encode(), blob);
      PendingPostings.remember(w.toSegment(key.nonce(), FIELDS.length));
      return key;
    }

    /**
     * Applies every pending segment, oldest first, then (if {@code withBatch}) the batch, to the
     * main lists and term statistics, and deletes the segments. Each term's changes combine first
     * (the newest change of an ordinal wins), so a node added and removed before the merge costs
     * nothing here.
     */
    private void merge(Transaction tx, List<PendingPostings.SegmentKey> pending, boolean withBatch) {
      byte[] mb = tx.get(META, MERGED_BELOW_KEY);
      // Ordinals at or above this were never merged: removing one needs no block. (MAX_VALUE, none
      // is fresh, is always correct, only slower.)
      int fresh = mb != null ? new KeyReader(mb).readInt() : pending.isEmpty() ? freshFrom : Integer.MAX_VALUE;
      List<Map<String, TermChanges>> all =
          pending.isEmpty() && withBatch ? terms : gather(tx, pending, withBatch, fresh);
      apply(tx, all, fresh);
      // Every ordinal now in the main lists is below this (the batch's own, if it stays pending, are
      // at or above its freshFrom).
      int below = withBatch ? nextOrd(tx) : Math.min(freshFrom, nextOrd(tx));
      // An update, so that a concurrent writer of the first segment (which sets it if absent) does
      // not make the merge conflict; merges exclude each other (MergeGate, and the blocks they write).
      byte[] value = new KeyWriter(4).writeInt(below).toByteArray();
      tx.update(META, MERGED_BELOW_KEY, v -> value);
    }

    /**
     * The changes a merge applies, per field and term: those of the pending segments, oldest first
     * (the segments are deleted), then the batch's if {@code withBatch}; without it, older changes
     * the batch supersedes are dropped instead. Nodes added and removed within these changes are
     * left out altogether.
     */
    private List<Map<String, TermChanges>> gather(Transaction tx, List<PendingPostings.SegmentKey> pending,
        boolean withBatch, int fresh) {
      List<Map<String, TermChanges>> all = new ArrayList<>();
      for (int f = 0; f < FIELDS.length; f++) {
        all.add(new HashMap<>());
      }
      List<PendingSegment> segs = new ArrayList<>(pending.size());
      for (PendingPostings.SegmentKey k : pending) {
        segs.add(PendingPostings.load(tx, k));
      }
      int[] gone = addedAndRemoved(segs, withBatch ? removedNodes : null, fresh);
      for (int s = 0; s < segs.size(); s++) {
        PendingSegment seg = segs.get(s);
        // A segment that only touched nodes added and removed here contributes nothing.
        if (gone.length == 0 || !allIn(seg.touched, seg.touched.length, gone)) {
          for (PendingSegment.TermDelta d : seg.all()) {
            if (gone.length > 0 && allIn(d.ords, d.count, gone)) {
              continue; // no map entry for a term only such nodes touched
            }
            all.get(d.field).computeIfAbsent(d.term, t -> new TermChanges()).add(d, gone);
          }
        }
        PendingPostings.SegmentKey k = pending.get(s);
        tx.deleteWithoutLookup(PENDING, k.encode());
        PendingPostings.forget(k.nonce());
      }
      for (int f = 0; f < FIELDS.length; f++) {
        for (Map.Entry<String, TermChanges> e : terms.get(f).entrySet()) {
          if (withBatch) {
            all.get(f).computeIfAbsent(e.getKey(), t -> new TermChanges()).add(e.getValue(), gone);
          } else {
            // The batch stays pending and its changes win over older ones of the same ordinal:
            // those need not reach the main lists (a document added and removed across the merge
            // is never written there).
            TermChanges older = all.get(f).get(e.getKey());
            if (older != null) {
              older.dropSupersededBy(e.getValue());
            }
          }
        }
      }
      return all;
    }

    /** Writes gathered changes into the posting blocks and the term statistics. */
    private static void apply(Transaction tx, List<Map<String, TermChanges>> all, int fresh) {
      PostingsBlock block = new PostingsBlock();
      // One cursor for every term: each holds a copy of a leaf, and it sees the writes made since
      // it was opened, so there is no need for a new one per term.
      org.treestore.engine.tx.TransactionCursor c = null;
      for (int f = 0; f < FIELDS.length; f++) {
        for (Map.Entry<String, TermChanges> e : all.get(f).entrySet()) {
          TermChanges t = e.getValue();
          if (c == null) {
            c = tx.cursor(POSTINGS);
          }
          t.writeBlocks(tx, c, f, e.getKey(), block, fresh);
          t.updateStats(tx, f, e.getKey());
        }
      }
    }
  }

  /**
   * The ordinals of the nodes added and removed within the changes a merge applies: those at or
   * above {@code fresh} (added since the last merge, so by these segments or the batch) removed
   * whole by one of them. Their changes cancel, node counts included, so the merge skips them.
   * Sorted.
   */
  private static int[] addedAndRemoved(List<PendingSegment> segs, IntList batchRemoved, int fresh) {
    if (fresh == Integer.MAX_VALUE) {
      return IntList.EMPTY;
    }
    IntList out = new IntList();
    for (PendingSegment s : segs) {
      for (int ord : s.removedNodes) {
        if (ord >= fresh) {
          out.add(ord);
        }
      }
    }
    for (int i = 0; batchRemoved != null && i < batchRemoved.n; i++) {
      if (batchRemoved.a[i] >= fresh) {
        out.add(batchRemoved.a[i]); // merged with the segments, where (or in which) it was added
      }
    }
    return out.sortedCopy();
  }

  private static boolean allIn(int[] ords, int count, int[] sorted) {
    for (int i = 0; i < count; i++) {
      if (java.util.Arrays.binarySearch(sorted, ords[i]) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The next ordinal to assign (every ordinal below it was assigned once). */
  private static int nextOrd(Transaction tx) {
    byte[] v = tx.get(META, NEXT_ORD_KEY);
    return v == null ? 0 : new KeyReader(v).readInt();
  }

}
