package org.treestore.sql.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeChange;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.tx.Transaction;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;

/**
 * {@code nodes}: one row per node, key (doc_id, node_id). Accesses: full scan, one document, the
 * key, the children of a parent and the top-level nodes (in ordinal order), a path prefix (in
 * path order: by code point, which is also UTF-16 order except that characters above U+FFFF sort
 * after U+E000..U+FFFF here), and the nodes covering a page.
 * The text is read only when the query selects it.
 *
 * <p>ordinal, depth and path are never NULL when read; they are declared nullable because an INSERT
 * may leave them out (they follow from the parent and the position).
 *
 * <p>Writes: INSERT adds a node under {@code parent_id} (NULL: top level) at {@code ordinal} (NULL:
 * last), with title, pages, summary, text and metadata; depth, path and span_end are derived and
 * must be left NULL. UPDATE may set title, summary, text, metadata, start_page and end_page.
 * DELETE removes the node and its whole subtree; the update count is every node removed.
 */
public final class NodesTable extends TreeStoreTable {
  public static final List<Column> COLUMNS = List.of(
      Column.text("doc_id", false), Column.text("node_id", false), Column.text("parent_id", true),
      Column.integer("ordinal", true), Column.integer("depth", true), Column.text("path", true),
      Column.text("title", true), Column.integer("start_page", true), Column.integer("end_page", true),
      Column.integer("span_end", true), Column.text("summary", true), Column.text("text", true),
      Column.text("metadata", true));
  static final int DOC_ID = 0;
  static final int NODE_ID = 1;
  static final int PARENT_ID = 2;
  static final int ORDINAL = 3;
  static final int TEXT = 11;

  private static final List<Access> ACCESSES = List.of(
      new Access("nodes.full", List.of(), null, false, 1e6),
      new Access("nodes.document", List.of("doc_id"), null, false, 500),
      new Access("nodes.key", List.of("doc_id", "node_id"), null, false, 1),
      new Access("nodes.children", List.of("doc_id", "parent_id"), "ordinal", false, 8),
      new Access("nodes.top_level", List.of("doc_id", "parent_id IS NULL"), "ordinal", false, 8),
      new Access("nodes.path_prefix", List.of("doc_id", "path LIKE"), "path", false, 20),
      new Access("nodes.page", List.of("doc_id", "start_page<=", "end_page>="), null, false, 4));

  /** Calcite's LIKE (with its cache of compiled patterns), for patterns that are not a plain prefix. */
  private static final org.apache.calcite.runtime.SqlFunctions.LikeFunction LIKE =
      new org.apache.calcite.runtime.SqlFunctions.LikeFunction();

  public NodesTable(SqlSession session) {
    super(session, "nodes", COLUMNS, ACCESSES, DOC_ID, NODE_ID);
  }

  @Override
  protected Iterator<Object[]> rows(Transaction tx, Access access, Object[] keys, boolean[] needed) {
    DocumentStore docs = session.database().documents();
    boolean text = needed[TEXT];
    switch (access.name()) {
      case "nodes.full":
        return new BatchIterator<String>(docs.documentIds(tx).iterator()) {
          @Override
          protected Iterator<Object[]> batch(String docId) {
            return documentRows(tx, docs, docId, text);
          }
        };
      case "nodes.document":
        return documentRows(tx, docs, Values.text(keys[0]), text);
      case "nodes.key":
        return single(docs.node(tx, Values.text(keys[0]), Values.text(keys[1])).map(r -> row(tx, docs, r, text)).orElse(null));
      case "nodes.children":
        return rows(tx, docs, docs.children(tx, Values.text(keys[0]), Values.text(keys[1])), text);
      case "nodes.top_level":
        return rows(tx, docs, docs.children(tx, Values.text(keys[0]), null), text);
      case "nodes.path_prefix": {
        String pattern = keys[1].toString();
        String prefix = Values.likePrefix(pattern);
        List<NodeRecord> found = docs.pathPrefix(tx, Values.text(keys[0]), prefix);
        if (!pattern.equals(prefix + "%")) {
          // not a plain prefix: the range is a superset, and the planner dropped the LIKE of a
          // parameter, so apply it here (Calcite's own LIKE, the one a filter would have run)
          found.removeIf(r -> !LIKE.like(r.path(), pattern));
        }
        return rows(tx, docs, found, text);
      }
      case "nodes.page": {
        // start_page <= a AND end_page >= b: when a < b the nodes holding page a are a superset;
        // otherwise (a range overlap) the whole document is read. The predicates stay above the scan.
        String docId = Values.text(keys[0]);
        int a = Values.integer(keys[1]);
        int b = Values.integer(keys[2]);
        return a <= b ? rows(tx, docs, docs.nodesAtPage(tx, docId, a), text) : documentRows(tx, docs, docId, text);
      }
      default:
        throw new IllegalArgumentException("unknown access " + access.name());
    }
  }

  private static Iterator<Object[]> documentRows(Transaction tx, DocumentStore docs, String docId, boolean text) {
    List<NodeRecord> all = new ArrayList<>();
    docs.forEachNode(tx, docId, all::add);
    return rows(tx, docs, all, text);
  }

