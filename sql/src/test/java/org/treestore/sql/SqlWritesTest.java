package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DML with update counts, constraint SQLStates, and transactions across two connections. */
class SqlWritesTest {
  @TempDir Path dir;

  private String url() {
    return "jdbc:treestore:" + dir.resolve("w.db") + ";durability=NORMAL";
  }

  @Test
  void documentsInsertAndDelete() throws SQLException {
    try (SqlFixture db = SqlFixture.open(url())) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT)
          .fails("23505", "already stored");
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "bad", "{\"structure\": [").fails("22P02", "document 'bad'");
      db.sql("INSERT INTO documents (doc_id, tree, source) VALUES ('copy', ?, 'survey.json')", SqlTablesTest.REPORT)
          .updates(1);
      db.sql("SELECT doc_id, source FROM documents ORDER BY doc_id")
          .returns("doc_id=copy; source=survey.json", "doc_id=harbour; source=null");
      // A DELETE reads only the keys of its rows (never the tree's JSON): the scan projects doc_id.
      db.sql("DELETE FROM documents WHERE doc_id = ?", "harbour").plan("documents.key", "columns=[[doc_id]]");
      db.sql("DELETE FROM nodes WHERE doc_id = ? AND node_id = ?", "harbour", "0002")
          .plan("nodes.key", "columns=[[doc_id, node_id]]");
      db.sql("DELETE FROM documents WHERE doc_id = ?", "harbour").updates(1);
      db.sql("DELETE FROM documents WHERE doc_id = ?", "harbour").updates(0);
      db.sql("SELECT count(*) AS n FROM nodes WHERE doc_id = 'harbour'").returns("n=0");
      db.sql("SELECT count(*) AS n FROM TABLE(search('barge'))").returns("n=2");
      db.sql("UPDATE documents SET source = 'x'").fails("0A000", "DELETE and INSERT");
    }
  }

  /**
   * Two connections insert different documents at the same time: no insert is refused (the
   * full-text index's shared counter and statistics change by commutative updates, ordinals come
   * from a per-store allocator), every insert lands once, whole, and the index finds every
   * document. Fewer than 128 documents, so no flush merges (two merges at once may conflict).
   */
  @Test
  void concurrentInsertsOfDifferentDocumentsDoNotConflict() throws Exception {
    String url = url();
    int perThread = 40;
    java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstConflict = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try (SqlFixture db = SqlFixture.open(url)) {
      // The first indexing transaction of a database records its analyzer (a plain put: two first
      // ones with different analyzers must not both commit), so the concurrent part starts after it.
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "first", SqlTablesTest.REPORT).updates(1);
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < 2; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          try (Connection c = java.sql.DriverManager.getConnection(url);
              java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
            for (int i = 0; i < perThread; i++) {
              ps.setString(1, "t" + thread + "-" + i);
              ps.setString(2, SqlTablesTest.REPORT);
              for (int attempt = 0;; attempt++) {
                try {
                  assertEquals(1, ps.executeUpdate());
                  break;
                } catch (SQLException e) {
                  assertEquals("40001", e.getSQLState(), e.toString());
                  assertTrue(attempt < 100, "still conflicting after 100 attempts");
                  conflicts.incrementAndGet();
                  firstConflict.compareAndSet(null, e.getMessage());
                }
              }
            }
          }
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(2, java.util.concurrent.TimeUnit.MINUTES);
      }
      assertEquals(0, conflicts.get(), "inserts of different documents refused with 40001: " + firstConflict.get());
      int docs = 2 * perThread + 1;
      db.sql("SELECT count(*) AS n FROM documents").returns("n=" + docs);
      db.sql("SELECT count(*) AS n FROM nodes").returns("n=" + docs * 6);
      // 'barge' is in two nodes of each document
      db.sql("SELECT count(DISTINCT doc_id) AS d, count(*) AS n FROM TABLE(search('barge', 1000))")
          .returns("d=" + docs + "; n=" + docs * 2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nodesInsertUpdateDelete() throws SQLException {
    try (SqlFixture db = SqlFixture.open(url())) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
      db.sql("UPDATE nodes SET summary = ? WHERE doc_id = ? AND node_id = ?", "Revised.", "harbour", "0002").updates(1);
      db.sql("SELECT summary FROM nodes WHERE doc_id = 'harbour' AND node_id = '0002'").returns("summary=Revised.");
      db.sql("UPDATE nodes SET title = upper(title) WHERE doc_id = 'harbour' AND parent_id = '0001'").updates(2);
      db.sql("SELECT title FROM nodes WHERE doc_id = 'harbour' AND parent_id = '0001' ORDER BY ordinal")
          .returns("title=SILT", "title=WRECKS");
      db.sql("UPDATE nodes SET path = '/x' WHERE doc_id = 'harbour'").fails("0A000", "nodes.path cannot be updated");
      db.sql("INSERT INTO nodes (doc_id, node_id, parent_id, title, text) VALUES (?, ?, ?, ?, ?)",
          "harbour", "0100", "0003", "Trawler", "The trawler sank in 1988.").updates(1);
      db.sql("SELECT path, ordinal, depth FROM nodes WHERE doc_id = 'harbour' AND node_id = '0100'")
          .returns("path=/0001/0003/0100; ordinal=1; depth=2");
      db.sql("SELECT node_id FROM TABLE(search('trawler')) ORDER BY node_id").returns("node_id=0003", "node_id=0100");
      db.sql("INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0100', NULL, 'Again')")
          .fails("23505", "already exists");
      db.sql("INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0101', 'nope', 'Orphan')")
          .fails("23503", "parent node does not exist");
      db.sql("INSERT INTO nodes (doc_id, node_id, title) VALUES ('nowhere', '0101', 'Orphan')")
          .fails("23503", "document does not exist");
      db.sql("DELETE FROM nodes WHERE doc_id = ? AND node_id = ?", "harbour", "0003").updates(3);
      db.sql("SELECT count(*) AS n FROM nodes WHERE doc_id = 'harbour'").returns("n=4");
      db.sql("SELECT node_count FROM documents").returns("node_count=4");
    }
  }

  @Test
  void transactionsAcrossTwoConnections() throws SQLException {
    try (SqlFixture a = SqlFixture.open(url()); SqlFixture b = SqlFixture.open(url())) {
      assertTrue(a.connection.getAutoCommit());
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, a.connection.getTransactionIsolation());
      a.connection.setAutoCommit(false);
      a.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
      a.sql("SELECT count(*) AS n FROM nodes").returns("n=6"); // its own write
      b.sql("SELECT count(*) AS n FROM nodes").returns("n=0"); // not yet committed
      a.connection.commit();
      b.sql("SELECT count(*) AS n FROM nodes").returns("n=6");

      a.sql("DELETE FROM nodes WHERE doc_id = 'harbour' AND node_id = '0005'").updates(1);
      a.connection.rollback();
      b.sql("SELECT count(*) AS n FROM nodes").returns("n=6");
      a.sql("SELECT count(*) AS n FROM nodes").returns("n=6");

      // Both change the same node: the second to commit gets 40001.
      b.connection.setAutoCommit(false);
      a.sql("UPDATE nodes SET summary = 'a' WHERE doc_id = 'harbour' AND node_id = '0000'").updates(1);
      b.sql("UPDATE nodes SET summary = 'b' WHERE doc_id = 'harbour' AND node_id = '0000'").updates(1);
      a.connection.commit();
      SQLException e = assertThrows(SQLException.class, b.connection::commit);
      assertEquals("40001", e.getSQLState(), e.toString());
      b.connection.rollback();
      b.sql("SELECT summary FROM nodes WHERE doc_id = 'harbour' AND node_id = '0000'").returns("summary=a");
    }
  }

  @Test
  void readOnlyConnectionsRefuseWrites() throws SQLException {
    try (SqlFixture db = SqlFixture.open(url())) {
      db.connection.setReadOnly(true);
      assertTrue(db.connection.isReadOnly());
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT)
          .fails("25006", "read-only");
      db.connection.setReadOnly(false);
      assertFalse(db.connection.isReadOnly());
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
    }
    try (SqlFixture db = SqlFixture.open(url() + ";read_only=true")) {
      db.sql("SELECT count(*) AS n FROM documents").returns("n=1");
      db.sql("DELETE FROM documents").fails("25006", "read-only");
    }
  }

  @Test
  void errorsCarrySqlStates() throws SQLException {
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("SELECT node_id FROM nodes WHERE").fails("42601", "near the keyword 'WHERE' at line 1, column 27");
      db.sql("SELECT * FROM no_such_table").fails("42704", "no_such_table");
      db.sql("SELECT no_such_column FROM nodes").fails("42704", "no_such_column");
      db.sql("SELECT * FROM TABLE(search('\"unclosed'))").fails("42601", "is never closed");
    }
  }
}
