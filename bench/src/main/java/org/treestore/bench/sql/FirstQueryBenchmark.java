package org.treestore.bench.sql;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
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

/**
 * The first query in a fresh JVM on an existing database: from before the JDBC driver class is
 * loaded, through {@code connect}, to the first row of a plain {@link Statement}'s
 * {@code SELECT title FROM nodes WHERE doc_id = ... AND node_id = ...} — what a command-line tool
 * or a short-lived process pays before it can answer anything. Each measurement is the only
 * benchmark call of its own forked JVM (single shot, no warm-up), so class loading, Calcite's
 * start-up and the interpreter are all inside it; JMH runs one extra fork first and discards it,
 * which also loads the database if it is missing. The driver class is loaded by name rather than
 * through {@link java.sql.DriverManager}, whose first use initializes every driver on the benchmark
 * jar's class path and would charge TreeStore's (Calcite's) start-up to the peers.
 *
 * <p>Each fork also prints the JVM's uptime when the first row arrived ({@code # first row at JVM
 * uptime}), which adds the JVM's and JMH's own start to the score. Score: ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 10, warmups = 1)
public class FirstQueryBenchmark {
  @Param({"treestore", "h2", "sqlite"})
  public String engine;

  @Param({"1000"})
  public int docs;

  /** Calls in this JVM: only the first one is a first query. */
  private static int calls;

  private SqlEngine e;
  private Path dir;
  private Connection conn;
  private long firstRowMillis;
  /** nanoTime before the driver class, after it, after connect, at the first row: where the time goes. */
  private final long[] phase = new long[4];

  @Setup(Level.Trial)
  public void prepare() {
    e = SqlEngine.of(engine);
    // reads only the marker once the database is loaded: no JDBC or engine class is touched here
    dir = SqlDatabases.ensureLoaded(e, docs);
  }

  @Benchmark
  public String firstQuery() throws Exception {
    if (calls++ > 0) {
      // -wi/-i/-bs on the command line override the annotations and would time warm calls
      throw new IllegalStateException("FirstQueryBenchmark called twice in one JVM: run it without -wi, -i or -bs");
    }
    phase[0] = System.nanoTime();
    Driver driver = (Driver) Class.forName(e.driverClass).getDeclaredConstructor().newInstance();
    phase[1] = System.nanoTime();
    conn = driver.connect(e.url(dir), new Properties());
    phase[2] = System.nanoTime();
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT title FROM nodes WHERE doc_id = 'doc-000500' AND node_id = '0003'")) {
      if (!rs.next()) {
        throw new IllegalStateException(engine + ": no row for doc-000500/0003");
      }
      String title = rs.getString(1);
      firstRowMillis = System.currentTimeMillis();
      phase[3] = System.nanoTime();
      return title;
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    long uptime = firstRowMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("# first row at JVM uptime " + uptime + " ms (" + engine + ")");
    System.out.printf("# phases (%s): driver class %.0f ms, connect %.0f ms, first statement %.0f ms%n", engine,
        (phase[1] - phase[0]) / 1e6, (phase[2] - phase[1]) / 1e6, (phase[3] - phase[2]) / 1e6);
    if (conn != null) {
      conn.close();
    }
  }
}
