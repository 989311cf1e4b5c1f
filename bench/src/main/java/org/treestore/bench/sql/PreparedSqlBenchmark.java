package org.treestore.bench.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

/**
 * The contract's statements through JDBC as an application runs them on the hot path: each
 * {@link PreparedStatement} prepared once per trial and reused, its parameters changed on every
 * call ({@link SqlProbes}), every column of every row read, autocommit on. TreeStore
 * ({@code jdbc:treestore:}, Calcite) side by side with H2 (embedded file database, MVStore) and
 * SQLite (file database, WAL), the same data ({@link SqlDocs}, 1,000 documents of about 52 nodes)
 * and the same secondary indexes; the statement texts per engine are in {@link SqlEngine}.
 *
 * <p>Before timing, each trial prints the plan of every statement and checks the answers of the
 * first {@link #CHECKED} probes of each (node ids, in order where the statement orders); a wrong
 * answer fails the trial. {@code update} and {@code updateRewrite} change a summary per call, in
 * autocommit, with durability NORMAL or its equivalent ({@link SqlEngine#url}). Score: average time per call, µs.
 *
 * <p>The peers with a full-text index, {@code -p engine=h2_fts,sqlite_fts} (not in the default
 * list), run the same statements on their own databases: the reads are the plain peers', and an
 * update also changes their full-text index, as TreeStore's does; the check then also asks the
 * index whether the node is found by the new summary's word and no longer by a word only the old
 * summary had.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class PreparedSqlBenchmark {
  static final int CHECKED = 100;
  private static final int MASK = SqlProbes.SIZE - 1;

  @Param({"treestore", "h2", "sqlite"})
  public String engine;

  /** Documents in the database: 1,000 (about 52,000 nodes), see {@code bench/sql.md} for why. */
  @Param({"1000"})
  public int docs;

  private SqlEngine e;
  private Connection conn;
  private SqlProbes probes;
  private PreparedStatement key;
  private PreparedStatement children;
  private PreparedStatement prefix;
  private PreparedStatement page;
  private PreparedStatement descendants;
  private PreparedStatement ancestorIds;
  private PreparedStatement subtree;
  private PreparedStatement ancestors;
  private PreparedStatement tree;
  private PreparedStatement update;
  /** Columns of each query's result, learned during the checks, so a call does not ask the metadata. */
  private int keyCols;
  private int childrenCols;
  private int prefixCols;
  private int pageCols;
  private int subtreeCols;
  private int ancestorsCols;
  private int call;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    e = SqlEngine.of(engine);
    Path dir = SqlDatabases.ensureLoaded(e, docs);
    probes = new SqlProbes(docs, 0x5157_0100L);
    conn = SqlDatabases.connect(e, dir);
    key = conn.prepareStatement(e.key());
    children = conn.prepareStatement(e.children());
    prefix = conn.prepareStatement(e.prefix());
    page = conn.prepareStatement(e.page());
    descendants = conn.prepareStatement(e.descendants());
    ancestorIds = conn.prepareStatement(e.ancestorIds());
    subtree = conn.prepareStatement(e.subtree());
    ancestors = conn.prepareStatement(e.ancestors());
    tree = conn.prepareStatement(e.tree());
    update = conn.prepareStatement(e.update());
    printPlans();
    check();
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    conn.close();
  }

  private SqlProbes.Probe next(SqlProbes.Probe[] of) {
    return of[call++ & MASK];
  }

  @Benchmark
  public int key(Blackhole bh) throws SQLException {
    SqlProbes.Probe p = next(probes.key);
    bindNode(key, p);
    return drain(key, keyCols, bh);
  }

  @Benchmark
  public int children(Blackhole bh) throws SQLException {
    SqlProbes.Probe p = next(probes.children);
    bindNode(children, p);
    return drain(children, childrenCols, bh);
  }

  @Benchmark
  public int pathPrefix(Blackhole bh) throws SQLException {
    bindPrefix(next(probes.prefix));
    return drain(prefix, prefixCols, bh);
  }

  @Benchmark
  public int page(Blackhole bh) throws SQLException {
    bindPage(next(probes.page));
    return drain(page, pageCols, bh);
  }

  @Benchmark
  public int descendants(Blackhole bh) throws SQLException {
    bindNode(descendants, next(probes.descendants));
    return drain(descendants, 1, bh);
  }

  @Benchmark
  public int ancestorIds(Blackhole bh) throws SQLException {
    bindNode(ancestorIds, next(probes.ancestorIds));
    return drain(ancestorIds, 1, bh);
  }

  @Benchmark
  public int subtreeFunction(Blackhole bh) throws SQLException {
    bindNode(subtree, next(probes.subtree));
    return drain(subtree, subtreeCols, bh);
  }

  @Benchmark
  public int ancestorsFunction(Blackhole bh) throws SQLException {
    bindNode(ancestors, next(probes.ancestors));
    return drain(ancestors, ancestorsCols, bh);
  }

  @Benchmark
  public int tree(Blackhole bh) throws SQLException {
    tree.setString(1, next(probes.tree).docId());
    return drain(tree, 1, bh);
  }

  /** Summaries for {@link #updateRewrite}, drawn once: a call costs the same in every engine. */
  private static final String[] REWRITES = new String[1 << 10];

  static {
    java.util.SplittableRandom r = new java.util.SplittableRandom(77);
    for (int i = 0; i < REWRITES.length; i++) {
      REWRITES[i] = SqlDocs.summary(r);
    }
  }

  /**
   * The summary replaced by another of 10–20 words: every word of it changes, as when summaries are
   * regenerated (the full-text index drops and adds the postings of each). {@link #update} is the
   * small edit: once every node was updated, it changes one word.
   */
  @Benchmark
  public int updateRewrite() throws SQLException {
    SqlProbes.Probe p = next(probes.update);
    // shifted by one each pass over the probes, so a node never gets the summary it already has
    update.setString(1, REWRITES[(call + call / SqlProbes.SIZE) & (REWRITES.length - 1)]);
    update.setString(2, p.docId());
    update.setString(3, p.nodeId());
    return update.executeUpdate();
  }

  @Benchmark
  public int update() throws SQLException {
    SqlProbes.Probe p = next(probes.update);
    // a new value every call, so no engine can skip the write as a no-op
    update.setString(1, "Revised summary " + call);
    update.setString(2, p.docId());
    update.setString(3, p.nodeId());
    return update.executeUpdate();
  }

  private static void bindNode(PreparedStatement ps, SqlProbes.Probe p) throws SQLException {
    ps.setString(1, p.docId());
    ps.setString(2, p.nodeId());
  }

  private void bindPrefix(SqlProbes.Probe p) throws SQLException {
    prefix.setString(1, p.docId());
    if (e == SqlEngine.TREESTORE) {
      prefix.setString(2, p.path() + "/%");
    } else {
      prefix.setString(2, p.path() + "/");
      prefix.setString(3, p.path() + "0"); // '0' is the character after '/'
    }
  }

  private void bindPage(SqlProbes.Probe p) throws SQLException {
    page.setString(1, p.docId());
    page.setInt(2, p.page());
    page.setInt(3, p.page());
  }

  /** Reads every column of every row, as an application mapping rows to objects would. */
  static int drain(PreparedStatement ps, int cols, Blackhole bh) throws SQLException {
    int rows = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        for (int c = 1; c <= cols; c++) {
          bh.consume(rs.getObject(c));
        }
        rows++;
      }
    }
    return rows;
  }

  private void printPlans() throws SQLException {
    SqlProbes.Probe n = probes.children[0];
    SqlProbes.Probe pg = probes.page[0];
    SqlProbes.Probe px = probes.prefix[0];
    Object[] prefixArgs = e == SqlEngine.TREESTORE ? new Object[] {px.docId(), px.path() + "/%"}
        : new Object[] {px.docId(), px.path() + "/", px.path() + "0"};
    Object[][] plans = {
        {"key", e.key(), new Object[] {n.docId(), n.nodeId()}},
        {"children", e.children(), new Object[] {n.docId(), n.nodeId()}},
        {"pathPrefix", e.prefix(), prefixArgs},
        {"page", e.page(), new Object[] {pg.docId(), pg.page(), pg.page()}},
        {"descendants", e.descendants(), new Object[] {n.docId(), n.nodeId()}},
        {"ancestorIds", e.ancestorIds(), new Object[] {n.docId(), n.nodeId()}},
        {"subtreeFunction", e.subtree(), new Object[] {n.docId(), n.nodeId()}},
        {"ancestorsFunction", e.ancestors(), new Object[] {n.docId(), n.nodeId()}},
        {"tree", e.tree(), new Object[] {n.docId()}}};
    for (Object[] q : plans) {
      System.out.println("# " + e + " " + q[0] + ": " + q[1]);
      try {
        System.out.print(SqlDatabases.plan(e, conn, (String) q[1], (Object[]) q[2]));
      } catch (SQLException ex) {
        System.out.println("#   (no plan: " + ex.getMessage() + ")");
      }
    }
  }

  /** Runs the first probes of every statement and compares the node ids with the generator's. */
  private void check() throws SQLException {
    for (int k = 0; k < CHECKED; k++) {
      final int i = k;
      keyCols = expect("key", key, probes.key[i], 2, () -> bindNode(key, probes.key[i]));
      childrenCols = expect("children", children, probes.children[i], 2, () -> bindNode(children, probes.children[i]));
      prefixCols = expect("pathPrefix", prefix, probes.prefix[i], 2, () -> bindPrefix(probes.prefix[i]));
      pageCols = expect("page", page, probes.page[i], 2, () -> bindPage(probes.page[i]));
      expect("descendants", descendants, probes.descendants[i], 1,
          () -> bindNode(descendants, probes.descendants[i]));
      expect("ancestorIds", ancestorIds, probes.ancestorIds[i], 1,
          () -> bindNode(ancestorIds, probes.ancestorIds[i]));
      subtreeCols = expect("subtreeFunction", subtree, probes.subtree[i], 2,
          () -> bindNode(subtree, probes.subtree[i]));
      ancestorsCols = expect("ancestorsFunction", ancestors, probes.ancestors[i], 2,
          () -> bindNode(ancestors, probes.ancestors[i]));
      SqlProbes.Probe t = probes.tree[i];
      tree.setString(1, t.docId());
      try (ResultSet rs = tree.executeQuery()) {
        SqlDocs.Doc doc = SqlDocs.doc(Integer.parseInt(t.docId().substring(4)));
        String json = rs.next() ? rs.getString(1) : null;
        if (json == null || !json.contains(doc.name) || !json.contains(doc.titles[doc.size - 1])
            || !json.contains(doc.texts[0])) {
          throw new IllegalStateException(e + " tree: wrong or missing JSON for " + t.docId() + ": " + json);
        }
      }
    }
    SqlProbes.Probe u = probes.update[0];
    String[] before = e.hasFullText() ? SearchSqlBenchmark.readText(conn, u.docId(), u.nodeId()) : null;
    update.setString(1, "Checked summary");
    update.setString(2, u.docId());
    update.setString(3, u.nodeId());
    int n = update.executeUpdate();
    if (n != 1) {
      throw new IllegalStateException(e + " update: " + n + " rows updated, expected 1");
    }
    if (e.hasFullText()) {
      checkIndexed(u, before);
    }
    System.out.println("# " + e + ": answers of the first " + CHECKED + " probes of every statement checked");
  }

  /**
   * After the update of node {@code u} to "Checked summary": the full-text index finds the node by
   * "checked", and no longer by a word of its old summary (before: title, summary, text) that its
   * title and text do not hold.
   */
  private void checkIndexed(SqlProbes.Probe u, String[] before) throws SQLException {
    if (!SearchSqlBenchmark.finds(e, conn, "checked", u.docId(), u.nodeId())) {
      throw new IllegalStateException(e + " update: the full-text index does not find " + u + " by its new summary");
    }
    java.util.Set<String> kept = SearchSqlBenchmark.words(before[0] + " " + before[2] + " checked summary");
    for (String w : SearchSqlBenchmark.words(before[1])) {
      if (!kept.contains(w) && SearchSqlBenchmark.unambiguous(w)) {
        if (SearchSqlBenchmark.finds(e, conn, w, u.docId(), u.nodeId())) {
          throw new IllegalStateException(e + " update: the full-text index still finds " + u + " by '" + w
              + "' of its old summary");
        }
        return;
      }
    }
  }

  private interface Bind {
    void run() throws SQLException;
  }

  /** Checks one probe; returns the result's column count. */
  private int expect(String name, PreparedStatement ps, SqlProbes.Probe p, int idColumn, Bind bind)
      throws SQLException {
    bind.run();
    List<String> got = new ArrayList<>();
    int cols;
    try (ResultSet rs = ps.executeQuery()) {
      cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        got.add(rs.getString(idColumn));
      }
    }
    if (!p.ordered()) {
      Collections.sort(got);
    }
    if (!got.equals(p.expected())) {
      throw new IllegalStateException(e + " " + name + ": wrong answer for " + p + "\n  expected " + p.expected()
          + "\n  got      " + got);
    }
    return cols;
  }
}
