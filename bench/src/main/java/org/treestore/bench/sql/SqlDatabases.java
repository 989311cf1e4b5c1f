package org.treestore.bench.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The loaded databases, one directory per engine and size under {@code -Dtreestore.sqlbench.dir}
 * (default {@code /tmp/treestore-sqlbench}), loaded once and reused by every later fork and run.
 * A marker written after a complete load names engine, size, generator and schema; a directory
 * without it (interrupted load) or with another marker is deleted and loaded again.
 *
 * <p>Everything is loaded through JDBC, the way an application would: TreeStore with the contract's
 * {@code INSERT INTO documents (doc_id, tree) VALUES (?, ?)} (the whole PageIndex JSON tree; nodes,
 * indexes and full-text entries follow from it), the peers with their {@code documents} row (same
 * JSON text in {@code tree}) and one {@code nodes} row per node, indexes built after the rows.
 */
final class SqlDatabases {
  /** Bump when a peer's schema or load settings change. */
  private static final int SCHEMA = 1;
  private static final String MARKER = "loaded.txt";
  /** Documents per load transaction. */
  private static final int BATCH = 100;

  private static final String[] PEER_DDL = {
      "CREATE TABLE documents(doc_id VARCHAR NOT NULL PRIMARY KEY, title VARCHAR, description VARCHAR, "
          + "source VARCHAR, node_count INTEGER, metadata VARCHAR, tree VARCHAR, created_at TIMESTAMP)",
      "CREATE TABLE nodes(doc_id VARCHAR NOT NULL, node_id VARCHAR NOT NULL, parent_id VARCHAR, "
          + "ordinal INTEGER NOT NULL, depth INTEGER NOT NULL, path VARCHAR NOT NULL, title VARCHAR, "
          + "start_page INTEGER, end_page INTEGER, span_end INTEGER, summary VARCHAR, text VARCHAR, "
          + "metadata VARCHAR, PRIMARY KEY (doc_id, node_id))"};
  /** The peers' secondary indexes: children in order, path prefix, pages (start_page range, end_page checked in the index). */
  static final String[] PEER_INDEXES = {
      "CREATE INDEX nodes_parent ON nodes(doc_id, parent_id, ordinal)",
      "CREATE INDEX nodes_path ON nodes(doc_id, path)",
      "CREATE INDEX nodes_pages ON nodes(doc_id, start_page, end_page)"};

  private SqlDatabases() {}

  static Path root() {
    String dir = System.getProperty("treestore.sqlbench.dir");
    return Path.of(dir != null ? dir : "/tmp/treestore-sqlbench");
  }

  static Path dir(SqlEngine engine, int docs) {
    return root().resolve(engine.name().toLowerCase(java.util.Locale.ROOT) + "-" + docs);
  }

  /** Whether the database is loaded; reads only the marker file (no JDBC class is touched). */
  static boolean loaded(SqlEngine engine, int docs) {
    Path marker = dir(engine, docs).resolve(MARKER);
    try {
      return Files.exists(marker) && Files.readAllLines(marker).get(0).equals(key(engine, docs));
    } catch (IOException e) {
      return false;
    }
  }

  private static String key(SqlEngine engine, int docs) {
    return "engine=" + engine + " docs=" + docs + " generator=" + SqlDocs.VERSION + " schema=" + SCHEMA;
  }

  /** Loads the database unless it is loaded already; returns its directory. */
  static Path ensureLoaded(SqlEngine engine, int docs) {
    Path dir = dir(engine, docs);
    if (loaded(engine, docs)) {
      return dir;
    }
    try {
      deleteTree(dir);
      Files.createDirectories(dir);
      System.out.println("# loading " + key(engine, docs) + " into " + dir);
      long t0 = System.nanoTime();
      try (Connection c = connect(engine, dir)) {
        if (engine == SqlEngine.TREESTORE) {
          loadTreeStore(c, docs);
        } else {
          loadPeer(engine, c, docs);
        }
      }
      String info = String.format("load %.1f s, %,d bytes", (System.nanoTime() - t0) / 1e9, bytes(dir));
      Files.writeString(dir.resolve(MARKER), key(engine, docs) + "\n" + info + "\n", StandardCharsets.UTF_8);
      System.out.println("# loaded: " + info);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(engine + ": load failed: " + e.getMessage(), e);
    }
  }

  /**
   * A connection through the engine's driver class directly, not {@link java.sql.DriverManager}:
   * DriverManager's first use initializes every driver on the class path, Calcite's included, which
   * would charge TreeStore's start-up to the peers in the first-query benchmark. SQLite gets its
   * per-connection settings.
   */
  static Connection connect(SqlEngine engine, Path dir) throws SQLException {
    Driver driver;
    try {
      driver = (Driver) Class.forName(engine.driverClass).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no JDBC driver " + engine.driverClass, e);
    }
    Connection c = driver.connect(engine.url(dir), new Properties());
    if (engine == SqlEngine.SQLITE) {
      configure(c);
    }
    return c;
  }

