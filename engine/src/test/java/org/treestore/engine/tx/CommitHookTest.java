package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;

/** Attachments and before-commit hooks: what layers that buffer writes per transaction rely on. */
class CommitHookTest {
  @TempDir Path dir;

  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void hooksRunInOrderAndTheirWritesCommitWithTheTransaction() {
    try (Store store = Store.open(dir.resolve("h.db"), StoreOptions.DEFAULT)) {
      List<String> ran = new ArrayList<>();
      try (Transaction tx = store.begin()) {
        Object key = new Object();
        List<String> buffer = tx.attachment(key, ArrayList::new);
        assertSame(buffer, tx.attachment(key, ArrayList::new), "one attachment per key");
        buffer.add("k1");
        tx.beforeCommit(() -> {
          ran.add("first");
          for (String k : buffer) {
            tx.put("t", b(k), b("v"));
          }
        });
        tx.beforeCommit(() -> ran.add("second"));
        tx.commit();
      }
      assertEquals(List.of("first", "second"), ran);
      try (Transaction r = store.beginReadOnly()) {
        assertArrayEquals(b("v"), r.get("t", b("k1")));
      }
    }
  }

  @Test
  void aFailingHookRollsTheTransactionBack() {
    try (Store store = Store.open(dir.resolve("f.db"), StoreOptions.DEFAULT)) {
      Transaction tx = store.begin();
      tx.put("t", b("a"), b("1"));
      tx.beforeCommit(() -> {
        throw new IllegalStateException("flush failed");
      });
      assertEquals("flush failed", assertThrows(IllegalStateException.class, tx::commit).getMessage());
      assertFalse(tx.isOpen());
      tx.close();
      try (Transaction r = store.beginReadOnly()) {
        assertNull(r.get("t", b("a")));
      }
      assertEquals(0, store.transactions().openTransactions(), "the failed transaction ended");
    }
  }
}
