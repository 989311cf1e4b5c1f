package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.treestore.sql.rel.DirectScans;

/**
 * Statements whose plan is one scan run without generated code ({@link DirectScans}): they give the
 * same rows, column types and plans as through Volcano and Janino, they compile nothing, and
 * everything else still compiles. The build also runs every other SQL test with
 * {@code treestore.sql.direct.verify}, which plans each direct statement both ways and compares.
 */
class DirectScansTest {
  private static final AtomicInteger NAMES = new AtomicInteger();

  /** Planned and run without Volcano and generated code. */
  private static final List<String> DIRECT = List.of(
      "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
      "SELECT title FROM nodes WHERE node_id = '0003' AND doc_id = 'harbour'",
      "SELECT doc_id, node_id, title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0004'",
      "SELECT * FROM nodes WHERE doc_id = 'harbour' AND node_id = '0002'",
      "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = 'none'",
      "SELECT node_id, title FROM nodes WHERE doc_id = 'harbour'",
      "SELECT node_id FROM nodes WHERE doc_id = 'harbour' AND parent_id = '0001'",
      "SELECT node_id, title FROM nodes WHERE doc_id = 'harbour' AND parent_id IS NULL",
      "SELECT title, description FROM documents WHERE doc_id = 'harbour'",
      "SELECT * FROM documents WHERE doc_id = 'harbour'",
      "SELECT doc_id FROM documents",
      "SELECT node_id FROM paths WHERE doc_id = 'harbour' AND ancestor_id = '0001'",
      "SELECT node_id, \"ordinal\" FROM children WHERE doc_id = 'harbour' AND parent_id = '0001'",
      "select TITLE from NODES where DOC_ID = 'harbour' and NODE_ID = '0005'");

  /** Planned by Volcano into one scan, which then runs without generated code. */
  private static final List<String> RUN_DIRECTLY = List.of(
      "SELECT title FROM nodes WHERE doc_id = 'harbour' AND path LIKE '0001%'",
      "SELECT node_id, \"ordinal\" FROM nodes WHERE doc_id = 'harbour' AND parent_id = '0001' ORDER BY \"ordinal\"");

  /** Near misses: planned by Volcano, compiled. */
  private static final List<String> COMPILED = List.of(
      "SELECT * FROM nodes",
      "SELECT title, node_id FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
      "SELECT title AS t FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
      "SELECT title, title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
      "SELECT upper(title) FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
      "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003' AND depth = 2",
      "SELECT title FROM nodes WHERE doc_id = 'harbour' AND start_page <= 6 AND end_page >= 6",
      "SELECT title FROM nodes WHERE doc_id = 'harbour' ORDER BY node_id",
      "SELECT title FROM nodes WHERE doc_id = 'harbour' LIMIT 2",
      "SELECT count(*) FROM nodes WHERE doc_id = 'harbour'",
      "SELECT title FROM nodes WHERE doc_id IN (SELECT doc_id FROM documents) AND node_id = '0003'",
      "SELECT n.title FROM paths p JOIN nodes n ON n.doc_id = p.doc_id AND n.node_id = p.node_id "
          + "WHERE p.doc_id = 'harbour' AND p.ancestor_id = '0001'");

  private String url;
  private Connection keeper;
  private boolean wasEnabled;

  @BeforeEach
  void load() throws SQLException {
    wasEnabled = DirectScans.setEnabled(true);
    url = "jdbc:treestore:mem:direct" + NAMES.incrementAndGet();
    keeper = DriverManager.getConnection(url + ";plan_cache_size=0");
    try (PreparedStatement ps = keeper.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      ps.setString(1, "harbour");
      ps.setString(2, SqlTablesTest.REPORT);
      assertEquals(1, ps.executeUpdate());
    }
  }

  @AfterEach
  void close() throws SQLException {
    DirectScans.setEnabled(wasEnabled);
    keeper.close();
  }

  @Test
  void directStatementsGiveWhatTheCompiledPlansGive() throws SQLException {
    for (String sql : concat(DIRECT, concat(RUN_DIRECTLY, COMPILED))) {
      Result direct = result(true, sql);
      Result compiled = result(false, sql);
      assertEquals(compiled.rows, direct.rows, sql);
      assertEquals(compiled.types, direct.types, sql);
      assertEquals(compiled.plan, direct.plan, sql);
    }
    // The data is there: the comparison is not between two empty answers.
    assertEquals(List.of("title=Wrecks"), result(true, DIRECT.get(0)).rows);
    assertEquals(3, result(true, "SELECT node_id, title FROM nodes WHERE doc_id = 'harbour' AND parent_id IS NULL")
        .rows.size());
  }

