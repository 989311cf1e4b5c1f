package org.treestore.bench.sql;

import java.nio.file.Path;

/**
 * The databases of the SQL benchmarks: how to reach each through JDBC, and the text of every
 * benchmarked statement in each. TreeStore runs the contract statements of {@code DESIGN.md} as they
 * are written there. The peers run the statement that answers the same question from their indexes:
 * the same text where plain SQL does it, a recursive CTE where TreeStore has {@code paths} or a
 * table function, and a path range where TreeStore has {@code path LIKE ?} (see {@link #prefix}).
 *
 * <p>{@link #H2_FTS} and {@link #SQLITE_FTS} are the two peers again, each in a database of its
 * own, with the same tables, rows and B-tree indexes plus a full-text index over the nodes' title,
 * summary and text that the engine keeps up to date in the writing transaction, as TreeStore
 * does (built by {@link SqlDatabases#PEER_FULLTEXT_SQLITE} and {@link
 * SqlDatabases#PEER_FULLTEXT_H2}): their writes carry the same kind of work as TreeStore's, and they
 * can answer {@link #search}. Every other statement is the plain peer's.
 *
 * <p>Every statement's parameters: {@code (doc_id, node_id)} except where noted.
 */
enum SqlEngine {
  TREESTORE("org.treestore.sql.jdbc.TreeStoreDriver"),
  H2("org.h2.Driver"),
  SQLITE("org.sqlite.JDBC"),
  /** H2 with its native full-text index ({@code org.h2.fulltext.FullText}); see {@link SqlDatabases#PEER_FULLTEXT_H2}. */
  H2_FTS("org.h2.Driver"),
  /** SQLite with an FTS5 table over {@code nodes}; see {@link SqlDatabases#PEER_FULLTEXT_SQLITE}. */
  SQLITE_FTS("org.sqlite.JDBC");

  /** Buffer pool / page cache of each engine, the same budget for all. */
  static final long CACHE_BYTES = 256L << 20;

  private static final String NODE_COLS =
      "doc_id, node_id, parent_id, ordinal, depth, path, title, start_page, end_page, span_end, summary, text, metadata";
  private static final String N_NODE_COLS = "n." + NODE_COLS.replace(", ", ", n.");

  /** The JDBC driver class, loaded by name so the first-query benchmark can time its loading. */
  final String driverClass;

  SqlEngine(String driverClass) {
    this.driverClass = driverClass;
  }

