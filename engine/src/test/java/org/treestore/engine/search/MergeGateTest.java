package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.Transaction;

/**
 * Merges through the {@link MergeGate}: concurrent writers of different nodes that find the limits
 * reached never conflict (one merges, the others leave their batches pending), and the answers are
 * those of an index built in one go from the final content; a writer that finds another merging,
 * or a merge committed since it began, writes a segment instead of merging.
 */
class MergeGateTest {
  @TempDir Path dir;

  private static final String[] WORDS = new String[40];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      WORDS[i] = "w" + i;
    }
  }

  private static String[][] fields(Random rnd) {
    String[][] f = new String[SearchField.values().length][];
    for (int i = 0; i < f.length; i++) {
      if (rnd.nextInt(4) == 0) {
        continue;
      }
      f[i] = new String[1 + rnd.nextInt(8)];
      for (int t = 0; t < f[i].length; t++) {
        f[i][t] = WORDS[(int) (Math.pow(rnd.nextDouble(), 2) * WORDS.length)];
      }
    }
    return f;
  }

  private static StoreOptions options() {
    return StoreOptions.DEFAULT.withDurability(Durability.NORMAL);
  }

  private static int pendingSegments(Store store) {
    try (Transaction tx = store.beginReadOnly()) {
      return PendingPostings.keys(tx).size();
    }
  }

  @Test
  void concurrentWritersThatFindTheLimitsReachedNeverConflict() throws Exception {
    int threads = 3;
    int commits = 200;
    try (Store store = Store.open(dir.resolve("bg.db"), options())) {
      InvertedIndex index = new InvertedIndex(6, 1L << 30);
      List<Map<String, String[][]>> models = new ArrayList<>();
      AtomicInteger conflicts = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        Map<String, String[][]> model = new TreeMap<>();
        models.add(model);
        int id = w;
        Thread t = new Thread(() -> {
          Random rnd = new Random(100 + id);
          try {
            start.await();
            for (int c = 0; c < commits; c++) {
              try (Transaction tx = store.begin()) {
                Map<String, String[][]> before = new HashMap<>();
                String doc = "t" + id;
                int op = model.isEmpty() ? 0 : rnd.nextInt(3);
                String node;
                if (op == 0) {
                  node = "n" + c;
                  String[][] f = fields(rnd);
                  index.add(tx, List.of(new InvertedIndex.NodeTerms(doc, node, f)));
                  before.put(node, null);
                  model.put(node, f);
                } else {
                  List<String> keys = new ArrayList<>(model.keySet());
                  node = keys.get(rnd.nextInt(keys.size()));
                  String[][] old = model.get(node);
                  before.put(node, old);
                  if (op == 1) {
                    String[][] now = fields(rnd);
                    index.change(tx, List.of(new InvertedIndex.NodeTerms(doc, node, old)),
                        List.of(new InvertedIndex.NodeTerms(doc, node, now)));
                    model.put(node, now);
                  } else {
                    index.remove(tx, List.of(new InvertedIndex.NodeTerms(doc, node, old)));
                    model.remove(node);
                  }
                }
                try {
                  tx.commit();
                } catch (ConflictException e) {
                  conflicts.incrementAndGet();
                  // undo the model change: this write did not happen
                  String[][] old = before.get(node);
                  if (old == null) {
                    model.remove(node);
                  } else {
                    model.put(node, old);
                  }
                }
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        workers.add(t);
        t.start();
      }
      for (Thread t : workers) {
        t.join();
      }
      assertNull(failure.get());
      assertEquals(0, conflicts.get(), "writers of different nodes conflicted");
      assertTrue(pendingSegments(store) <= 6 + threads, "the writers merged: " + pendingSegments(store) + " pending");
      Map<String, String[][]> all = new TreeMap<>();
      for (int w = 0; w < threads; w++) {
        for (Map.Entry<String, String[][]> e : models.get(w).entrySet()) {
          all.put("t" + w + "/" + e.getKey(), e.getValue());
        }
      }
      assertSameAnswers(store, all);
      try (Transaction tx = store.begin()) {
        index.mergePending(tx);
        tx.commit();
      }
      assertEquals(0, pendingSegments(store));
      assertSameAnswers(store, all);
    }
  }

  /**
   * Every word's full ranking in {@code store} equals that of an index built in one transaction
   * from {@code expected} (same nodes, same scores).
   */
  private void assertSameAnswers(Store store, Map<String, String[][]> expected) {
    InvertedIndex fresh = new InvertedIndex(0, 0);
    try (Store ref = Store.open(dir.resolve("ref" + System.nanoTime() + ".db"), options())) {
      try (Transaction tx = ref.begin()) {
        List<InvertedIndex.NodeTerms> nodes = new ArrayList<>();
        for (Map.Entry<String, String[][]> e : expected.entrySet()) {
          String[] id = e.getKey().split("/");
          nodes.add(new InvertedIndex.NodeTerms(id[0], id[1], e.getValue()));
        }
        fresh.add(tx, nodes);
        tx.commit();
      }
      Searcher searcher = new Searcher();
      try (Transaction got = store.beginReadOnly(); Transaction want = ref.beginReadOnly()) {
        for (String w : WORDS) {
          List<Searcher.TermClause> q = List.of(Searcher.TermClause.everywhere(w));
          Map<String, Double> a = scores(searcher.searchExhaustive(got, q, false, 1_000_000));
          Map<String, Double> b = scores(searcher.searchExhaustive(want, q, false, 1_000_000));
          assertEquals(b.keySet(), a.keySet(), "nodes matching " + w);
          for (Map.Entry<String, Double> e : b.entrySet()) {
            assertEquals(e.getValue(), a.get(e.getKey()), 1e-9, "score of " + e.getKey() + " for " + w);
          }
        }
      }
    }
  }

  private static Map<String, Double> scores(List<Searcher.Hit> hits) {
    Map<String, Double> m = new HashMap<>();
    for (Searcher.Hit h : hits) {
      m.put(h.docId() + "/" + h.nodeId(), h.score());
    }
    return m;
  }

  private static void addOne(Store store, InvertedIndex index, String doc, String node, Random rnd) {
    try (Transaction tx = store.begin()) {
      index.add(tx, List.of(new InvertedIndex.NodeTerms(doc, node, fields(rnd))));
      tx.commit();
    }
  }

  @Test
  void aWriterThatFindsAnotherMergingLeavesItsBatchPendingAndTheNextWriterMerges() {
    try (Store store = Store.open(dir.resolve("busy.db"), options())) {
      InvertedIndex index = new InvertedIndex(4, 1L << 30);
      Random rnd = new Random(3);
      Transaction holder = store.begin(); // holds the gate, as a merging transaction does
      assertTrue(MergeGate.of(holder).tryEnter(holder));
      assertTrue(MergeGate.of(holder).tryEnter(holder), "a transaction enters once, then holds it");
      for (int i = 0; i < 10; i++) {
        addOne(store, index, "d", "n" + i, rnd);
      }
      assertEquals(10, pendingSegments(store), "past the limit the writers only wrote segments");
      holder.rollback(); // releases the gate; it merged nothing
      addOne(store, index, "d", "last", rnd); // merges the ten, keeps its own pending
      assertEquals(1, pendingSegments(store));
    }
  }

  @Test
  void aWriterThatFindsAMergeCommittedSinceItBeganWritesASegmentInstead() {
    try (Store store = Store.open(dir.resolve("stale.db"), options())) {
      InvertedIndex index = new InvertedIndex(4, 1L << 30);
      Random rnd = new Random(7);
      for (int i = 0; i < 4; i++) {
        addOne(store, index, "d", "n" + i, rnd);
      }
      try (Transaction stale = store.begin()) { // sees the limit reached
        addOne(store, index, "d", "merger", rnd); // merges the four
        assertEquals(1, pendingSegments(store));
        assertTrue(MergeGate.of(stale).mergedSince(stale));
        assertFalse(MergeGate.of(stale).tryEnter(stale));
        index.add(stale, List.of(new InvertedIndex.NodeTerms("d", "stale", fields(rnd))));
        stale.commit(); // no conflict: it did not merge what the other writer merged
      }
      assertEquals(2, pendingSegments(store));
      try (Transaction after = store.begin()) {
        assertFalse(MergeGate.of(after).mergedSince(after));
      }
    }
  }

  @Test
  void aBulkBatchWaitsForTheMergeInProgressThenMerges() throws Exception {
    try (Store store = Store.open(dir.resolve("bulk.db"), options())) {
      InvertedIndex index = new InvertedIndex(4, 2000); // a batch over 2,000 bytes is a bulk batch
      Random rnd = new Random(11);
      addOne(store, index, "d", "first", rnd);
      Transaction holder = store.begin();
      assertTrue(MergeGate.of(holder).tryEnter(holder));
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread bulk = new Thread(() -> {
        try (Transaction tx = store.begin()) {
          List<InvertedIndex.NodeTerms> nodes = new ArrayList<>();
          for (int i = 0; i < 200; i++) {
            nodes.add(new InvertedIndex.NodeTerms("bulk", "n" + i, fields(new Random(i))));
          }
          index.add(tx, nodes);
          tx.commit();
        } catch (Throwable e) {
          failure.set(e);
        }
      });
      bulk.start();
      bulk.join(300);
      assertTrue(bulk.isAlive(), "the bulk batch waits for the gate");
      holder.rollback();
      bulk.join(10_000);
      assertFalse(bulk.isAlive());
      assertNull(failure.get());
      assertEquals(0, pendingSegments(store), "the bulk batch merged the pending segment with it");
    }
  }
}
