package org.treestore.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class list of {@link ClassPreloader}: made from what a first query in a fresh JVM loads
 * ({@link FirstQueryProbe} in a child JVM with {@code -Xlog:class+load}), and checked against it,
 * so that it is noticed when the list has gone stale (a Calcite upgrade, a new code path). Run with
 * {@code -Dtreestore.preload.regenerate=true} to rewrite
 * {@code src/main/resources/org/treestore/sql/jdbc/first-query-classes.txt}.
 *
 * <p>Also: the preload thread is a daemon, prints nothing, and a JVM whose main method returns
 * while it may still be loading exits.
 */
class FirstQueryClassesTest {
  private static final Path SOURCE = Path.of("src/main/resources/org/treestore/sql/jdbc", ClassPreloader.LIST);

  private static final String DOC = """
      {"doc_name": "Probe", "structure": [
        {"title": "A", "node_id": "0000", "start_index": 1, "end_index": 1, "text": "a", "nodes": [
          {"title": "B", "node_id": "0001", "start_index": 1, "end_index": 1, "text": "b"},
          {"title": "C", "node_id": "0002", "start_index": 1, "end_index": 1, "text": "c"}]},
        {"title": "Probed", "node_id": "0003", "start_index": 2, "end_index": 2, "text": "d"}]}
      """;

  @TempDir
  Path dir;

  @Test
  void theListHoldsWhatAFirstQueryLoads() throws Exception {
    Path db = database();
    Path log = dir.resolve("classes.log");
    Run run = probe(List.of("-Xlog:class+load=info:file=" + log, "-Dtreestore.preload=false"), db);
    assertEquals(List.of("Probed"), run.out, run::toString);
    List<String> loaded = firstQueryClasses(Files.readAllLines(log));
    assertTrue(loaded.size() > 1000, "the log shows a first query: " + loaded.size() + " classes");
    if (Boolean.getBoolean("treestore.preload.regenerate")) {
      List<String> text = new ArrayList<>();
      text.add("# Classes a connection and its first key lookup load, in order (FirstQueryClassesTest).");
      text.add("# Regenerate: mvn -pl sql -am verify -Dtest=FirstQueryClassesTest "
          + "-Dsurefire.failIfNoSpecifiedTests=false -Dtreestore.preload.regenerate=true");
      text.addAll(loaded);
      Files.write(SOURCE, text, StandardCharsets.UTF_8);
      return;
    }
    List<String> listed = list();
    Set<String> inList = new HashSet<>(listed);
    Set<String> wasLoaded = new HashSet<>(loaded);
    // Only the application's classes count: which JDK classes load differs between JDK builds.
    List<String> missing = loaded.stream().filter(n -> !jdk(n) && !inList.contains(n)).toList();
    List<String> unused = listed.stream().filter(n -> !jdk(n) && !wasLoaded.contains(n)).toList();
    long app = loaded.stream().filter(n -> !jdk(n)).count();
    long appListed = listed.stream().filter(n -> !jdk(n)).count();
    String regenerate = ": regenerate the list (see FirstQueryClassesTest)";
    assertTrue(missing.size() <= app / 10, missing.size() + " of " + app + " classes are not in the list, e.g. "
        + missing.subList(0, Math.min(10, missing.size())) + regenerate);
    assertTrue(unused.size() <= appListed / 5, unused.size() + " of " + appListed + " listed classes are not loaded"
        + " any more, e.g. " + unused.subList(0, Math.min(10, unused.size())) + regenerate);
  }