  @Test
  void onlyStatementsThatAreNotOneScanAreCompiled() throws SQLException {
    boolean verifying = DirectScans.setVerifying(false); // it would run the planner for direct statements too
    try (Connection c = DriverManager.getConnection(url + ";plan_cache_size=0")) {
      for (String sql : DIRECT) {
        assertEquals(List.of(0, 0), plansAndCompiles(c, sql), sql);
      }
      for (String sql : RUN_DIRECTLY) {
        assertEquals(List.of(1, 0), plansAndCompiles(c, sql), sql);
      }
      for (String sql : COMPILED) {
        assertEquals(List.of(1, 1), plansAndCompiles(c, sql), sql);
      }
    } finally {
      DirectScans.setVerifying(verifying);
    }
  }

  @Test
  void directStatementsBindEachExecutionsValues() throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("SELECT title FROM nodes WHERE doc_id = ? AND node_id = ?")) {
      String[][] cases = {{"harbour", "0003", "Wrecks"}, {"harbour", "0000", "Overview"}, {"harbour", "nope", null},
          {"elsewhere", "0003", null}, {null, "0003", null}};
      for (String[] k : cases) {
        ps.setString(1, k[0]);
        ps.setString(2, k[1]);
        try (ResultSet rs = ps.executeQuery()) {
          assertEquals(k[2] != null, rs.next(), String.join(",", List.of(String.valueOf(k[0]), k[1])));
          if (k[2] != null) {
            assertEquals(k[2], rs.getString(1));
            assertFalse(rs.next());
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.setMaxRows(2);
        try (ResultSet rs = s.executeQuery("SELECT node_id FROM nodes WHERE doc_id = 'harbour'")) {
          assertEquals(2, SqlFixture.format(rs).size());
        }
      }
    }
  }

  /** A cached direct plan reads in the transaction of the connection that runs it. */
  @Test
  void aCachedDirectPlanReadsInTheRunningConnectionsTransaction() throws SQLException {
    String sql = "SELECT title FROM documents WHERE doc_id = 'fresh'";
    try (Connection writer = DriverManager.getConnection(url); Connection reader = DriverManager.getConnection(url)) {
      assertEquals(List.of(), rows(reader, sql)); // cached by the reader's connection
      writer.setAutoCommit(false);
      try (PreparedStatement ps = writer.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
        ps.setString(1, "fresh");
        ps.setString(2, SqlTablesTest.REPORT);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(List.of("title=Harbour Survey"), rows(writer, sql));
      assertEquals(List.of(), rows(reader, sql));
      writer.commit();
      assertEquals(List.of("title=Harbour Survey"), rows(reader, sql));
    }
  }

  private record Result(List<String> rows, List<String> types, String plan) {}

  /** Rows, column types and plan of {@code sql} on a new connection without a plan cache. */
  private Result result(boolean direct, String sql) throws SQLException {
    boolean was = DirectScans.setEnabled(direct);
    try (Connection c = DriverManager.getConnection(url + ";plan_cache_size=0")) {
      List<String> rows;
      List<String> types = new ArrayList<>();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          types.add(md.getColumnLabel(i) + " " + md.getColumnTypeName(i) + " " + md.getColumnClassName(i) + " "
              + md.isNullable(i));
        }
        rows = SqlFixture.format(rs);
      }
      String plan;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
        assertTrue(rs.next());
        plan = rs.getString(1);
      }
      return new Result(rows, types, plan);
    } finally {
      DirectScans.setEnabled(was);
    }
  }

  /** How many Volcano planners got their rules, and how many plans were compiled, to run {@code sql}. */
  private static List<Integer> plansAndCompiles(Connection c, String sql) throws SQLException {
    AtomicInteger planners = new AtomicInteger();
    AtomicInteger compiles = new AtomicInteger();
    try (Hook.Closeable p = Hook.PLANNER.addThread((Object o) -> planners.incrementAndGet());
        Hook.Closeable j = Hook.JAVA_PLAN.addThread((Object o) -> compiles.incrementAndGet())) {
      rows(c, sql);
    }
    return List.of(planners.get(), compiles.get());
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return SqlFixture.format(rs);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