  private static Iterator<Object[]> rows(Transaction tx, DocumentStore docs, List<NodeRecord> records, boolean text) {
    Iterator<NodeRecord> it = records.iterator();
    // One reader for the scan's texts: neighbouring nodes' texts are found without a root descent.
    DocumentStore.TextReader texts = text ? docs.textReader(tx) : null;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (it.hasNext()) {
          return true;
        }
        if (texts != null) {
          texts.close(); // idempotent: the reader's buffer goes to the thread's next cursor
        }
        return false;
      }

      @Override
      public Object[] next() {
        return row(it.next(), texts);
      }
    };
  }

  /**
   * The row of one node, in {@link #COLUMNS} order: its text by a point read (a reader's cursor
   * would copy a whole leaf to serve one row).
   */
  static Object[] row(Transaction tx, DocumentStore docs, NodeRecord r, boolean text) {
    return row(r, text ? (docId, nodeId) -> docs.text(tx, docId, nodeId) : null);
  }

  /** The row of a node; its text is read through {@code texts}, or left null when that is null. */
  static Object[] row(NodeRecord r, DocumentStore.TextReader texts) {
    return new Object[] {r.docId(), r.nodeId(), r.parentId(), r.ordinal(), r.depth(), r.path(), r.title(),
        r.startPage(), r.endPage(), r.spanEnd(), r.summary(),
        texts != null && r.hasText() ? texts.text(r.docId(), r.nodeId()) : null, r.metadata()};
  }

  @Override
  public long modify(DataContext root, String operation, Enumerable<Object[]> rows, List<String> updateColumns) {
    List<Object[]> all = rows.toList(); // read before writing: the scan feeding a DELETE reads the same table
    DocumentStore docs = session.database().documents();
    return session.write(tx -> {
      try {
        return switch (operation) {
          case "INSERT" -> insert(tx, docs, all);
          case "UPDATE" -> update(tx, docs, all, updateColumns);
          case "DELETE" -> delete(tx, docs, all);
          default -> throw new SqlStateException(SqlStates.NOT_SUPPORTED, operation + " on nodes is not supported");
        };
      } catch (IllegalArgumentException e) {
        // The document store refuses values it cannot store (an id with '/', too long, metadata
        // reusing a PageIndex key): bad data, not an internal error.
        throw new SqlStateException(SqlStates.DATA, e.getMessage(), e);
      }
    });
  }

  private static long insert(Transaction tx, DocumentStore docs, List<Object[]> rows) {
    for (Object[] r : rows) {
      for (int derived : new int[] {4, 5, 9}) {
        if (r[derived] != null) {
          throw new SqlStateException(SqlStates.DATA, "nodes." + COLUMNS.get(derived).name()
              + " is derived from the tree; leave it out of INSERT");
        }
      }
      String docId = Values.required(r[DOC_ID], "nodes.doc_id");
      DocNode n = new DocNode(Values.required(r[NODE_ID], "nodes.node_id"), (String) r[6]);
      n.setPages(Values.nullableInteger(r[7]), Values.nullableInteger(r[8]));
      n.setSummary((String) r[10]);
      n.setText((String) r[TEXT]);
      if (r[12] != null) {
        n.setExtra(Values.jsonObject((String) r[12], "nodes.metadata"));
      }
      int position = r[ORDINAL] == null ? -1 : Values.integer(r[ORDINAL]);
      docs.insertNode(tx, docId, (String) r[PARENT_ID], position, n);
    }
    return rows.size();
  }

  private static final List<String> UPDATABLE = List.of("title", "summary", "text", "metadata", "start_page", "end_page");

  private static long update(Transaction tx, DocumentStore docs, List<Object[]> rows, List<String> columns) {
    for (String c : columns) {
      if (!UPDATABLE.contains(c)) {
        throw new SqlStateException(SqlStates.NOT_SUPPORTED, "nodes." + c + " cannot be updated (updatable: "
            + String.join(", ", UPDATABLE) + "); move nodes with DELETE and INSERT");
      }
    }
    long n = 0;
    int width = COLUMNS.size();
    for (Object[] r : rows) {
      NodeChange change = new NodeChange();
      Integer start = Values.nullableInteger(r[7]);
      Integer end = Values.nullableInteger(r[8]);
      boolean pages = false;
      for (int i = 0; i < columns.size(); i++) {
        Object v = r[width + i];
        switch (columns.get(i)) {
          case "title" -> change.title((String) v);
          case "summary" -> change.summary((String) v);
          case "text" -> change.text((String) v);
          case "metadata" -> change.metadata(v == null ? null : Values.jsonObject((String) v, "nodes.metadata").toString());
          case "start_page" -> {
            start = Values.nullableInteger(v);
            pages = true;
          }
          case "end_page" -> {
            end = Values.nullableInteger(v);
            pages = true;
          }
          default -> throw new IllegalStateException(columns.get(i));
        }
      }
      if (pages) {
        change.pages(start, end);
      }
      if (docs.updateNode(tx, (String) r[DOC_ID], (String) r[NODE_ID], change).isPresent()) {
        n++;
      }
    }
    return n;
  }

  private static long delete(Transaction tx, DocumentStore docs, List<Object[]> rows) {
    long n = 0;
    for (Object[] r : rows) {
      n += docs.deleteNode(tx, (String) r[DOC_ID], (String) r[NODE_ID]); // 0 if an earlier row's subtree held it
    }
    return n;
  }
}
