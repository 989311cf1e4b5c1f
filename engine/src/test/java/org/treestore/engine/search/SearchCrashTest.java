package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.treestore.engine.docstore.DocumentChecker;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.tx.Transaction;

/**
 * After a SIGKILL the full-text index matches the documents exactly: {@link FullTextSearch#check}
 * re-derives it from the stored documents and finds no difference, and each document's unique
 * number is found in exactly the documents that survived (19 or 20 of their nodes: one node's
 * text was rewritten by the next commit). Four rounds on one database, NORMAL and FULL.
 */
class SearchCrashTest {
  static String docId(int i) {
    return String.format("doc-%06d", i);
  }

  @Test
  void theIndexMatchesTheDocumentsAfterSigkill(@TempDir Path tmp) throws Exception {
    long seed = Long.getLong("treestore.searchCrashSeed", System.nanoTime());
    Random rnd = new Random(seed);
    String cp = ChildJvm.classPath(SearchCrashChild.class, Files.createDirectories(tmp.resolve("cp")));
    Path db = tmp.resolve("search.tsdb");
    int next = 0;
    List<String> problems = new ArrayList<>();
    for (int round = 0; round < 4 && problems.isEmpty(); round++) {
      Path out = tmp.resolve("out-" + round);
      Process child = new ProcessBuilder(ChildJvm.javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", cp,
          SearchCrashChild.class.getName(), db.toString(), Integer.toString(next), round % 2 == 0 ? "NORMAL" : "FULL")
          .redirectOutput(out.toFile()).redirectError(tmp.resolve("err-" + round).toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (Files.size(out) == 0 && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50 + rnd.nextInt(400));
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      String text = new String(Files.readAllBytes(out), StandardCharsets.US_ASCII);
      int acked = next - 1;
      for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
        if (!line.isEmpty()) {
          acked = Integer.parseInt(line.substring(4));
        }
      }
      String where = "seed " + seed + ", round " + round + ", acknowledged up to " + acked;
      assertTrue(acked >= next, where + ": no acknowledgement; " + Files.readString(tmp.resolve("err-" + round)));
      try (Store store = Store.open(db, StoreOptions.DEFAULT)) {
        DocumentStore docs = new DocumentStore(store);
        FullTextSearch search = new FullTextSearch(docs, Analyzer.builder().build());
        try (Transaction tx = store.beginReadOnly()) {
          DocumentChecker.Report report = search.check(tx);
          if (!report.isOk()) {
            problems.add(where + ": full-text check: " + report);
          }
          int last = docs.document(tx, docId(acked + 1)).isPresent() ? acked + 1 : acked;
          for (int i = Math.max(0, next - 5); i <= last + 1; i++) {
            boolean present = i <= last && !(i % 5 == 0 && i + 5 <= last);
            int want = !present ? 0 : i < last ? 19 : 20;
            int got = search.search(tx, Integer.toString(7_000_000 + i), 100).hits().size();
            if (got != want) {
              problems.add(where + ": " + docId(i) + " has " + got + " nodes with its number, expected " + want);
            }
          }
          next = last + 1;
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }
}
