package org.treestore.bench.search;

import java.io.IOException;
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
import org.treestore.engine.search.analysis.Analyzer;

/**
 * Searches interleaved with small edits, the workload where pending full-text segments cost a
 * search most: every edit (a node's summary replaced, in a transaction of its own) adds a segment,
 * so the next search overlays a set of segments no query has seen and combines each of its terms
 * across all of them again. {@code edit} is the edit alone, {@code editThenSearch} an edit and a
 * top-10 search (the {@code Searcher} API, as {@link SearchBenchmark}'s {@code treestore}); their
 * difference is what a search costs right after a write. Both include the merges the edits run
 * once the segment limit is reached. On the 100,000-node corpus of {@link SearchBenchmark}, each
 * trial on a copy of the loaded database (in {@code java.io.tmpdir}, deleted after), with every
 * segment merged at the start.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 3, time = 4)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class SearchAfterEditBenchmark {
  private static final int NODES = 100_000;
  private static final int MASK = SearchQueries.SIZE - 1;

  /** Words per query. */
  @Param({"3"})
  public int terms;

  private TreeStoreSearchEngine db;
  private SearchQueries queries;
  private final SplittableRandom rnd = new SplittableRandom(42);
  private int next;

  @Setup(Level.Trial)
  public void open() throws IOException {
    long cacheBytes = 2048L << 20;
    db = TreeStoreSearchEngine.openCopyOfLoaded(NODES, cacheBytes, "treestore-search-edit");
    db.mergeAll();
    queries = new SearchQueries(terms, Analyzer.builder().build());
    System.out.printf("# %s%n", db.describe());
  }

  @TearDown(Level.Trial)
  public void close() {
    db.close(); // deletes the copy
  }

  private void editOne() {
    int doc = rnd.nextInt(NODES / SearchCorpus.NODES_PER_DOC);
    int node = rnd.nextInt(SearchCorpus.NODES_PER_DOC);
    db.editSummary(SearchCorpus.docId(doc), String.format("%04d", node), SearchCorpus.words(rnd, 20));
  }

  /** Mean time of one edit. */
  @Benchmark
  public void edit() {
    editOne();
  }

  /** Mean time of one edit followed by one search. */
  @Benchmark
  public String[] editThenSearch() {
    editOne();
    return db.top10(queries.queries[next++ & MASK]);
  }
}
