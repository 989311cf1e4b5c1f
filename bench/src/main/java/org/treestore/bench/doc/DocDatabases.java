package org.treestore.bench.doc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the loaded databases live, and loading them once. Loading 100,000 documents into three
 * engines takes many minutes, so each database is kept in {@code <root>/<engine>-<docs>/} and reused
 * by later forks and runs. A marker file written after a complete load names what was loaded; a
 * directory without it (an interrupted load) or with another marker (other generator or schema) is
 * deleted and loaded again. The root is the system property {@code treestore.docbench.dir}, by
 * default {@code treestore-docbench} under {@code java.io.tmpdir}; pass it to the forks with
 * {@code -jvmArgsAppend -Dtreestore.docbench.dir=...}.
 */
final class DocDatabases {
  static final String TREESTORE = "treestore";
  static final String SQLITE = "sqlite";
  static final String H2 = "h2";
  /** Changes whenever an engine's stored layout or settings at load change. */
  private static final int SCHEMA = 2;
  private static final String MARKER = "loaded.txt";

  private DocDatabases() {}

  /** The directory that holds every engine's database. */
  static Path root() {
    String dir = System.getProperty("treestore.docbench.dir");
    return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "treestore-docbench");
  }

  /** Opens the database of {@code engine} with {@code docs} documents, loading it first if needed. */
  static DocEngine open(String engine, int docs, long cacheBytes) {
    Path dir = root().resolve(engine + "-" + docs);
    String key = "engine=" + engine + " docs=" + docs + " generator=" + DocGenerator.VERSION + " schema=" + SCHEMA;
    Path marker = dir.resolve(MARKER);
    try {
      if (!Files.exists(marker) || !firstLine(marker).equals(key)) {
        deleteTree(dir);
        Files.createDirectories(dir);
        System.out.println("# loading " + key + " into " + dir);
        long t0 = System.nanoTime();
        load(engine, dir, docs, cacheBytes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String info = String.format("load %.1f s, %,d bytes", seconds, bytes(dir));
        Files.writeString(marker, key + "\n" + info + "\n", StandardCharsets.UTF_8);
        System.out.println("# loaded: " + info);
      } else {
        System.out.println("# reusing " + dir + " (" + Files.readAllLines(marker).get(1) + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
    switch (engine) {
      case TREESTORE:
        return TreeStoreDocEngine.open(dir, cacheBytes);
      case SQLITE:
        return SqlDocEngine.open(SqlDocEngine.Dialect.SQLITE, dir, cacheBytes);
      case H2:
        return SqlDocEngine.open(SqlDocEngine.Dialect.H2, dir, cacheBytes);
      default:
        throw new IllegalArgumentException("unknown engine " + engine);
    }
  }

  private static void load(String engine, Path dir, int docs, long cacheBytes) {
    switch (engine) {
      case TREESTORE:
        TreeStoreDocEngine.load(dir, docs, cacheBytes);
        break;
      case SQLITE:
        SqlDocEngine.load(SqlDocEngine.Dialect.SQLITE, dir, docs, cacheBytes);
        break;
      case H2:
        SqlDocEngine.load(SqlDocEngine.Dialect.H2, dir, docs, cacheBytes);
        break;
      default:
        throw new IllegalArgumentException("unknown engine " + engine);
    }
  }

  private static String firstLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return lines.isEmpty() ? "" : lines.get(0);
  }

  /** Bytes in the files of {@code dir} (the database and whatever log files it keeps). */
  static long bytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
