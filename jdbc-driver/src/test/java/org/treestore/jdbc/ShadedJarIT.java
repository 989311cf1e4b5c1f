package org.treestore.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained driver jar works alone: loaded in a fresh class loader whose parent is the
 * platform loader (so nothing of this build's class path is visible), its driver is found through
 * {@code META-INF/services/java.sql.Driver}, connects, stores a document and answers queries, and
 * every class in the jar is TreeStore's own or relocated under {@code org.treestore.shaded}.
 */
class ShadedJarIT {
  @TempDir Path dir;

  private static Path jar() {
    Path jar = Path.of(System.getProperty("treestore.jdbc.jar", "target/treestore-jdbc.jar"));
    assertTrue(Files.isRegularFile(jar), "the shaded jar is missing: " + jar + " (run mvn package)");
    return jar;
  }

  @Test
  void everyClassIsTreeStoresOrRelocated() throws Exception {
    List<String> stray = new ArrayList<>();
    try (JarFile jf = new JarFile(jar().toFile())) {
      jf.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
          .filter(n -> !n.startsWith("org/treestore/")).forEach(stray::add);
    }
    assertTrue(stray.isEmpty(), "classes outside org/treestore/: " + stray.subList(0, Math.min(20, stray.size())));
  }

  /**
   * The driver's preload thread (which loads the classes of a first query early, by name) finds
   * Calcite's and the other dependencies' classes under their relocated names.
   */
  @Test
  void thePreloadThreadFindsTheRelocatedClasses() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> preloader = Class.forName("org.treestore.sql.jdbc.ClassPreloader", true, loader);
      long listed;
      try (var in = preloader.getResourceAsStream("first-query-classes.txt")) {
        listed = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).count();
      }
      Driver driver = (Driver) Class.forName("org.treestore.sql.jdbc.TreeStoreDriver", true, loader)
          .getDeclaredConstructor().newInstance();
      java.lang.reflect.Method loaded = preloader.getDeclaredMethod("loaded");
      loaded.setAccessible(true);
      try (Connection c = driver.connect("jdbc:treestore:" + dir.resolve("preload.tsdb"), new Properties())) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        int n = 0;
        while (System.nanoTime() < deadline && (n = (Integer) loaded.invoke(null)) < listed * 9 / 10) {
          Thread.sleep(50);
        }
        assertTrue(n >= listed * 9 / 10, n + " of " + listed + " listed classes preloaded");
      }
    }
  }

  @Test
  void theJarAloneConnectsAndAnswers() throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      List<Driver> drivers = new ArrayList<>();
      ServiceLoader.load(Driver.class, loader).forEach(drivers::add);
      List<Driver> ours = drivers.stream().filter(d -> d.getClass().getClassLoader() == loader).toList();
      assertEquals(1, ours.size(), "drivers registered by the jar: " + ours);
      Driver driver = ours.get(0);
      assertTrue(driver.acceptsURL("jdbc:treestore:x"));
      assertFalse(driver.acceptsURL("jdbc:calcite:"));
      String url = "jdbc:treestore:" + dir.resolve("shaded.tsdb");
      try (Connection c = driver.connect(url, new Properties())) {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
          ins.setString(1, "guide");
          ins.setString(2, "{\"doc_name\": \"Guide\", \"structure\": [{\"title\": \"Pumps\", \"node_id\": \"0000\", "
              + "\"text\": \"Prime the pump before starting.\", \"nodes\": [{\"title\": \"Seals\", \"node_id\": \"0001\"}]}]}");
          assertEquals(1, ins.executeUpdate());
        }
        try (PreparedStatement q = c.prepareStatement(
            "SELECT node_id, path FROM nodes WHERE doc_id = ? AND parent_id = ? ORDER BY ordinal")) {
          q.setString(1, "guide");
          q.setString(2, "0000");
          try (ResultSet rs = q.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("0001", rs.getString(1));
            assertEquals("/0000/0001", rs.getString("path"));
            assertFalse(rs.next());
          }
        }
        try (ResultSet rs = c.createStatement().executeQuery("SELECT node_id FROM TABLE(search('pump'))")) {
          assertTrue(rs.next());
          assertEquals("0000", rs.getString(1));
        }
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
            () -> c.createStatement().executeQuery("SELECT nothing FROM nowhere"));
        assertEquals("42704", e.getSQLState(), e.toString());
      }
    }
  }
}
