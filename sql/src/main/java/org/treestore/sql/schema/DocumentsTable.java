package org.treestore.sql.schema;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexReader;
import org.treestore.engine.docstore.DocumentInfo;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.tx.Transaction;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;

/**
 * {@code documents}: one row per document, key doc_id. {@code tree} is the whole document as
 * PageIndex JSON, exported only when selected.
 *
 * <p>node_count and created_at are never NULL when read; they are declared nullable because an
 * INSERT leaves them out (they come from the tree and the clock).
 *
 * <p>Writes: INSERT stores a whole PageIndex JSON tree given in {@code tree} (title, description,
 * node_count, metadata and created_at come from it and must be left NULL; source may be given).
 * DELETE removes documents with all their nodes and full-text entries. UPDATE is refused: replace
 * a document with DELETE and INSERT in one transaction.
 */
public final class DocumentsTable extends TreeStoreTable {
  public static final List<Column> COLUMNS = List.of(Column.text("doc_id", false), Column.text("title", true),
      Column.text("description", true), Column.text("source", true), Column.integer("node_count", true),
      Column.text("metadata", true), Column.text("tree", true), new Column("created_at", SqlTypeName.TIMESTAMP, true));
  private static final int TREE = 6;

  private static final List<Access> ACCESSES = List.of(
      new Access("documents.full", List.of(), null, false, 1e4),
      new Access("documents.key", List.of("doc_id"), null, false, 1));

  public DocumentsTable(SqlSession session) {
    super(session, "documents", COLUMNS, ACCESSES, 0);
  }

  @Override
  protected Iterator<Object[]> rows(Transaction tx, Access access, Object[] keys, boolean[] needed) {
    DocumentStore docs = session.database().documents();
    switch (access.name()) {
      case "documents.full":
        return docs.documentIds(tx).stream()
            .map(id -> docs.document(tx, id).map(d -> row(tx, docs, d, needed)).orElse(null))
            .filter(java.util.Objects::nonNull).iterator();
      case "documents.key": {
        String docId = Values.text(keys[0]);
        if (onlyTree(needed)) {
          // SELECT tree ... WHERE doc_id = ?: the export cache answers without the document record
          return single(docs.exportJson(tx, docId).map(json -> treeRow(docId, json)).orElse(null));
        }
        return single(docs.document(tx, docId).map(d -> row(tx, docs, d, needed)).orElse(null));
      }
      default:
        throw new IllegalArgumentException("unknown access " + access.name());
    }
  }

  private static boolean onlyTree(boolean[] needed) {
    for (int i = 1; i < needed.length; i++) {
      if (needed[i] && i != TREE) {
        return false;
      }
    }
    return needed[TREE];
  }

  private static Object[] treeRow(String docId, String json) {
    Object[] row = new Object[COLUMNS.size()];
    row[0] = docId;
    row[TREE] = json;
    return row;
  }

  /** Columns not {@code needed} stay null: the document's fields are parsed only for title, description or metadata. */
  private static Object[] row(Transaction tx, DocumentStore docs, DocumentInfo d, boolean[] needed) {
    String json = needed[TREE] ? docs.exportJson(tx, d.docId()).orElse(null) : null;
    String[] described = needed[1] || needed[2] || needed[5] ? d.describe() : new String[3];
    return new Object[] {d.docId(), described[0], described[1], d.source(), d.nodeCount(), described[2], json,
        d.createdAtMillis()};
  }

  @Override
  public long modify(DataContext root, String operation, Enumerable<Object[]> rows, List<String> updateColumns) {
    List<Object[]> all = rows.toList();
    DocumentStore docs = session.database().documents();
    return session.write(tx -> {
      switch (operation) {
        case "INSERT":
          for (Object[] r : all) {
            String docId = Values.required(r[0], "documents.doc_id");
            for (int derived : new int[] {1, 2, 4, 5, 7}) {
              if (r[derived] != null) {
                throw new SqlStateException(SqlStates.DATA, "documents." + COLUMNS.get(derived).name()
                    + " comes from the tree; insert only doc_id, tree and optionally source");
              }
            }
            String json = Values.required(r[TREE], "documents.tree");
            PageIndexDocument doc = PageIndexReader.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "tree of document '" + docId + "'");
            try {
              docs.insert(tx, docId, doc, (String) r[3]);
            } catch (org.treestore.engine.doc.DocumentFormatException e) {
              // Raised for the doc_id itself (empty, too long): name the row, not a file.
              String m = e.getMessage();
              throw new SqlStateException(SqlStates.BAD_DOCUMENT, "document '" + Values.abbreviate(docId) + "': "
                  + m.substring(m.indexOf(": ") + 2), e);
            } catch (IllegalArgumentException e) {
              throw new SqlStateException(SqlStates.DATA, e.getMessage(), e);
            }
          }
          return (long) all.size();
        case "DELETE":
          long n = 0;
          for (Object[] r : all) {
            n += docs.delete(tx, (String) r[0]) ? 1 : 0;
          }
          return n;
        default:
          throw new SqlStateException(SqlStates.NOT_SUPPORTED, operation + " on documents is not supported: "
              + "replace a document with DELETE and INSERT in one transaction, or change its nodes");
      }
    });
  }
}
