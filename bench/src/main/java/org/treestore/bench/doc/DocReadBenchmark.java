package org.treestore.bench.doc;

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

/**
 * Document reads (issue 5): get, children, subtree, ancestors, nodes at page and path prefix, each
 * one autocommit read (a read-only transaction in TreeStore), on 1,000 and 100,000 generated
 * documents of about 52 nodes ({@link DocGenerator}): TreeStore ({@link TreeStoreDocEngine}) side by
 * side with SQLite and H2 ({@link SqlDocEngine}), all three with a 256 MiB cache. The arguments come
 * from {@link DocProbes}, the same for every engine; before timing, the trial checks the first 200
 * answers of every operation against the generator, field by field.
 *
 * <p>The databases are loaded once and kept ({@link DocDatabases}); each trial opens one, so its
 * caches start cold and the warm-up iterations fill them. One benchmark thread. Score: average
 * time per call in µs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class DocReadBenchmark {
  private static final int MASK = DocProbes.SIZE - 1;

  /** The engine under test. */
  @Param({DocDatabases.TREESTORE, DocDatabases.SQLITE, DocDatabases.H2})
  public String engine;

  /** Documents in the database. */
  @Param({"1000", "100000"})
  public int docs;

  /**
   * Probes only this many documents, spread evenly over the database (0: all documents). With
   * {@code docs=100000 probeDocs=1000} the working set is that of the 1,000-document database.
   */
  @Param({"0"})
  public int probeDocs;

  /** Cache budget of every engine, MiB. */
  @Param({"256"})
  public int cacheMb;

  private DocEngine db;
  private DocProbes probes;
  private int next;

  /** Opens (loading if needed) the database, draws the probes and checks the answers. */
  @Setup(Level.Trial)
  public void open() {
    db = DocDatabases.open(engine, docs, cacheMb * 1024L * 1024L);
    probes = new DocProbes(docs, probeDocs);
    if (db instanceof SqlDocEngine) {
      DocProbes.Probe p = probes.get[0];
      System.out.print(((SqlDocEngine) db).plans(p.docId(), p.arg(), probes.atPage[0].page(), probes.prefix[0].arg()));
    }
    long t0 = System.nanoTime();
    probes.check(db);
    System.out.printf("# %s: %d answers of each operation checked in %.1f s%n", db.describe(), DocProbes.CHECKED,
        (System.nanoTime() - t0) / 1e9);
  }

  /** Reports the calls made (and TreeStore's pool hits and misses), then closes the database. */
  @TearDown(Level.Trial)
  public void close() {
    if (db != null) {
      System.out.printf("%n# after %,d calls: %s%n", next, db.describe());
      db.close();
      db = null;
    }
  }

  /** One node by (doc_id, node_id). */
  @Benchmark
  public Object get() {
    DocProbes.Probe p = probes.get[next++ & MASK];
    return db.node(p.docId(), p.arg());
  }

  /** The children of an inner node, by ordinal. */
  @Benchmark
  public List<?> children() {
    DocProbes.Probe p = probes.children[next++ & MASK];
    return db.children(p.docId(), p.arg());
  }

  /** A chapter and its descendants, pre-order. */
  @Benchmark
  public List<?> subtree() {
    DocProbes.Probe p = probes.subtree[next++ & MASK];
    return db.subtree(p.docId(), p.arg());
  }

  /** The path from the top-level node down to a leaf. */
  @Benchmark
  public List<?> ancestors() {
    DocProbes.Probe p = probes.ancestors[next++ & MASK];
    return db.ancestors(p.docId(), p.arg());
  }

  /** The nodes whose page range holds a page. */
  @Benchmark
  public List<?> nodesAtPage() {
    DocProbes.Probe p = probes.atPage[next++ & MASK];
    return db.nodesAtPage(p.docId(), p.page());
  }

  /** The nodes under a chapter's path. */
  @Benchmark
  public List<?> pathPrefix() {
    DocProbes.Probe p = probes.prefix[next++ & MASK];
    return db.pathPrefix(p.docId(), p.arg());
  }
}
