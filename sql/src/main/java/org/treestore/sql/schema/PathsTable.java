package org.treestore.sql.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.tx.Transaction;
import org.treestore.sql.SqlSession;

/**
 * {@code paths}: one row per (ancestor, descendant) pair of a document, distance 0 for the node
 * itself; key (doc_id, ancestor_id, node_id). Never stored: computed from the path index (the
 * descendants of a node are one prefix scan) and from node records (a node's ancestors are the
 * ids in its path). Read-only.
 */
public final class PathsTable extends TreeStoreTable {
  public static final List<Column> COLUMNS = List.of(Column.text("doc_id", false), Column.text("ancestor_id", false),
      Column.text("node_id", false), Column.integer("distance", false));

  private static final List<Access> ACCESSES = List.of(
      new Access("paths.full", List.of(), null, false, 5e6),
      new Access("paths.document", List.of("doc_id"), null, false, 2500),
      new Access("paths.key", List.of("doc_id", "ancestor_id", "node_id"), null, false, 1),
      new Access("paths.descendants", List.of("doc_id", "ancestor_id"), null, false, 20),
      new Access("paths.ancestors", List.of("doc_id", "node_id"), "distance", true, 4));

  public PathsTable(SqlSession session) {
    super(session, "paths", COLUMNS, ACCESSES, 0, 1, 2);
  }

  @Override
  protected Iterator<Object[]> rows(Transaction tx, Access access, Object[] keys, boolean[] needed) {
    DocumentStore docs = session.database().documents();
    switch (access.name()) {
      case "paths.full":
        return new BatchIterator<String>(docs.documentIds(tx).iterator()) {
          @Override
          protected Iterator<Object[]> batch(String docId) {
            return document(tx, docs, docId);
          }
        };
      case "paths.document":
        return document(tx, docs, Values.text(keys[0]));
      case "paths.key": {
        String docId = Values.text(keys[0]);
        String ancestor = Values.text(keys[1]);
        Optional<NodeRecord> node = docs.node(tx, docId, Values.text(keys[2]));
        if (node.isEmpty()) {
          return single(null);
        }
        String[] ids = ids(node.get().path());
        for (int i = 0; i < ids.length; i++) {
          if (ids[i].equals(ancestor)) {
            return single(new Object[] {docId, ancestor, node.get().nodeId(), ids.length - 1 - i});
          }
        }
        return single(null);
      }
      case "paths.descendants": {
        String docId = Values.text(keys[0]);
        String ancestor = Values.text(keys[1]);
        List<NodeRecord> sub = docs.subtree(tx, docId, ancestor, -1);
        if (sub.isEmpty()) {
          return single(null);
        }
        int top = sub.get(0).depth();
        return sub.stream().map(r -> new Object[] {docId, ancestor, r.nodeId(), r.depth() - top}).iterator();
      }
      case "paths.ancestors": {
        String docId = Values.text(keys[0]);
        String nodeId = Values.text(keys[1]);
        List<NodeRecord> up = docs.ancestors(tx, docId, nodeId);
        int bottom = up.isEmpty() ? 0 : up.get(up.size() - 1).depth();
        return up.stream().map(r -> new Object[] {docId, r.nodeId(), nodeId, bottom - r.depth()}).iterator();
      }
      default:
        throw new IllegalArgumentException("unknown access " + access.name());
    }
  }

  /** Every pair of the document: each node with each id on its path. */
  private static Iterator<Object[]> document(Transaction tx, DocumentStore docs, String docId) {
    List<Object[]> rows = new ArrayList<>();
    docs.forEachNode(tx, docId, r -> {
      String[] ids = ids(r.path());
      for (int i = 0; i < ids.length; i++) {
        rows.add(new Object[] {docId, ids[i], r.nodeId(), ids.length - 1 - i});
      }
    });
    return rows.iterator();
  }

  /** The ids on a path {@code /a/b/c}: a, b, c. */
  private static String[] ids(String path) {
    return path.substring(1).split("/", -1);
  }
}
