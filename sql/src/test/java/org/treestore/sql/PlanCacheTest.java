package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.treestore.sql.plancache.PlanCache;
import org.treestore.sql.schema.TreeStoreSchema;

/**
 * The plan cache of plain statements: same results with and without it, hits and misses,
 * eviction, the exact-text fallback, DML, prepared statements left alone, and plans shared across
 * connections and threads. Parses are counted with Calcite's {@link Hook#PARSE_TREE}.
 */
class PlanCacheTest {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private String url;
  private Connection keeper;

  @BeforeEach
  void load() throws SQLException {
    url = "jdbc:treestore:mem:plancache" + NAMES.incrementAndGet();
    keeper = DriverManager.getConnection(url + ";plan_cache_size=0"); // keeps the in-memory database open
    try (PreparedStatement ps = keeper.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      ps.setString(1, "harbour");
      ps.setString(2, SqlTablesTest.REPORT);
      assertEquals(1, ps.executeUpdate());
    }
  }

  @AfterEach
  void close() throws SQLException {
    keeper.close();
  }

  private Connection connect(String options) throws SQLException {
    return DriverManager.getConnection(url + options);
  }

  /** The rows of a plain statement, or its error as {@code error SQLSTATE}. */
  private static List<String> run(Connection c, String sql) {
    try (Statement s = c.createStatement()) {
      if (s.execute(sql)) {
        try (ResultSet rs = s.getResultSet()) {
          return SqlFixture.format(rs);
        }
      }
      return List.of("count=" + s.getLargeUpdateCount());
    } catch (SQLException e) {
      return List.of("error " + e.getSQLState());
    }
  }

  private static PlanCache cacheOf(Connection c) throws SQLException {
    SchemaRoot root = new SchemaRoot(c);
    return PlanCache.existing(TreeStoreSchema.session(root.schema).database());
  }

  /** Holder for the root schema of a connection (through the JDBC proxy to Calcite's connection). */
  private record SchemaRoot(org.apache.calcite.schema.SchemaPlus schema) {
    SchemaRoot(Connection c) throws SQLException {
      this(c.unwrap(CalciteConnection.class).getRootSchema());
    }
  }

  /** Counts SQL parses (each preparation parses once) while {@code body} runs. */
  private static int parses(SqlBody body) throws SQLException {
    AtomicInteger n = new AtomicInteger();
    try (Hook.Closeable h = Hook.PARSE_TREE.addThread((Object o) -> n.incrementAndGet())) {
      body.run();
    }
    return n.get();
  }

  private interface SqlBody {
    void run() throws SQLException;
  }

  @Test
  void preparedStatementReexecutesWithoutParsingOrPlanning() throws SQLException {
    try (Connection c = connect("")) {
      // Counted where a plan is turned into something that runs, generated code or a direct scan.
      AtomicInteger plans = new AtomicInteger();
      try (Hook.Closeable h = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((Object o) -> plans.incrementAndGet())) {
        PreparedStatement[] ps = new PreparedStatement[1];
        assertEquals(1, parses(() -> ps[0] = c.prepareStatement("SELECT title FROM nodes WHERE doc_id = ? AND node_id = ?")));
        assertEquals(1, plans.get());
        int parses = parses(() -> {
          for (String id : new String[] {"0000", "0003", "0005", "0003", "nope"}) {
            ps[0].setString(1, "harbour");
            ps[0].setString(2, id);
            try (ResultSet rs = ps[0].executeQuery()) {
              assertEquals(!id.equals("nope"), rs.next(), id);
            }
          }
        });
        assertEquals(0, parses);
        assertEquals(1, plans.get());
        ps[0].close();
      }
    }
  }

