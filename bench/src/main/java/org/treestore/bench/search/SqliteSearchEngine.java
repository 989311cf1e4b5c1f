package org.treestore.bench.search;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * SQLite FTS5 (xerial sqlite-jdbc): one row per node in
 * {@code fts5(title, summary, text, doc_id UNINDEXED, node_id UNINDEXED, tokenize='unicode61')}.
 * FTS5 tokenizes with its own {@code unicode61} tokenizer (Unicode word split and case folding, no
 * stemming), so it gets the words as written; the generated words are plain lower-case letters and
 * split the same way in all three engines, only TreeStore and Lucene stem them. A query is
 * {@code "w1" OR "w2" OR "w3"} (FTS5 joins bare words with AND; TreeStore's juxtaposition is OR),
 * ranked by {@code ORDER BY bm25(fts, 2.0, 1.5, 1.0) LIMIT 10}: the same column weights as
 * TreeStore's boosts, but FTS5's BM25 is a row-level one (weighted term frequencies over one length
 * for the whole row) with IDF {@code ln((N - n + 0.5) / (n + 0.5))}, so its ranking differs a little.
 * WAL mode, {@code synchronous=NORMAL}, the cache budget as page cache.
 */
final class SqliteSearchEngine implements SearchEngine {
  private static final String FILE = "fts.db";
  private static final String SEARCH = "SELECT doc_id, node_id FROM fts WHERE fts MATCH ?"
      + " ORDER BY bm25(fts, 2.0, 1.5, 1.0) LIMIT 10";

  private final Path file;
  private final Connection conn;
  private final PreparedStatement search;

  private SqliteSearchEngine(Path dir, long cacheBytes) throws SQLException {
    this.file = dir.resolve(FILE);
    this.conn = connect(file, cacheBytes);
    this.search = conn.prepareStatement(SEARCH);
  }

  private static Connection connect(Path file, long cacheBytes) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=NORMAL");
      s.execute("PRAGMA cache_size=-" + (cacheBytes >> 10)); // negative: KiB
    }
    return c;
  }

  static SqliteSearchEngine open(Path dir, long cacheBytes) {
    try {
      return new SqliteSearchEngine(dir, cacheBytes);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A loader into {@code dir} (empty): every batch of documents is one transaction. */
  static Loader loader(Path dir, long cacheBytes) {
    try {
      Connection c = connect(dir.resolve(FILE), cacheBytes);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE VIRTUAL TABLE fts USING fts5(title, summary, text, doc_id UNINDEXED, node_id UNINDEXED,"
            + " tokenize='unicode61')");
      }
      c.setAutoCommit(false);
      PreparedStatement insert = c.prepareStatement(
          "INSERT INTO fts(title, summary, text, doc_id, node_id) VALUES (?, ?, ?, ?, ?)");
      return new Loader() {
        @Override
        public void add(int firstDoc, List<PageIndexDocument> docs) {
          try {
            for (int i = 0; i < docs.size(); i++) {
              for (SearchCorpus.Node n : SearchCorpus.nodes(firstDoc + i, docs.get(i))) {
                insert.setString(1, n.title());
                insert.setString(2, n.summary());
                insert.setString(3, n.text());
                insert.setString(4, n.docId());
                insert.setString(5, n.nodeId());
                insert.addBatch();
              }
            }
            insert.executeBatch();
            c.commit();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void finish(boolean optimize) {
          try {
            if (optimize) {
              try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO fts(fts) VALUES('optimize')");
              }
              c.commit();
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public void close() {
          try {
            insert.close();
            c.close();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      };
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** FTS5's query: each word quoted (a string, never an operator), joined by OR. */
  static String match(String[] words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      if (sb.length() > 0) {
        sb.append(" OR ");
      }
      sb.append('"').append(w.replace("\"", "\"\"")).append('"');
    }
    return sb.toString();
  }

  @Override
  public String[] top10(SearchQueries.Query q) {
    try {
      search.setString(1, match(q.words()));
      List<String> out = new ArrayList<>(10);
      try (ResultSet rs = search.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + "/" + rs.getString(2));
        }
      }
      return out.toArray(new String[0]);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String describe() {
    return "sqlite fts5 " + file + " (" + file.toFile().length() + " bytes)";
  }

  @Override
  public void close() {
    try {
      search.close();
      conn.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
