package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * The pending segment keys a writer carries forward to the snapshot of its own commit: whatever the
 * interleaving of writers, merges and unrelated commits, {@link PendingPostings#keys} equals a scan
 * of the tree, and a lone writer's next transaction does not scan again.
 */
class PendingKeysTest {
  @TempDir Path dir;

  private static List<PendingPostings.SegmentKey> scan(Transaction tx) {
    List<PendingPostings.SegmentKey> keys = new ArrayList<>();
    TransactionCursor c = tx.cursor(InvertedIndex.PENDING);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      keys.add(PendingPostings.SegmentKey.decode(c.key()));
    }
    c.close();
    return keys;
  }

  private static String[][] fields(Random rnd) {
    String[][] f = new String[SearchField.values().length][];
    f[rnd.nextInt(f.length)] = new String[] {"w" + rnd.nextInt(30), "w" + rnd.nextInt(30)};
    return f;
  }

  private static void assertKeysExact(Store store) {
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(scan(tx), PendingPostings.keys(tx), "keys at snapshot " + tx.snapshotSeq());
    }
  }

  @Test
  void aLoneWritersNextTransactionFindsTheKeysWithoutScanningThroughMergesAndOtherCommits() {
    try (Store store = Store.open(dir.resolve("lone.db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      InvertedIndex index = new InvertedIndex(5, 1L << 30); // a merge every few writes
      Random rnd = new Random(1);
      List<String> live = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        long scansBefore = PendingPostings.SCANS.get();
        try (Transaction tx = store.begin()) {
          if (!live.isEmpty() && rnd.nextInt(3) == 0) {
            String node = live.remove(rnd.nextInt(live.size()));
            index.remove(tx, List.of(new InvertedIndex.NodeTerms("d", node, fields(new Random(node.hashCode())))));
          } else {
            String node = "n" + i;
            index.add(tx, List.of(new InvertedIndex.NodeTerms("d", node, fields(new Random(node.hashCode())))));
            live.add(node);
          }
          tx.commit();
        }
        if (i > 0 && i % 10 != 1) { // the commit before was alone and right after its snapshot
          assertEquals(scansBefore, PendingPostings.SCANS.get(), "write " + i + " scanned the keys");
        }
        assertKeysExact(store);
        if (i % 10 == 0) { // a commit that does not go through the index: the next write scans
          try (Transaction tx = store.begin()) {
            tx.put("other", new byte[] {(byte) i}, new byte[] {1});
            tx.commit();
          }
          assertKeysExact(store);
        }
      }
      try (Transaction tx = store.begin()) {
        index.mergePending(tx);
        tx.commit();
      }
      assertKeysExact(store);
    }
  }

  @Test
  void concurrentWritersAlwaysSeeTheExactKeys() throws Exception {
    try (Store store = Store.open(dir.resolve("concurrent.db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      InvertedIndex index = new InvertedIndex(7, 1L << 30);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int id = t;
        Thread th = new Thread(() -> {
          Random rnd = new Random(id);
          try {
            for (int i = 0; i < 150; i++) {
              try (Transaction tx = store.begin()) {
                assertEquals(scan(tx), PendingPostings.keys(tx), "thread " + id + " write " + i);
                index.add(tx, List.of(new InvertedIndex.NodeTerms("t" + id, "n" + i, fields(rnd))));
                tx.commit();
              } catch (ConflictException e) {
                // not expected, but not what this test checks
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      assertNull(failure.get());
      assertKeysExact(store);
      try (Transaction tx = store.beginReadOnly()) {
        assertTrue(scan(tx).size() <= 7 + 3, "merges ran");
      }
    }
  }
}
