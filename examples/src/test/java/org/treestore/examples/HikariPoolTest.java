package org.treestore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * TreeStore's embedded driver behind HikariCP: many threads sharing a pool lose no update and
 * leak no connection, and a connection killed behind the pool's back is evicted.
 */
class HikariPoolTest {
  private static final String DOC = "report";
  private static final int POOL = 8;
  private static final int THREADS = 8;
  private static final int TRANSACTIONS = 500;
  /** One counter node per thread, and one that every thread increments. */
  private static final String[] OWN = {"0000", "0002", "0005", "0008", "0010", "0013", "0017", "0020"};
  private static final String SHARED = "0001";
  private static final String[] TOP_LEVEL = {"0000", "0001", "0008", "0013", "0017", "0020"};
  /** Nodes in each top-level subtree of the sample report, in TOP_LEVEL's order. */
  private static final int[] SUBTREE_SIZE = {1, 7, 5, 4, 3, 1};

  /** Counts what the pool does, through HikariCP's metrics hook. */
  private static final class Counts implements IMetricsTracker {
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger timeouts = new AtomicInteger();

    @Override
    public void recordConnectionCreatedMillis(long millis) {
      created.incrementAndGet();
    }

    @Override
    public void recordConnectionTimeout() {
      timeouts.incrementAndGet();
    }
  }

