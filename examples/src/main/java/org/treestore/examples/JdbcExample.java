package org.treestore.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * TreeStore through plain JDBC: stores the sample PageIndex tree (a fictional water utility's
 * annual report) with {@code INSERT INTO documents}, then walks it the way an application does —
 * the top level and a node's children in order, a subtree (with {@code subtree()} and with the
 * {@code paths} table), a node's ancestors, the nodes covering a page — runs a BM25 search whose
 * hits are joined to their nodes, and updates a node's summary in a transaction, after which the
 * search index follows.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=org.treestore.examples.JdbcExample}
 * (optionally {@code -Dexec.args=path/to/file.tsdb}; the default is
 * {@code target/treestore-jdbc.tsdb}, recreated on every run).
 */
public final class JdbcExample {
  private static final String DOC = "city-water-report";

  private JdbcExample() {}

  /** Entry point; the optional argument is the database file. */
  public static void main(String[] args) throws IOException, SQLException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/treestore-jdbc.tsdb");
    recreate(file);
    // The driver registers itself through META-INF/services; no Class.forName needed. NORMAL
    // durability makes a commit return after the log write instead of after fsync: fine for a demo.
    String url = "jdbc:treestore:" + file + ";durability=NORMAL";
    System.out.println("Database " + url);

    try (Connection c = DriverManager.getConnection(url)) {
      // 1. Store a whole PageIndex tree: one INSERT, one transaction (autocommit is on).
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO documents (doc_id, tree, source) VALUES (?, ?, ?)")) {
        ins.setString(1, DOC);
        ins.setString(2, sample(DOC + ".json"));
        ins.setString(3, DOC + ".json");
        ins.executeUpdate();
      }
      print(c, "Stored document", "SELECT doc_id, title, node_count FROM documents WHERE doc_id = ?", DOC);

      // 2. Walking the tree. Every one of these is an index access (see EXPLAIN PLAN FOR ...):
      //    the cost follows the size of the answer, not of the database.
      print(c, "Top level, in order",
          "SELECT node_id, title, start_page, end_page FROM nodes WHERE doc_id = ? AND parent_id IS NULL ORDER BY ordinal",
          DOC);
      print(c, "Children of 0001 (1 Supply and Demand), in order",
          "SELECT node_id, ordinal, title FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal", DOC, "0001");
      // subtree() gives the node and its descendants in pre-order with their depth below it.
      print(c, "Subtree of 0001 with subtree(), pre-order",
          "SELECT rel_depth, node_id, title FROM TABLE(subtree(?, ?))", DOC, "0001");
      // The same subtree through the paths table (one row per ancestor/descendant pair), joined to
      // nodes: the join looks each node up by its key. Counting by distance shows the shape.
      print(c, "Subtree of 0008 (2 Water Quality) through paths, nodes per level",
          "SELECT p.distance, COUNT(*) AS nodes, MIN(n.title) AS first_title FROM paths p "
              + "JOIN nodes n ON n.doc_id = p.doc_id AND n.node_id = p.node_id "
              + "WHERE p.doc_id = ? AND p.ancestor_id = ? GROUP BY p.distance ORDER BY p.distance",
          DOC, "0008");
      print(c, "Ancestors of 0011 (2.2.1 Lead), top level first",
          "SELECT depth, node_id, title FROM TABLE(ancestors(?, ?))", DOC, "0011");
      // PageIndex parents need not cover their children's pages, so a page can fall in a child
      // but not in its parent; span_end is the last page of the whole subtree.
      print(c, "Nodes covering page 9",
          "SELECT node_id, title, start_page, end_page, span_end FROM nodes "
              + "WHERE doc_id = ? AND start_page <= ? AND end_page >= ? ORDER BY path",
          DOC, 9, 9);

      // 3. Search: BM25 hits are (doc_id, node_id, score, rank); join them to nodes for titles.
      String hits = "SELECT s.rank, ROUND(s.score, 3) AS score, n.node_id, n.title FROM TABLE(search(?, 5)) s "
          + "JOIN nodes n ON n.doc_id = s.doc_id AND n.node_id = s.node_id ORDER BY s.rank";
      print(c, "Search: lead service lines", hits, "lead service lines");

      // 4. An update in an explicit transaction: both statements commit together or not at all.
      c.setAutoCommit(false);
      try (PreparedStatement upd = c.prepareStatement(
          "UPDATE nodes SET summary = ? WHERE doc_id = ? AND node_id = ?")) {
        upd.setString(1, "Pipe renewal now includes replacing galvanised service lines downstream of lead.");
        upd.setString(2, DOC);
        upd.setString(3, "0016");
        upd.executeUpdate();
        upd.setString(1, "Half of the lead service lines are replaced; the rest follow by 2030.");
        upd.setString(3, "0015");
        upd.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
      print(c, "After updating the summaries of 0015 and 0016", "SELECT node_id, summary FROM nodes "
          + "WHERE doc_id = ? AND node_id IN ('0015', '0016') ORDER BY node_id", DOC);
      // The full-text index changed in the same transaction: 3.3 Pipe renewal now mentions lead.
      print(c, "Search again: lead service lines", hits, "lead service lines");
    }
  }

  /** Runs a query with the given parameters and prints its rows as an aligned table. */
  static void print(Connection c, String title, String sql, Object... params) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        String[] header = new String[columns];
        for (int i = 0; i < columns; i++) {
          header[i] = rs.getMetaData().getColumnLabel(i + 1);
        }
        rows.add(header);
        while (rs.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = String.valueOf(rs.getObject(i + 1));
          }
          rows.add(row);
        }
      }
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    System.out.println();
    System.out.println(title + ":");
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        line.append("  ").append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s", row[i]));
      }
      System.out.println(line);
    }
  }

  /** A sample document that ships in this module's resources. */
  static String sample(String name) throws IOException {
    try (InputStream in = JdbcExample.class.getClassLoader().getResourceAsStream("samples/" + name)) {
      if (in == null) {
        throw new IOException("sample " + name + " is missing from the class path (build the examples module)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Deletes the database and its write-ahead log so that every run starts empty. */
  static void recreate(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    for (String suffix : List.of("", "-wal")) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
  }
}