  @Test
  void everyListedClassLoadsWithoutRunningItsInitializer() throws Exception {
    ClassLoader loader = ClassPreloader.class.getClassLoader();
    List<String> failed = new ArrayList<>();
    for (String name : list()) {
      try {
        Class.forName(ClassPreloader.relocated(name, ClassPreloader.relocationPrefix()), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        failed.add(name);
      }
    }
    assertTrue(failed.size() <= 5, "not loadable: " + failed);
    assertEquals("", ClassPreloader.relocationPrefix());
    assertEquals("org.treestore.shaded.com.google.common.collect.ImmutableList",
        ClassPreloader.relocated("com.google.common.collect.ImmutableList", "org.treestore.shaded."));
    assertEquals("java.util.List", ClassPreloader.relocated("java.util.List", "org.treestore.shaded."));
    assertEquals("org.treestore.sql.SqlSession", ClassPreloader.relocated("org.treestore.sql.SqlSession",
        "org.treestore.shaded."));
  }

  @Test
  void thePreloadThreadIsADaemonThatPrintsNothing() throws Exception {
    Path db = database();
    int seen = 0;
    for (int i = 0; i < 3; i++) {
      // main returns right after connect, while the thread is (almost always) still loading
      Run run = probe(List.of(), db, "daemon");
      assertTrue(run.out.equals(List.of("preload daemon=true")) || run.out.equals(List.of("preload done")),
          run::toString);
      seen += run.out.get(0).equals("preload done") ? 0 : 1;
      assertEquals(List.of(), run.err, run::toString);
    }
    assertTrue(seen > 0, "the preload thread was running in at least one probe");
    Run query = probe(List.of(), db);
    assertEquals(List.of("Probed"), query.out, query::toString);
    assertEquals(List.of(), query.err, query::toString);
  }

  /** A database with one document, closed again (the probe opens it as an existing database). */
  private Path database() throws SQLException {
    Path db = dir.resolve("probe.treestore");
    try (Connection c = DriverManager.getConnection("jdbc:treestore:" + db);
        PreparedStatement ps = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      ps.setString(1, "probe");
      ps.setString(2, DOC);
      assertEquals(1, ps.executeUpdate());
    }
    return db;
  }

  private record Run(int exit, List<String> out, List<String> err) {}

  /** Runs {@link FirstQueryProbe} in a fresh JVM with this test's class path; it must exit by itself. */
  private Run probe(List<String> jvmArgs, Path db, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add(FirstQueryProbe.class.getName());
    cmd.add(db.toString());
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the probe JVM did not exit: " + Files.readString(out) + Files.readString(err));
    }
    // SLF4J (Calcite's logging) warns on its first use when no binding is on the class path.
    List<String> errors = Files.readAllLines(err).stream().filter(l -> !l.startsWith("SLF4J:")).toList();
    Run run = new Run(p.exitValue(), Files.readAllLines(out), errors);
    assertEquals(0, run.exit, run::toString);
    return run;
  }

  /**
   * The classes loaded from the class path or the JDK's modules between the probe's two markers,
   * in order, without those spun at run time (lambdas, proxies), which cannot be loaded by name.
   */
  static List<String> firstQueryClasses(List<String> log) {
    Set<String> names = new LinkedHashSet<>();
    boolean in = false;
    for (String line : log) {
      // [info][class,load] java.lang.Object source: shared objects file
      int at = line.indexOf("[class,load] ");
      if (at < 0) {
        continue;
      }
      String[] f = line.substring(at + "[class,load] ".length()).split(" ");
      String name = f[0];
      if (name.equals(FirstQueryProbe.Start.class.getName())) {
        in = true;
      } else if (name.equals(FirstQueryProbe.End.class.getName())) {
        break;
      } else if (in && f.length >= 3 && f[1].equals("source:") && (f[2].startsWith("file:") || f[2].startsWith("jrt:"))
          && !name.startsWith(FirstQueryProbe.class.getName())) {
        names.add(name);
      }
    }
    return new ArrayList<>(names);
  }

  private static boolean jdk(String name) {
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.startsWith("com.sun.");
  }

  private static List<String> list() throws IOException {
    try (InputStream in = ClassPreloader.class.getResourceAsStream(ClassPreloader.LIST)) {
      assertNotNull(in, ClassPreloader.LIST + " is on the class path");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isEmpty()
          && !l.startsWith("#")).toList();
    }
  }
}
