package org.treestore.sql.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads, on a background thread, the classes that a connection and its first query will need, so
 * that the calling thread finds them already loaded.
 *
 * <p>Why: in a fresh JVM a connection and its first query load about 2,800 classes from jars
 * (Calcite, Avatica, Guava, protobuf, TreeStore), and finding, reading, defining and verifying them
 * is a large part of their time. Loading them on a second thread, in parallel with the connection
 * and the first statement, takes that work off the calling thread when a core is free.
 *
 * <p>Only loading: {@code Class.forName(name, false, loader)} defines a class without running its
 * static initializer. It can wait only for another thread loading the same class or one of its
 * supertypes (a hierarchy has no cycles), never for the static initializer of an application
 * class, so the calling thread, whatever it initializes meanwhile, cannot deadlock with this one.
 * Static initializers still run on the thread that first uses a class, as without this.
 *
 * <p>The list ({@value #LIST}) holds the classes a connection and a first key lookup loaded, in
 * order; it is made by {@code FirstQueryClassesTest} (which also fails when it has gone stale, e.g.
 * after a Calcite upgrade). A name that no longer exists or cannot be loaded is skipped: the list
 * only decides what is loaded early. Under the shaded driver jar, dependency classes carry the
 * jar's relocation prefix, which is found from where Calcite's classes are.
 *
 * <p>The thread is a daemon (it never keeps the JVM alive), prints nothing and ends when the list
 * is done; it starts once per class loader, at the first connection. System property
 * {@code treestore.preload=false} turns it off.
 */
final class ClassPreloader {
  static final String LIST = "first-query-classes.txt";
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final AtomicInteger LOADED = new AtomicInteger();

  private ClassPreloader() {}

  /** Starts the thread, unless it was started before or is turned off. */
  static void start() {
    if (STARTED.get() || "false".equalsIgnoreCase(System.getProperty("treestore.preload")) || !STARTED.compareAndSet(
        false, true)) {
      return;
    }
    try {
      Thread t = new Thread(ClassPreloader::run, "treestore-preload");
      t.setDaemon(true);
      t.start();
    } catch (RuntimeException | Error e) {
      // no thread (e.g. a security manager refuses it): classes load on first use, as always
    }
  }

  /** How many classes the thread has loaded so far (for tests). */
  static int loaded() {
    return LOADED.get();
  }

  private static void run() {
    ClassLoader loader = ClassPreloader.class.getClassLoader();
    String prefix = relocationPrefix();
    String list;
    try (InputStream in = ClassPreloader.class.getResourceAsStream(LIST)) {
      if (in == null) {
        return;
      }
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException | Error e) {
      return; // a preload is only a head start
    }
    // Lines are cut with indexOf rather than read by a BufferedReader: its readLine, called
    // thousands of times, was compiled by C2 (twice) while the first query needed the cores.
    for (int start = 0, end; start < list.length(); start = end + 1) {
      end = list.indexOf('\n', start);
      if (end < 0) {
        end = list.length();
      }
      int stop = end > start && list.charAt(end - 1) == '\r' ? end - 1 : end;
      if (stop == start || list.charAt(start) == '#') {
        continue;
      }
      try {
        Class.forName(relocated(list.substring(start, stop), prefix), false, loader);
        LOADED.incrementAndGet();
      } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
        // gone or not loadable here: the thread that needs it will find out for itself
      }
    }
  }

  /**
   * The prefix the shaded driver jar puts before its dependencies' packages ({@code ""} when they
   * are not relocated), from the name of a Calcite class. The string below must not start with a
   * relocated package, or the shade plugin would rewrite it too.
   */
  static String relocationPrefix() {
    String name = org.apache.calcite.jdbc.CalciteConnection.class.getName();
    String tail = "apache.calcite.jdbc.CalciteConnection";
    return name.endsWith(tail) ? name.substring(0, name.length() - tail.length() - "org.".length()) : "";
  }

  /** The name to load: JDK and TreeStore classes are never relocated, dependencies are. */
  static String relocated(String name, String prefix) {
    if (prefix.isEmpty() || name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.startsWith("com.sun.") || name.startsWith("org.treestore.")
        || (name.startsWith("javax.") && !name.startsWith("javax.annotation."))) {
      return name;
    }
    return prefix + name;
  }
}
