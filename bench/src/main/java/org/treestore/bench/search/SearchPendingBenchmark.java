package org.treestore.bench.search;

import java.io.IOException;
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
 * What pending full-text segments cost a search: TreeStore's top-10 latency (the {@code Searcher}
 * API, as {@link SearchBenchmark}'s {@code treestore}) over the 100,000-node corpus plus
 * {@value #ADDED} more documents, each added in a transaction of its own, of which the last
 * {@code pending} are still pending segments (the others merged into the posting lists). Every
 * trial has the same corpus, so {@code pending=0} is the baseline of the same run.
 *
 * <p>Each trial works on a copy of the loaded database (in {@code java.io.tmpdir}, deleted after).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class SearchPendingBenchmark {
  /** Documents added after the load (~50 nodes each). */
  static final int ADDED = 64;
  private static final int MASK = SearchQueries.SIZE - 1;
  private static final int NODES = 100_000;

  /** Of the added documents, how many are still pending segments. */
  @Param({"0", "16", "64"})
  public int pending;

  /** Words per query. */
  @Param({"1", "3"})
  public int terms;

  private TreeStoreSearchEngine db;
  private SearchQueries queries;
  private int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    long cacheBytes = 2048L << 20;
    db = TreeStoreSearchEngine.openCopyOfLoaded(NODES, cacheBytes, "treestore-search-pending");
    int first = NODES / SearchCorpus.NODES_PER_DOC;
    db.addEach(first, ADDED - pending, true);
    int left = db.addEach(first + ADDED - pending, pending, false);
    if (left != pending) {
      throw new IllegalStateException(left + " pending segments, expected " + pending
          + " (a segment limit merged some: lower ADDED)");
    }
    queries = new SearchQueries(terms, Analyzer.builder().build());
    for (int i = 0; i < 128; i++) {
      db.top10(queries.queries[i]); // decodes the segments and builds their term maps once
    }
    System.out.printf("# %s, %d pending segments%n", db.describe(), left);
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close(); // deletes the copy
  }

  /** Mean time of one query. */
  @Benchmark
  public String[] latency() {
    return db.top10(queries.queries[next++ & MASK]);
  }
}
