package org.treestore.bench.search;

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
import org.treestore.engine.search.analysis.Analyzer;

/**
 * Full-text search (issue 6): the best 10 nodes for queries of 1, 2 or 3 words over a generated
 * corpus ({@link SearchCorpus}) of 100,000 or 1,000,000 nodes, TreeStore side by side with Lucene
 * and SQLite FTS5 ({@link SearchEngine}), one benchmark thread. The queries ({@link SearchQueries})
 * are the same for every engine and cycled; {@code throughput} reports queries/s, {@code latency}
 * the mean time of one query.
 *
 * <p>The databases are loaded once and kept ({@link SearchDatabases}). Before timing, the trial
 * runs the first 128 queries (checking each finds something) and compares their top-10 sets with
 * another engine's where that database is loaded: TreeStore
 * against Lucene must agree (mean overlap at least 0.9; the engine test {@code LuceneAgreementTest}
 * demands 0.95 over its own queries), SQLite's differing tokenizer and BM25 are only reported.
 */
@State(Scope.Thread)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class SearchBenchmark {
  private static final int MASK = SearchQueries.SIZE - 1;
  /** Queries run before timing (FTS5 needs about a second per ten queries at 1M nodes). */
  private static final int CHECKED = 128;

  @Param({SearchDatabases.TREESTORE, SearchDatabases.TREESTORE_QUERY, SearchDatabases.LUCENE, SearchDatabases.SQLITE})
  public String engine;

  /** Words per query. */
  @Param({"1", "2", "3"})
  public int terms;

  /** Nodes in the corpus. */
  @Param({"100000", "1000000"})
  public int nodes;

  /** TreeStore's buffer pool and SQLite's page cache, MiB (Lucene relies on the OS page cache). */
  @Param({"2048"})
  public int cacheMb;

  private SearchEngine db;
  private SearchQueries queries;
  private int next;

  @Setup(Level.Trial)
  public void open() {
    long cacheBytes = (long) cacheMb << 20;
    db = SearchDatabases.open(engine, nodes, cacheBytes);
    queries = new SearchQueries(terms, Analyzer.builder().build());
    long t0 = System.nanoTime();
    int empty = 0;
    long hits = 0;
    for (int i = 0; i < CHECKED; i++) {
      String[] top = db.top10(queries.queries[i]);
      empty += top.length == 0 ? 1 : 0;
      hits += top.length;
    }
    System.out.printf("# %s: %d queries of %d word(s) in %.1f s, %.2f hits per query, %d without hits%n",
        db.describe(), CHECKED, terms, (System.nanoTime() - t0) / 1e9, (double) hits / CHECKED,
        empty);
    if (empty > 0) {
      throw new IllegalStateException(empty + " queries found nothing: every query word occurs in the corpus");
    }
    String other = engine.equals(SearchDatabases.LUCENE) ? SearchDatabases.TREESTORE : SearchDatabases.LUCENE;
    double overlap = SearchDatabases.overlap(db, other, nodes, cacheBytes, queries, CHECKED);
    System.out.printf("# top-10 overlap with %s over %d queries: %.3f%n", other, CHECKED, overlap);
    if (!engine.equals(SearchDatabases.SQLITE) && overlap < 0.9) {
      throw new IllegalStateException("TreeStore and Lucene disagree: mean overlap@10 " + overlap);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    if (db != null) {
      System.out.printf("%n# after %,d queries: %s%n", next, db.describe());
      db.close();
      db = null;
    }
  }

  /** Queries per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public String[] throughput() {
    return db.top10(queries.queries[next++ & MASK]);
  }

  /** Mean time of one query. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public String[] latency() {
    return db.top10(queries.queries[next++ & MASK]);
  }
}
