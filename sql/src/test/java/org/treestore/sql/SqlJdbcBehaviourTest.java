package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Cancel, query timeout and closed connections: the JDBC behaviour pools and tools rely on. */
class SqlJdbcBehaviourTest {
  /** A document of 1 + 40 + 40 * 40 nodes: a few thousand rows in nodes and paths. */
  private static String bigDocument() {
    StringBuilder b = new StringBuilder("{\"doc_name\": \"big\", \"structure\": [{\"title\": \"root\", \"node_id\": \"r\", \"nodes\": [");
    for (int i = 0; i < 40; i++) {
      b.append(i == 0 ? "" : ",").append("{\"title\": \"chapter ").append(i).append("\", \"node_id\": \"c").append(i)
          .append("\", \"nodes\": [");
      for (int j = 0; j < 40; j++) {
        b.append(j == 0 ? "" : ",").append("{\"title\": \"section\", \"node_id\": \"s").append(i).append('_').append(j)
            .append("\", \"start_index\": ").append(j + 1).append(", \"end_index\": ").append(j + 2).append('}');
      }
      b.append("]}");
    }
    return b.append("]}]}").toString();
  }

  @Test
  void cancelStopsTheStatementAndItRunsAgainAfterwards() throws Exception {
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "big", bigDocument()).updates(1);
      try (PreparedStatement ps = db.connection.prepareStatement("SELECT node_id FROM paths")) {
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          ps.cancel();
          SQLException e = assertThrows(SQLException.class, () -> {
            while (rs.next()) {
              // read until the cancel is noticed
            }
          });
          assertEquals("57014", e.getSQLState(), e.toString());
        }
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            n++;
          }
        }
        assertEquals(1 + 40 * 2 + 1600 * 3, n, "the statement runs again after a cancel");
      }
    }
  }

  @Test
  void queryTimeoutStopsALongStatement() throws Exception {
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "big", bigDocument()).updates(1);
      try (Statement s = db.connection.createStatement()) {
        s.setQueryTimeout(1);
        long start = System.nanoTime();
        SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> {
          try (ResultSet rs = s.executeQuery(
              "SELECT count(*) FROM paths a, paths b, nodes c WHERE a.distance + b.distance < c.depth + 7")) {
            rs.next();
          }
        });
        assertEquals("57014", e.getSQLState());
        assertTrue(e.getMessage().contains("query timeout"), e.getMessage());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "stopped long before the join would end");
      }
    }
  }

  @Test
  void contextVariablesAndNullParametersStillWork() throws Exception {
    // executions answer parameters from their own map and build Calcite's full context only on demand
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
      long before = System.currentTimeMillis();
      try (PreparedStatement ps = db.connection.prepareStatement(
          "SELECT CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_USER, doc_id FROM documents WHERE doc_id = ? OR ? IS NULL")) {
        ps.setString(1, "harbour");
        ps.setString(2, "x");
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertNotNull(rs.getTimestamp(1));
          assertNotNull(rs.getTimestamp(2));
          assertTrue(rs.getTimestamp(1).getTime() >= before - 24L * 3600_000, "a plausible clock: " + rs.getTimestamp(1));
          assertEquals("sa", rs.getString(3));
          assertEquals("harbour", rs.getString(4));
          assertFalse(rs.next());
        }
        ps.setString(1, "none");
        ps.setNull(2, java.sql.Types.VARCHAR);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next(), "a null parameter is null, not missing");
          assertEquals("harbour", rs.getString(4));
        }
      }
    }
  }

  @Test
  void valuesReadFromTheRowEqualAvaticasAnswers() throws Exception {
    // getObject/getString/wasNull answered from the current row must equal what Avatica's accessors give
    String[] queries = {
        "SELECT * FROM nodes WHERE doc_id = 'harbour' ORDER BY node_id",
        "SELECT * FROM documents",
        "SELECT node_id FROM nodes WHERE doc_id = 'harbour'",
        "SELECT depth, COUNT(*) AS n, MAX(title) AS t FROM nodes GROUP BY depth ORDER BY depth",
        "SELECT * FROM TABLE(subtree('harbour', '0000'))",
        "SELECT doc_id, node_id, score, rank FROM TABLE(search('harbour', 5))",
        "SELECT CAST(NULL AS INTEGER) AS i, CAST(NULL AS VARCHAR) AS v, TRUE AS b, 2.5E0 AS d, 7 AS n FROM documents"};
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
      for (String q : queries) {
        List<String> direct = readAll(db.connection, q);
        boolean was = org.apache.calcite.jdbc.RowResultSet.setEnabled(false);
        List<String> avatica;
        try {
          avatica = readAll(db.connection, q);
        } finally {
          org.apache.calcite.jdbc.RowResultSet.setEnabled(was);
        }
        assertTrue(avatica.size() > 2, q + " read something: " + avatica);
        assertEquals(avatica, direct, q);
      }
    }
  }

  /** Every column of every row as getObject (with its class), getString and wasNull after each; and the errors. */
  private static List<String> readAll(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      out.add(String.valueOf(assertThrows(SQLException.class, () -> rs.getObject(1)).getSQLState()));
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          Object o = rs.getObject(i);
          b.append(o == null ? "null" : o.getClass().getSimpleName() + ":" + o).append('/').append(rs.wasNull());
          b.append('|').append(rs.getString(i)).append('/').append(rs.wasNull()).append(' ');
        }
        out.add(b.toString());
      }
      out.add(String.valueOf(assertThrows(SQLException.class, () -> rs.getObject(1)).getSQLState()));
      out.add(String.valueOf(assertThrows(SQLException.class, () -> rs.getObject(n + 1)).getSQLState()));
    }
    return out;
  }

  @Test
  void aClosedConnectionRaisesClass08() throws Exception {
    SqlFixture db = SqlFixture.memory();
    Connection c = db.connection;
    Statement s = c.createStatement();
    c.close();
    assertTrue(c.isClosed());
    SQLException e = assertThrows(SQLException.class, c::createStatement);
    assertEquals("08003", e.getSQLState(), e.toString());
    SQLException e2 = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
    assertTrue(e2.getSQLState().startsWith("08"), e2.toString());
    assertTrue(!c.isValid(1), "a closed connection is not valid");
  }

  @Test
  void batchesSavepointsKeysAndIsolation() throws Exception {
    try (SqlFixture db = SqlFixture.memory()) {
      Connection c = db.connection;
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
      try (PreparedStatement ps = c.prepareStatement("UPDATE nodes SET summary = ? WHERE doc_id = 'harbour' AND node_id = ?")) {
        ps.setString(1, "a");
        ps.setString(2, "0000");
        ps.addBatch();
        ps.setString(1, "b");
        ps.setString(2, "nope");
        ps.addBatch();
        assertEquals(java.util.List.of(1, 0), java.util.Arrays.stream(ps.executeBatch()).boxed().toList());
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', ?, NULL, 't')")) {
        ps.setString(1, "n1");
        ps.addBatch();
        ps.setString(1, "n1");
        ps.addBatch();
        java.sql.BatchUpdateException e = assertThrows(java.sql.BatchUpdateException.class, ps::executeBatch);
        assertEquals("23505", e.getSQLState(), e.toString());
      }
      assertThrows(java.sql.SQLFeatureNotSupportedException.class, c::setSavepoint);
      assertThrows(java.sql.SQLFeatureNotSupportedException.class,
          () -> c.prepareStatement("INSERT INTO nodes (doc_id, node_id, title) VALUES ('harbour', 'k', 't')",
              Statement.RETURN_GENERATED_KEYS));
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // a higher level serves it
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
      assertThrows(java.sql.SQLFeatureNotSupportedException.class,
          () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE));
      assertTrue(c.isValid(1));
      try (Statement st = c.createStatement()) {
        st.setMaxRows(2);
        try (ResultSet rs = st.executeQuery("SELECT node_id FROM nodes")) {
          int n = 0;
          while (rs.next()) {
            n++;
          }
          assertEquals(2, n);
        }
      }
    }
  }
  /** A large result streams: reading a million rows does not hold them in memory. */
  @Test
  void largeResultsStream() throws Exception {
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "big", bigDocument()).updates(1);
      java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
      System.gc();
      long before = memory.getHeapMemoryUsage().getUsed();
      long rows = 0;
      long grown;
      try (Statement s = db.connection.createStatement()) {
        s.setFetchSize(100);
        // 1,641 x 1,641 = 2.7 million rows of new strings (about 240 MB if they were all kept).
        try (ResultSet rs = s.executeQuery(
            "SELECT a.node_id || '/' || b.node_id AS pair, a.title, b.title FROM nodes a, nodes b")) {
          while (rows < 1_000_000 && rs.next()) {
            rs.getString(1);
            rows++;
          }
          System.gc();
          grown = memory.getHeapMemoryUsage().getUsed() - before;
        }
      }
      assertEquals(1_000_000, rows);
      assertTrue(grown < 64L << 20, "heap grew by " + (grown >> 20) + " MB while reading a million rows");
    }
  }

  /** Closing a connection closes its statements and result sets. */
  @Test
  void closingAConnectionClosesItsStatementsAndResults() throws Exception {
    SqlFixture db = SqlFixture.memory();
    Connection c = db.connection;
    db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
    Statement s = c.createStatement();
    PreparedStatement ps = c.prepareStatement("SELECT node_id FROM nodes WHERE doc_id = ?");
    ps.setString(1, "harbour");
    ResultSet rs = ps.executeQuery();
    assertTrue(rs.next());
    c.close();
    assertTrue(s.isClosed(), "statement closed with its connection");
    assertTrue(ps.isClosed(), "prepared statement closed with its connection");
    assertTrue(rs.isClosed(), "result set closed with its connection");
  }

  /**
   * Statements answer for themselves: their connection is the application's, their result sets
   * name them, and a call after close fails with a SQLState (55000 closed statement, 08003 closed
   * connection) instead of whatever Calcite would do.
   */
  @Test
  void statementsCheckTheirStateAndNameTheirParents() throws Exception {
    SqlFixture db = SqlFixture.memory();
    Connection c = db.connection;
    db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "harbour", SqlTablesTest.REPORT).updates(1);
    PreparedStatement ps = c.prepareStatement("SELECT node_id FROM nodes WHERE doc_id = ?");
    Statement s = c.createStatement();
    assertSame(c, ps.getConnection());
    assertSame(c, s.getConnection());
    ps.setString(1, "harbour");
    try (ResultSet rs = ps.executeQuery()) {
      assertSame(ps, rs.getStatement());
      assertTrue(rs.next());
    }
    assertTrue(s.execute("SELECT count(*) FROM nodes"));
    try (ResultSet rs = s.getResultSet()) {
      assertSame(s, rs.getStatement());
      assertTrue(rs.next());
    }
    assertSame(ps, ps.unwrap(PreparedStatement.class));
    assertTrue(ps.isWrapperFor(Statement.class));
    assertTrue(ps.isWrapperFor(org.apache.calcite.avatica.AvaticaStatement.class), "Calcite's statement is reachable");
    assertEquals("node_id", ps.getMetaData().getColumnLabel(1));
    assertThrows(SQLException.class, () -> c.prepareCall("{call nothing()}"),
        "no stored procedures");
    SQLException bad = assertThrows(SQLException.class, () -> s.executeQuery("SELECT nothing FROM nowhere"));
    assertEquals("42", bad.getSQLState().substring(0, 2), bad.toString());

    s.close();
    SQLException closed = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
    assertEquals("55000", closed.getSQLState(), closed.toString());
    c.close();
    SQLException gone = assertThrows(SQLException.class, () -> ps.setString(1, "x"));
    assertEquals(org.treestore.sql.SqlStates.CONNECTION_CLOSED, gone.getSQLState(), gone.toString());
    assertTrue(ps.isClosed());
  }

  /** Damage found while reading is SQLState XX001 (data corrupted), naming the file. */
  @Test
  void corruptionIsXX001(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("damaged.tsdb");
    String url = "jdbc:treestore:" + file;
    try (SqlFixture db = SqlFixture.open(url)) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "big", bigDocument()).updates(1);
    }
    // Every page but the header gets a flipped byte in its body: any read of it fails its checksum.
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
      long pages = ch.size() / 8192;
      for (long p = 1; p < pages; p++) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
        ch.read(b, p * 8192 + 4000);
        b.put(0, (byte) (b.get(0) ^ 0x5A)).rewind();
        ch.write(b, p * 8192 + 4000);
      }
    }
    SQLException e = assertThrows(SQLException.class, () -> {
      try (SqlFixture db = SqlFixture.open(url)) {
        db.sql("SELECT count(*) FROM nodes").rows();
      }
    });
    assertEquals("XX001", e.getSQLState(), e.toString());
    assertTrue(e.getMessage().contains("damaged.tsdb"), e.getMessage());
  }

  /** In autocommit mode a result set stays readable while other statements run (its snapshot stays open). */
  @Test
  void resultSetsStayReadableWhileOtherStatementsRun() throws Exception {
    try (SqlFixture db = SqlFixture.memory()) {
      for (String id : new String[] {"a", "b", "c"}) {
        db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", id, SqlTablesTest.REPORT).updates(1);
      }
      int outer = 0;
      try (Statement s = db.connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT doc_id, node_id FROM nodes");
          PreparedStatement inner = db.connection.prepareStatement(
              "SELECT title FROM nodes WHERE doc_id = ? AND node_id = ?")) {
        while (rs.next()) {
          inner.setString(1, rs.getString(1));
          inner.setString(2, rs.getString(2));
          try (ResultSet r = inner.executeQuery()) {
            // each inner statement reads a newer snapshot: document c is gone after the delete
            assertEquals(outer == 0 || !rs.getString(1).equals("c"), r.next(), rs.getString(1));
          }
          // a write in between commits at once and is not seen by the open result set's snapshot
          if (outer == 0) {
            db.sql("DELETE FROM documents WHERE doc_id = 'c'").updates(1);
          }
          outer++;
        }
      }
      assertEquals(18, outer, "the outer scan read all three documents of its snapshot");
      db.sql("SELECT count(*) AS n FROM nodes").returns("n=12");
    }
  }

  @Test
  void maxRowsLimitsEveryExecutionWhenSetAfterPrepare() throws Exception {
    try (SqlFixture db = SqlFixture.memory()) {
      db.sql("INSERT INTO documents (doc_id, tree) VALUES (?, ?)", "big", bigDocument()).updates(1);
      try (PreparedStatement ps = db.connection.prepareStatement("SELECT node_id FROM nodes WHERE doc_id = ?");
          Statement plain = db.connection.createStatement()) {
        ps.setString(1, "big");
        assertEquals(1641, count(ps.executeQuery()), "no limit");
        ps.setMaxRows(2);
        assertEquals(2, count(ps.executeQuery()), "the limit set after prepare");
        assertEquals(2, count(ps.executeQuery()), "and on the next execution");
        ps.setMaxRows(0);
        assertEquals(1641, count(ps.executeQuery()), "0 lifts it");
        plain.setMaxRows(3);
        assertEquals(3, count(plain.executeQuery("SELECT node_id FROM paths WHERE doc_id = 'big'")));
        assertEquals(3, count(plain.executeQuery("SELECT node_id FROM paths WHERE doc_id = 'big'")), "cached plan");
        try (PreparedStatement up = db.connection.prepareStatement("UPDATE nodes SET summary = 'x' WHERE doc_id = 'big'")) {
          up.setMaxRows(1);
          assertEquals(1641, up.executeUpdate(), "an update count is not a row");
        }
      }
    }
  }

  private static int count(ResultSet rs) throws SQLException {
    try (rs) {
      int n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }
}
