package org.treestore.bench.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A plain {@link Statement} whose SQL text carries new literal values on every call (node by key,
 * children of a parent), as tools and ad-hoc code send SQL: each call parses, plans and runs a
 * text the engine may not have seen. TreeStore side by side with H2 and SQLite, the data and
 * probes of {@link PreparedSqlBenchmark}; every column of every row read. It measures whatever the
 * driver does with such text (plan caches included, if the driver has one); it adds no caching.
 * Score: average time per call, µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class StatementSqlBenchmark {
  private static final int MASK = SqlProbes.SIZE - 1;

  @Param({"treestore", "h2", "sqlite"})
  public String engine;

  @Param({"1000"})
  public int docs;

  private Connection conn;
  private Statement statement;
  private SqlProbes probes;
  private int call;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    SqlEngine e = SqlEngine.of(engine);
    Path dir = SqlDatabases.ensureLoaded(e, docs);
    // another seed than the prepared benchmark's, so neither run sees the other's texts first
    probes = new SqlProbes(docs, 0x5157_0200L);
    conn = SqlDatabases.connect(e, dir);
    statement = conn.createStatement();
    // the answers, once, before timing: the literal texts must find the same rows as the probes say
    for (int i = 0; i < PreparedSqlBenchmark.CHECKED; i++) {
      SqlProbes.Probe k = probes.key[i];
      expectIds(keySql(k), k);
      SqlProbes.Probe c = probes.children[i];
      expectIds(childrenSql(c), c);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    statement.close();
    conn.close();
  }

  private static String keySql(SqlProbes.Probe p) {
    return "SELECT * FROM nodes WHERE doc_id = '" + p.docId() + "' AND node_id = '" + p.nodeId() + "'";
  }

  private static String childrenSql(SqlProbes.Probe p) {
    return "SELECT * FROM nodes WHERE doc_id = '" + p.docId() + "' AND parent_id = '" + p.nodeId()
        + "' ORDER BY ordinal";
  }

  private void expectIds(String sql, SqlProbes.Probe p) throws SQLException {
    java.util.List<String> got = new java.util.ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        got.add(rs.getString(2));
      }
    }
    if (!got.equals(p.expected())) {
      throw new IllegalStateException(engine + ": wrong answer to " + sql + ": " + got + ", expected " + p.expected());
    }
  }

  @Benchmark
  public int key(Blackhole bh) throws SQLException {
    return drain(keySql(probes.key[call++ & MASK]), bh);
  }

  @Benchmark
  public int children(Blackhole bh) throws SQLException {
    return drain(childrenSql(probes.children[call++ & MASK]), bh);
  }

  private int drain(String sql, Blackhole bh) throws SQLException {
    int rows = 0;
    try (ResultSet rs = statement.executeQuery(sql)) {
      // 13 columns: SELECT * FROM nodes in all three engines
      while (rs.next()) {
        for (int c = 1; c <= 13; c++) {
          bh.consume(rs.getObject(c));
        }
        rows++;
      }
    }
    return rows;
  }
}