  @Test
  void statementsDifferingInLiteralsShareOnePlan() throws SQLException {
    try (Connection c = connect("")) {
      assertEquals(1, parses(() -> assertEquals(List.of("title=Wrecks"),
          run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'"))));
      PlanCache cache = cacheOf(c);
      assertNotNull(cache);
      assertEquals(1, cache.size());
      long misses = cache.misses();
      assertEquals(0, parses(() -> {
        assertEquals(List.of("title=Silt"), run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0002'"));
        assertEquals(List.of(), run(c, "SELECT title FROM nodes WHERE doc_id = 'elsewhere' AND node_id = '0002'"));
        assertEquals(List.of("title=Plan"), run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0005'"));
      }));
      assertEquals(misses, cache.misses());
      assertEquals(1, cache.size());
      assertTrue(cache.hits() >= 3, cache::toString);
      // The same text exactly is a hit too; a different shape is a miss.
      assertEquals(0, parses(() -> run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0002'")));
      assertEquals(1, parses(() -> assertEquals(List.of("n=2"), run(c, "SELECT count(*) AS n FROM nodes WHERE depth = 1"))));
      assertEquals(0, parses(() -> assertEquals(List.of("n=3"), run(c, "SELECT count(*) AS n FROM nodes WHERE depth = 0"))));
    }
  }

  /** Statements run with the cache on (twice: miss, then hit) and off give the same rows, counts or SQLStates. */
  @Test
  void sameResultsWithAndWithoutCache() throws SQLException {
    String[] statements = {
        "SELECT * FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
        "SELECT * FROM nodes WHERE doc_id = 'harbour' AND node_id = '0004'",
        "SELECT node_id FROM nodes WHERE doc_id = 'harbour' AND parent_id = '0001' ORDER BY ordinal",
        "SELECT node_id FROM nodes WHERE depth = 1 ORDER BY node_id",
        "SELECT node_id FROM nodes WHERE depth = -1",
        "SELECT node_id FROM nodes WHERE depth > -1 AND depth < 2 ORDER BY 1",
        "SELECT node_id FROM nodes WHERE depth = 1.0 ORDER BY 1",
        "SELECT node_id FROM nodes WHERE depth = 1.5",
        "SELECT node_id FROM nodes WHERE depth = '1' ORDER BY 1",
        "SELECT node_id FROM nodes WHERE depth = 3000000000",
        "SELECT node_id, depth / 2 AS h, depth / 2.0 AS hd, depth * 1e0 AS e FROM nodes ORDER BY 1",
        "SELECT node_id, start_page + 1 AS p FROM nodes WHERE start_page BETWEEN 2 AND 6 ORDER BY 1",
        "SELECT node_id FROM nodes WHERE title = 'Silt '",
        "SELECT node_id FROM nodes WHERE title = 'Silt'",
        "SELECT node_id FROM nodes WHERE title IN ('Silt', 'Barge', 'Nothing') ORDER BY node_id",
        "SELECT node_id FROM nodes WHERE title LIKE 'W%' OR title ILIKE 'p%' ORDER BY node_id",
        "SELECT node_id FROM nodes WHERE path LIKE '/0001/%' ORDER BY node_id",
        "SELECT node_id FROM nodes WHERE summary = 'it''s -- not here'",
        "SELECT node_id, 'tag' AS t FROM nodes WHERE node_id = '0002'",
        "SELECT 1 AS one",
        "SELECT 1 + 1 AS two",
        "SELECT node_id, title || ' (' || node_id || ')' AS label FROM nodes ORDER BY 1",
        "SELECT node_id, CASE WHEN depth = 0 THEN 'top' ELSE 'inner' END AS kind FROM nodes ORDER BY 1",
        "SELECT node_id, coalesce(summary, 'none') AS s FROM nodes ORDER BY 1",
        "SELECT substring(title, 1, 3) AS s FROM nodes ORDER BY 1",
        "SELECT CAST(title AS VARCHAR(3)) AS s FROM nodes ORDER BY 1",
        "SELECT start_page::varchar AS p FROM nodes WHERE doc_id = 'harbour' AND node_id = '0002'",
        "SELECT node_id FROM nodes ORDER BY node_id LIMIT 2 OFFSET 1",
        "SELECT node_id FROM nodes ORDER BY node_id LIMIT 3",
        "SELECT node_id FROM nodes ORDER BY node_id FETCH FIRST 2 ROWS ONLY",
        "SELECT depth, count(*) AS n FROM nodes GROUP BY depth HAVING count(*) > 1 ORDER BY 1",
        "SELECT depth, count(*) AS n FROM nodes GROUP BY 1 ORDER BY 2 DESC, 1",
        "SELECT node_id, rel_depth FROM TABLE(subtree('harbour', '0001'))",
        "SELECT node_id FROM TABLE(search('barge'))",
        "SELECT node_id FROM TABLE(search('\"unclosed'))",
        "SELECT node_id FROM TABLE(nodes_at_page('harbour', 3)) ORDER BY 1",
        "SELECT node_id FROM nodes WHERE doc_id = 'harbour' AND start_page <= 6 AND end_page >= 6 ORDER BY 1",
        "SELECT count(*) AS n FROM documents WHERE created_at > TIMESTAMP '2000-01-01 00:00:00'",
        "SELECT count(*) AS n FROM documents WHERE created_at > '2000-01-01 00:00:00'",
        "SELECT node_id FROM nodes WHERE title = E'Silt'",
        "SELECT node_id, rank() OVER (ORDER BY node_id ROWS 1 PRECEDING) AS r FROM nodes ORDER BY 1",
        "SELECT n.title FROM paths p JOIN nodes n ON n.doc_id = p.doc_id AND n.node_id = p.node_id "
            + "WHERE p.doc_id = 'harbour' AND p.ancestor_id = '0003' ORDER BY n.path",
        "SELECT * FROM (SELECT node_id FROM nodes ORDER BY 1 LIMIT 4) s WHERE node_id > '0001' ORDER BY 1",
        "WITH t AS (SELECT node_id, depth FROM nodes WHERE depth = 2) SELECT node_id FROM t WHERE node_id <> 'x'",
        "VALUES (1, 'a'), (2, 'b')",
        "SELECT node_id FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003' AND 1 = 1",
        "SELECT no_such FROM nodes WHERE node_id = '1'",
        "SELECT node_id FROM nodes WHERE",
        "EXPLAIN PLAN FOR SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'",
    };
    try (Connection on = connect(""); Connection off = connect(";plan_cache_size=0")) {
      for (String sql : statements) {
        List<String> want = run(off, sql);
        assertEquals(want, run(on, sql), () -> "first run of " + sql);
        assertEquals(want, run(on, sql), () -> "second run of " + sql);
      }
      assertTrue(cacheOf(on).hits() > 0);
    }
  }

  @Test
  void boundedLeastRecentlyUsed() throws SQLException {
    try (Connection c = connect(";plan_cache_size=3")) {
      run(c, "SELECT node_id FROM nodes WHERE depth = 1");
      PlanCache cache = cacheOf(c);
      assertEquals(3, cache.capacity());
      run(c, "SELECT title FROM nodes WHERE depth = 1");
      run(c, "SELECT path FROM nodes WHERE depth = 1");
      assertEquals(3, cache.size());
      run(c, "SELECT node_id FROM nodes WHERE depth = 2"); // touches the first: now most recent
      run(c, "SELECT summary FROM nodes WHERE depth = 1");
      assertEquals(3, cache.size());
      assertEquals(1, cache.evictions());
      // The first statement's plan survived, the second's was evicted.
      assertEquals(0, parses(() -> run(c, "SELECT node_id FROM nodes WHERE depth = 0")));
      assertEquals(1, parses(() -> run(c, "SELECT title FROM nodes WHERE depth = 0")));
      assertEquals(3, cache.size());
    }
  }

  @Test
  void hugeTextsAreRunButNotKept() throws SQLException {
    String sql = "SELECT count(*) AS n /* " + "padding ".repeat(2_500) + "*/ FROM nodes WHERE title IN ('Silt', 'x')";
    try (Connection c = connect("")) {
      run(c, "SELECT 1");
      PlanCache cache = cacheOf(c);
      int size = cache.size();
      assertEquals(List.of("n=1"), run(c, sql));
      assertEquals(List.of("n=1"), run(c, sql));
      assertEquals(size, cache.size());
    }
  }

  @Test
  void exactTextsOnlyWhenParameterizingIsOff() throws SQLException {
    try (Connection c = connect(";plan_cache_parameterize=false")) {
      assertEquals(1, parses(() -> run(c, "SELECT node_id FROM nodes WHERE depth = 1")));
      assertEquals(0, parses(() -> run(c, "SELECT node_id FROM nodes WHERE depth = 1")));
      assertEquals(1, parses(() -> assertEquals(List.of("node_id=0004"), run(c, "SELECT node_id FROM nodes WHERE depth = 2"))));
    }
  }

  @Test
  void connectionSettingsThatShapePlansSeparateEntries() throws SQLException {
    String sql = "SELECT node_id FROM nodes WHERE depth = 2";
    try (Connection a = connect(""); Connection lenient = connect(";conformance=LENIENT")) {
      assertEquals(1, parses(() -> run(a, sql)));
      assertEquals(1, parses(() -> assertEquals(List.of("node_id=0004"), run(lenient, sql))));
      assertEquals(0, parses(() -> run(lenient, sql)));
      assertEquals(2, cacheOf(a).size());
    }
  }

  @Test
  void zeroSizeTurnsTheCacheOff() throws SQLException {
    try (Connection c = connect(";plan_cache_size=0")) {
      assertEquals(1, parses(() -> run(c, "SELECT node_id FROM nodes WHERE depth = 1")));
      assertEquals(1, parses(() -> run(c, "SELECT node_id FROM nodes WHERE depth = 1")));
      assertNull(cacheOf(c));
    }
    try (Connection c = connect(";plan_cache_size=-1")) {
      assertEquals(List.of("error 22023"), run(c, "SELECT 1"));
    }
  }

  @Test
  void exactTextWhenLiteralsCannotBeParameters() throws SQLException {
    try (Connection c = connect("")) {
      // 'tag' in the select list: "SELECT node_id, ?" does not validate; the text is marked and cached exactly.
      String sql = "SELECT node_id, 'tag' AS t FROM nodes WHERE node_id = '0002'";
      assertEquals(2, parses(() -> assertEquals(List.of("node_id=0002; t=tag"), run(c, sql))));
      PlanCache cache = cacheOf(c);
      assertEquals(2, cache.size()); // the marker and the exact plan
      assertEquals(0, parses(() -> run(c, sql)));
      // Another literal: the marker is found, and this exact text is prepared once.
      assertEquals(1, parses(() -> assertEquals(List.of("node_id=0003; t=tag"),
          run(c, "SELECT node_id, 'tag' AS t FROM nodes WHERE node_id = '0003'"))));
      assertEquals(3, cache.size());
      // depth / 2.0 would become an INTEGER division: its parameter type (INTEGER) refuses a decimal literal.
      assertEquals(2, parses(() -> run(c, "SELECT node_id FROM nodes WHERE depth / 2.0 = 0.5")));
      assertEquals(List.of("node_id=0000", "node_id=0001", "node_id=0005"),
          run(c, "SELECT node_id FROM nodes WHERE depth / 2.0 = 0.0 ORDER BY node_id"));
      // A literal too big for its INTEGER parameter runs from its exact text; the plan stays.
      assertEquals(1, parses(() -> assertEquals(List.of("n=2"), run(c, "SELECT count(*) AS n FROM nodes WHERE depth = 1"))));
      assertEquals(1, parses(() -> assertEquals(List.of("n=0"), run(c, "SELECT count(*) AS n FROM nodes WHERE depth = 3000000000"))));
      assertEquals(0, parses(() -> assertEquals(List.of("n=1"), run(c, "SELECT count(*) AS n FROM nodes WHERE depth = 2"))));
    }
  }

  @Test
  void writesThroughStatements() throws SQLException {
    try (Connection c = connect(""); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate(
          "INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0100', '0003', 'Trawler')"));
      assertEquals(0, parses(() -> assertEquals(1, s.executeUpdate(
          "INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0101', '0003', 'Tug')"))));
      assertEquals(List.of("n=8"), run(c, "SELECT count(*) AS n FROM nodes WHERE doc_id = 'harbour'"));
      assertEquals(2, s.executeUpdate("UPDATE nodes SET summary = 'small' WHERE doc_id = 'harbour' AND parent_id = '0003' "
          + "AND node_id > '0050'"));
      assertEquals(0, s.executeUpdate("UPDATE nodes SET summary = 'none' WHERE doc_id = 'harbour' AND parent_id = '0003' "
          + "AND node_id > '0500'"));
      assertEquals(List.of("node_id=0100; summary=small", "node_id=0101; summary=small"),
          run(c, "SELECT node_id, summary FROM nodes WHERE parent_id = '0003' AND node_id > '0050' ORDER BY 1"));
      assertEquals(1, s.executeUpdate("DELETE FROM nodes WHERE doc_id = 'harbour' AND node_id = '0100'"));
      assertEquals(0, s.executeUpdate("DELETE FROM nodes WHERE doc_id = 'harbour' AND node_id = '0100'"));
      assertEquals(1, s.executeUpdate("DELETE FROM nodes WHERE doc_id = 'harbour' AND node_id = '0101'"));
      // Constraint errors keep their SQLStates.
      assertEquals(List.of("error 23505"),
          run(c, "INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0003', NULL, 'Again')"));
      assertEquals(List.of("error 23503"),
          run(c, "INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0102', 'nope', 'Orphan')"));
      // Batches of plain statements.
      s.addBatch("INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0200', '0005', 'A')");
      s.addBatch("INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0201', '0005', 'B')");
      s.addBatch("DELETE FROM nodes WHERE doc_id = 'harbour' AND parent_id = '0005'");
      assertEquals(List.of(1L, 1L, 2L), Arrays.stream(s.executeLargeBatch()).boxed().toList());
      assertEquals(List.of("n=6"), run(c, "SELECT count(*) AS n FROM nodes WHERE doc_id = 'harbour'"));
    }
  }

  @Test
  void preparingTheSameTextAgainReusesItsPlanOnEveryConnection() throws SQLException {
    try (Connection c = connect(""); Connection other = connect("")) {
      run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'");
      PlanCache cache = cacheOf(c);
      int size = cache.size();
      String sql = "SELECT title FROM nodes WHERE doc_id = ? AND node_id = ?";
      // The first prepare plans; the next ones (a pool hands out statements afresh
      // for every borrow) find the plan, on any connection of the database.
      assertEquals(1, parses(() -> c.prepareStatement(sql).close()));
      assertEquals(size + 1, cache.size());
      for (Connection conn : new Connection[] {c, other}) {
        int[] again = {0};
        again[0] = parses(() -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, "harbour");
            ps.setString(2, "0004");
            try (ResultSet rs = ps.executeQuery()) {
              assertEquals(List.of("title=Barge"), SqlFixture.format(rs));
            }
          }
        });
        assertEquals(0, again[0], "prepared again without parsing");
      }
      assertEquals(size + 1, cache.size());
      // A connection with the cache off plans every prepare.
      try (Connection off = connect(";plan_cache_size=0")) {
        assertEquals(1, parses(() -> off.prepareStatement(sql).close()));
        assertEquals(1, parses(() -> off.prepareStatement(sql).close()));
      }
      // A plain statement with a ? bypasses the cache and behaves as without it (nothing binds the ?).
      try (Connection off = connect(";plan_cache_size=0")) {
        String withMark = "SELECT title FROM nodes WHERE node_id = ?";
        int entries = cache.size();
        assertEquals(run(off, withMark), run(c, withMark));
        assertEquals(entries, cache.size());
      }
    }
  }

  @Test
  void plansAreSharedAcrossConnectionsAndSeeTheRunningTransaction() throws SQLException {
    try (Connection a = connect(""); Connection b = connect("")) {
      assertEquals(List.of("title=Wrecks"), run(a, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0003'"));
      assertSame(cacheOf(a), cacheOf(b));
      b.setAutoCommit(false);
      try (Statement s = b.createStatement()) {
        assertEquals(1, s.executeUpdate(
            "INSERT INTO nodes (doc_id, node_id, parent_id, title) VALUES ('harbour', '0300', '0001', 'Buoy')"));
      }
      // B runs A's plan: it sees its own uncommitted row; A does not.
      assertEquals(0, parses(() -> assertEquals(List.of("title=Buoy"),
          run(b, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0300'"))));
      assertEquals(0, parses(() -> assertEquals(List.of(),
          run(a, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0300'"))));
      b.rollback();
      assertEquals(List.of(), run(b, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0300'"));
      b.setAutoCommit(true);
    }
    // A plan cached by connections now closed still serves a new one.
    try (Connection c = connect("")) {
      assertEquals(0, parses(() -> assertEquals(List.of("title=Overview"),
          run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '0000'"))));
    }
  }

  @Test
  void maxRowsIsPerStatementNotPerPlan() throws SQLException {
    try (Connection c = connect(""); Statement limited = c.createStatement(); Statement all = c.createStatement()) {
      limited.setMaxRows(2);
      try (ResultSet rs = limited.executeQuery("SELECT node_id FROM nodes WHERE depth >= 0 ORDER BY node_id")) {
        assertEquals(List.of("node_id=0000", "node_id=0001"), SqlFixture.format(rs));
      }
      try (ResultSet rs = all.executeQuery("SELECT node_id FROM nodes WHERE depth >= 0 ORDER BY node_id")) {
        assertEquals(6, SqlFixture.format(rs).size());
      }
    }
  }

  @Test
  void connectionsOnSeveralThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      String[] ids = {"0000", "0001", "0002", "0003", "0004", "0005"};
      String[] titles = {"Overview", "Findings", "Silt", "Wrecks", "Barge", "Plan"};
      for (int t = 0; t < 4; t++) {
        int seed = t;
        results.add(pool.submit(() -> {
          int ok = 0;
          try (Connection c = connect("")) {
            for (int i = 0; i < 150; i++) {
              int k = (i + seed) % ids.length;
              List<String> rows = run(c, "SELECT title FROM nodes WHERE doc_id = 'harbour' AND node_id = '" + ids[k] + "'");
              assertEquals(List.of("title=" + titles[k]), rows);
              ok++;
            }
          }
          return ok;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(150, f.get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