  /** SQLite: WAL, synchronous=NORMAL, 256 MiB cache; each read back so an ignored pragma fails the run. */
  static void configure(Connection c) throws SQLException {
    long kib = SqlEngine.CACHE_BYTES / 1024;
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA cache_size=-" + kib);
      expect(s, "journal_mode", "wal");
      expect(s, "synchronous", "1");
      expect(s, "cache_size", "-" + kib);
    }
  }

  private static void expect(Statement s, String pragma, String want) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      String got = rs.next() ? rs.getString(1) : null;
      if (!want.equalsIgnoreCase(got)) {
        throw new IllegalStateException("SQLite PRAGMA " + pragma + " = " + got + ", expected " + want);
      }
    }
  }

  private static void loadTreeStore(Connection c, int docs) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      for (int d = 0; d < docs; d++) {
        SqlDocs.Doc doc = SqlDocs.doc(d);
        ins.setString(1, doc.docId);
        ins.setString(2, doc.json());
        ins.executeUpdate();
        if ((d + 1) % BATCH == 0 || d + 1 == docs) {
          c.commit();
        }
      }
    }
    c.setAutoCommit(true);
  }

  /** A peer's document row (the JSON text in {@code tree}, like TreeStore's export). */
  static final String PEER_INSERT_DOCUMENT = "INSERT INTO documents(doc_id, title, description, source, "
      + "node_count, metadata, tree, created_at) VALUES (?, ?, ?, NULL, ?, NULL, ?, CURRENT_TIMESTAMP)";
  /** A peer's node row: depth, path and span_end computed by the generator, as an application would. */
  static final String PEER_INSERT_NODE = "INSERT INTO nodes(doc_id, node_id, parent_id, ordinal, depth, path, "
      + "title, start_page, end_page, span_end, summary, text, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)";

  /** Inserts one document into a peer: its row, then its nodes in one batch (the caller commits). */
  static void insertPeer(PreparedStatement doc, PreparedStatement node, SqlDocs.Doc x, String json) throws SQLException {
    doc.setString(1, x.docId);
    doc.setString(2, x.name);
    doc.setString(3, "Generated for the SQL benchmark");
    doc.setInt(4, x.size);
    doc.setString(5, json);
    doc.executeUpdate();
    for (int i = 0; i < x.size; i++) {
      node.setString(1, x.docId);
      node.setString(2, x.ids[i]);
      node.setString(3, x.parentId(i));
      node.setInt(4, x.ordinal[i]);
      node.setInt(5, x.depth[i]);
      node.setString(6, x.paths[i]);
      node.setString(7, x.titles[i]);
      node.setInt(8, x.start[i]);
      node.setInt(9, x.end[i]);
      node.setInt(10, x.spanEnd[i]);
      node.setString(11, x.summaries[i]);
      node.setString(12, x.texts[i]);
      node.addBatch();
    }
    node.executeBatch();
  }

  private static void loadPeer(SqlEngine engine, Connection c, int docs) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String ddl : PEER_DDL) {
        st.execute(ddl);
      }
      c.setAutoCommit(false);
      try (PreparedStatement doc = c.prepareStatement(PEER_INSERT_DOCUMENT);
          PreparedStatement node = c.prepareStatement(PEER_INSERT_NODE)) {
        for (int d = 0; d < docs; d++) {
          SqlDocs.Doc x = SqlDocs.doc(d);
          insertPeer(doc, node, x, x.json());
          if ((d + 1) % BATCH == 0 || d + 1 == docs) {
            c.commit();
          }
        }
      }
      for (String index : PEER_INDEXES) {
        st.execute(index);
      }
      st.execute("ANALYZE");
      c.commit();
      c.setAutoCommit(true);
      if (engine == SqlEngine.SQLITE) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    }
  }

  static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** The plan each engine reports for {@code sql} with the given arguments, one line per plan row. */
  static String plan(SqlEngine engine, Connection c, String sql, Object... args) throws SQLException {
    String explain = engine == SqlEngine.SQLITE ? "EXPLAIN QUERY PLAN " : engine == SqlEngine.H2 ? "EXPLAIN "
        : "EXPLAIN PLAN FOR ";
    StringBuilder out = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement(explain + sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int col = engine == SqlEngine.SQLITE ? 4 : 1;
        while (rs.next()) {
          out.append("#   ").append(rs.getString(col).replaceAll("\\s+", " ")).append('\n');
        }
      }
    }
    return out.toString();
  }
}
