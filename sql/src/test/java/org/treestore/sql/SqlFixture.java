package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixture-style SQL checks over a {@code jdbc:treestore:} connection:
 * {@code sql("SELECT ...", args).returns("a=1; b=x", ...)}, {@code .plan(contains)},
 * {@code .updates(n)}, {@code .fails(sqlState, messagePart)}. Rows are written
 * {@code column=value; column=value}.
 */
final class SqlFixture implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();
  final Connection connection;

  SqlFixture(Connection connection) {
    this.connection = connection;
  }

  /** A fresh in-memory database. */
  static SqlFixture memory() throws SQLException {
    return new SqlFixture(DriverManager.getConnection("jdbc:treestore:mem:fixture" + NAMES.incrementAndGet()));
  }

  static SqlFixture open(String url) throws SQLException {
    return new SqlFixture(DriverManager.getConnection(url));
  }

  Query sql(String sql, Object... args) {
    return new Query(sql, args);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  final class Query {
    final String sql;
    final Object[] args;

    Query(String sql, Object[] args) {
      this.sql = sql;
      this.args = args;
    }

    /** The rows, in order. */
    Query returns(String... rows) throws SQLException {
      assertEquals(List.of(rows), rows(), sql);
      return this;
    }

    /** The rows, in any order. */
    Query returnsUnordered(String... rows) throws SQLException {
      List<String> want = new ArrayList<>(List.of(rows));
      List<String> got = rows();
      Collections.sort(want);
      Collections.sort(got);
      assertEquals(want, got, sql);
      return this;
    }

    Query returnsCount(int n) throws SQLException {
      assertEquals(n, rows().size(), sql);
      return this;
    }

    List<String> rows() throws SQLException {
      try (PreparedStatement ps = prepare(); ResultSet rs = ps.executeQuery()) {
        return format(rs);
      }
    }

    /** EXPLAIN PLAN FOR the statement contains every fragment. */
    Query plan(String... fragments) throws SQLException {
      String plan = explain();
      for (String f : fragments) {
        assertTrue(plan.contains(f), () -> "plan of " + sql + " lacks '" + f + "':\n" + plan);
      }
      return this;
    }

    /** EXPLAIN PLAN FOR the statement contains none of the fragments. */
    Query planLacks(String... fragments) throws SQLException {
      String plan = explain();
      for (String f : fragments) {
        assertTrue(!plan.contains(f), () -> "plan of " + sql + " has '" + f + "':\n" + plan);
      }
      return this;
    }

    String explain() throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement("EXPLAIN PLAN FOR " + sql)) {
        bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          StringBuilder b = new StringBuilder();
          while (rs.next()) {
            b.append(rs.getString(1));
          }
          return b.toString();
        }
      }
    }

    Query updates(long count) throws SQLException {
      try (PreparedStatement ps = prepare()) {
        assertEquals(count, ps.executeLargeUpdate(), sql);
      }
      return this;
    }

    /** Preparing or running fails with this SQLState and a message containing the fragment. */
    SQLException fails(String sqlState, String messagePart) {
      try (PreparedStatement ps = prepare()) {
        if (ps.execute()) {
          try (ResultSet rs = ps.getResultSet()) {
            format(rs);
          }
        }
      } catch (SQLException e) {
        assertEquals(sqlState, e.getSQLState(), () -> sql + ": " + e);
        assertTrue(String.valueOf(e.getMessage()).contains(messagePart), () -> sql + ": message " + e.getMessage());
        return e;
      }
      fail(sql + " should have failed with " + sqlState);
      return null;
    }

    private PreparedStatement prepare() throws SQLException {
      PreparedStatement ps = connection.prepareStatement(sql);
      bind(ps);
      return ps;
    }

    private void bind(PreparedStatement ps) throws SQLException {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
    }
  }

  static List<String> format(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        if (i > 1) {
          b.append("; ");
        }
        b.append(md.getColumnLabel(i)).append('=').append(rs.getString(i));
      }
      out.add(b.toString());
    }
    return out;
  }
}
