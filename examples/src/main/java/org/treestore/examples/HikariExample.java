package org.treestore.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * TreeStore behind a HikariCP connection pool: a pool of 8 connections shared by 8 threads. Each
 * thread runs transactions mixing reads (a subtree, a node's ancestors) and writes (a
 * read-modify-write of the counter kept in the summary of "its" node), retrying a transaction that
 * hits a write conflict (SQLState 40001). It prints the throughput, then checks through a fresh
 * connection that every node's counter equals the number of increments its thread committed, and
 * that the pool has every connection back.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=org.treestore.examples.HikariExample}
 * (optionally {@code -Dexec.args="path/to/file.tsdb 200"}: the database, then transactions per
 * thread; the default is {@code target/treestore-hikari.tsdb}, recreated on every run, and 200).
 */
public final class HikariExample {
  private static final String DOC = "city-water-report";
  private static final int THREADS = 8;
  /**
   * The node whose summary each thread increments, one per thread. Writers still conflict: a
   * summary is indexed for search, and concurrent index updates touch shared entries.
   */
  private static final String[] OWN_NODE = {"0000", "0002", "0005", "0008", "0010", "0013", "0017", "0020"};
  private static final String[] TOP_LEVEL = {"0000", "0001", "0008", "0013", "0017", "0020"};

  private HikariExample() {}

  /** What one thread did. */
  private record Tally(int reads, int writes, int retries) {}

  /** Entry point; optional arguments: the database file, then the transactions per thread. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "target/treestore-hikari.tsdb");
    int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    JdbcExample.recreate(file);

    HikariConfig config = new HikariConfig();
    // NORMAL durability: a commit waits for the log write, not for fsync.
    config.setJdbcUrl("jdbc:treestore:" + file + ";durability=NORMAL");
    config.setPoolName("treestore");
    config.setMaximumPoolSize(THREADS);
    config.setMinimumIdle(THREADS);
    // Connections are handed out with autocommit off: every unit of work ends in commit or
    // rollback, and HikariCP rolls back whatever a borrower left uncommitted when it returns.
    config.setAutoCommit(false);
    // Logs (through SLF4J) a stack trace of any borrower that keeps a connection for 10 s.
    config.setLeakDetectionThreshold(10_000);
    System.out.println("Database " + config.getJdbcUrl());

    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection()) {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
          ins.setString(1, DOC);
          ins.setString(2, JdbcExample.sample(DOC + ".json"));
          ins.executeUpdate();
        }
        for (String node : OWN_NODE) {
          setSummary(c, node, 0);
        }
        c.commit();
      }

      ExecutorService threads = Executors.newFixedThreadPool(THREADS);
      long start = System.nanoTime();
      List<Future<Tally>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int me = t;
        results.add(threads.submit(() -> work(pool, me, perThread)));
      }
      int reads = 0;
      int[] writes = new int[THREADS];
      int retries = 0;
      for (int t = 0; t < THREADS; t++) {
        Tally tally = results.get(t).get();
        reads += tally.reads();
        writes[t] = tally.writes();
        retries += tally.retries();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      threads.shutdown();
      threads.awaitTermination(10, TimeUnit.SECONDS);

      int total = THREADS * perThread;
      System.out.printf("%d threads, %d transactions in %.2f s: %.0f transactions/s%n", THREADS, total, seconds,
          total / seconds);
      System.out.printf("  %d read transactions, %d write transactions, %d retries after write conflicts%n", reads,
          total - reads, retries);

      // The consistency check reads through a fresh connection, in a new snapshot.
      boolean ok = true;
      try (Connection c = pool.getConnection()) {
        for (int t = 0; t < THREADS; t++) {
          int stored = readCounter(c, OWN_NODE[t]);
          ok &= stored == writes[t];
          System.out.printf("  node %s: counter %d, thread %d committed %d increments%n", OWN_NODE[t], stored, t,
              writes[t]);
        }
        c.commit();
      }
      var mx = pool.getHikariPoolMXBean();
      System.out.printf("Pool: %d connections, %d active, %d idle%n", mx.getTotalConnections(),
          mx.getActiveConnections(), mx.getIdleConnections());
      ok &= mx.getActiveConnections() == 0;
      System.out.println(ok ? "Consistent: every committed increment is there, every connection is back."
          : "INCONSISTENT");
      if (!ok) {
        throw new IllegalStateException("the final check failed");
      }
    }
  }

  /** One thread's work: three reads for every write, in an order fixed by its seed. */
  private static Tally work(HikariDataSource pool, int me, int transactions) throws SQLException, InterruptedException {
    Random random = new Random(me);
    int reads = 0;
    int writes = 0;
    int retries = 0;
    for (int i = 0; i < transactions; i++) {
      boolean write = random.nextInt(4) == 0;
      String top = TOP_LEVEL[random.nextInt(TOP_LEVEL.length)];
      for (int attempt = 1; ; attempt++) {
        // Borrow per transaction and give back at once: a pool works because nobody holds on.
        try (Connection c = pool.getConnection()) {
          try {
            if (write) {
              setSummary(c, OWN_NODE[me], readCounter(c, OWN_NODE[me]) + 1);
            } else {
              readSubtreeAndAncestors(c, top);
            }
            c.commit();
            break;
          } catch (SQLException e) {
            c.rollback();
            if (!"40001".equals(e.getSQLState()) || attempt == 50) {
              throw e;
            }
          }
        }
        retries++;
        // Capped exponential backoff with jitter, outside the borrow so others can use the connection.
        long bound = Math.min(50, 1L << Math.min(attempt, 6));
        Thread.sleep(1 + ThreadLocalRandom.current().nextInt((int) bound));
      }
      if (write) {
        writes++;
      } else {
        reads++;
      }
    }
    return new Tally(reads, writes, retries);
  }

  // Why plain Statements here: a PreparedStatement is planned and compiled (10-30 ms) every time it
  // is prepared, and HikariCP closes a borrower's statements when the connection goes back, so a
  // pooled application would plan on every borrow. A plain Statement goes through TreeStore's plan
  // cache, which replaces its literals by parameters: one plan per statement shape, ~25 us a run.
  // The values are quoted with quote() (the only escape in SQL string literals is a doubled quote).

  private static void readSubtreeAndAncestors(Connection c, String top) throws SQLException {
    String deepest = null;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT node_id, rel_depth FROM TABLE(subtree(" + quote(DOC) + ", " + quote(top) + "))")) {
      int depth = -1;
      while (rs.next()) {
        if (rs.getInt(2) > depth) {
          depth = rs.getInt(2);
          deepest = rs.getString(1);
        }
      }
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT node_id FROM TABLE(ancestors(" + quote(DOC) + ", " + quote(deepest) + "))")) {
      String first = rs.next() ? rs.getString(1) : null;
      if (!top.equals(first)) {
        throw new IllegalStateException("ancestors of " + deepest + " start at " + first + ", not " + top);
      }
      while (rs.next()) {
        // read the whole result
      }
    }
  }

  private static int readCounter(Connection c, String node) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT summary FROM nodes WHERE doc_id = " + quote(DOC) + " AND node_id = " + quote(node))) {
      if (!rs.next()) {
        throw new SQLException("node " + node + " is missing");
      }
      String summary = rs.getString(1);
      return Integer.parseInt(summary.substring(summary.lastIndexOf(' ') + 1));
    }
  }

  private static void setSummary(Connection c, String node, int counter) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE nodes SET summary = " + quote("increments: " + counter) + " WHERE doc_id = " + quote(DOC)
          + " AND node_id = " + quote(node));
    }
  }

  /** A SQL string literal. */
  private static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
