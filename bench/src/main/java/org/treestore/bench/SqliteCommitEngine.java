package org.treestore.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link CommitEngine} over SQLite (xerial {@code sqlite-jdbc}), the peer for durable commits: a
 * mature embedded engine with a write-ahead log, measured in its durable configuration.
 *
 * <p>Setup, as the WAL issue asks: the database in WAL mode ({@code PRAGMA journal_mode=WAL}), a
 * table {@code kv(k BLOB PRIMARY KEY, v BLOB)}, and one connection per thread with
 * {@code PRAGMA synchronous=FULL} (the WAL is synced at every commit, so a committed row survives
 * power loss, like TreeStore's {@code Durability.FULL}) and {@code PRAGMA busy_timeout=60000}.
 * Every insert runs in autocommit mode, so it is one transaction. SQLite lets one writer in at a
 * time: the other connections wait in SQLite's busy handler (which sleeps and retries) instead of
 * failing, and SQLite has no group commit, so every transaction pays its own sync. The pragmas are
 * read back after they are set, so a driver that silently ignored one fails the run. Everything
 * else is SQLite's default (4 KiB pages, a 2 MiB page cache per connection, automatic checkpoint
 * every 1000 WAL pages). {@link #preload} inserts in one transaction, then checkpoints and
 * truncates the WAL, so the timing starts from an empty log, as TreeStore's does.
 */
public final class SqliteCommitEngine implements CommitEngine {
  private final String url;
  private final Path file;
  private final Connection main;

  /** Creates the database at {@code file} in WAL mode, with the table {@code kv}. */
  public SqliteCommitEngine(Path file) {
    this.file = file;
    this.url = "jdbc:sqlite:" + file;
    try {
      main = connect();
      try (Statement s = main.createStatement()) {
        try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
          String mode = rs.next() ? rs.getString(1) : null;
          if (!"wal".equalsIgnoreCase(mode)) {
            throw new IllegalStateException(file + ": journal_mode is " + mode + ", not wal");
          }
        }
        s.execute("CREATE TABLE IF NOT EXISTS kv(k BLOB PRIMARY KEY, v BLOB)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(file + ": cannot set up SQLite: " + e.getMessage(), e);
    }
  }

  /** A new connection with {@code synchronous=FULL} and a 60 s busy timeout, both verified. */
  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=60000");
      expectPragma(s, "synchronous", 2); // 2 = FULL
      expectPragma(s, "busy_timeout", 60000);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void expectPragma(Statement s, String name, long expected) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
      long got = rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
      if (got != expected) {
        throw new IllegalStateException(file + ": PRAGMA " + name + " is " + got + ", expected " + expected);
      }
    }
  }

  @Override
  public void preload(byte[][] keys, byte[][] values) {
    try {
      main.setAutoCommit(false);
      try (PreparedStatement insert = main.prepareStatement("INSERT INTO kv(k, v) VALUES (?, ?)")) {
        for (int i = 0; i < keys.length; i++) {
          insert.setBytes(1, keys[i]);
          insert.setBytes(2, values[i]);
          insert.executeUpdate();
        }
      }
      main.commit();
      main.setAutoCommit(true);
      try (Statement s = main.createStatement()) {
        s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(file + ": preload failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Writer writer() {
    try {
      Connection c = connect();
      PreparedStatement insert = c.prepareStatement("INSERT INTO kv(k, v) VALUES (?, ?)");
      return new Writer() {
        @Override
        public void insertAndCommit(byte[] key, byte[] value) {
          try {
            insert.setBytes(1, key);
            insert.setBytes(2, value);
            insert.executeUpdate();
          } catch (SQLException e) {
            throw new IllegalStateException(file + ": insert failed: " + e.getMessage(), e);
          }
        }

        @Override
        public void close() {
          try {
            insert.close();
            c.close();
          } catch (SQLException e) {
            throw new IllegalStateException(file + ": close failed: " + e.getMessage(), e);
          }
        }
      };
    } catch (SQLException e) {
      throw new IllegalStateException(file + ": cannot connect: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try (PreparedStatement q = main.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
      q.setBytes(1, key);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getBytes(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(file + ": select failed: " + e.getMessage(), e);
    }
  }

  @Override
  public long count() {
    try (Statement s = main.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM kv")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(file + ": count failed: " + e.getMessage(), e);
    }
  }

  @Override
  public long logForces() {
    return -1;
  }

  @Override
  public String describe() {
    return "sqlite " + file + " (journal_mode=WAL, synchronous=FULL)";
  }

  @Override
  public void close() {
    try {
      main.close();
    } catch (SQLException e) {
      throw new IllegalStateException(file + ": close failed: " + e.getMessage(), e);
    }
  }
}
