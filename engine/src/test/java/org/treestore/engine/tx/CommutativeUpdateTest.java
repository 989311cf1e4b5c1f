package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;

/** {@link Transaction#update}: counters that concurrent writers change without conflicting. */
class CommutativeUpdateTest {
  private static final String T = "counters";
  private static final byte[] K = {7};

  @TempDir Path dir;

  private static UnaryOperator<byte[]> add(long d) {
    return v -> enc((v == null ? 0 : dec(v)) + d);
  }

  private static byte[] enc(long x) {
    return ByteBuffer.allocate(8).putLong(x).array();
  }

  private static long dec(byte[] v) {
    return ByteBuffer.wrap(v).getLong();
  }

  private Store open() {
    return Store.open(dir.resolve("c.tsdb"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL));
  }

  @Test
  void overlappingUpdatesBothCommitAndAdd() {
    try (Store store = open()) {
      Transaction a = store.begin();
      Transaction b = store.begin();
      a.update(T, K, add(5));
      b.update(T, K, add(7));
      b.update(T, K, add(1));
      assertEquals(5, dec(a.get(T, K)), "a sees its own update on its snapshot");
      assertEquals(8, dec(b.get(T, K)), "b's two updates compose");
      a.commit();
      b.commit(); // no conflict: updates commute
      try (Transaction r = store.beginReadOnly()) {
        assertEquals(13, dec(r.get(T, K)));
      }
    }
    try (Store store = open(); Transaction r = store.beginReadOnly()) {
      assertEquals(13, dec(r.get(T, K)), "after reopening");
    }
  }

  @Test
  void aPutComputedWithoutACommittedUpdateConflicts() {
    try (Store store = open()) {
      Transaction putter = store.begin();
      byte[] seen = putter.get(T, K); // null: computes its value from it
      try (Transaction u = store.begin()) {
        u.update(T, K, add(3));
        u.commit();
      }
      putter.put(T, K, enc((seen == null ? 0 : dec(seen)) + 100));
      assertThrows(ConflictException.class, putter::commit, "the put would lose the update");
      try (Transaction r = store.beginReadOnly()) {
        assertEquals(3, dec(r.get(T, K)));
      }
    }
  }

  @Test
  void putsDeletesAndUpdatesInOneTransaction() {
    try (Store store = open()) {
      try (Transaction t = store.begin()) {
        t.put(T, K, enc(10));
        t.update(T, K, add(2)); // changes the value written here
        assertEquals(12, dec(t.get(T, K)));
        t.commit();
      }
      try (Transaction t = store.begin()) {
        t.update(T, K, add(100));
        t.put(T, K, enc(1)); // replaces the update
        t.commit();
      }
      try (Transaction t = store.begin()) {
        t.update(T, K, v -> null); // deletes
        assertNull(t.get(T, K));
        t.commit();
      }
      try (Transaction t = store.begin()) {
        assertNull(t.get(T, K));
        t.update(T, K, add(4));
        t.rollback();
      }
      try (Transaction r = store.beginReadOnly()) {
        assertNull(r.get(T, K), "a rolled-back update leaves nothing");
        assertThrows(IllegalStateException.class, () -> r.update(T, K, add(1)), "read-only");
      }
    }
  }

  /**
   * A bulk load updates one counter once per document, in one transaction: 200,000 updates commit
   * (no stack of composed functions) and each of the transaction's own reads stays cheap.
   */
  @Test
  void manyUpdatesOfOneKeyInOneTransaction() {
    try (Store store = open()) {
      try (Transaction t = store.begin()) {
        for (int i = 1; i <= 200_000; i++) {
          t.update(T, K, add(1));
          if (i % 1000 == 0) {
            assertEquals(i, dec(t.get(T, K)));
          }
        }
        t.commit();
      }
      try (Transaction r = store.beginReadOnly()) {
        assertEquals(200_000, dec(r.get(T, K)));
      }
    }
  }

  /** Many writers add to one counter and write their own keys: no conflicts, nothing lost. */
  @Test
  void concurrentWritersNeverConflictOnACounter() throws Exception {
    int threads = 4;
    int each = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Store store = open()) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            try (Transaction tx = store.begin()) {
              tx.put("own", new byte[] {(byte) id, (byte) (i >> 8), (byte) i}, new byte[] {1});
              tx.update(T, K, add(1));
              tx.commit(); // a ConflictException fails the test
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
      try (Transaction r = store.beginReadOnly()) {
        assertEquals(threads * each, dec(r.get(T, K)));
      }
      var report = store.check();
      assertTrue(report.isOk(), report.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
