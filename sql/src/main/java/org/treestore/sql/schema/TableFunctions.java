package org.treestore.sql.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.search.SearchHit;
import org.treestore.engine.search.SearchResult;
import org.treestore.engine.tx.Transaction;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;

/**
 * The table functions of the {@code treestore} schema. Calcite calls these methods once while
 * preparing a statement (with NULL for every {@code ?}) to learn the row type, and again when it
 * runs; the work happens in {@code scan}, in the connection's transaction. Arguments are boxed so
 * that NULL can be passed; a NULL argument gives no rows.
 */
public final class TableFunctions {
  private TableFunctions() {}

  /** Default number of hits of {@code search(query)}. */
  public static final int DEFAULT_LIMIT = 10;
  /** Largest {@code limit} accepted. */
  public static final int MAX_LIMIT = 100_000;

  static final List<Column> SEARCH_COLUMNS = List.of(Column.text("doc_id", false), Column.text("node_id", false),
      new Column("score", SqlTypeName.DOUBLE, false), Column.integer("rank", false));

  static final List<Column> SUBTREE_COLUMNS;

  static {
    List<Column> c = new ArrayList<>(NodesTable.COLUMNS);
    c.add(Column.integer("rel_depth", false));
    SUBTREE_COLUMNS = List.copyOf(c);
  }

  /** {@code search(query [, limit])}: the best nodes for a query in TreeStore's query language, best first. */
  public static ScannableTable search(String query, @Parameter(name = "limit", optional = true) Integer limit) {
    return new FunctionTable(SEARCH_COLUMNS, (session, tx) -> {
      if (query == null) {
        return List.of();
      }
      int n = limit == null ? DEFAULT_LIMIT : limit;
      if (n < 0 || n > MAX_LIMIT) {
        throw new SqlStateException(SqlStates.DATA, "search limit " + n + " is outside 0.." + MAX_LIMIT);
      }
      // No snippets: the function has no column for them, and they are half a search's time.
      SearchResult result = session.database().search().search(tx, query, n, false);
      List<Object[]> rows = new ArrayList<>(result.hits().size());
      for (SearchHit h : result.hits()) {
        rows.add(new Object[] {h.docId(), h.nodeId(), h.score(), h.rank()});
      }
      return rows;
    });
  }

  /** {@code subtree(doc_id, node_id)}: the node and its descendants in pre-order, with rel_depth. */
  public static ScannableTable subtree(String docId, String nodeId) {
    return new FunctionTable(SUBTREE_COLUMNS, (session, tx) -> {
      if (docId == null || nodeId == null) {
        return List.of();
      }
      DocumentStore docs = session.database().documents();
      List<NodeRecord> nodes = docs.subtree(tx, docId, nodeId, -1);
      List<Object[]> rows = new ArrayList<>(nodes.size());
      int top = nodes.isEmpty() ? 0 : nodes.get(0).depth();
      DocumentStore.TextReader texts = docs.textReader(tx);
      for (NodeRecord r : nodes) {
        Object[] row = java.util.Arrays.copyOf(NodesTable.row(r, texts), SUBTREE_COLUMNS.size());
        row[row.length - 1] = r.depth() - top;
        rows.add(row);
      }
      texts.close();
      return rows;
    });
  }

  /** {@code ancestors(doc_id, node_id)}: the ancestors, top-level first, the node itself last. */
  public static ScannableTable ancestors(String docId, String nodeId) {
    return new FunctionTable(NodesTable.COLUMNS, (session, tx) -> {
      if (docId == null || nodeId == null) {
        return List.of();
      }
      DocumentStore docs = session.database().documents();
      DocumentStore.TextReader texts = docs.textReader(tx);
      List<Object[]> rows = docs.ancestors(tx, docId, nodeId).stream().map(r -> NodesTable.row(r, texts)).toList();
      texts.close();
      return rows;
    });
  }

  /** {@code nodes_at_page(doc_id, page)}: the nodes whose [start_page, end_page] holds the page. */
  public static ScannableTable nodesAtPage(String docId, Integer page) {
    return new FunctionTable(NodesTable.COLUMNS, (session, tx) -> {
      if (docId == null || page == null) {
        return List.of();
      }
      DocumentStore docs = session.database().documents();
      DocumentStore.TextReader texts = docs.textReader(tx);
      List<Object[]> rows = docs.nodesAtPage(tx, docId, page).stream().map(r -> NodesTable.row(r, texts)).toList();
      texts.close();
      return rows;
    });
  }

  /** What a function computes, given the connection's session and transaction. */
  @FunctionalInterface
  interface Body {
    List<Object[]> rows(SqlSession session, Transaction tx);
  }

  /** The table a function call returns: its rows are computed when scanned. */
  private static final class FunctionTable extends AbstractTable implements ScannableTable {
    private final List<Column> columns;
    private final Body body;

    FunctionTable(List<Column> columns, Body body) {
      this.columns = columns;
      this.body = body;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return Column.rowType(typeFactory, columns);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return new AbstractEnumerable<>() {
        @Override
        public Enumerator<Object[]> enumerator() {
          SqlSession session = TreeStoreSchema.session(root.getRootSchema());
          Transaction tx = session.acquireRead(root);
          try {
            return Linq4j.enumerator(body.rows(session, tx)); // computed at once: the snapshot can go
          } finally {
            session.releaseRead(root);
          }
        }
      };
    }
  }
}