  static SqlEngine of(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  /** H2, with or without the full-text index. */
  boolean isH2() {
    return this == H2 || this == H2_FTS;
  }

  /** SQLite, with or without the full-text index. */
  boolean isSqlite() {
    return this == SQLITE || this == SQLITE_FTS;
  }

  /** Whether the engine keeps a full-text index over the nodes and can answer {@link #search}. */
  boolean hasFullText() {
    return this == TREESTORE || this == H2_FTS || this == SQLITE_FTS;
  }

  /**
   * The database in {@code dir}: a file, or H2's file name stem. The full-text peers' names differ
   * from the plain peers' (besides their directories, {@link SqlDatabases#dir}), so that no file of
   * one can be taken for the other's.
   */
  Path file(Path dir) {
    switch (this) {
      case TREESTORE:
        return dir.resolve("sqlbench.treestore");
      case H2:
        return dir.resolve("sqlbench"); // H2 appends .mv.db
      case H2_FTS:
        return dir.resolve("sqlbench-fts");
      case SQLITE:
        return dir.resolve("sqlbench.sqlite");
      default:
        return dir.resolve("sqlbench-fts.sqlite");
    }
  }

  /**
   * The URL. Durability is NORMAL or its equivalent in all three: TreeStore {@code durability=NORMAL};
   * H2's default (commits reach the file by its background writer, within WRITE_DELAY, no fsync per
   * commit); SQLite {@code synchronous=NORMAL} in WAL mode, set per connection by {@link
   * SqlDatabases#configure}.
   */
  String url(Path dir) {
    long kib = CACHE_BYTES / 1024;
    switch (this) {
      case TREESTORE:
        return "jdbc:treestore:" + file(dir).toAbsolutePath() + ";durability=NORMAL;cache_size=" + (CACHE_BYTES >> 20)
            + "MB";
      case H2:
      case H2_FTS:
        return "jdbc:h2:file:" + file(dir).toAbsolutePath() + ";CACHE_SIZE=" + kib;
      default:
        return "jdbc:sqlite:" + file(dir).toAbsolutePath();
    }
  }

  String key() {
    return "SELECT * FROM nodes WHERE doc_id = ? AND node_id = ?";
  }

  /** Parameters (doc_id, parent_id). */
  String children() {
    return "SELECT * FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal";
  }

  /**
   * Parameters: TreeStore (doc_id, pattern {@code '/0001/%'}); peers (doc_id, {@code '/0001/'},
   * {@code '/00010'}). The peers get the prefix as a range on their (doc_id, path) index: SQLite
   * uses an index for LIKE only with {@code case_sensitive_like=ON} and then re-prepares for each
   * bound pattern, and H2 derives the same range from a LIKE only for a literal pattern, not for a
   * parameter. The range is each peer's fastest form of the question.
   */
  String prefix() {
    return this == TREESTORE ? "SELECT * FROM nodes WHERE doc_id = ? AND path LIKE ?"
        : "SELECT * FROM nodes WHERE doc_id = ? AND path >= ? AND path < ?";
  }

  /** Parameters (doc_id, page, page). */
  String page() {
    return "SELECT * FROM nodes WHERE doc_id = ? AND start_page <= ? AND end_page >= ?";
  }

  /** The node ids of a node's subtree, itself included (TreeStore: {@code paths}; peers: recursive CTE down parent_id). */
  String descendants() {
    return this == TREESTORE ? "SELECT node_id FROM paths WHERE doc_id = ? AND ancestor_id = ?"
        : "WITH RECURSIVE d(doc_id, node_id) AS (SELECT doc_id, node_id FROM nodes WHERE doc_id = ? AND node_id = ? "
            + "UNION ALL SELECT n.doc_id, n.node_id FROM d JOIN nodes n ON n.doc_id = d.doc_id AND n.parent_id = d.node_id) "
            + "SELECT node_id FROM d";
  }

  /** The ancestor ids of a node, top-level first, the node last (peers: recursive CTE up the key). */
  String ancestorIds() {
    return this == TREESTORE
        ? "SELECT ancestor_id FROM paths WHERE doc_id = ? AND node_id = ? ORDER BY distance DESC"
        : "WITH RECURSIVE a(doc_id, node_id, parent_id, distance) AS (SELECT doc_id, node_id, parent_id, 0 FROM nodes "
            + "WHERE doc_id = ? AND node_id = ? UNION ALL SELECT n.doc_id, n.node_id, n.parent_id, a.distance + 1 "
            + "FROM a JOIN nodes n ON n.doc_id = a.doc_id AND n.node_id = a.parent_id) "
            + "SELECT node_id AS ancestor_id FROM a ORDER BY distance DESC";
  }

  /**
   * Every column of a node's subtree plus rel_depth, in pre-order. Peers: a recursive CTE carrying
   * all columns (one index probe per node, no second pass), ordered by path, which is pre-order.
   */
  String subtree() {
    return this == TREESTORE ? "SELECT * FROM TABLE(subtree(?, ?))"
        : "WITH RECURSIVE s(" + NODE_COLS + ", rel_depth) AS (SELECT " + NODE_COLS + ", 0 FROM nodes "
            + "WHERE doc_id = ? AND node_id = ? UNION ALL SELECT " + N_NODE_COLS + ", s.rel_depth + 1 FROM s "
            + "JOIN nodes n ON n.doc_id = s.doc_id AND n.parent_id = s.node_id) SELECT * FROM s ORDER BY path";
  }

  /** Every column of a node's ancestors and the node, top-level first (peers: recursive CTE, by depth). */
  String ancestors() {
    return this == TREESTORE ? "SELECT * FROM TABLE(ancestors(?, ?))"
        : "WITH RECURSIVE a(" + NODE_COLS + ") AS (SELECT " + NODE_COLS + " FROM nodes WHERE doc_id = ? AND node_id = ? "
            + "UNION ALL SELECT " + N_NODE_COLS + " FROM a JOIN nodes n ON n.doc_id = a.doc_id AND n.node_id = a.parent_id) "
            + "SELECT * FROM a ORDER BY depth";
  }

  /** Parameter (doc_id). TreeStore exports the tree from its nodes; the peers keep the JSON text. */
  String tree() {
    return "SELECT tree FROM documents WHERE doc_id = ?";
  }

  /** Parameters (summary, doc_id, node_id). */
  String update() {
    return "UPDATE nodes SET summary = ? WHERE doc_id = ? AND node_id = ?";
  }

  /**
   * BM25 top 10 for a query (parameter: the query text of {@link #query}): doc_id, node_id, score
   * (and TreeStore's rank), best first.
   *
   * <ul>
   *   <li>TreeStore: the contract's table function.
   *   <li>SQLite: FTS5's {@code bm25()} (lower is better), the top 10 rowids taken in a subquery,
   *       then only those joined to {@code nodes} (the FTS5 rowid is the {@code nodes} row's) for
   *       their keys: SQLite's fastest form of the question (a plain join sorts after joining
   *       every matching row, about 1.5 times slower in a probe).
   *   <li>H2: {@code FT_SEARCH_DATA}, whose KEYS array holds the primary key values (doc_id,
   *       node_id) as the index stored them, so no join is needed. H2's native full-text search
   *       does not rank: every SCORE is 1.0 and the 10 rows are the first 10 matching rows it
   *       finds, not the best 10.
   * </ul>
   */
  String search() {
    switch (this) {
      case TREESTORE:
        return "SELECT * FROM TABLE(search(?, 10))";
      case SQLITE_FTS:
        return "SELECT n.doc_id, n.node_id, f.score FROM (SELECT rowid, bm25(nodes_fts) AS score FROM nodes_fts "
            + "WHERE nodes_fts MATCH ? ORDER BY score LIMIT 10) f JOIN nodes n ON n.rowid = f.rowid ORDER BY f.score";
      case H2_FTS:
        return "SELECT KEYS[1] AS doc_id, KEYS[2] AS node_id, SCORE AS score FROM FT_SEARCH_DATA(?, 10, 0)";
      default:
        throw new IllegalStateException(this + " has no full-text index: use h2_fts or sqlite_fts");
    }
  }

  /** All the nodes matching a query (parameter: the query text of {@link #query}), counted: for checks. */
  String searchCount() {
    switch (this) {
      case TREESTORE:
        return "SELECT count(*) FROM TABLE(search(?, 100000))";
      case SQLITE_FTS:
        return "SELECT count(*) FROM nodes_fts WHERE nodes_fts MATCH ?";
      case H2_FTS:
        return "SELECT count(*) FROM FT_SEARCH_DATA(?, 0, 0)";
      default:
        throw new IllegalStateException(this + " has no full-text index");
    }
  }

  /**
   * Whether one node is among the matches of a query (parameters: query text, doc_id, node_id),
   * counted: 1 or 0. For checking that writes reach the full-text index.
   */
  String searchHas() {
    switch (this) {
      case TREESTORE:
        return "SELECT count(*) FROM TABLE(search(?, 100000)) WHERE doc_id = ? AND node_id = ?";
      case SQLITE_FTS:
        return "SELECT count(*) FROM nodes_fts JOIN nodes n ON n.rowid = nodes_fts.rowid "
            + "WHERE nodes_fts MATCH ? AND n.doc_id = ? AND n.node_id = ?";
      case H2_FTS:
        return "SELECT count(*) FROM FT_SEARCH_DATA(?, 0, 0) WHERE KEYS[1] = ? AND KEYS[2] = ?";
      default:
        throw new IllegalStateException(this + " has no full-text index");
    }
  }

  /**
   * The query text for lower-case words, all required ({@code and}) or any ({@code !and}, ranked
   * by how many and how rare). TreeStore and FTS5 spell the operators; FTS5 joins juxtaposed words
   * with AND and TreeStore with OR. H2's native search has no OR: it always requires every word.
   */
  String query(boolean and, String... words) {
    if (words.length > 1 && !and && this == H2_FTS) {
      throw new IllegalStateException("H2's native full-text search has no OR: every word is required");
    }
    String op = this == H2_FTS ? " " : and ? " AND " : " OR ";
    return String.join(op, words);
  }
}
