package org.treestore.sql.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Run in a child JVM by {@link FirstQueryClassesTest}: loads the driver class, connects to an
 * existing database and reads one row with a plain statement, as a short-lived process would. The
 * two marker classes show in {@code -Xlog:class+load} where that starts and ends. Prints the title
 * it read; with {@code daemon}, it reports the preload thread right after connecting and returns.
 */
public final class FirstQueryProbe {
  private FirstQueryProbe() {}

  public static void main(String[] args) throws Exception {
    new Start();
    Driver driver = (Driver) Class.forName("org.treestore.sql.jdbc.TreeStoreDriver").getDeclaredConstructor()
        .newInstance();
    try (Connection c = driver.connect("jdbc:treestore:" + args[0], new Properties())) {
      if (args.length > 1 && args[1].equals("daemon")) {
        // Right after connect the preload thread is still loading: report it and leave main at
        // once. The JVM must exit anyway.
        String state = "preload done";
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          if (t.getName().equals("treestore-preload") && t.isAlive()) {
            state = "preload daemon=" + t.isDaemon();
          }
        }
        System.out.println(state);
        return;
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT title FROM nodes WHERE doc_id = 'probe' AND node_id = '0003'")) {
        if (!rs.next()) {
          throw new IllegalStateException("no row");
        }
        new End();
        System.out.println(rs.getString(1));
      }
    }
  }

  /** Marks the start in the class-load log. */
  static final class Start {}

  /** Marks the first row in the class-load log. */
  static final class End {}
}
