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
 *   <tr><td>{@value #META}</td><td>(str name)</td><td>{@code next_ord}: i32</td></tr>
 * </table>
 *
 * <p>Postings and statistics are buffered per transaction: {@link #add} and {@link #remove} assign
 * and drop ordinals at once, but collect the postings in a batch attached to the transaction,
 * flushed once at commit (or before a search in the same transaction, {@link #flush}), so a bulk
 * load rewrites each block and statistic once per transaction instead of once per document.
 *
 * <p>A new node's ordinal is above every ordinal in the index (the counter only grows, and writers
 * of the counter conflict), so adding a node only ever appends: to the term's last block while it
 * has room, then to new blocks. A node whose content changes keeps its ordinal ({@link #change}):
 * only the fields that changed are re-indexed, each changed posting is put into (or removed from)
 * the block whose key bounds its ordinal, and a block that grows past the limits is halved, the
 * first half keyed by its largest ordinal. Removing postings rewrites the blocks that hold them,
 * which keep their keys (still upper bounds); an emptied block is deleted. Blocks thinned by
 * removals are not merged. Because the statistics and the ordinal counter are shared, two
 * transactions that index nodes concurrently conflict (one retries); readers never wait.
 */
public final class InvertedIndex {
  public static final String POSTINGS = "fts.postings";
  public static final String TERMS = "fts.terms";
  public static final String STATS = "fts.stats";
  public static final String ORDS = "fts.ord";
  public static final String NODES = "fts.node";
  public static final String META = "fts.meta";

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
  private static Batch batch(Transaction tx) {
    return tx.attachment(BATCH_KEY, () -> {
      Batch b = new Batch();
      tx.beforeCommit(() -> b.flush(tx));
      return b;
    });
  }

  /** Writes the transaction's pending postings and statistics now (a search must see them). */
  public static void flush(Transaction tx) {
    if (tx.isOpen() && !tx.isReadOnly()) {
      batch(tx).flush(tx);
    }
  }

  /** Adds the nodes (which must not be indexed yet) to the index. */
  public void add(Transaction tx, List<NodeTerms> nodes) {
    byte[] metaKey = new KeyWriter().writeString("next_ord").toByteArray();
    byte[] next = tx.get(META, metaKey);
    int ord = next == null ? 0 : new KeyReader(next).readInt();
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
    tx.put(META, metaKey, new KeyWriter(4).writeInt(ord).toByteArray());
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
      tx.delete(NODES, nodeKey);
      tx.delete(ORDS, ordKey(ord));
      batch.collect(ord, n, -1);
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

    Batch() {
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
        positionsOf(tokens, scratch);
        Map<String, TermChanges> fieldTerms = terms.get(f);
        for (Map.Entry<String, IntList> e : scratch.entrySet()) {
          TermChanges t = fieldTerms.computeIfAbsent(e.getKey(), k -> new TermChanges());
          if (sign > 0) {
            t.put(ord, tokens.length, e.getValue());
          } else {
            t.remove(ord);
          }
          t.nodesDelta += sign;
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
            t.remove(ord);
            t.nodesDelta--;
          }
        }
        for (Map.Entry<String, IntList> e : scratch.entrySet()) {
          IntList old = oldScratch.get(e.getKey());
          if (old != null && oldLen == newLen && old.sameAs(e.getValue())) {
            continue;
          }
          TermChanges t = fieldTerms.computeIfAbsent(e.getKey(), k -> new TermChanges());
          t.put(ord, newLen, e.getValue());
          if (old == null) {
            t.nodesDelta++;
          }
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

    void flush(Transaction tx) {
      PostingsBlock block = new PostingsBlock();
      // One cursor for every term: each holds a copy of a leaf, and it sees the writes made since
      // it was opened, so there is no need for a new one per term.
      org.treestore.engine.tx.TransactionCursor c = null;
      for (int f = 0; f < FIELDS.length; f++) {
        for (Map.Entry<String, TermChanges> e : terms.get(f).entrySet()) {
          TermChanges t = e.getValue();
          if (c == null) {
            c = tx.cursor(POSTINGS);
          }
          t.writeBlocks(tx, c, f, e.getKey(), block, freshFrom);
          t.updateStats(tx, f, e.getKey());
        }
        terms.get(f).clear();
      }
      freshFrom = Integer.MAX_VALUE;
      for (int f = 0; f < FIELDS.length; f++) {
        if (fieldNodes[f] != 0 || fieldLength[f] != 0) {
          byte[] key = statsKey(f);
          FieldStats old = FieldStats.read(tx.get(STATS, key));
          tx.put(STATS, key, new FieldStats(old.nodes() + fieldNodes[f], old.totalLength() + fieldLength[f]).encode());
        }
      }
      java.util.Arrays.fill(fieldNodes, 0);
      java.util.Arrays.fill(fieldLength, 0);
    }
  }

  /** A growable int array (postings are collected without boxing). */
  private static final class IntList {
    int[] a = new int[4];
    int n;

    void add(int v) {
      if (n == a.length) {
        a = java.util.Arrays.copyOf(a, n * 2);
      }
      a[n++] = v;
    }

    boolean sameAs(IntList o) {
      return java.util.Arrays.equals(a, 0, n, o.a, 0, o.n);
    }
  }

  /**
   * One term's pending changes in one field, in arrival order: postings to put (a new node's, or
   * an existing node's new posting) and to remove. The last change of an ordinal wins.
   */
  private static final class TermChanges {
    final IntList ords = new IntList();
    final IntList lens = new IntList(); // -1: remove the posting
    final IntList posStart = new IntList();
    final IntList tfs = new IntList();
    final IntList positions = new IntList();
    /** Whether the ordinals came strictly ascending (new nodes only, the bulk case): no sort needed. */
    boolean ascending = true;
    int nodesDelta;
    int maxTf;
    int minLen = Integer.MAX_VALUE;

    void put(int ord, int len, IntList pos) {
      note(ord, len, pos.n);
      for (int i = 0; i < pos.n; i++) {
        positions.add(pos.a[i]);
      }
      maxTf = Math.max(maxTf, pos.n);
      minLen = Math.min(minLen, len);
    }

    void remove(int ord) {
      note(ord, -1, 0);
    }

    private void note(int ord, int len, int tf) {
      if (ords.n > 0 && ord <= ords.a[ords.n - 1]) {
        ascending = false;
      }
      ords.add(ord);
      lens.add(len);
      posStart.add(positions.n);
      tfs.add(tf);
    }

    /**
     * The changes to apply, as indexes in arrival order: the last one per ordinal, in ordinal
     * order, without removals of ordinals at or above {@code freshFrom} (never stored).
     */
    private int[] order(int freshFrom) {
      int n = ords.n;
      int[] out = new int[n];
      int m = 0;
      if (ascending) {
        for (int i = 0; i < n; i++) {
          if (lens.a[i] >= 0 || ords.a[i] < freshFrom) {
            out[m++] = i;
          }
        }
        return m == n ? out : java.util.Arrays.copyOf(out, m);
      }
      long[] keys = new long[n]; // ordinal (never negative) above, arrival below: sorts by both
      for (int i = 0; i < n; i++) {
        keys[i] = (long) ords.a[i] << 32 | i;
      }
      java.util.Arrays.sort(keys);
      for (int k = 0; k < n; k++) {
        if (k + 1 < n && keys[k + 1] >>> 32 == keys[k] >>> 32) {
          continue; // a later change of the same ordinal wins
        }
        int i = (int) keys[k];
        if (lens.a[i] >= 0 || ords.a[i] < freshFrom) {
          out[m++] = i;
        }
      }
      return java.util.Arrays.copyOf(out, m);
    }

    /**
     * Applies the changes block by block: each block that can hold a changed ordinal is decoded
     * once, changed, and written back under its key (deleted when emptied, split when over the
     * limits); postings above every block's bound are appended to the last block, then to new ones.
     */
    void writeBlocks(Transaction tx, org.treestore.engine.tx.TransactionCursor c, int f, String term,
        PostingsBlock block, int freshFrom) {
      int[] order = order(freshFrom);
      byte[] prefix = termKey(f, term);
      int k = 0;
      while (k < order.length) {
        if (!c.seek(blockKey(f, term, ords.a[order[k]])) || !startsWith(c, prefix)) {
          append(tx, c, f, term, prefix, block, order, k);
          return;
        }
        byte[] key = c.key();
        int last = blockLast(key);
        block.decode(c.value(), true);
        for (; k < order.length && ords.a[order[k]] <= last; k++) {
          int i = order[k];
          if (lens.a[i] < 0) {
            block.remove(ords.a[i]);
          } else {
            block.put(ords.a[i], lens.a[i], positions.a, posStart.a[i], tfs.a[i]);
          }
        }
        if (block.count == 0) {
          tx.delete(POSTINGS, key);
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
      while (k < order.length && lens.a[order[k]] < 0) {
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
          tx.delete(POSTINGS, c.key());
        }
      }
      int size = block.encodedSize();
      for (; k < order.length; k++) {
        int i = order[k];
        int len = lens.a[i];
        if (len < 0) {
          continue;
        }
        int ord = ords.a[i];
        int from = posStart.a[i];
        int tf = tfs.a[i];
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
     * Adds the node count change to the term's statistics and widens its bounds by the new
     * postings (a removal or a change never narrows them: they stay valid bounds). Written only if
     * they change.
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
          tx.delete(TERMS, key);
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
  }

  private static boolean startsWith(org.treestore.engine.tx.TransactionCursor c, byte[] prefix) {
    byte[] key = c.key();
    return key.length == prefix.length + 4 && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
