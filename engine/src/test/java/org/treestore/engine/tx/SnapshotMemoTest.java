package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;

/** Values memoized per snapshot: shared by the transactions on it, made again for a newer one. */
class SnapshotMemoTest {
  private static final Object KEY = new Object();

  @Test
  void sharedWithinASnapshotAndMadeAgainAfterACommit() {
    try (Store store = Store.openInMemory("memo", StoreOptions.DEFAULT)) {
      AtomicInteger made = new AtomicInteger();
      try (Transaction w = store.begin()) {
        w.put("t", new byte[] {1}, new byte[] {1});
        w.commit();
      }
      Transaction a = store.beginReadOnly();
      Transaction b = store.begin();
      String first = a.snapshotMemo(KEY, () -> "made " + made.incrementAndGet());
      assertSame(first, b.snapshotMemo(KEY, () -> "made " + made.incrementAndGet()), "same snapshot, same value");
      assertEquals(1, made.get());

      assertFalse(b.hasWrites("t"));
      b.put("t", new byte[] {2}, new byte[] {2});
      assertTrue(b.hasWrites("t"));
      assertFalse(b.hasWrites("other"));
      b.delete("other", new byte[] {9});
      assertTrue(b.hasWrites("other"), "a delete is a write");
      assertFalse(b.hasWrites("counted"));
      b.update("counted", new byte[] {1}, v -> new byte[] {1});
      assertTrue(b.hasWrites("counted"), "an update is a write");
      b.commit();

      try (Transaction c = store.beginReadOnly()) {
        assertEquals("made 2", c.snapshotMemo(KEY, () -> "made " + made.incrementAndGet()), "a newer snapshot");
      }
      // the older snapshot keeps its value while a transaction still reads it
      assertSame(first, a.snapshotMemo(KEY, () -> "made " + made.incrementAndGet()));
      a.close();
      assertThrows(IllegalStateException.class, () -> a.snapshotMemo(KEY, () -> "late"));
    }
  }
}
