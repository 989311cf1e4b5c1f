package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.crash.ChildJvm;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.tx.Transaction;

/**
 * Documents survive a SIGKILL whole or not at all. A child JVM ({@link DocumentCrashChild}) stores
 * documents of 10 to 60 nodes, one per transaction, deleting an older one every fifth commit, and
 * acknowledges each commit. After the kill, every acknowledged document is there and exports
 * exactly as generated, every acknowledged delete happened, at most the one transaction in flight
 * went beyond the acknowledgements, and both integrity checks (pages and document indexes) pass.
 * The database carries over across rounds, alternating durability NORMAL and FULL.
 */
class DocumentCrashTest {
  private static final int ROUNDS = 4;

  static String docId(int i) {
    return String.format("doc-%06d", i);
  }

  static PageIndexDocument document(int i) {
    return DocumentScaleTest.generate(new Random(i), "document " + i);
  }

  @Test
  void documentsSurviveSigkillWhole(@TempDir Path tmp) throws Exception {
    long seed = Long.getLong("treestore.docCrashSeed", System.nanoTime());
    Random rnd = new Random(seed);
    String classPath = ChildJvm.classPath(DocumentCrashChild.class, Files.createDirectories(tmp.resolve("cp")));
    Path db = tmp.resolve("docs.tsdb");
    int next = 0;
    List<String> problems = new ArrayList<>();
    for (int round = 0; round < ROUNDS && problems.isEmpty(); round++) {
      String durability = round % 2 == 0 ? "NORMAL" : "FULL";
      Path out = tmp.resolve("out-" + round);
      Process child = new ProcessBuilder(ChildJvm.javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
          classPath, DocumentCrashChild.class.getName(), db.toString(), Integer.toString(next), durability)
          .redirectOutput(out.toFile()).redirectError(tmp.resolve("err-" + round).toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Files.size(out) == 0 && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50 + rnd.nextInt(400));
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
      String text = new String(Files.readAllBytes(out), StandardCharsets.US_ASCII);
      int acked = next - 1;
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        if (!line.isEmpty()) {
          acked = Integer.parseInt(line.substring(4));
        }
      }
      String where = "seed " + seed + ", round " + round + " (" + durability + "), acknowledged up to " + acked;
      assertTrue(acked >= next, where + ": no acknowledgement; child stderr: "
          + Files.readString(tmp.resolve("err-" + round)));
      next = verify(db, next, acked, where, problems);
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Checks the database after a kill; returns the first index the next round stores. */
  private static int verify(Path db, int first, int acked, String where, List<String> problems) {
    try (Store store = Store.open(db, StoreOptions.DEFAULT)) {
      DocumentStore docs = new DocumentStore(store);
      if (!store.check().isOk()) {
        problems.add(where + ": page check: " + store.check());
      }
      try (Transaction tx = store.beginReadOnly()) {
        DocumentChecker.Report report = docs.check(tx);
        if (!report.isOk()) {
          problems.add(where + ": document check: " + report);
        }
        boolean inFlight = docs.document(tx, docId(acked + 1)).isPresent();
        int last = inFlight ? acked + 1 : acked;
        for (int i = Math.max(0, first - 5); i <= last + 5; i++) {
          boolean deleted = i % 5 == 0 && i + 5 <= last; // commit i+5 deleted it
          boolean expected = i <= last && !deleted;
          JsonNode stored = docs.export(tx, docId(i)).map(PageIndexWriter::toJson).orElse(null);
          if (expected && stored == null) {
            problems.add(where + ": " + docId(i) + " is missing");
          } else if (!expected && stored != null) {
            problems.add(where + ": " + docId(i) + " should not be there");
          } else if (stored != null && !stored.equals(PageIndexWriter.toJson(document(i)))) {
            problems.add(where + ": " + docId(i) + " is not the document stored");
          }
        }
        return last + 1;
      }
    }
  }
}
