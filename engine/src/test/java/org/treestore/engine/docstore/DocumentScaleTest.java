package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.page.BufferPool;
import org.treestore.engine.tx.Transaction;

/**
 * Read costs grow with the answer and the logarithm of the database, not with the database: the
 * same operations, on the same documents, cost about the same number of page accesses when the
 * database around them is 16 times larger. Page accesses (buffer pool hits plus misses) are the
 * measure because they are deterministic; the timing side is the JMH benchmark in bench/.
 */
class DocumentScaleTest {
  private static final int SMALL = 1_000;
  private static final int LARGE = 16_000;
  private static final int PROBES = 200;

  @TempDir Path dir;

  /** A document shaped like PageIndex output: chapters, sections, subsections; about 50 nodes. */
  static PageIndexDocument generate(Random rnd, String name) {
    List<DocNode> roots = new ArrayList<>();
    int[] next = {0};
    int page = 1;
    int chapters = 3 + rnd.nextInt(4);
    for (int c = 0; c < chapters; c++) {
      DocNode chapter = node(next, "Chapter " + c, page, page + 1);
      int sections = 2 + rnd.nextInt(4);
      for (int s = 0; s < sections; s++) {
        int len = 1 + rnd.nextInt(6);
        DocNode section = node(next, "Section " + c + "." + s, page, page + len);
        chapter.addChild(section);
        int subs = rnd.nextInt(5);
        for (int u = 0; u < subs; u++) {
          section.addChild(node(next, "Part " + c + "." + s + "." + u, page + u, page + u + 1));
        }
        page += len + 1;
      }
      roots.add(chapter);
    }
    return PageIndexDocument.create(name, "generated", roots);
  }

  private static DocNode node(int[] next, String title, int start, int end) {
    return new DocNode(String.format("%04d", next[0]++), title).setPages(start, end)
        .setSummary("Summary of " + title + ", a few words long.");
  }

  private static void load(Store store, DocumentStore docs, int from, int to) {
    Random rnd = new Random(from);
    for (int d = from; d < to; d += 200) {
      try (Transaction tx = store.begin()) {
        for (int i = d; i < Math.min(to, d + 200); i++) {
          docs.insert(tx, String.format("doc-%06d", i), generate(rnd, "doc " + i), null);
        }
        tx.commit();
      }
    }
  }

  /** Average page accesses per call of each operation, over the same probes. */
  private static Map<String, Double> measure(Store store, DocumentStore docs) {
    Map<String, ToIntFunction<Transaction>> ops = new LinkedHashMap<>();
    Map<String, Double> cost = new LinkedHashMap<>();
    BufferPool pool = store.bufferPool();
    List<String> opNames = List.of("node", "children", "subtree", "ancestors", "nodesAtPage", "pathPrefix");
    for (String op : opNames) {
      Random rnd = new Random(42); // same probes at both sizes
      long accesses = 0;
      int answers = 0;
      for (int i = 0; i < PROBES; i++) {
        String doc = String.format("doc-%06d", rnd.nextInt(SMALL));
        try (Transaction tx = store.beginReadOnly()) {
          List<NodeRecord> top = docs.children(tx, doc, null);
          NodeRecord chapter = top.get(rnd.nextInt(top.size()));
          NodeRecord leaf = docs.subtree(tx, doc, chapter.nodeId(), -1).get(1);
          long before = pool.hits() + pool.misses();
          answers += switch (op) {
            case "node" -> docs.node(tx, doc, leaf.nodeId()).isPresent() ? 1 : 0;
            case "children" -> docs.children(tx, doc, chapter.nodeId()).size();
            case "subtree" -> docs.subtree(tx, doc, chapter.nodeId(), -1).size();
            case "ancestors" -> docs.ancestors(tx, doc, leaf.nodeId()).size();
            case "nodesAtPage" -> docs.nodesAtPage(tx, doc, leaf.startPage()).size();
            default -> docs.pathPrefix(tx, doc, chapter.path() + "/").size();
          };
          accesses += pool.hits() + pool.misses() - before;
        }
      }
      assertTrue(answers > 0, op);
      cost.put(op, (double) accesses / PROBES);
    }
    return cost;
  }

  @Test
  void readCostsDoNotGrowWithTheDatabase() {
    try (Store store = Store.open(dir.resolve("scale.db"), StoreOptions.DEFAULT)) {
      DocumentStore docs = new DocumentStore(store);
      load(store, docs, 0, SMALL);
      Map<String, Double> small = measure(store, docs);
      load(store, docs, SMALL, LARGE);
      Map<String, Double> large = measure(store, docs);
      try (Transaction tx = store.beginReadOnly()) {
        assertEquals(LARGE, docs.documentIds(tx).size());
      }
      for (String op : small.keySet()) {
        double ratio = large.get(op) / small.get(op);
        System.out.printf("%-12s %6.1f page accesses/op at %,d docs, %6.1f at %,d docs (x%.2f)%n", op,
            small.get(op), SMALL, large.get(op), LARGE, ratio);
        // 16x the data adds at most one B+Tree level to each descent: far from 16x.
        assertTrue(ratio < 1.5, op + ": " + small.get(op) + " -> " + large.get(op) + " page accesses per call");
      }
    }
  }
}
