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
 *   <tr><td>{@value #POSTINGS}</td><td>(i32 field, str term, i32 block)</td><td>{@link PostingsBlock}:
 *       the postings of ordinals block*128 .. block*128+127</td></tr>
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
 * load rewrites each block and statistic once per transaction instead of once per document. Because the statistics and the ordinal counter are
 * shared, two transactions that index nodes concurrently conflict (one retries); readers never wait.
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

  static byte[] blockKey(int field, String term, int block) {
    return new KeyWriter(term.length() + 12).writeInt(field).writeString(term).writeInt(block).toByteArray();
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

  /** The changes of one call, grouped so each block and statistic is rewritten once. */
  private static final class Batch {
    private record BlockId(int field, String term, int block) {}

    private record TermId(int field, String term) {}

    /** A posting to add (sign +1: positions and length set) or remove (-1). */
    private record Change(int ord, int sign, int len, int[] positions) {}

    private final Map<BlockId, List<Change>> blocks = new HashMap<>();
    private final Map<TermId, int[]> terms = new HashMap<>(); // {nodes delta, maxTf, minLen}
    private final long[] fieldNodes = new long[FIELDS.length];
    private final long[] fieldLength = new long[FIELDS.length];

    void collect(int ord, NodeTerms n, int sign) {
      for (int f = 0; f < FIELDS.length; f++) {
        String[] tokens = n.fields()[f];
        if (tokens == null || tokens.length == 0) {
          continue;
        }
        fieldNodes[f] += sign;
        fieldLength[f] += (long) sign * tokens.length;
        Map<String, List<Integer>> positions = new HashMap<>();
        for (int p = 0; p < tokens.length; p++) {
          positions.computeIfAbsent(tokens[p], k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<String, List<Integer>> e : positions.entrySet()) {
          int[] pos = e.getValue().stream().mapToInt(Integer::intValue).toArray();
          blocks.computeIfAbsent(new BlockId(f, e.getKey(), PostingsBlock.blockOf(ord)), k -> new ArrayList<>())
              .add(new Change(ord, sign, tokens.length, pos));
          int[] t = terms.computeIfAbsent(new TermId(f, e.getKey()), k -> new int[] {0, 0, Integer.MAX_VALUE});
          t[0] += sign;
          if (sign > 0) {
            t[1] = Math.max(t[1], pos.length);
            t[2] = Math.min(t[2], tokens.length);
          }
        }
      }
    }

    void flush(Transaction tx) {
      PostingsBlock block = new PostingsBlock();
      for (Map.Entry<BlockId, List<Change>> e : blocks.entrySet()) {
        BlockId id = e.getKey();
        byte[] key = blockKey(id.field(), id.term(), id.block());
        byte[] old = tx.get(POSTINGS, key);
        if (old == null) {
          block.reset(id.block());
        } else {
          block.decode(id.block(), old, true);
        }
        for (Change c : e.getValue()) {
          if (c.sign() > 0) {
            block.put(c.ord(), c.len(), c.positions(), 0, c.positions().length);
          } else {
            block.remove(c.ord());
          }
        }
        if (block.count == 0) {
          tx.delete(POSTINGS, key);
        } else {
          tx.put(POSTINGS, key, block.encode());
        }
      }
      for (Map.Entry<TermId, int[]> e : terms.entrySet()) {
        byte[] key = termKey(e.getKey().field(), e.getKey().term());
        TermStats old = TermStats.read(tx.get(TERMS, key));
        int[] d = e.getValue();
        int nodes = (old == null ? 0 : old.nodes()) + d[0];
        if (nodes <= 0) {
          tx.delete(TERMS, key);
        } else {
          int maxTf = Math.max(old == null ? 0 : old.maxTf(), d[1]);
          int minLen = Math.min(old == null ? Integer.MAX_VALUE : old.minLen(), d[2]);
          tx.put(TERMS, key, new TermStats(nodes, maxTf, minLen).encode());
        }
      }
      for (int f = 0; f < FIELDS.length; f++) {
        if (fieldNodes[f] != 0 || fieldLength[f] != 0) {
          byte[] key = statsKey(f);
          FieldStats old = FieldStats.read(tx.get(STATS, key));
          tx.put(STATS, key, new FieldStats(old.nodes() + fieldNodes[f], old.totalLength() + fieldLength[f]).encode());
        }
      }
      blocks.clear();
      terms.clear();
      java.util.Arrays.fill(fieldNodes, 0);
      java.util.Arrays.fill(fieldLength, 0);
    }
  }
}
