package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.StorageException;
import org.treestore.engine.Store;
import org.treestore.engine.check.CheckReport;

/**
 * {@code store.close()} while transactions are open: the open transactions are rolled back, every
 * later use of them fails with {@link TransactionClosedException} whose message says so, closing
 * them is still harmless, and after reopening exactly the committed data is there.
 */
class CloseWithOpenTransactionsTest {
  private static final String T = "t";

  @Test
  void openTransactionsAreRolledBackAndRefuseUseAfterClose(@TempDir Path dir) {
    Path file = dir.resolve("close.tsdb");
    Store store = Store.open(file);
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 100; i++) {
        tx.put(T, b("k" + i), b("committed" + i));
      }
      tx.commit();
    }
    // Three transactions are open when the store closes: a writer with pending changes, a
    // read-only reader, and a writer with a cursor in the middle of a scan.
    Transaction writer = store.begin();
    writer.put(T, b("k1"), b("uncommitted"));
    writer.put(T, b("new"), b("uncommitted"));
    writer.delete(T, b("k2"));
    Transaction reader = store.beginReadOnly();
    assertEquals("committed3", s(reader.get(T, b("k3"))));
    Transaction scanner = store.begin();
    scanner.put(T, b("k50"), b("uncommitted"));
    TransactionCursor cursor = scanner.cursor(T);
    assertTrue(cursor.seek(b("k5")));

    store.close();

    for (Transaction tx : List.of(writer, reader, scanner)) {
      expectClosed(() -> tx.get(T, b("k1")));
      expectClosed(() -> tx.cursor(T));
    }
    expectClosed(() -> writer.put(T, b("k1"), b("again")));
    expectClosed(() -> writer.delete(T, b("k3")));
    expectClosed(writer::commit);
    expectClosed(scanner::commit);
    expectClosed(cursor::next);
    // Ending them is allowed (try-with-resources must not throw over the real error).
    writer.close();
    reader.close();
    scanner.close();
    // A closed store starts no transaction.
    assertThrows(StorageException.class, store::begin);
    assertThrows(StorageException.class, store::beginReadOnly);

    try (Store reopened = Store.open(file)) {
      try (Transaction tx = reopened.beginReadOnly()) {
        for (int i = 0; i < 100; i++) {
          assertEquals("committed" + i, s(tx.get(T, b("k" + i))), "k" + i);
        }
        assertNull(tx.get(T, b("new")), "a rolled-back insert survived the close");
        int n = 0;
        TransactionCursor c = tx.cursor(T);
        for (boolean ok = c.first(); ok; ok = c.next()) {
          n++;
        }
        assertEquals(100, n);
      }
      CheckReport report = reopened.check();
      assertTrue(report.isOk(), report::toString);
    }
  }

  /**
   * Threads keep reading and writing in their transactions while another thread closes the
   * store: every one of them stops with {@link TransactionClosedException} (not another error,
   * not a hang), the close returns, and the committed data is whole after reopening.
   */
  @Test
  void closeWhileOtherThreadsUseTheirTransactions(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("race.tsdb");
    Store store = Store.open(file);
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 500; i++) {
        tx.put(T, b(String.format(Locale.ROOT, "k%04d", i)), b("v" + i));
      }
      tx.put("writes", b("committed"), b("x"));
      tx.commit();
    }
    int threads = 4;
    CountDownLatch started = new CountDownLatch(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        boolean readOnly = t % 2 == 0;
        int id = t;
        results.add(pool.submit(() -> {
          Transaction tx = readOnly ? store.beginReadOnly() : store.begin();
          started.countDown();
          try {
            for (long round = 0; ; round++) {
              int n = 0;
              TransactionCursor c = tx.cursor(T);
              for (boolean ok = c.first(); ok; ok = c.next()) {
                n++;
              }
              if (n != 500) {
                return "thread " + id + " scanned " + n + " entries, not 500";
              }
              if (!readOnly) {
                tx.put("writes", b(id + "/" + round), b("x"));
              }
            }
          } catch (TransactionClosedException expected) {
            return null;
          } catch (Throwable other) {
            return "thread " + id + " failed with " + other + " instead of a"
                + " TransactionClosedException";
          } finally {
            tx.close();
          }
        }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS));
      Thread.sleep(100);
      store.close();
      for (Future<String> f : results) {
        String problem = f.get(30, TimeUnit.SECONDS);
        if (problem != null) {
          fail(problem);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (Store reopened = Store.open(file); Transaction tx = reopened.beginReadOnly()) {
      int n = 0;
      TransactionCursor c = tx.cursor(T);
      for (boolean ok = c.first(); ok; ok = c.next()) {
        n++;
      }
      assertEquals(500, n);
      TransactionCursor w = tx.cursor("writes");
      assertTrue(w.first());
      assertEquals("committed", s(w.key()));
      assertTrue(!w.next(), "an uncommitted write survived the close");
    }
  }

  /**
   * Threads commit small transactions in a loop while the store is closed: a commit that returned
   * is in the reopened file; a commit that failed with {@link TransactionClosedException} left
   * nothing behind (its message says nothing was committed); no other error occurs.
   */
  @Test
  void closeWhileOtherThreadsCommit(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("commits.tsdb");
    Store store = Store.open(file);
    try (Transaction tx = store.begin()) {
      tx.put("c", b("seed"), b("x"));
      tx.commit();
    }
    int threads = 4;
    CountDownLatch started = new CountDownLatch(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<int[]>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int id = t;
        results.add(pool.submit(() -> {
          started.countDown();
          int i = 0;
          while (true) {
            Transaction tx;
            try {
              tx = store.begin();
            } catch (StorageException closed) {
              return new int[] {i, -1}; // closed before the next transaction began
            }
            try {
              tx.put("c", b(id + "/" + i + "/a"), b("x"));
              tx.put("c", b(id + "/" + i + "/b"), b("y"));
              tx.commit();
              i++;
            } catch (TransactionClosedException e) {
              return new int[] {i, 1}; // transaction i failed: none of it may be there
            } catch (Throwable other) {
              throw new AssertionError("thread " + id + " transaction " + i + " failed with "
                  + other + " instead of a TransactionClosedException", other);
            } finally {
              tx.close();
            }
          }
        }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS));
      Thread.sleep(150);
      store.close();
      List<int[]> outcome = new ArrayList<>();
      for (Future<int[]> f : results) {
        outcome.add(f.get(30, TimeUnit.SECONDS));
      }
      try (Store reopened = Store.open(file); Transaction tx = reopened.beginReadOnly()) {
        for (int t = 0; t < threads; t++) {
          int committed = outcome.get(t)[0];
          for (int i = 0; i < committed; i++) {
            assertEquals("x", s(tx.get("c", b(t + "/" + i + "/a"))), "acknowledged " + t + "/" + i);
            assertEquals("y", s(tx.get("c", b(t + "/" + i + "/b"))), "acknowledged " + t + "/" + i);
          }
          assertNull(tx.get("c", b(t + "/" + committed + "/a")), "thread " + t + "'s transaction "
              + committed + " failed with TransactionClosedException, yet it was committed");
          assertNull(tx.get("c", b(t + "/" + committed + "/b")));
        }
        CheckReport report = reopened.check();
        assertTrue(report.isOk(), report::toString);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void expectClosed(Executable action) {
    TransactionClosedException e = assertThrows(TransactionClosedException.class, action);
    assertTrue(e instanceof StorageException);
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    assertTrue(message.contains("closed") || message.contains("rolled back"),
        "the message should say the store was closed / the transaction rolled back: "
            + e.getMessage());
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
