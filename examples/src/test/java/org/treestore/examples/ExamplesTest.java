package org.treestore.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs every example so none can rot: each must finish and print what it promises. */
class ExamplesTest {
  @TempDir Path dir;

  private String run(ThrowingMain main, String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      main.run(args);
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingMain {
    void run(String[] args) throws Exception;
  }

  @Test
  void documentsExample() throws Exception {
    String out = run(DocumentsExample::main, dir.resolve("docs.tsdb").toString());
    assertTrue(out.matches("(?s).*stored city-water-report +21 nodes.*"), out);
    assertTrue(out.contains("stored architecture.md"), out);
    assertTrue(out.contains("2.2.1 Lead"), out);
    assertTrue(out.contains("indexes consistent"), out);
    // The inserted node got the next free id and the page index knows it.
    assertTrue(out.contains("0021   3.4 Smart meters"), out);
  }

  @Test
  void storageEngineExample() throws Exception {
    String out = run(StorageEngineExample::main, dir.resolve("engine.tsdb").toString());
    assertTrue(out.contains("Stored 100,000 nodes"), out);
  }

  @Test
  void jdbcExample() throws Exception {
    String out = run(JdbcExample::main, dir.resolve("jdbc.tsdb").toString());
    assertTrue(out.matches("(?s).*city-water-report  city-water-annual-report.pdf +21\\n.*"), out);
    // children in order, subtree in pre-order with depths, ancestors top level first
    assertTrue(out.matches("(?s).*0002 +0 +1.1 Sources\\s+0005 +1 +1.2 Demand.*"), out);
    assertTrue(out.matches("(?s).*0 +0001 +1 Supply and Demand\\s+1 +0002 .*\\s+2 +0003 .*"), out);
    assertTrue(out.matches("(?s).*0 +0008 .*\\s+1 +0010 .*\\s+2 +0011 +2.2.1 Lead.*"), out);
    // the search hits are joined to their titles; after the update, 3.3 Pipe renewal is a hit too
    String[] searches = out.split("Search again");
    assertTrue(searches[0].contains("3.2 Lead service lines"), out);
    assertTrue(!searches[0].contains("3.3 Pipe renewal") && searches[1].contains("3.3 Pipe renewal"), out);
  }

  @Test
  void retryExample() throws Exception {
    String out = run(RetryExample::main, dir.resolve("retry.tsdb").toString());
    assertTrue(out.contains("attempt 1: write conflict (SQLState 40001), retrying in"), out);
    assertTrue(out.contains("Final counter: visits: 6 (expected 6)"), out);
  }

  @Test
  void importFolderExample() throws Exception {
    // the default folder: the shipped samples and a truncated JSON file
    String out = run(ImportFolderExample::main, dir.resolve("import.tsdb").toString());
    assertTrue(out.matches("(?s).*imported city-water-report.json +as city-water-report +21 nodes.*"), out);
    assertTrue(out.contains("imported architecture.md"), out);
    assertTrue(out.contains("skipped  truncated-report.json        SQLState 22P02"), out);
    assertTrue(out.contains("Imported 4 files"), out);
    assertTrue(out.contains("skipped 1."), out);
    assertTrue(out.contains("The database holds 4 documents"), out);
  }

  @Test
  void hikariExample() throws Exception {
    String out = run(HikariExample::main, dir.resolve("hikari.tsdb").toString(), "40");
    assertTrue(out.contains("8 threads, 320 transactions in"), out);
    assertTrue(out.contains("Consistent: every committed increment is there, every connection is back."), out);
  }
}
