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
 * JSON text in {@code tree}) and one {@code nodes} row per node, indexes built after the rows (the
 * full-text peers' full-text index with them, {@link #PEER_FULLTEXT_SQLITE}, {@link #PEER_FULLTEXT_H2}).
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

  /**
   * SQLite's full-text index ({@link SqlEngine#SQLITE_FTS}): an FTS5 table with <em>external
   * content</em> over {@code nodes} ({@code content='nodes'}, its rowid being the {@code nodes}
   * row's), default {@code unicode61} tokenizer (case folded, no stemming), kept up to date by
   * AFTER INSERT / DELETE / UPDATE triggers on {@code nodes} as the FTS5 documentation describes
   * for external content tables, then filled from the loaded rows by {@code 'rebuild'}.
   *
   * <p>Why external content: it is FTS5's way to index columns of an existing table. The text is
   * stored once (in {@code nodes}; FTS5 reads it from there when a query asks for a column's value,
   * a snippet or a highlight, and for {@code 'rebuild'}; {@code bm25()} needs only the index and its
   * per-row column sizes) and the index is changed by the triggers, which run inside the writing
   * statement's transaction. A regular FTS5 table would store every title, summary and text a
   * second time; a contentless one ({@code content=''}) stores no text but can return none, and
   * its {@code 'delete'} needs the old values all the same, so its triggers would be these. The
   * rowid of {@code nodes} (no INTEGER PRIMARY KEY) is stable as long as the table is not VACUUMed,
   * which the benchmarks never do.
   */
  static final String[] PEER_FULLTEXT_SQLITE = {
      "CREATE VIRTUAL TABLE nodes_fts USING fts5(title, summary, text, content='nodes', content_rowid='rowid', "
          + "tokenize='unicode61')",
      "CREATE TRIGGER nodes_fts_insert AFTER INSERT ON nodes BEGIN "
          + "INSERT INTO nodes_fts(rowid, title, summary, text) VALUES (new.rowid, new.title, new.summary, new.text); "
          + "END",
      "CREATE TRIGGER nodes_fts_delete AFTER DELETE ON nodes BEGIN "
          + "INSERT INTO nodes_fts(nodes_fts, rowid, title, summary, text) "
          + "VALUES ('delete', old.rowid, old.title, old.summary, old.text); END",
      "CREATE TRIGGER nodes_fts_update AFTER UPDATE ON nodes BEGIN "
          + "INSERT INTO nodes_fts(nodes_fts, rowid, title, summary, text) "
          + "VALUES ('delete', old.rowid, old.title, old.summary, old.text); "
          + "INSERT INTO nodes_fts(rowid, title, summary, text) VALUES (new.rowid, new.title, new.summary, new.text); "
          + "END",
      "INSERT INTO nodes_fts(nodes_fts) VALUES ('rebuild')"};

  /**
   * H2's full-text index ({@link SqlEngine#H2_FTS}): H2's native full-text search,
   * {@code org.h2.fulltext.FullText}. {@code FT_CREATE_INDEX} indexes the existing rows and adds
   * an AFTER INSERT, UPDATE, DELETE row trigger on {@code nodes} that writes the words of a row's
   * title, summary and text to the tables of schema {@code FT} (WORDS, ROWS, and MAP: one row per
   * word and node) through the writing session's own connection, so the index changes commit and
   * roll back with the row (checked: another connection sees them only after the commit, a
   * rollback removes them). Words are split at white space and punctuation and upper-cased; no
   * stemming.
   *
   * <p>Why not {@code org.h2.fulltext.FullTextLucene}, although it ranks (Lucene's BM25) where the
   * native search does not: it keeps its Lucene index in a directory of its own, outside H2's
   * transactions (its trigger also fires on ROLLBACK to undo by hand, as H2's source says), and it
   * calls {@code IndexWriter.commit()} (a flushed segment and fsyncs) and reopens its reader for
   * every row changed: a 52-node document is 52 Lucene commits. That is neither "in the same
   * transaction" nor the NORMAL durability of the other engines. It would run: H2 2.3.232 is built
   * against Lucene 9 (it calls {@code IndexReader.storedFields()}, new in 9.5), the line of the
   * bench's lucene-core (9.12.3), and with lucene-queryparser, -queries and -sandbox 9.12.3 added it
   * worked in a throwaway probe, where inserting 52 rows in one transaction took about 4 times as
   * long as with the native index.
   */
  static final String[] PEER_FULLTEXT_H2 = {
      "CREATE ALIAS IF NOT EXISTS FT_INIT FOR 'org.h2.fulltext.FullText.init'",
      "CALL FT_INIT()",
      "CALL FT_CREATE_INDEX('PUBLIC', 'NODES', 'TITLE,SUMMARY,TEXT')"};

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
    if (engine.isSqlite()) {
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
      String[] fullText = engine == SqlEngine.SQLITE_FTS ? PEER_FULLTEXT_SQLITE
          : engine == SqlEngine.H2_FTS ? PEER_FULLTEXT_H2 : new String[0];
      if (fullText.length > 0) {
        long t0 = System.nanoTime();
        for (String ddl : fullText) {
          st.execute(ddl);
        }
        c.commit();
        System.out.printf("# full-text index of %s built in %.1f s%n", engine, (System.nanoTime() - t0) / 1e9);
      }
      st.execute("ANALYZE");
      c.commit();
      c.setAutoCommit(true);
      if (engine.isSqlite()) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      if (engine == SqlEngine.H2_FTS) {
        // FT_CREATE_INDEX writes its 2.6 million FT.MAP rows in one transaction, which left the
        // MVStore file 26 % full (1.07 GB); compacted, it is 83 MB, and the store's background
        // compaction has nothing left to do during the trials. Closes the database.
        long t0 = System.nanoTime();
        st.execute("SHUTDOWN COMPACT");
        System.out.printf("# %s compacted in %.1f s%n", engine, (System.nanoTime() - t0) / 1e9);
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
    String explain = engine.isSqlite() ? "EXPLAIN QUERY PLAN " : engine.isH2() ? "EXPLAIN " : "EXPLAIN PLAN FOR ";
    StringBuilder out = new StringBuilder();
    try (PreparedStatement ps = c.prepareStatement(explain + sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int col = engine.isSqlite() ? 4 : 1;
        while (rs.next()) {
          out.append("#   ").append(rs.getString(col).replaceAll("\\s+", " ")).append('\n');
        }
      }
    }
    return out.toString();
  }
}
