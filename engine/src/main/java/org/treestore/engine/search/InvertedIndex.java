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
 * of the counter conflict), so adding postings only ever appends: to the term's last block while it
 * has room, then to new blocks. Removing postings rewrites the blocks that hold them, which keep
 * their keys (still upper bounds); an emptied block is deleted. Blocks thinned by removals are not
 * merged. Because the statistics and the ordinal counter are shared, two transactions that index nodes concurrently conflict (one retries); readers never wait.
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
    /** Per-node scratch: term to its positions in the field being collected. */
    private final Map<String, IntList> scratch = new HashMap<>();

    Batch() {
      for (int f = 0; f < FIELDS.length; f++) {
        terms.add(new HashMap<>());
      }
    }

    void collect(int ord, NodeTerms n, int sign) {
      for (int f = 0; f < FIELDS.length; f++) {
        String[] tokens = n.fields()[f];
        if (tokens == null || tokens.length == 0) {
          continue;
        }
        fieldNodes[f] += sign;
        fieldLength[f] += (long) sign * tokens.length;
        scratch.clear();
        for (int p = 0; p < tokens.length; p++) {
          scratch.computeIfAbsent(tokens[p], k -> new IntList()).add(p);
        }
        Map<String, TermChanges> fieldTerms = terms.get(f);
        for (Map.Entry<String, IntList> e : scratch.entrySet()) {
          TermChanges t = fieldTerms.computeIfAbsent(e.getKey(), k -> new TermChanges());
          IntList pos = e.getValue();
          if (sign > 0) {
            t.add(ord, tokens.length, pos);
          } else {
            t.remove(ord);
          }
        }
      }
    }

    void flush(Transaction tx) {
      PostingsBlock block = new PostingsBlock();
      for (int f = 0; f < FIELDS.length; f++) {
        for (Map.Entry<String, TermChanges> e : terms.get(f).entrySet()) {
          TermChanges t = e.getValue();
          t.removeFromBlocks(tx, f, e.getKey(), block);
          t.appendToBlocks(tx, f, e.getKey(), block);
          t.updateStats(tx, f, e.getKey());
        }
        terms.get(f).clear();
      }
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
  }

  /** One term's pending changes in one field: postings to append (ascending ordinals) and to remove. */
  private static final class TermChanges {
    final IntList addOrds = new IntList();
    final IntList addLens = new IntList(); // -1: added and removed again in this transaction
    final IntList addPosStart = new IntList();
    final IntList addTfs = new IntList();
    final IntList positions = new IntList();
    final IntList removes = new IntList();
    int nodesDelta;
    int maxTf;
    int minLen = Integer.MAX_VALUE;

    void add(int ord, int len, IntList pos) {
      addOrds.add(ord);
      addLens.add(len);
      addPosStart.add(positions.n);
      addTfs.add(pos.n);
      for (int i = 0; i < pos.n; i++) {
        positions.add(pos.a[i]);
      }
      nodesDelta++;
      maxTf = Math.max(maxTf, pos.n);
      minLen = Math.min(minLen, len);
    }

    void remove(int ord) {
      nodesDelta--;
      int i = java.util.Arrays.binarySearch(addOrds.a, 0, addOrds.n, ord);
      if (i >= 0) {
        addLens.a[i] = -1; // an ordinal is added at most once, so this cancels that add
      } else {
        removes.add(ord);
      }
    }

    /** Removes postings of existing blocks, a block at a time. */
    void removeFromBlocks(Transaction tx, int f, String term, PostingsBlock block) {
      if (removes.n == 0) {
        return;
      }
      int[] r = java.util.Arrays.copyOf(removes.a, removes.n);
      java.util.Arrays.sort(r);
      byte[] prefix = termKey(f, term);
      org.treestore.engine.tx.TransactionCursor c = tx.cursor(POSTINGS);
      int i = 0;
      while (i < r.length) {
        if (!c.seek(blockKey(f, term, r[i])) || !startsWith(c, prefix)) {
          return; // no block can hold these ordinals: nothing to remove
        }
        byte[] key = c.key();
        int last = blockLast(key);
        block.decode(c.value(), true);
        while (i < r.length && r[i] <= last) {
          block.remove(r[i++]);
        }
        if (block.count == 0) {
          tx.delete(POSTINGS, key);
        } else {
          tx.put(POSTINGS, key, block.encode());
        }
      }
      removes.n = 0;
    }

    /** Appends the new postings to the term's last block while it has room, then to new blocks. */
    void appendToBlocks(Transaction tx, int f, String term, PostingsBlock block) {
      int i = 0;
      while (i < addOrds.n && addLens.a[i] < 0) {
        i++;
      }
      if (i == addOrds.n) {
        clearAdds();
        return;
      }
      block.reset();
      org.treestore.engine.tx.TransactionCursor c = tx.cursor(POSTINGS);
      if (c.seekFloor(blockKey(f, term, Integer.MAX_VALUE)) && startsWith(c, termKey(f, term))) {
        byte[] value = c.value();
        if (PostingsBlock.headerCount(value) < PostingsBlock.MAX_POSTINGS && value.length < PostingsBlock.MAX_BYTES) {
          block.decode(value, true);
          tx.delete(POSTINGS, c.key());
        }
      }
      int size = block.encodedSize();
      for (; i < addOrds.n; i++) {
        int len = addLens.a[i];
        if (len < 0) {
          continue;
        }
        int ord = addOrds.a[i];
        int from = addPosStart.a[i];
        int tf = addTfs.a[i];
        int grown = block.sizeAfterAppend(size, ord, len, positions.a, from, tf);
        if (grown < 0) {
          tx.put(POSTINGS, blockKey(f, term, block.lastOrd()), block.encode());
          block.reset();
        }
        block.put(ord, len, positions.a, from, tf);
        size = grown < 0 ? block.encodedSize() : grown;
      }
      tx.put(POSTINGS, blockKey(f, term, block.lastOrd()), block.encode());
      clearAdds();
    }

    private void clearAdds() {
      addOrds.n = 0;
      addLens.n = 0;
      addPosStart.n = 0;
      addTfs.n = 0;
      positions.n = 0;
    }

    void updateStats(Transaction tx, int f, String term) {
      if (nodesDelta == 0 && maxTf == 0) {
        return;
      }
      byte[] key = termKey(f, term);
      TermStats old = TermStats.read(tx.get(TERMS, key));
      int nodes = (old == null ? 0 : old.nodes()) + nodesDelta;
      if (nodes <= 0) {
        tx.delete(TERMS, key);
      } else {
        int mt = Math.max(old == null ? 0 : old.maxTf(), maxTf);
        int ml = Math.min(old == null ? Integer.MAX_VALUE : old.minLen(), minLen);
        tx.put(TERMS, key, new TermStats(nodes, mt, ml).encode());
      }
      nodesDelta = 0;
      maxTf = 0;
      minLen = Integer.MAX_VALUE;
    }
  }

  private static boolean startsWith(org.treestore.engine.tx.TransactionCursor c, byte[] prefix) {
    byte[] key = c.key();
    return key.length == prefix.length + 4 && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
