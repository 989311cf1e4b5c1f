package org.treestore.bench.doc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link DocEngine} over a SQL peer through JDBC: SQLite (xerial {@code sqlite-jdbc}) or H2 (embedded),
 * both file databases with the same table and indexes:
 *
 * <pre>
 * nodes(doc_id, node_id, parent_id, ordinal, depth, path, title, start_page, end_page, span_end,
 *       summary, text, metadata, PRIMARY KEY (doc_id, node_id))
 * INDEX (doc_id, parent_id, ordinal), INDEX (doc_id, path), INDEX (doc_id, start_page, end_page)
 * </pre>
 *
 * <p>Subtree and ancestors are recursive CTEs that carry every column, so each level is one index
 * probe (parent index down, primary key up) and no second pass over the table. Path prefix is a
 * range on the path index ({@code path >= '/0001/' AND path < '/00010'}): SQLite's LIKE only uses an
 * index with {@code PRAGMA case_sensitive_like=ON}, and then re-prepares the statement for every
 * new bound pattern; the range is index-only in both engines ({@link #plans} prints the plans).
 * Statements are prepared once, at open; every call runs in autocommit mode.
 */
final class SqlDocEngine implements DocEngine {
  /** The two peers: their URLs and per-connection settings. */
  enum Dialect {
    SQLITE, H2
  }

  private static final String COLS =
      "doc_id, node_id, parent_id, ordinal, depth, path, title, start_page, end_page, span_end, summary, metadata";
  private static final String N_COLS = "n." + COLS.replace(", ", ", n.");

  static final String GET = "SELECT " + COLS + " FROM nodes WHERE doc_id = ? AND node_id = ?";
  static final String CHILDREN = "SELECT " + COLS + " FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal";
  static final String SUBTREE = "WITH RECURSIVE sub(" + COLS + ") AS (SELECT " + COLS
      + " FROM nodes WHERE doc_id = ? AND node_id = ? UNION ALL SELECT " + N_COLS
      + " FROM sub s JOIN nodes n ON n.doc_id = s.doc_id AND n.parent_id = s.node_id) SELECT " + COLS
      + " FROM sub ORDER BY path";
  static final String ANCESTORS = "WITH RECURSIVE anc(" + COLS + ") AS (SELECT " + COLS
      + " FROM nodes WHERE doc_id = ? AND node_id = ? UNION ALL SELECT " + N_COLS
      + " FROM anc a JOIN nodes n ON n.doc_id = a.doc_id AND n.node_id = a.parent_id) SELECT " + COLS
      + " FROM anc ORDER BY depth";
  static final String AT_PAGE = "SELECT " + COLS + " FROM nodes WHERE doc_id = ? AND start_page <= ? AND end_page >= ?";
  static final String PREFIX = "SELECT " + COLS + " FROM nodes WHERE doc_id = ? AND path >= ? AND path < ? ORDER BY path";

  private static final String DDL = "CREATE TABLE nodes(doc_id VARCHAR NOT NULL, node_id VARCHAR NOT NULL, "
      + "parent_id VARCHAR, ordinal INTEGER NOT NULL, depth INTEGER NOT NULL, path VARCHAR NOT NULL, title VARCHAR, "
      + "start_page INTEGER, end_page INTEGER, span_end INTEGER, summary VARCHAR, text VARCHAR, metadata VARCHAR, "
      + "PRIMARY KEY (doc_id, node_id))";
  private static final String[] INDEXES = {
      "CREATE INDEX nodes_parent ON nodes(doc_id, parent_id, ordinal)",
      "CREATE INDEX nodes_path ON nodes(doc_id, path)",
      "CREATE INDEX nodes_pages ON nodes(doc_id, start_page, end_page)"};
  /** Documents per load transaction, as for TreeStore. */
  private static final int LOAD_BATCH = 200;

  private final Dialect dialect;
  private final Path dir;
  private final long cacheBytes;
  private final Connection conn;
  private final PreparedStatement get;
  private final PreparedStatement children;
  private final PreparedStatement subtree;
  private final PreparedStatement ancestors;
  private final PreparedStatement atPage;
  private final PreparedStatement prefix;

  private SqlDocEngine(Dialect dialect, Path dir, long cacheBytes) throws SQLException {
    this.dialect = dialect;
    this.dir = dir;
    this.cacheBytes = cacheBytes;
    this.conn = connect(dialect, dir, cacheBytes);
    try {
      get = conn.prepareStatement(GET);
      children = conn.prepareStatement(CHILDREN);
      subtree = conn.prepareStatement(SUBTREE);
      ancestors = conn.prepareStatement(ANCESTORS);
      atPage = conn.prepareStatement(AT_PAGE);
      prefix = conn.prepareStatement(PREFIX);
    } catch (SQLException | RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  /** Opens a loaded database for reading. */
  static SqlDocEngine open(Dialect dialect, Path dir, long cacheBytes) {
    try {
      return new SqlDocEngine(dialect, dir, cacheBytes);
    } catch (SQLException e) {
      throw new IllegalStateException(dir + ": cannot open " + dialect + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the table in an empty directory, inserts documents {@code 0..docs-1} (200 per
   * transaction), then builds the indexes (faster after the rows than during), gathers planner
   * statistics and, for SQLite, empties the WAL into the main file. H2 compacts the file in place
   * as it closes ({@code MAX_COMPACT_TIME}, see {@link #connect}).
   */
  static void load(Dialect dialect, Path dir, int docs, long cacheBytes) {
    try (Connection c = connect(dialect, dir, cacheBytes); Statement st = c.createStatement()) {
      st.execute(DDL);
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO nodes(doc_id, node_id, parent_id, ordinal, depth, "
          + "path, title, start_page, end_page, span_end, summary, text, metadata) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (int d = 0; d < docs; d++) {
          DocGenerator.Doc doc = DocGenerator.doc(d);
          for (int i = 0; i < doc.skeleton.size; i++) {
            DocRow r = doc.row(i);
            ins.setString(1, r.docId());
            ins.setString(2, r.nodeId());
            ins.setString(3, r.parentId());
            ins.setInt(4, r.ordinal());
            ins.setInt(5, r.depth());
            ins.setString(6, r.path());
            ins.setString(7, r.title());
            ins.setInt(8, r.startPage());
            ins.setInt(9, r.endPage());
            ins.setInt(10, r.spanEnd());
            ins.setString(11, r.summary());
            ins.setString(12, doc.texts[i]);
            ins.setString(13, r.metadata());
            ins.addBatch();
          }
          ins.executeBatch();
          if ((d + 1) % LOAD_BATCH == 0 || d + 1 == docs) {
            c.commit();
          }
        }
      }
      for (String index : INDEXES) {
        st.execute(index);
      }
      st.execute("ANALYZE");
      c.commit();
      c.setAutoCommit(true);
      if (dialect == Dialect.SQLITE) {
        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(dir + ": " + dialect + " load failed: " + e.getMessage(), e);
    }
  }

  /**
   * A connection with the shared cache budget. SQLite: WAL journal, {@code synchronous=NORMAL}
   * (TreeStore's {@code Durability.NORMAL}), {@code cache_size} in KiB, each read back so a pragma the
   * driver ignored fails the run. H2: {@code CACHE_SIZE} in KiB in the URL, otherwise defaults.
   */
  private static Connection connect(Dialect dialect, Path dir, long cacheBytes) throws SQLException {
    long cacheKib = cacheBytes / 1024;
    if (dialect == Dialect.H2) {
      // H2 compacts in place for at most MAX_COMPACT_TIME ms as it closes; after a bulk load the
      // default 200 ms leaves most dead chunks. Not SHUTDOWN COMPACT: it LZF-compresses every page,
      // which costs an expansion on each cache miss and is not H2's default format.
      return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("docs").toAbsolutePath() + ";CACHE_SIZE="
          + cacheKib + ";MAX_COMPACT_TIME=600000");
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("docs.sqlite").toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA cache_size=-" + cacheKib);
      expect(s, "journal_mode", "wal");
      expect(s, "synchronous", "1");
      expect(s, "cache_size", "-" + cacheKib);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static void expect(Statement s, String pragma, String expected) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA " + pragma)) {
      String got = rs.next() ? rs.getString(1) : null;
      if (!expected.equalsIgnoreCase(got)) {
        throw new IllegalStateException("SQLite PRAGMA " + pragma + " is " + got + ", expected " + expected);
      }
    }
  }

  @Override
  public Object node(String docId, String nodeId) {
    try {
      get.setString(1, docId);
      get.setString(2, nodeId);
      try (ResultSet rs = get.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    } catch (SQLException e) {
      throw failure("get", e);
    }
  }

  @Override
  public List<?> children(String docId, String parentId) {
    try {
      children.setString(1, docId);
      children.setString(2, parentId);
      return rows(children);
    } catch (SQLException e) {
      throw failure("children", e);
    }
  }

  @Override
  public List<?> subtree(String docId, String nodeId) {
    try {
      subtree.setString(1, docId);
      subtree.setString(2, nodeId);
      return rows(subtree);
    } catch (SQLException e) {
      throw failure("subtree", e);
    }
  }

  @Override
  public List<?> ancestors(String docId, String nodeId) {
    try {
      ancestors.setString(1, docId);
      ancestors.setString(2, nodeId);
      return rows(ancestors);
    } catch (SQLException e) {
      throw failure("ancestors", e);
    }
  }

  @Override
  public List<?> nodesAtPage(String docId, int page) {
    try {
      atPage.setString(1, docId);
      atPage.setInt(2, page);
      atPage.setInt(3, page);
      return rows(atPage);
    } catch (SQLException e) {
      throw failure("nodes at page", e);
    }
  }

  @Override
  public List<?> pathPrefix(String docId, String pathPrefix) {
    try {
      prefix.setString(1, docId);
      prefix.setString(2, pathPrefix);
      prefix.setString(3, prefixEnd(pathPrefix));
      return rows(prefix);
    } catch (SQLException e) {
      throw failure("path prefix", e);
    }
  }

  /** The least string above every string starting with {@code prefix}: its last char plus one. */
  static String prefixEnd(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    if (last == Character.MAX_VALUE) {
      throw new IllegalArgumentException("prefix ends with U+FFFF: " + prefix);
    }
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  private static List<DocRow> rows(PreparedStatement q) throws SQLException {
    try (ResultSet rs = q.executeQuery()) {
      List<DocRow> out = new ArrayList<>();
      while (rs.next()) {
        out.add(read(rs));
      }
      return out;
    }
  }

  private static DocRow read(ResultSet rs) throws SQLException {
    return new DocRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
        rs.getString(6), rs.getString(7), intOrNull(rs, 8), intOrNull(rs, 9), intOrNull(rs, 10), rs.getString(11),
        rs.getString(12));
  }

  private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private IllegalStateException failure(String op, SQLException e) {
    return new IllegalStateException(dialect + " " + dir + ": " + op + " failed: " + e.getMessage(), e);
  }

  @Override
  public DocRow row(Object result) {
    return (DocRow) result;
  }

  /** The plan of every query for the given arguments, as the engine explains it. */
  String plans(String docId, String nodeId, int page, String pathPrefix) {
    String explain = dialect == Dialect.SQLITE ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
    StringBuilder out = new StringBuilder();
    String[][] queries = {{"get", GET}, {"children", CHILDREN}, {"subtree", SUBTREE}, {"ancestors", ANCESTORS},
        {"nodes at page", AT_PAGE}, {"path prefix", PREFIX}};
    for (int i = 0; i < queries.length; i++) {
      String[] q = queries[i];
      out.append("# plan of ").append(q[0]).append(" (").append(dialect).append("):\n");
      try (PreparedStatement ps = conn.prepareStatement(explain + q[1])) {
        ps.setString(1, docId);
        if (i == 4) { // nodes at page
          ps.setInt(2, page);
          ps.setInt(3, page);
        } else if (i == 5) { // path prefix
          ps.setString(2, pathPrefix);
          ps.setString(3, prefixEnd(pathPrefix));
        } else {
          ps.setString(2, nodeId);
        }
        try (ResultSet rs = ps.executeQuery()) {
          int column = dialect == Dialect.SQLITE ? 4 : 1; // SQLite: id, parent, notused, detail
          while (rs.next()) {
            // H2 pretty-prints over many lines: one line per plan is enough to see the index used
            out.append("#   ").append(rs.getString(column).replaceAll("\\s+", " ")).append('\n');
          }
        }
      } catch (SQLException e) {
        throw failure("explain " + q[0], e);
      }
    }
    return out.toString();
  }

  @Override
  public String describe() {
    return dialect == Dialect.SQLITE
        ? "sqlite " + dir + " (journal_mode=WAL, synchronous=NORMAL, cache_size=" + cacheBytes / 1024 + " KiB)"
        : "h2 " + dir + " (CACHE_SIZE=" + cacheBytes / 1024 + " KiB)";
  }

  @Override
  public void close() {
    try {
      conn.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }
}
