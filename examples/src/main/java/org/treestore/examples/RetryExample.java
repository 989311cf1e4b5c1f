package org.treestore.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Retrying a transaction on a write conflict. TreeStore's transactions are snapshot-isolated and
 * never wait for each other: of two transactions that write the same node, the second to commit
 * fails with SQLState {@code 40001} and must be run again from the start (on a new snapshot).
 * Here two writers, each on its own connection, increment a counter kept in the same node's
 * summary; their first transactions are made to overlap, so one of them conflicts and retries with
 * exponential backoff (capped, with jitter). At the end the counter holds every increment: none
 * was lost.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=org.treestore.examples.RetryExample}
 * (optionally {@code -Dexec.args=path/to/file.tsdb}; the default is
 * {@code target/treestore-retry.tsdb}, recreated on every run).
 */
public final class RetryExample {
  private static final String DOC = "city-water-report";
  private static final String NODE = "0017";
  private static final int INCREMENTS_PER_WRITER = 3;

  /** Backoff before attempt n+1 is about BASE_MS * 2^(n-1), never more than CAP_MS. */
  private static final long BASE_MS = 2;
  private static final long CAP_MS = 100;
  private static final int MAX_ATTEMPTS = 10;

  private RetryExample() {}

  /** The body of a transaction; it may run several times, so it must not keep state between runs. */
  @FunctionalInterface
  public interface TransactionBody<T> {
    T run(Connection c, int attempt) throws SQLException;
  }

  /**
   * Runs {@code body} in a transaction on {@code c} and commits, running it again after a write
   * conflict (SQLState 40001) with exponential backoff. Any other error is rethrown at once: retrying
   * a syntax error or a constraint violation would fail the same way.
   */
  public static <T> T inTransaction(Connection c, String who, TransactionBody<T> body)
      throws SQLException, InterruptedException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          T result = body.run(c, attempt);
          c.commit(); // a conflict is usually found here, when the engine validates the write set
          return result;
        } catch (SQLException e) {
          rollbackQuietly(c);
          if (!"40001".equals(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
            throw e;
          }
          // Full jitter: a random wait up to the capped exponential bound, so that writers that
          // collided once do not wake up together and collide again.
          long bound = Math.min(CAP_MS, BASE_MS << Math.min(attempt - 1, 20));
          long sleep = ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
          log(who, "attempt " + attempt + ": write conflict (SQLState 40001), retrying in " + sleep + " ms");
          TimeUnit.MILLISECONDS.sleep(sleep);
        }
      }
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // the transaction is already gone (a conflict rolls it back); nothing more to undo
    }
  }

  /** Entry point; the optional argument is the database file. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "target/treestore-retry.tsdb");
    JdbcExample.recreate(file);
    String url = "jdbc:treestore:" + file + ";durability=NORMAL";
    System.out.println("Database " + url);

    try (Connection setup = DriverManager.getConnection(url)) {
      try (PreparedStatement ins = setup.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
        ins.setString(1, DOC);
        ins.setString(2, JdbcExample.sample(DOC + ".json"));
        ins.executeUpdate();
      }
      setSummary(setup, "visits: 0");

      // Both writers wait here during their first attempt, after reading the counter and writing
      // it but before committing, so their transactions surely overlap: one of them must lose.
      CyclicBarrier overlap = new CyclicBarrier(2);
      AtomicInteger conflicts = new AtomicInteger();
      Thread[] writers = new Thread[2];
      Throwable[] failures = new Throwable[2];
      for (int w = 0; w < 2; w++) {
        String who = "writer-" + (char) ('A' + w);
        int index = w;
        writers[w] = new Thread(() -> {
          // Each writer has its own connection: a connection runs one transaction at a time.
          try (Connection c = DriverManager.getConnection(url)) {
            for (int i = 0; i < INCREMENTS_PER_WRITER; i++) {
              boolean first = i == 0;
              int seen = inTransaction(c, who, (conn, attempt) -> {
                if (attempt > 1) {
                  conflicts.incrementAndGet();
                }
                int visits = readVisits(conn); // read in this attempt's snapshot
                setSummary(conn, "visits: " + (visits + 1));
                if (first && attempt == 1) {
                  await(overlap);
                }
                return visits;
              });
              log(who, "committed visits " + seen + " -> " + (seen + 1));
            }
          } catch (Throwable t) {
            failures[index] = t;
          }
        }, who);
        writers[w].start();
      }
      for (Thread t : writers) {
        t.join();
      }
      for (Throwable t : failures) {
        if (t != null) {
          throw new IllegalStateException("a writer failed", t);
        }
      }

      int visits = readVisits(setup);
      System.out.println();
      System.out.println("Retried transactions: " + conflicts.get());
      System.out.println("Final counter: visits: " + visits + " (expected " + 2 * INCREMENTS_PER_WRITER + ")");
      if (visits != 2 * INCREMENTS_PER_WRITER || conflicts.get() == 0) {
        throw new IllegalStateException("lost an update, or the writers never conflicted");
      }
    }
  }

  private static int readVisits(Connection c) throws SQLException {
    try (PreparedStatement q = c.prepareStatement("SELECT summary FROM nodes WHERE doc_id = ? AND node_id = ?")) {
      q.setString(1, DOC);
      q.setString(2, NODE);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("node " + NODE + " is missing");
        }
        return Integer.parseInt(rs.getString(1).substring("visits: ".length()));
      }
    }
  }

  private static void setSummary(Connection c, String summary) throws SQLException {
    try (PreparedStatement u = c.prepareStatement("UPDATE nodes SET summary = ? WHERE doc_id = ? AND node_id = ?")) {
      u.setString(1, summary);
      u.setString(2, DOC);
      u.setString(3, NODE);
      u.executeUpdate();
    }
  }

  private static void await(CyclicBarrier barrier) throws SQLException {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new SQLException("the other writer did not arrive", e);
    }
  }

  private static synchronized void log(String who, String what) {
    System.out.println("  " + who + " " + what);
  }
}
