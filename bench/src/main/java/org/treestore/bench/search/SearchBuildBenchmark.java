package org.treestore.bench.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * Index build (issue 6): {@value #NODES} generated nodes (1,000 documents) into an empty database,
 * in batches of 100 documents, analysis included, ending durable (TreeStore: one transaction per
 * batch and a clean close; Lucene: a commit, no merge forced; SQLite: one transaction per batch).
 * The documents are generated before timing. Single shot per iteration, a fresh directory each;
 * the score is µs per node, so nodes/s = 1e6 / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class SearchBuildBenchmark {
  static final int NODES = 50_000;

  @Param({SearchDatabases.TREESTORE, SearchDatabases.LUCENE, SearchDatabases.SQLITE})
  public String engine;

  /** TreeStore's buffer pool and SQLite's page cache, MiB. */
  @Param({"1024"})
  public int cacheMb;

  private List<PageIndexDocument> docs;
  private Path dir;

  @Setup(Level.Trial)
  public void generate() {
    docs = new ArrayList<>();
    for (int d = 0; d < NODES / SearchCorpus.NODES_PER_DOC; d++) {
      docs.add(SearchCorpus.document(d));
    }
  }

  @Setup(Level.Iteration)
  public void emptyDirectory() throws IOException {
    Files.createDirectories(SearchDatabases.root());
    dir = Files.createTempDirectory(SearchDatabases.root(), "build-" + engine + "-");
  }

  @TearDown(Level.Iteration)
  public void delete() throws IOException {
    System.out.printf("%n# %s: %,d bytes for %,d nodes%n", engine, SearchDatabases.bytes(dir), NODES);
    SearchDatabases.deleteTree(dir);
  }

  /** Builds the index of {@value #NODES} nodes; returns the seconds spent in the engine. */
  @Benchmark
  @OperationsPerInvocation(NODES)
  public double build() {
    return SearchDatabases.load(engine, dir, NODES, (long) cacheMb << 20, false, docs);
  }
}
