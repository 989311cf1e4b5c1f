package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.treestore.engine.StoreOptions;

/**
 * Every autocommit statement gives its snapshot back. A snapshot left open is never reclaimed: the
 * transaction stays registered (memory grows with every execution) and the pages it could still
 * read are never freed. This once happened to every {@code SELECT tree} execution.
 */
class SnapshotReleaseTest {
  private static final String DOC = "{\"doc_name\": \"d\", \"structure\": [{\"title\": \"A\", \"node_id\": \"0000\","
      + " \"start_index\": 1, \"end_index\": 3, \"text\": \"alpha text\", \"nodes\": [{\"title\": \"B\", \"node_id\": \"0001\","
      + " \"start_index\": 2, \"end_index\": 2, \"summary\": \"beta\"}, {\"title\": \"C\", \"node_id\": \"0002\"}]}]}";

  private static final List<String> STATEMENTS = List.of(
      "SELECT * FROM nodes WHERE doc_id = 'd' AND node_id = '0001'",
      "SELECT * FROM nodes WHERE doc_id = 'd' AND parent_id = '0000' ORDER BY ordinal",
      "SELECT * FROM nodes WHERE doc_id = 'd' AND path LIKE '/0000/%'",
      "SELECT * FROM nodes WHERE doc_id = 'd' AND start_page <= 2 AND end_page >= 2",
      "SELECT node_id FROM paths WHERE doc_id = 'd' AND ancestor_id = '0000'",
      "SELECT ancestor_id FROM paths WHERE doc_id = 'd' AND node_id = '0001' ORDER BY distance DESC",
      "SELECT * FROM TABLE(subtree('d', '0000'))",
      "SELECT * FROM TABLE(ancestors('d', '0001'))",
      "SELECT * FROM TABLE(nodes_at_page('d', 2))",
      "SELECT * FROM TABLE(search('alpha', 10))",
      "SELECT tree FROM documents WHERE doc_id = 'd'",
      "SELECT title, tree FROM documents WHERE doc_id = 'd'",
      "SELECT * FROM documents",
      "SELECT n.title FROM paths p JOIN nodes n ON n.doc_id = p.doc_id AND n.node_id = p.node_id"
          + " WHERE p.doc_id = 'd' AND p.ancestor_id = '0000'",
      "SELECT count(*) FROM nodes",
      "SELECT * FROM children WHERE doc_id = 'd' AND parent_id = '0000' ORDER BY ordinal",
      "SELECT * FROM nodes WHERE doc_id = 'none' AND node_id = 'x'",
      "SELECT tree FROM documents WHERE doc_id = 'none'");

  @Test
  void everyStatementGivesItsSnapshotBack() throws SQLException {
    String name = "release-" + System.nanoTime();
    try (Connection conn = DriverManager.getConnection("jdbc:treestore:mem:" + name)) {
      // the connection holds the database open; this shares that instance
      TreeStoreDatabase db = TreeStoreDatabase.acquire("mem:" + name, StoreOptions.DEFAULT);
      try {
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
          ins.setString(1, "d");
          ins.setString(2, DOC);
          assertEquals(1, ins.executeUpdate());
        }
        for (String sql : STATEMENTS) {
          for (int round = 0; round < 3; round++) {
            // read to the end, stop after one row, or close without reading: all must release
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
              for (int i = 0; i < 3; i++) {
                try (ResultSet rs = ps.executeQuery()) {
                  read(rs, round);
                }
              }
            }
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
              read(rs, round);
            }
            assertEquals(0, db.store().transactions().openTransactions(), "open after " + sql + " (round " + round + ")");
          }
        }
        // and a write statement with its own transaction
        try (PreparedStatement up = conn.prepareStatement("UPDATE nodes SET summary = ? WHERE doc_id = 'd' AND node_id = ?")) {
          up.setString(1, "new");
          up.setString(2, "0001");
          assertEquals(1, up.executeUpdate());
        }
        assertEquals(0, db.store().transactions().openTransactions(), "open after UPDATE");
      } finally {
        db.release();
      }
    }
  }

  private static void read(ResultSet rs, int how) throws SQLException {
    if (how == 0) {
      while (rs.next()) {
        rs.getObject(1);
      }
    } else if (how == 1) {
      rs.next();
    }
  }
}
