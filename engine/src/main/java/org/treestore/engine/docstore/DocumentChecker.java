package org.treestore.engine.docstore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * The integrity check of the document trees: every index entry is derived again from the node
 * records and compared, both ways, with what is stored.
 *
 * <p>Per document it checks the record's node count and page-level mask; per node that its parent
 * exists, that depth and path follow from the parent's (which also rules out cycles: a path is
 * longer than its parent's), that siblings are numbered 0..n-1 without gaps, and that
 * {@code span_end} is the largest end page of the subtree; then that the {@link DocTrees#PARENT},
 * {@link DocTrees#PATH}, {@link DocTrees#PAGE} and {@link DocTrees#TEXT} entries are exactly the
 * ones the records call for. Entries of a document that has no record are reported too.
 *
 * <p>It reads one document at a time, so its memory is bounded by the largest document; it runs in
 * the caller's transaction and so sees one snapshot.
 */
public final class DocumentChecker {
  /** At most this many problems are listed; the count goes on. */
  public static final int MAX_LISTED = 1000;

  private final Transaction tx;
  private final List<String> problems = new ArrayList<>();
  private long problemCount;
  private long documents;
  private long nodes;

  DocumentChecker(Transaction tx) {
    this.tx = tx;
  }

  /** The outcome: problems found, documents and nodes checked. */
  public record Report(List<String> problems, long problemCount, long documents, long nodes) {
    /** Whether no problem was found. */
    public boolean isOk() {
      return problemCount == 0;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      b.append(documents).append(" documents, ").append(nodes).append(" nodes: ")
          .append(isOk() ? "indexes consistent" : problemCount + " problems");
      for (String p : problems) {
        b.append("\n  ").append(p);
      }
      if (problemCount > problems.size()) {
        b.append("\n  ... and ").append(problemCount - problems.size()).append(" more");
      }
      return b.toString();
    }
  }

  Report run() {
    Set<String> catalog = new HashSet<>();
    TransactionCursor c = tx.cursor(DocTrees.CATALOG);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      String docId;
      try {
        docId = new KeyReader(c.key()).readString();
      } catch (RuntimeException e) {
        problemCount++;
        if (problems.size() < MAX_LISTED) {
          problems.add(DocTrees.CATALOG + ": a key is not a doc_id: " + e.getMessage());
        }
        continue;
      }
      catalog.add(docId);
      DocumentInfo info;
      try {
        info = DocumentInfo.decode(docId, c.value());
      } catch (RuntimeException e) {
        problem(docId, DocTrees.CATALOG + ": the document record cannot be read: " + e.getMessage());
        continue;
      }
      documents++;
      checkDocument(info);
    }
    for (String tree : DocTrees.ALL) {
      if (!tree.equals(DocTrees.CATALOG)) {
        checkOrphans(tree, catalog);
      }
    }
    return new Report(Collections.unmodifiableList(problems), problemCount, documents, nodes);
  }

  private void checkDocument(DocumentInfo info) {
    String docId = info.docId();
    byte[] prefix = DocTrees.docKey(docId);
    byte[] end = DocTrees.end(prefix);
    Map<String, NodeRecord> byId = new HashMap<>();
    Map<String, List<NodeRecord>> byParent = new HashMap<>();
    TransactionCursor c = tx.cursor(DocTrees.NODES);
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      KeyReader k = new KeyReader(c.key());
      String id;
      try {
        k.readString();
        id = k.readString();
      } catch (RuntimeException e) {
        problem(docId, DocTrees.NODES + ": a key cannot be decoded: " + e.getMessage());
        continue;
      }
      if (k.hasRemaining()) { // a key the store never writes: lookups by (doc_id, node_id) miss it
        problem(docId, DocTrees.NODES + ": the key of node '" + id + "' has " + k.remaining()
            + " bytes after the node id");
        continue;
      }
      try {
        NodeRecord r = NodeRecord.decode(docId, id, c.value());
        byId.put(id, r);
        byParent.computeIfAbsent(r.parentId(), x -> new ArrayList<>()).add(r);
      } catch (RuntimeException e) {
        problem(docId, DocTrees.NODES + ": node '" + id + "': the record cannot be read: " + e.getMessage());
      }
    }
    nodes += byId.size();
    if (info.nodeCount() != byId.size()) {
      problem(docId, DocTrees.CATALOG + ": the document record counts " + info.nodeCount() + " nodes, " + byId.size()
          + " are stored");
    }
    Map<String, String> parentEntries = new HashMap<>();
    Set<String> pathEntries = new HashSet<>();
    Map<String, Integer> pageEntries = new HashMap<>();
    Set<String> textEntries = new HashSet<>();
    for (NodeRecord r : byId.values()) {
      checkNode(docId, r, byId, byParent, info);
      parentEntries.put(childSlot(r.parentId(), r.ordinal()), r.nodeId());
      pathEntries.add(r.path());
      if (PageLevels.indexed(r.startPage(), r.endPage())) {
        pageEntries.put(PageLevels.level(r.startPage(), r.endPage()) + "#" + r.startPage() + "#" + r.nodeId(),
            r.endPage());
      }
      if (r.hasText()) {
        textEntries.add(r.nodeId());
      }
    }
    for (List<NodeRecord> siblings : byParent.values()) {
      boolean[] seen = new boolean[siblings.size()];
      for (NodeRecord r : siblings) {
        if (r.ordinal() < 0 || r.ordinal() >= seen.length || seen[r.ordinal()]) {
          problem(docId, DocTrees.NODES + ": node '" + r.nodeId() + "': ordinal " + r.ordinal() + " is not one of 0.."
              + (seen.length - 1) + " used once among the " + seen.length + " children of "
              + (r.parentId() == null ? "the document" : "'" + r.parentId() + "'"));
        } else {
          seen[r.ordinal()] = true;
        }
      }
    }
    compareIndex(docId, DocTrees.PARENT, prefix, end, parentEntries, (k, v) -> {
      String parent = k.readNullableString();
      return new Object[] {childSlot(parent, k.readInt()), new String(v, StandardCharsets.UTF_8)};
    });
    compareIndex(docId, DocTrees.PATH, prefix, end, toMap(pathEntries), (k, v) -> new Object[] {k.readString(), ""});
    compareIndex(docId, DocTrees.PAGE, prefix, end, pageEntries, (k, v) -> new Object[] {
        k.readInt() + "#" + k.readInt() + "#" + k.readString(), v.length == 4 ? DocumentImport.readInt(v) : null});
    compareIndex(docId, DocTrees.TEXT, prefix, end, toMap(textEntries), (k, v) -> new Object[] {k.readString(), ""});
  }

  private void checkNode(String docId, NodeRecord r, Map<String, NodeRecord> byId,
      Map<String, List<NodeRecord>> byParent, DocumentInfo info) {
    String at = DocTrees.NODES + ": node '" + r.nodeId() + "': ";
    NodeRecord parent = r.parentId() == null ? null : byId.get(r.parentId());
    if (r.parentId() != null && parent == null) {
      problem(docId, at + "its parent '" + r.parentId() + "' does not exist");
      return;
    }
    int depth = parent == null ? 0 : parent.depth() + 1;
    String path = (parent == null ? "" : parent.path()) + "/" + r.nodeId();
    if (r.depth() != depth) {
      problem(docId, at + "depth is " + r.depth() + ", its parent's depth implies " + depth);
    }
    if (!r.path().equals(path)) {
      problem(docId, at + "path is " + r.path() + ", its parent's path implies " + path);
    }
    Integer span = r.endPage();
    for (NodeRecord child : byParent.getOrDefault(r.nodeId(), List.of())) {
      span = DocumentImport.max(span, child.spanEnd());
    }
    if (!Objects.equals(span, r.spanEnd())) {
      problem(docId, at + "span_end is " + r.spanEnd() + ", its end page and children give " + span);
    }
    if (PageLevels.indexed(r.startPage(), r.endPage())
        && (info.pageLevels() & 1L << PageLevels.level(r.startPage(), r.endPage())) == 0) {
      problem(docId, DocTrees.CATALOG + ": the level mask lacks page level "
          + PageLevels.level(r.startPage(), r.endPage()) + " of node '" + r.nodeId() + "'; page queries would miss it");
    }
  }

  private interface EntryDecoder {
    /** Decodes a key (positioned after the doc_id) and value into {entry name, expected value}. */
    Object[] decode(KeyReader key, byte[] value);
  }

  private void compareIndex(String docId, String tree, byte[] prefix, byte[] end, Map<String, ?> expected,
      EntryDecoder decoder) {
    Map<String, Object> missing = new HashMap<>(expected);
    TransactionCursor c = tx.cursor(tree);
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      Object[] entry;
      int extra;
      try {
        KeyReader k = new KeyReader(c.key());
        k.readString();
        entry = decoder.decode(k, c.value());
        extra = k.remaining();
      } catch (RuntimeException e) {
        problem(docId, tree + ": an entry cannot be decoded: " + e.getMessage());
        continue;
      }
      if (extra > 0) { // a key the store never writes: deletes would miss it and leave it behind
        problem(docId, tree + ": entry " + entry[0] + " has " + extra + " bytes after its key");
        continue;
      }
      if (!missing.containsKey((String) entry[0])) {
        problem(docId, tree + ": entry " + entry[0] + " matches no node record");
      } else if (!Objects.equals(missing.remove((String) entry[0]), entry[1])) {
        problem(docId, tree + ": entry " + entry[0] + " holds " + entry[1] + ", the node record says "
            + expected.get((String) entry[0]));
      }
    }
    for (String name : missing.keySet()) {
      problem(docId, tree + ": no entry " + name + " although a node record calls for it");
    }
  }

  /** The name of a child-list slot; quoted so that a node named "null" is not the top level. */
  private static String childSlot(String parentId, int ordinal) {
    return (parentId == null ? "(top)" : "'" + parentId + "'") + "#" + ordinal;
  }

  private static Map<String, String> toMap(Set<String> names) {
    Map<String, String> m = new HashMap<>();
    for (String n : names) {
      m.put(n, "");
    }
    return m;
  }

  private void checkOrphans(String tree, Set<String> catalog) {
    TransactionCursor c = tx.cursor(tree);
    boolean ok = c.first();
    while (ok) { // one seek per document: jump past its entries
      String docId;
      try {
        docId = new KeyReader(c.key()).readString();
      } catch (RuntimeException e) {
        problemCount++;
        if (problems.size() < MAX_LISTED) {
          problems.add(tree + ": a key does not start with a doc_id: " + e.getMessage());
        }
        ok = c.next();
        continue;
      }
      if (!catalog.contains(docId)) {
        problem(docId, tree + " holds entries of a document that has no record");
      }
      byte[] next = DocTrees.end(DocTrees.docKey(docId));
      ok = next != null && c.seek(next);
    }
  }

  private void problem(String docId, String message) {
    problemCount++;
    if (problems.size() < MAX_LISTED) {
      problems.add("document '" + docId + "': " + message);
    }
  }
}
