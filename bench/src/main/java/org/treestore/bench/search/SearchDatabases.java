package org.treestore.bench.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * Where the search databases live, and loading them once. Loading a million nodes takes minutes
 * per engine, so each database is kept in {@code <root>/<engine>-<nodes>/} and reused by later
 * forks and runs; a marker file written after a complete load names what was loaded, and a
 * directory without it (an interrupted load) or with another marker is deleted and loaded again.
 * The root is the system property {@code treestore.searchbench.dir}, by default
 * {@code treestore-searchbench} under {@code java.io.tmpdir}; give it to the forks with
 * {@code -jvmArgsAppend -Dtreestore.searchbench.dir=...}.
 *
 * <p>{@link #main} loads databases ahead of a JMH run and prints each engine's build rate:
 * {@code java -Dtreestore.searchbench.dir=DIR -cp benchmarks.jar org.treestore.bench.search.SearchDatabases
 * 1000000 treestore lucene sqlite}.
 */
final class SearchDatabases {
  static final String TREESTORE = "treestore";
  /** TreeStore through the query API; the same database as {@link #TREESTORE}. */
  static final String TREESTORE_QUERY = "treestore-query";
  static final String LUCENE = "lucene";
  static final String SQLITE = "sqlite";
  /** Documents per load batch (one transaction in TreeStore and SQLite): 5,000 nodes. */
  static final int BATCH = 100;
  /** Changes whenever an engine's stored layout or load settings change. */
  private static final int SCHEMA = 1;
  private static final String MARKER = "loaded.txt";

  private SearchDatabases() {}

  static Path root() {
    String dir = System.getProperty("treestore.searchbench.dir");
    return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "treestore-searchbench");
  }

  private static String storage(String engine) {
    return engine.equals(TREESTORE_QUERY) ? TREESTORE : engine;
  }

  /** Whether the database of {@code engine} with {@code nodes} nodes is loaded. */
  static boolean loaded(String engine, int nodes) {
    Path marker = root().resolve(storage(engine) + "-" + nodes).resolve(MARKER);
    try {
      return Files.exists(marker) && firstLine(marker).equals(key(engine, nodes));
    } catch (IOException e) {
      return false;
    }
  }

  private static String key(String engine, int nodes) {
    return "engine=" + storage(engine) + " nodes=" + nodes + " corpus=" + SearchCorpus.VERSION + " schema=" + SCHEMA;
  }

  /** Opens the database of {@code engine} with {@code nodes} nodes, loading it first if needed. */
  static SearchEngine open(String engine, int nodes, long cacheBytes) {
    Path dir = root().resolve(storage(engine) + "-" + nodes);
    try {
      if (!loaded(engine, nodes)) {
        deleteTree(dir);
        Files.createDirectories(dir);
        System.out.println("# loading " + key(engine, nodes) + " into " + dir);
        double seconds = load(engine, dir, nodes, cacheBytes, true, null);
        String info = String.format("load %.1f s, %,.0f nodes/s, %,d bytes", seconds, nodes / seconds, bytes(dir));
        Files.writeString(dir.resolve(MARKER), key(engine, nodes) + "\n" + info + "\n", StandardCharsets.UTF_8);
        System.out.println("# loaded: " + info);
      } else {
        System.out.println("# reusing " + dir + " (" + Files.readAllLines(dir.resolve(MARKER)).get(1) + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
    switch (engine) {
      case TREESTORE:
        return TreeStoreSearchEngine.open(dir, cacheBytes, false);
      case TREESTORE_QUERY:
        return TreeStoreSearchEngine.open(dir, cacheBytes, true);
      case LUCENE:
        return LuceneSearchEngine.open(dir);
      case SQLITE:
        return SqliteSearchEngine.open(dir, cacheBytes);
      default:
        throw new IllegalArgumentException("unknown engine " + engine);
    }
  }

  static SearchEngine.Loader loader(String engine, Path dir, long cacheBytes) {
    switch (storage(engine)) {
      case TREESTORE:
        return TreeStoreSearchEngine.loader(dir, cacheBytes);
      case LUCENE:
        return LuceneSearchEngine.loader(dir);
      case SQLITE:
        return SqliteSearchEngine.loader(dir, cacheBytes);
      default:
        throw new IllegalArgumentException("unknown engine " + engine);
    }
  }

  /**
   * Loads documents {@code 0 .. nodes/50 - 1} into {@code dir}; the seconds spent in the engine
   * (loader calls, finish and close; generating the documents is not counted). {@code docs}, if
   * given, are the documents already generated.
   */
  static double load(String engine, Path dir, int nodes, long cacheBytes, boolean optimize,
      List<PageIndexDocument> docs) {
    int count = nodes / SearchCorpus.NODES_PER_DOC;
    long spent = 0;
    long t0 = System.nanoTime();
    SearchEngine.Loader loader = loader(engine, dir, cacheBytes);
    spent += System.nanoTime() - t0;
    int reported = 0;
    for (int from = 0; from < count; from += BATCH) {
      List<PageIndexDocument> batch = new ArrayList<>(BATCH);
      for (int d = from; d < Math.min(count, from + BATCH); d++) {
        batch.add(docs != null ? docs.get(d) : SearchCorpus.document(d));
      }
      long t = System.nanoTime();
      loader.add(from, batch);
      spent += System.nanoTime() - t;
      int done = (from + batch.size()) * 10 / count;
      if (docs == null && done > reported) {
        reported = done;
        System.out.printf("#   %s: %,d nodes, %.0f s in the engine, %,.0f nodes/s%n", engine,
            (from + batch.size()) * SearchCorpus.NODES_PER_DOC, spent / 1e9,
            (from + batch.size()) * SearchCorpus.NODES_PER_DOC / (spent / 1e9));
      }
    }
    long t = System.nanoTime();
    loader.finish(optimize);
    loader.close();
    spent += System.nanoTime() - t;
    return spent / 1e9;
  }

  /**
   * Mean overlap of the top-10 node sets of {@code db} and of the database of {@code other} (if
   * loaded; else NaN) over the first {@code n} queries: overlap = common / max(both counts).
   */
  static double overlap(SearchEngine db, String other, int nodes, long cacheBytes, SearchQueries queries, int n) {
    if (!loaded(other, nodes)) {
      return Double.NaN;
    }
    double sum = 0;
    try (SearchEngine ref = open(other, nodes, cacheBytes)) {
      for (int i = 0; i < n; i++) {
        String[] a = db.top10(queries.queries[i]);
        String[] b = ref.top10(queries.queries[i]);
        Set<String> common = new HashSet<>(List.of(a));
        common.retainAll(List.of(b));
        int denominator = Math.max(a.length, b.length);
        sum += denominator == 0 ? 1 : (double) common.size() / denominator;
      }
    }
    return sum / n;
  }

  private static String firstLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return lines.isEmpty() ? "" : lines.get(0);
  }

  static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  /** Loads databases ahead of a run: {@code nodes engine...} (default all three engines). */
  public static void main(String[] args) {
    int nodes = Integer.parseInt(args[0]);
    List<String> engines = args.length > 1 ? List.of(args).subList(1, args.length) : List.of(TREESTORE, LUCENE, SQLITE);
    long cacheBytes = Long.getLong("treestore.searchbench.cacheMb", 1024) << 20;
    for (String e : engines) {
      open(e, nodes, cacheBytes).close();
    }
  }
}
