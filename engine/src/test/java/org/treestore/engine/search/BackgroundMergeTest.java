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
 * The background merge: writers that find the soft limit reached leave the merge to it and never
 * conflict with it; it catches up; the answers are those of an index built in one go from the
 * final content; a writer over the hard limit waits for it; closing the store waits for it.
 */
class BackgroundMergeTest {
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
  void concurrentWritersNeverConflictAndTheBackgroundMergeCatchesUp() throws Exception {
    int threads = 3;
    int commits = 200;
    try (Store store = Store.open(dir.resolve("bg.db"), options())) {
      InvertedIndex index = new InvertedIndex(6, 1L << 30, store);
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
      index.background().awaitIdle();
      assertNull(index.background().failure());
      long[] counters = index.background().counters();
      assertTrue(counters[0] > 0, "the background merge ran: " + java.util.Arrays.toString(counters));
      assertTrue(pendingSegments(store) < InvertedIndex.HARD_LIMIT_FACTOR * 6,
          "pending segments stay under the hard limit: " + pendingSegments(store));

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
  void aWriterPastTheSoftLimitLeavesTheMergeToTheBackgroundAndPastTheHardLimitMergesItself() {
    try (Store store = Store.open(dir.resolve("limits.db"), options())) {
      InvertedIndex index = new InvertedIndex(4, 1L << 30, store);
      Random rnd = new Random(3);
      // Hold the gate, as a merging transaction would: the background merge cannot run.
      Transaction holder = store.begin();
      assertTrue(MergeGate.of(holder).tryEnter(holder));
      for (int i = 0; i < 4 * InvertedIndex.HARD_LIMIT_FACTOR; i++) {
        addOne(store, index, "d", "n" + i, rnd);
      }
      index.background().awaitIdle();
      assertEquals(4 * InvertedIndex.HARD_LIMIT_FACTOR, pendingSegments(store),
          "past the soft limit the writers only wrote segments");
      holder.rollback(); // releases the gate; nothing merged meanwhile
      // Past the hard limit, the writer merges the older segments itself and leaves its own pending.
      addOne(store, index, "d", "last", rnd);
      assertEquals(1, pendingSegments(store));
      index.background().awaitIdle();
      assertEquals(0, index.background().counters()[0], "the background merge found nothing to do");
    }
  }

  @Test
  void theBackgroundMergeRunsOnceTheSoftLimitIsReached() {
    try (Store store = Store.open(dir.resolve("soft.db"), options())) {
      InvertedIndex index = new InvertedIndex(4, 1L << 30, store);
      Random rnd = new Random(5);
      for (int i = 0; i < 4; i++) {
        addOne(store, index, "d", "n" + i, rnd);
      }
      index.background().awaitIdle();
      assertEquals(0, index.background().counters()[0], "under the soft limit nothing merges");
      assertEquals(4, pendingSegments(store));
      try (Transaction before = store.begin()) {
        addOne(store, index, "d", "n4", rnd); // finds 4 pending: asks for a merge
        index.background().awaitIdle();
        assertEquals(1, index.background().counters()[0]);
        assertEquals(5, index.background().counters()[1]);
        assertEquals(0, pendingSegments(store), "merged in the background");
        // a transaction that began before the merge may not merge: it would conflict
        assertTrue(MergeGate.of(before).mergedSince(before));
        assertFalse(MergeGate.of(before).tryEnter(before));
      }
    }
  }

  @Test
  void aWriterOverTheHardLimitThatFindsAMergeCommittedSinceItBeganWritesASegmentInstead() {
    try (Store store = Store.open(dir.resolve("stale.db"), options())) {
      InvertedIndex index = new InvertedIndex(4, 1L << 30, store);
      Random rnd = new Random(7);
      int hard = 4 * InvertedIndex.HARD_LIMIT_FACTOR;
      Transaction holder = store.begin();
      assertTrue(MergeGate.of(holder).tryEnter(holder));
      for (int i = 0; i < hard; i++) {
        addOne(store, index, "d", "n" + i, rnd);
      }
      index.background().awaitIdle();
      try (Transaction stale = store.begin()) { // sees the hard limit reached
        holder.rollback();
        addOne(store, index, "d", "merger", rnd); // merges the others itself
        assertEquals(1, pendingSegments(store));
        index.add(stale, List.of(new InvertedIndex.NodeTerms("d", "stale", fields(rnd))));
        stale.commit(); // no conflict: it did not merge what the other writer merged
      }
      assertEquals(2, pendingSegments(store));
    }
  }

  @Test
  void closingTheStoreWaitsForARunningMergeAndTheDataSurvives() {
    Path file = dir.resolve("close.db");
    Map<String, String[][]> model = new TreeMap<>();
    Random rnd = new Random(9);
    for (int round = 0; round < 5; round++) {
      try (Store store = Store.open(file, options())) {
        InvertedIndex index = new InvertedIndex(3, 1L << 30, store);
        for (int i = 0; i < 10; i++) {
          String node = "n" + round + "_" + i;
          String[][] f = fields(rnd);
          try (Transaction tx = store.begin()) {
            index.add(tx, List.of(new InvertedIndex.NodeTerms("d", node, f)));
            tx.commit();
          }
          model.put("d/" + node, f);
        }
        // close at once: a merge the last writes requested may be running
      }
    }
    try (Store store = Store.open(file, options())) {
      assertSameAnswers(store, model);
    }
  }
}
