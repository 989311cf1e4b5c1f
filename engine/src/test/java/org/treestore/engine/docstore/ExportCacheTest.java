package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.Transaction;

/**
 * The export cache never gives a transaction text other than what exporting the document in that
 * transaction gives, whatever mix of open snapshots, open writers, rollbacks, conflicts, evictions
 * and second {@link DocumentStore}s over the same store; and it does serve repeated reads.
 */
class ExportCacheTest {
  @TempDir Path dir;

  @Test
  void repeatedReadsAreServedAndChangesAreSeen() {
    try (Store store = Store.open(dir.resolve("a.db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      DocumentStore docs = new DocumentStore(store);
      write(store, tx -> docs.insert(tx, "d", document(new Random(1), "d"), null));
      String first = read(store, docs, "d");
      long hitsBefore = docs.exportCacheStats()[0];
      assertEquals(first, read(store, docs, "d"));
      assertEquals(hitsBefore + 1, docs.exportCacheStats()[0], "the second read is a hit");

      Transaction old = store.beginReadOnly();
      Transaction writer = store.begin();
      docs.updateNode(writer, "d", "0000", new NodeChange().summary("changed summary"));
      String own = docs.exportJson(writer, "d").orElseThrow();
      assertTrue(own.contains("changed summary"), "a writer sees its own change");
      assertEquals(first, read(store, docs, "d"), "others do not see it before the commit");
      writer.commit();
      assertEquals(first, docs.exportJson(old, "d").orElseThrow(), "an older snapshot keeps the old text");
      old.close();
      assertEquals(own, read(store, docs, "d"));

      Transaction rolledBack = store.begin();
      docs.deleteNode(rolledBack, "d", "0000");
      rolledBack.rollback();
      assertEquals(own, read(store, docs, "d"));
      write(store, tx -> docs.delete(tx, "d"));
      try (Transaction tx = store.beginReadOnly()) {
        assertEquals(Optional.empty(), docs.exportJson(tx, "d"));
      }
    }
  }

  @Test
  void randomHistoriesMatchAFreshExport() {
    for (long seed = 1; seed <= 12; seed++) {
      // every third seed with the smallest buffer pool: a cache bound of a few documents, so entries are evicted
      StoreOptions options = StoreOptions.DEFAULT.withDurability(Durability.NORMAL);
      if (seed % 3 == 0) {
        options = options.withCacheSizeBytes(16L * options.pageSize());
      }
      try (Store store = Store.open(dir.resolve("seed-" + seed + ".db"), options)) {
        new History(seed, store).run(400);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + e, e);
      }
    }
  }

  /** One seed: two document stores over one store, readers and writers that stay open across steps. */
  private static final class History {
    final Random rnd;
    final Store store;
    final DocumentStore[] stores;
    final List<Transaction> readers = new ArrayList<>();
    final List<Transaction> writers = new ArrayList<>();
    int nextDoc;

    History(long seed, Store store) {
      this.rnd = new Random(seed);
      this.store = store;
      this.stores = new DocumentStore[] {new DocumentStore(store), new DocumentStore(store)};
    }

    DocumentStore docs() {
      return stores[rnd.nextInt(stores.length)];
    }

    String someDoc() {
      return "doc-" + rnd.nextInt(Math.max(1, nextDoc + 1));
    }

    void run(int steps) {
      for (int i = 0; i < 4; i++) {
        String id = "doc-" + nextDoc++;
        write(store, tx -> docs().insert(tx, id, document(rnd, id), null));
      }
      for (int step = 0; step < steps; step++) {
        int op = rnd.nextInt(10);
        if (op < 2 && readers.size() < 4) {
          readers.add(store.beginReadOnly());
        } else if (op < 3 && !readers.isEmpty()) {
          readers.remove(rnd.nextInt(readers.size())).close();
        } else if (op < 5 && writers.size() < 2) {
          Transaction w = store.begin();
          change(w);
          writers.add(w);
        } else if (op < 7 && !writers.isEmpty()) {
          Transaction w = writers.get(rnd.nextInt(writers.size()));
          change(w);
        } else if (op < 8 && !writers.isEmpty()) {
          Transaction w = writers.remove(rnd.nextInt(writers.size()));
          if (rnd.nextInt(4) == 0) {
            w.rollback();
          } else {
            try {
              w.commit();
            } catch (ConflictException e) {
              // first committer wins: the loser is rolled back, which the cache must cope with too
            }
          }
        }
        checkAll();
      }
      for (Transaction t : readers) {
        t.close();
      }
      for (Transaction t : writers) {
        t.close();
      }
      long[] stats = stores[0].exportCacheStats();
      assertTrue(stats[0] > 20, "the cache served repeated reads: hits " + stats[0] + ", misses " + stats[1]);
    }

    /** Every open transaction and a fresh one: cached text equals a fresh export, for a few documents. */
    void checkAll() {
      List<Transaction> all = new ArrayList<>(readers);
      all.addAll(writers);
      try (Transaction fresh = store.beginReadOnly()) {
        all.add(fresh);
        for (Transaction t : all) {
          for (int i = 0; i < 3; i++) {
            String id = someDoc();
            DocumentStore docs = docs();
            Optional<String> truth = docs.export(t, id).map(PageIndexWriter::toJsonText);
            assertEquals(truth, docs.exportJson(t, id), id + " in snapshot " + t.snapshotSeq());
          }
        }
      }
    }

    void change(Transaction tx) {
      DocumentStore docs = docs();
      String id = someDoc();
      boolean exists = docs.document(tx, id).isPresent();
      switch (rnd.nextInt(6)) {
        case 0 -> {
          if (exists) {
            docs.replace(tx, id, document(rnd, id), null);
          } else {
            docs.insert(tx, id, document(rnd, id), null);
            if (id.equals("doc-" + nextDoc)) {
              nextDoc++;
            }
          }
        }
        case 1 -> docs.delete(tx, id);
        case 2 -> docs.updateNode(tx, id, "0000", new NodeChange().summary("summary " + rnd.nextInt(1000)));
        case 3 -> docs.updateNode(tx, id, "0001", new NodeChange().text("text " + rnd.nextInt(1000)).title("t" + rnd.nextInt(9)));
        case 4 -> {
          if (exists) {
            docs.insertNode(tx, id, null, -1, new DocNode(null, "added " + rnd.nextInt(100)).setPages(1, 2));
          }
        }
        default -> {
          if (exists && docs.node(tx, id, "0002").isPresent() && docs.node(tx, id, "0000").isPresent()) {
            try {
              docs.moveNode(tx, id, "0002", rnd.nextBoolean() ? null : "0000", 0);
            } catch (DocumentConstraintException e) {
              // 0000 may lie under 0002 after earlier moves: the refusal changes nothing
            }
          } else if (exists) {
            docs.deleteNode(tx, id, "0001");
          }
        }
      }
    }
  }

  @Test
  void concurrentReadersNeverSeeAnotherSnapshotsText() throws Exception {
    try (Store store = Store.open(dir.resolve("c.db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      DocumentStore docs = new DocumentStore(store);
      int docCount = 6;
      for (int d = 0; d < docCount; d++) {
        String id = "doc-" + d;
        write(store, tx -> docs.insert(tx, id, document(new Random(id.hashCode()), id), null));
      }
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Integer>> readers = new ArrayList<>();
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int seed = w;
        writers.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          int done = 0;
          for (int i = 0; i < 300; i++) {
            String id = "doc-" + rnd.nextInt(docCount);
            try (Transaction tx = store.begin()) {
              docs.updateNode(tx, id, "0000", new NodeChange().summary("w" + seed + " " + i));
              tx.commit();
              done++;
            } catch (ConflictException e) {
              // the other writer won; try another
            }
          }
          return done;
        }));
      }
      for (int r = 0; r < 2; r++) {
        int seed = 100 + r;
        readers.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          int checked = 0;
          while (!stop.get() || checked < 200) {
            String id = "doc-" + rnd.nextInt(docCount);
            try (Transaction tx = store.beginReadOnly()) {
              String cached = docs.exportJson(tx, id).orElseThrow();
              assertEquals(PageIndexWriter.toJsonText(docs.export(tx, id).orElseThrow()), cached, id);
              checked++;
            }
          }
          return checked;
        }));
      }
      int committed = 0;
      for (Future<Integer> f : writers) {
        committed += f.get(120, TimeUnit.SECONDS);
      }
      stop.set(true);
      for (Future<Integer> f : readers) {
        assertTrue(f.get(120, TimeUnit.SECONDS) >= 200);
      }
      pool.shutdown();
      assertTrue(committed > 0);
      assertTrue(docs.exportCacheStats()[0] > 0, "some reads were served from the cache");
    }
  }

  private interface Work {
    void run(Transaction tx);
  }

  private static void write(Store store, Work work) {
    try (Transaction tx = store.begin()) {
      work.run(tx);
      tx.commit();
    }
  }

  private static String read(Store store, DocumentStore docs, String id) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.exportJson(tx, id).orElseThrow();
    }
  }

  /** A document of 3–8 top-level nodes with 0–3 children each; ids 0000... in pre-order. */
  static PageIndexDocument document(Random rnd, String name) {
    List<DocNode> roots = new ArrayList<>();
    int[] id = {0};
    int page = 1;
    for (int i = 0, n = 3 + rnd.nextInt(6); i < n; i++) {
      DocNode top = node(rnd, id, page++);
      for (int j = 0, m = rnd.nextInt(4); j < m; j++) {
        top.addChild(node(rnd, id, page++));
      }
      roots.add(top);
    }
    return PageIndexDocument.create(name, "about " + name, roots);
  }

  private static DocNode node(Random rnd, int[] id, int page) {
    String nodeId = String.format("%04d", id[0]++);
    return new DocNode(nodeId, "title " + nodeId).setPages(page, page).setSummary("summary " + rnd.nextInt(1000))
        .setText(rnd.nextBoolean() ? "text of " + nodeId + " " + "word ".repeat(rnd.nextInt(200)) : null);
  }
}
