package org.treestore.bench.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.search.analysis.Token;

/**
 * Full-text search through JDBC, the contract's {@code SELECT * FROM TABLE(search(?, 10))}: the
 * top 10 nodes for a query, as a {@link PreparedStatement} prepared once per trial and reused, a
 * new query every call, every column of every row read, on the loaded databases of {@link
 * PreparedSqlBenchmark}. Peers: only the ones with a full-text index, {@code h2_fts} (H2's native
 * full-text search, which does not rank: its 10 rows are the first 10 matches it finds) and
 * {@code sqlite_fts} (FTS5, ordered by {@code bm25()}); the statements are in {@link
 * SqlEngine#search}.
 *
 * <p>Queries ({@link #queries}): 1,024 drawn from a fixed seed, the same for all engines,
 * alternately one word and two words, each word taken from the title, summary and text of a
 * uniformly chosen node (the two words of a query from the same node), so every query matches that
 * node at least. Two words are joined by AND ({@code -p twoWords=and}, the default: the only join
 * H2's native search has, and FTS5's meaning of two juxtaposed words) or by OR ({@code -p
 * twoWords=or}, TreeStore's meaning of two juxtaposed words; TreeStore and SQLite only). Words
 * that TreeStore's English stemming maps to the stem of another vocabulary word are not drawn (2
 * pairs of the 3,054 distinct words), so each query word matches the same nodes in every engine.
 *
 * <p>Before timing, the first {@link #CHECKED} queries are run and checked: each returns 10 rows or,
 * if fewer nodes match, as many as the engine counts for the query without a limit; a one-word query
 * returns 10 (each word is in hundreds of nodes); the top hit of a one-word query holds the word in
 * its title, summary or text (read from {@code nodes}); TreeStore's ranks are 1, 2, ... with scores
 * that do not rise, SQLite's bm25 values do not fall. The match counts are also compared with the
 * generator's (they differ once update benchmarks have rewritten summaries, so this is printed, not
 * checked). Score: average time per call, µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class SearchSqlBenchmark {
  static final int CHECKED = 50;
  /** Queries cycled through, a power of two. */
  private static final int QUERIES = 1 << 10;
  private static final long SEED = 0x5157_0200L;

  @Param({"treestore", "h2_fts", "sqlite_fts"})
  public String engine;

  /** Documents in the database: see {@link PreparedSqlBenchmark#docs}. */
  @Param({"1000"})
  public int docs;

  /** How the two words of a two-word query are joined: {@code and} or {@code or} (not in h2_fts). */
  @Param({"and"})
  public String twoWords;

  private SqlEngine e;
  private Connection conn;
  private PreparedStatement search;
  private String[] queries;
  private int cols;
  private int call;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    e = SqlEngine.of(engine);
    if (!e.hasFullText()) {
      throw new IllegalStateException(e + " has no full-text index: run SearchSqlBenchmark with treestore, h2_fts, sqlite_fts");
    }
    boolean and = switch (twoWords) {
      case "and" -> true;
      case "or" -> false;
      default -> throw new IllegalArgumentException("twoWords must be and or or, not " + twoWords);
    };
    Path dir = SqlDatabases.ensureLoaded(e, docs);
    conn = SqlDatabases.connect(e, dir);
    List<String[]> words = queries(docs, QUERIES);
    queries = new String[QUERIES];
    for (int i = 0; i < QUERIES; i++) {
      queries[i] = e.query(and, words.get(i));
    }
    search = conn.prepareStatement(e.search());
    System.out.println("# " + e + " search: " + e.search() + "   (first queries: " + queries[0] + " | " + queries[1] + ")");
    try {
      System.out.print(SqlDatabases.plan(e, conn, e.search(), queries[0]));
    } catch (SQLException ex) {
      System.out.println("#   (no plan: " + ex.getMessage() + ")");
    }
    check(words, and);
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    conn.close();
  }

  @Benchmark
  public int search(Blackhole bh) throws SQLException {
    search.setString(1, queries[call++ & (QUERIES - 1)]);
    return PreparedSqlBenchmark.drain(search, cols, bh);
  }

  // ---------------------------------------------------------------- queries

  /** TreeStore's default analysis (English stemming, no stop words): the one its loaded store uses. */
  private static final Analyzer ANALYZER = Analyzer.builder().build();
  /** Vocabulary words whose term, after TreeStore's analysis, is another vocabulary word's too. */
  private static final Set<String> AMBIGUOUS = ambiguous();

  private static Set<String> ambiguous() {
    Map<String, Set<String>> byTerm = new HashMap<>();
    for (String w : SqlDocs.vocabulary()) {
      for (Token t : ANALYZER.tokens(w)) {
        byTerm.computeIfAbsent(t.term(), k -> new HashSet<>()).add(w);
      }
    }
    Set<String> out = new HashSet<>();
    for (Set<String> same : byTerm.values()) {
      if (same.size() > 1) {
        out.addAll(same);
      }
    }
    return out;
  }

  /** Whether every engine's index holds {@code word} (a lower-case word of the documents) under a term of its own. */
  static boolean unambiguous(String word) {
    return !AMBIGUOUS.contains(word);
  }

  /** The distinct lower-case words of a text, in order of first occurrence (the documents' words are separated by spaces). */
  static Set<String> words(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split(" ")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /**
   * The words of {@code n} queries from the fixed seed: even ones one word, odd ones two distinct
   * words, each from the title, summary and text of a uniformly chosen node of the generator.
   */
  static List<String[]> queries(int docs, int n) {
    SplittableRandom r = new SplittableRandom(SEED ^ docs);
    Map<Integer, SqlDocs.Doc> cache = new HashMap<>();
    List<String[]> out = new ArrayList<>(n);
    while (out.size() < n) {
      SqlDocs.Doc doc = cache.computeIfAbsent(r.nextInt(docs), SqlDocs::doc);
      int node = r.nextInt(doc.size);
      List<String> pool = new ArrayList<>();
      for (String w : words(doc.titles[node] + " " + doc.summaries[node] + " " + doc.texts[node])) {
        if (unambiguous(w)) {
          pool.add(w);
        }
      }
      if (pool.size() < 2) {
        continue;
      }
      String a = pool.remove(r.nextInt(pool.size()));
      out.add(out.size() % 2 == 0 ? new String[] {a} : new String[] {a, pool.get(r.nextInt(pool.size()))});
    }
    return out;
  }

  // ---------------------------------------------------------------- checks

  /** Title, summary and text of one node, or a failure if there is no such node. */
  static String[] readText(Connection c, String docId, String nodeId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT title, summary, text FROM nodes WHERE doc_id = ? AND node_id = ?")) {
      ps.setString(1, docId);
      ps.setString(2, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no node " + docId + "/" + nodeId);
        }
        return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
      }
    }
  }

  /** Whether the engine's full-text index finds node (docId, nodeId) by a one-word query. */
  static boolean finds(SqlEngine e, Connection c, String word, String docId, String nodeId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(e.searchHas())) {
      ps.setString(1, e.query(true, word));
      ps.setString(2, docId);
      ps.setString(3, nodeId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private void check(List<String[]> words, boolean and) throws SQLException {
    int[] generated = generatedMatches(words.subList(0, CHECKED), and);
    int agree = 0;
    String firstDiff = null;
    try (PreparedStatement count = conn.prepareStatement(e.searchCount())) {
      for (int i = 0; i < CHECKED; i++) {
        String q = queries[i];
        count.setString(1, q);
        int matches;
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          matches = rs.getInt(1);
        }
        if (matches == generated[i]) {
          agree++;
        } else if (firstDiff == null) {
          firstDiff = "'" + q + "': " + matches + ", generated " + generated[i];
        }
        search.setString(1, q);
        List<String[]> hits = new ArrayList<>();
        try (ResultSet rs = search.executeQuery()) {
          cols = rs.getMetaData().getColumnCount();
          double lastScore = Double.NaN;
          while (rs.next()) {
            String docId = rs.getString(1);
            String nodeId = rs.getString(2);
            double score = rs.getDouble(3);
            if (docId == null || nodeId == null) {
              throw new IllegalStateException(e + " search '" + q + "': a row without doc_id or node_id");
            }
            boolean ordered = Double.isNaN(lastScore) || (e == SqlEngine.TREESTORE ? score <= lastScore
                : e == SqlEngine.SQLITE_FTS ? score >= lastScore : true);
            if (!ordered || e == SqlEngine.TREESTORE && rs.getInt(4) != hits.size() + 1) {
              throw new IllegalStateException(e + " search '" + q + "': row " + (hits.size() + 1) + " out of order");
            }
            lastScore = score;
            hits.add(new String[] {docId, nodeId});
          }
        }
        int want = Math.min(10, matches);
        if (hits.size() != want || words.get(i).length == 1 && hits.size() != 10) {
          throw new IllegalStateException(e + " search '" + q + "': " + hits.size() + " rows, expected 10 or the "
              + matches + " matching nodes");
        }
        if (words.get(i).length == 1) {
          String w = words.get(i)[0];
          String[] top = readText(conn, hits.get(0)[0], hits.get(0)[1]);
          if (!words(top[0] + " " + top[1] + " " + top[2]).contains(w)) {
            throw new IllegalStateException(e + " search '" + q + "': top hit " + hits.get(0)[0] + "/" + hits.get(0)[1]
                + " does not hold the word: " + String.join(" | ", top));
          }
        }
      }
    }
    System.out.println("# " + e + ": first " + CHECKED + " search queries checked (rows, order, top hits); match counts "
        + "equal to the generator's for " + agree + " of " + CHECKED
        + (firstDiff == null ? "" : " (first difference " + firstDiff + "; expected after update runs)"));
  }

  /** How many generated nodes match each query: all its words (and) or any (or), in title, summary or text. */
  private int[] generatedMatches(List<String[]> qs, boolean and) {
    int[] out = new int[qs.size()];
    for (int d = 0; d < docs; d++) {
      SqlDocs.Doc doc = SqlDocs.doc(d);
      for (int n = 0; n < doc.size; n++) {
        Set<String> has = words(doc.titles[n] + " " + doc.summaries[n] + " " + doc.texts[n]);
        for (int i = 0; i < qs.size(); i++) {
          int found = 0;
          for (String w : qs.get(i)) {
            found += has.contains(w) ? 1 : 0;
          }
          if (and ? found == qs.get(i).length : found > 0) {
            out[i]++;
          }
        }
      }
    }
    return out;
  }
}