  private static HikariDataSource pool(String url, Counts counts) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(POOL);
    config.setMinimumIdle(POOL);
    config.setAutoCommit(false);
    config.setConnectionTimeout(10_000);
    config.setLeakDetectionThreshold(2_000); // HikariCP's smallest allowed threshold
    config.setMetricsTrackerFactory((name, stats) -> counts);
    return new HikariDataSource(config);
  }

  private static void load(Connection c) throws Exception {
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      ins.setString(1, DOC);
      ins.setString(2, JdbcExample.sample("city-water-report.json"));
      ins.executeUpdate();
    }
  }

  /** Waits until the pool has made all its connections (it fills up in the background). */
  private static void awaitFull(HikariPoolMXBean mx) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (mx.getTotalConnections() < POOL && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(POOL, mx.getTotalConnections());
  }

  @Test
  void eightThreadsShareAPoolOfEight() throws Exception {
    String url = "jdbc:treestore:mem:hikari-pool-test";
    // Holds the in-memory database open from start to end, and checks the result afterwards: it is
    // a fresh connection from DriverManager, not one of the pool's.
    try (Connection outside = DriverManager.getConnection(url)) {
      load(outside);
      try (Statement s = outside.createStatement()) {
        for (String node : OWN) {
          s.executeUpdate("UPDATE nodes SET summary = 'n 0' WHERE doc_id = 'report' AND node_id = '" + node + "'");
        }
        s.executeUpdate("UPDATE nodes SET summary = 'n 0' WHERE doc_id = 'report' AND node_id = '" + SHARED + "'");
      }

      Counts counts = new Counts();
      int[] own = new int[THREADS];
      AtomicInteger shared = new AtomicInteger();
      AtomicInteger retries = new AtomicInteger();
      AtomicInteger reads = new AtomicInteger();
      Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
      long start = System.nanoTime();
      try (HikariDataSource ds = pool(url, counts)) {
        awaitFull(ds.getHikariPoolMXBean());
        int created = counts.created.get();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int me = t;
          done.add(threads.submit(() -> {
            Random random = new Random(me); // the mix of each thread is fixed
            for (int i = 0; i < TRANSACTIONS && errors.isEmpty(); i++) {
              int kind = random.nextInt(20); // 0: shared counter, 1-4: own counter, else read
              int top = random.nextInt(TOP_LEVEL.length);
              try {
                retrying(ds, retries, c -> {
                  if (kind == 0) {
                    increment(c, SHARED);
                  } else if (kind <= 4) {
                    increment(c, OWN[me]);
                  } else {
                    assertEquals(SUBTREE_SIZE[top], count(c, "SELECT COUNT(*) FROM TABLE(subtree('report', '"
                        + TOP_LEVEL[top] + "'))"));
                    assertEquals(3, count(c, "SELECT COUNT(*) FROM TABLE(ancestors('report', '0011'))"));
                  }
                });
              } catch (Throwable e) {
                errors.add(e);
                return;
              }
              if (kind == 0) {
                shared.incrementAndGet();
              } else if (kind <= 4) {
                own[me]++;
              } else {
                reads.incrementAndGet();
              }
            }
          }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
        threads.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("HikariPoolTest: %d transactions (%d reads) in %.1f s, %d retries after 40001%n",
            THREADS * TRANSACTIONS, reads.get(), seconds, retries.get());

        if (!errors.isEmpty()) {
          AssertionError failure = new AssertionError(errors.size() + " transactions failed with other than 40001");
          errors.forEach(failure::addSuppressed);
          throw failure;
        }
        HikariPoolMXBean mx = ds.getHikariPoolMXBean();
        assertEquals(0, mx.getActiveConnections(), "connections still borrowed");
        assertTrue(mx.getTotalConnections() <= POOL, "total " + mx.getTotalConnections());
        assertEquals(0, mx.getThreadsAwaitingConnection());
        assertEquals(0, counts.timeouts.get(), "borrows that timed out");
        // Nothing was evicted or replaced: the pool made its eight connections once.
        assertEquals(created, counts.created.get(), "connections created during the run");
      }

      // What was committed is what is stored, seen in a new snapshot of an unpooled connection.
      int total = shared.get();
      for (int t = 0; t < THREADS; t++) {
        assertEquals(own[t], counter(outside, OWN[t]), "counter of thread " + t);
        total += own[t];
      }
      assertEquals(shared.get(), counter(outside, SHARED), "the counter every thread increments");
      assertEquals(THREADS * TRANSACTIONS, total + reads.get());
    }
  }

  /** One transaction: the body, then commit; a write conflict runs it again after a short backoff. */
  private static void retrying(HikariDataSource ds, AtomicInteger retries, SqlBody body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = ds.getConnection()) {
        try {
          body.run(c);
          c.commit();
          return;
        } catch (SQLException e) {
          c.rollback();
          if (!"40001".equals(e.getSQLState()) || attempt == 100) {
            throw e;
          }
        }
      }
      retries.incrementAndGet();
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 1 + Math.min(20, 1 << Math.min(attempt, 5))));
    }
  }

  private interface SqlBody {
    void run(Connection c) throws SQLException;
  }

  // Plain Statements: they share plans through TreeStore's plan cache, whereas a PreparedStatement
  // prepared on every borrow would be planned and compiled every time.
  private static void increment(Connection c, String node) throws SQLException {
    int n = counter(c, node);
    try (Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("UPDATE nodes SET summary = 'n " + (n + 1) + "' WHERE doc_id = 'report' "
          + "AND node_id = '" + node + "'"));
    }
  }

  private static int counter(Connection c, String node) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT summary FROM nodes WHERE doc_id = 'report' AND node_id = '" + node + "'")) {
      assertTrue(rs.next(), node);
      return Integer.parseInt(rs.getString(1).substring(2));
    }
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }

  /**
   * A connection closed behind the pool's back (the driver's connection, reached with
   * {@code unwrap}) is evicted: once HikariCP validates it ({@code isValid()} is false) it is thrown
   * away, the next borrow gets a working connection, and the pool fills up to its size again.
   */
  @Test
  void killedConnectionIsEvicted() throws Exception {
    String url = "jdbc:treestore:mem:hikari-evict-test";
    try (Connection outside = DriverManager.getConnection(url)) {
      load(outside);
      Counts counts = new Counts();
      try (HikariDataSource ds = pool(url, counts)) {
        HikariPoolMXBean mx = ds.getHikariPoolMXBean();
        awaitFull(mx);
        int created = counts.created.get();
        Connection borrowed = ds.getConnection();
        // HikariCP's proxy hands out the driver's connection it wraps: that is what we kill.
        Connection real = borrowed.unwrap(Connection.class);
        assertNotSame(borrowed, real);
        real.close();
        SQLException use = null;
        try (Statement s = borrowed.createStatement()) {
          s.executeQuery("SELECT COUNT(*) FROM documents");
        } catch (SQLException e) {
          use = e;
        }
        assertNotNull(use, "a killed connection must fail");
        System.out.println("HikariPoolTest: using a killed connection raised SQLState " + use.getSQLState() + ": "
            + use.getMessage());
        try {
          borrowed.close(); // back to the pool; HikariCP's clean-up on the dead connection may fail
        } catch (SQLException e) {
          System.out.println("HikariPoolTest: returning it raised SQLState " + e.getSQLState() + ": " + e.getMessage());
        }
        assertEquals(0, mx.getActiveConnections());

        // HikariCP skips validation of a connection used in the last 500 ms (aliveBypassWindowMs);
        // after that, a borrow checks isValid() and evicts the dead one.
        Thread.sleep(700);
        List<Connection> all = new ArrayList<>();
        try {
          for (int i = 0; i < POOL; i++) {
            Connection c = ds.getConnection();
            all.add(c);
            assertNotSame(real, c.unwrap(Connection.class), "the killed connection was handed out again");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM documents"));
          }
        } finally {
          for (Connection c : all) {
            c.close();
          }
        }
        assertEquals(created + 1, counts.created.get(), "one connection replaced the evicted one");
        awaitFull(mx);
        assertEquals(0, mx.getActiveConnections());
      }
    }
  }

  /**
   * What docs/sql.md promises and HikariCP relies on: a closed connection raises SQLState class 08,
   * which makes HikariCP evict the connection at once (no waiting for validation) and return it
   * without an error.
   */
  @Test
  void closedConnectionRaisesClass08AndIsEvictedAtOnce() throws Exception {
    String url = "jdbc:treestore:mem:hikari-closed-test";
    try (Connection outside = DriverManager.getConnection(url)) {
      Counts counts = new Counts();
      try (HikariDataSource ds = pool(url, counts)) {
        Connection borrowed = ds.getConnection();
        Connection real = borrowed.unwrap(Connection.class);
        real.close();
        try (Statement s = borrowed.createStatement()) {
          fail("a closed connection created a statement");
        } catch (SQLException e) {
          assertEquals("08", e.getSQLState().substring(0, 2), e.getSQLState() + ": " + e.getMessage());
        }
        borrowed.close(); // must not throw: HikariCP ignores clean-up errors of an evicted connection
        try (Connection next = ds.getConnection()) {
          assertNotSame(real, next.unwrap(Connection.class));
        }
      }
    }
  }
}
