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
}
