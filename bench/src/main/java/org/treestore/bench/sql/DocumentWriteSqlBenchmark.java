package org.treestore.bench.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

/**
 * The two whole-document writes of the SQL contract, one call storing a document of about 52
 * nodes and then removing it, each in a transaction of its own (durability NORMAL or its
 * equivalent), on the loaded database of {@link PreparedSqlBenchmark}:
 *
 * <ul>
 *   <li>TreeStore: {@code INSERT INTO documents (doc_id, tree) VALUES (?, ?)} with the PageIndex
 *       JSON (the store parses it, derives depth, path and span_end, writes the node, parent,
 *       path and page indexes and the full-text postings), then
 *       {@code DELETE FROM documents WHERE doc_id = ?} (the nodes, indexes and postings go with it);
 *   <li>H2 and SQLite: the document row with the same JSON text and the 52 node rows, whose depth,
 *       path and span_end the generator computed, in one batch, committed; then
 *       {@code DELETE FROM nodes WHERE doc_id = ?} and {@code DELETE FROM documents WHERE doc_id = ?},
 *       committed. Their secondary indexes are kept; the plain peers ({@code h2}, {@code sqlite})
 *       have no full-text index;
 *   <li>{@code h2_fts} and {@code sqlite_fts} (not in the default list: {@code -p
 *       engine=h2_fts,sqlite_fts}): the same statements, and each engine's triggers also add the 52
 *       nodes' words to its full-text index and remove them, in the same transactions ({@link
 *       SqlDatabases#PEER_FULLTEXT_H2}, {@link SqlDatabases#PEER_FULLTEXT_SQLITE}), as TreeStore
 *       does.
 * </ul>
 *
 * The documents come from the same generator as the loaded ones, with ids past them, so every
 * call stores a document that is not there. The check before timing counts the stored nodes and,
 * where there is a full-text index, asks it for the first node by a word of its text, after the
 * insert and after the delete. Score: average time of one insert plus one delete. The warm-up is
 * that of the read benchmarks, 8 x 2 s: after 3 x 3 s both TreeStore and H2 were still getting
 * faster in the measured iterations (seventh session).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class DocumentWriteSqlBenchmark {
  @Param({"1000"})
  public int docs;

  @Param({"treestore", "h2", "sqlite"})
  public String engine;

  private static final int POOL = 16;

  private SqlEngine e;
  private Connection conn;
  private final SqlDocs.Doc[] pool = new SqlDocs.Doc[POOL];
  private final String[] json = new String[POOL];
  private PreparedStatement insert;
  private PreparedStatement delete;
  private PreparedStatement peerNode;
  private PreparedStatement peerDeleteNodes;
  private int call;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    e = SqlEngine.of(engine);
    Path dir = SqlDatabases.ensureLoaded(e, docs);
    conn = SqlDatabases.connect(e, dir);
    for (int i = 0; i < POOL; i++) {
      pool[i] = SqlDocs.doc(docs + i);
      json[i] = pool[i].json();
    }
    if (e == SqlEngine.TREESTORE) {
      insert = conn.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)");
      delete = conn.prepareStatement("DELETE FROM documents WHERE doc_id = ?");
    } else {
      insert = conn.prepareStatement(SqlDatabases.PEER_INSERT_DOCUMENT);
      peerNode = conn.prepareStatement(SqlDatabases.PEER_INSERT_NODE);
      peerDeleteNodes = conn.prepareStatement("DELETE FROM nodes WHERE doc_id = ?");
      delete = conn.prepareStatement("DELETE FROM documents WHERE doc_id = ?");
    }
    // a document left by an interrupted run would make the first insert fail
    for (int i = 0; i < POOL; i++) {
      remove(i);
    }
    // check once: the inserted document's nodes are all there, and gone after the delete
    SqlDocs.Doc d = pool[0];
    String word = SearchSqlBenchmark.words(d.texts[0]).iterator().next();
    store(0);
    int nodes = count(d.docId);
    if (nodes != d.size) {
      throw new IllegalStateException(e + ": " + nodes + " nodes stored of " + d.size);
    }
    if (e.hasFullText() && !SearchSqlBenchmark.finds(e, conn, word, d.docId, d.ids[0])) {
      throw new IllegalStateException(e + ": the full-text index does not find the stored node by '" + word + "'");
    }
    remove(0);
    if (count(d.docId) != 0) {
      throw new IllegalStateException(e + ": nodes left after the delete");
    }
    if (e.hasFullText() && SearchSqlBenchmark.finds(e, conn, word, d.docId, d.ids[0])) {
      throw new IllegalStateException(e + ": the full-text index still finds the deleted node by '" + word + "'");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    conn.close();
  }

  @Benchmark
  public int insertDelete() throws SQLException {
    int i = call++ & (POOL - 1);
    store(i);
    return remove(i);
  }

  private void store(int i) throws SQLException {
    SqlDocs.Doc d = pool[i];
    if (e == SqlEngine.TREESTORE) {
      insert.setString(1, d.docId);
      insert.setString(2, json[i]);
      insert.executeUpdate();
      return;
    }
    conn.setAutoCommit(false);
    SqlDatabases.insertPeer(insert, peerNode, d, json[i]);
    conn.commit();
    conn.setAutoCommit(true);
  }

  private int remove(int i) throws SQLException {
    SqlDocs.Doc d = pool[i];
    if (e == SqlEngine.TREESTORE) {
      delete.setString(1, d.docId);
      return delete.executeUpdate();
    }
    conn.setAutoCommit(false);
    peerDeleteNodes.setString(1, d.docId);
    int n = peerDeleteNodes.executeUpdate();
    delete.setString(1, d.docId);
    n += delete.executeUpdate();
    conn.commit();
    conn.setAutoCommit(true);
    return n;
  }

  private int count(String docId) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM nodes WHERE doc_id = ?")) {
      ps.setString(1, docId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
