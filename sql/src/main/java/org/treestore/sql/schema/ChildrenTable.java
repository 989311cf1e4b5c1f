package org.treestore.sql.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.tx.Transaction;
import org.treestore.sql.SqlSession;

/**
 * {@code children}: one row per parent-to-child edge (top-level nodes have parent_id NULL), key
 * (doc_id, node_id), read from the parent index (doc_id, parent_id, ordinal). Read-only: change
 * the tree through {@code nodes}.
 */
public final class ChildrenTable extends TreeStoreTable {
  public static final List<Column> COLUMNS = List.of(Column.text("doc_id", false), Column.text("parent_id", true),
      Column.text("node_id", false), Column.integer("ordinal", false));

  private static final List<Access> ACCESSES = List.of(
      new Access("children.full", List.of(), null, false, 1e6),
      new Access("children.document", List.of("doc_id"), null, false, 500),
      new Access("children.key", List.of("doc_id", "node_id"), null, false, 1),
      new Access("children.of_parent", List.of("doc_id", "parent_id"), "ordinal", false, 8),
      new Access("children.top_level", List.of("doc_id", "parent_id IS NULL"), "ordinal", false, 8));

  public ChildrenTable(SqlSession session) {
    super(session, "children", COLUMNS, ACCESSES, 0, 2);
  }

  @Override
  protected Iterator<Object[]> rows(Transaction tx, Access access, Object[] keys, boolean[] needed) {
    DocumentStore docs = session.database().documents();
    switch (access.name()) {
      case "children.full":
        return new BatchIterator<String>(docs.documentIds(tx).iterator()) {
          @Override
          protected Iterator<Object[]> batch(String docId) {
            return document(tx, docs, docId);
          }
        };
      case "children.document":
        return document(tx, docs, Values.text(keys[0]));
      case "children.key":
        return single(docs.node(tx, Values.text(keys[0]), Values.text(keys[1])).map(ChildrenTable::row).orElse(null));
      case "children.of_parent":
        return docs.children(tx, Values.text(keys[0]), Values.text(keys[1])).stream().map(ChildrenTable::row).iterator();
      case "children.top_level":
        return docs.children(tx, Values.text(keys[0]), null).stream().map(ChildrenTable::row).iterator();
      default:
        throw new IllegalArgumentException("unknown access " + access.name());
    }
  }

  private static Iterator<Object[]> document(Transaction tx, DocumentStore docs, String docId) {
    List<Object[]> rows = new ArrayList<>();
    docs.forEachNode(tx, docId, r -> rows.add(row(r)));
    return rows.iterator();
  }

  private static Object[] row(NodeRecord r) {
    return new Object[] {r.docId(), r.parentId(), r.nodeId(), r.ordinal()};
  }
}
