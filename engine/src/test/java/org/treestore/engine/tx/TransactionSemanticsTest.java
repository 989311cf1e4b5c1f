package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.treestore.engine.Durability;
import org.treestore.engine.StorageException;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.check.CheckReport;

/**
 * The transaction API's contract beyond the anomalies: own writes merged into gets and cursors,
 * read-only transactions, finished transactions, conflict detection per key and per tree (and
 * only there), snapshot sequences, durability across reopen, a long reader holding its snapshot
 * while writers rewrite everything, and concurrent writers on disjoint and on shared keys.
 */
class TransactionSemanticsTest {
  private static final String T = "t";

  @TempDir
  Path dir;

  private Store store;

  @BeforeEach
  void openStore() {
    store = Store.open(dir.resolve("semantics.tsdb"), StoreOptions.DEFAULT.withPageSize(4096));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void ownWritesAreMergedWithTheSnapshotInGetsAndCursors() {
    commit("a", "1", "c", "3", "e", "5", "g", "7");
    try (Transaction tx = store.begin()) {
      tx.put(T, b("b"), b("2"));          // insert between snapshot keys
      tx.put(T, b("c"), b("33"));         // replace a snapshot key
      assertTrue(tx.delete(T, b("e")));   // hide a snapshot key
      tx.put(T, b("h"), b("8"));          // insert after the last snapshot key
      tx.put(T, b("x"), b("gone"));       // insert, then delete again: invisible
      assertTrue(tx.delete(T, b("x")));
      assertTrue(tx.delete(T, b("g")));   // delete, then put back with another value
      tx.put(T, b("g"), b("77"));
      assertFalse(tx.delete(T, b("e")), "already deleted in this transaction");
      assertFalse(tx.delete(T, b("nothing")));

      assertEquals("1", get(tx, "a"));
      assertEquals("2", get(tx, "b"));
      assertEquals("33", get(tx, "c"));
      assertNull(get(tx, "e"));
      assertEquals("77", get(tx, "g"));
      assertEquals("8", get(tx, "h"));
      assertNull(get(tx, "x"));
      assertEquals(List.of("a=1", "b=2", "c=33", "g=77", "h=8"), scan(tx));
      assertEquals(List.of("h=8", "g=77", "c=33", "b=2", "a=1"), scanBackward(tx));

      TransactionCursor c = tx.cursor(T);
      assertTrue(c.seek(b("d")));
      assertEquals("g", s(c.key()), "seek skips the deleted snapshot key e");
      assertTrue(c.seekFloor(b("f")));
      assertEquals("c", s(c.key()), "seekFloor skips the deleted snapshot key e");
      assertEquals("33", s(c.value()));
      assertTrue(c.seek(b("b")));
      assertEquals("b", s(c.key()), "seek lands exactly on an own insert");
      assertTrue(c.prev());
      assertEquals("a", s(c.key()));
      assertFalse(c.prev());
      assertFalse(c.isValid());
      assertTrue(c.seekFloor(b("zzz")));
      assertEquals("h", s(c.key()), "the last key is an own insert");
      assertFalse(c.next());
      assertFalse(c.seek(b("i")));
      assertFalse(c.seekFloor(b("0")));
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(List.of("a=1", "b=2", "c=33", "g=77", "h=8"), scan(tx));
    }
  }

  @Test
  void aTransactionWithManyWritesOverALargeSnapshotScansCorrectly() {
    // 3,000 committed keys (even numbers) and 3,000 own writes (odd numbers inserted, every
    // fourth even number deleted, every third replaced), across many pages.
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 6000; i += 2) {
        tx.put(T, num(i), b("v" + i));
      }
      tx.commit();
    }
    try (Transaction tx = store.begin()) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 6000; i++) {
        if (i % 2 == 1) {
          tx.put(T, num(i), b("o" + i));
          expected.add(i + "=o" + i);
        } else if (i % 4 == 0) {
          assertTrue(tx.delete(T, num(i)));
        } else if (i % 3 == 0) {
          tx.put(T, num(i), b("r" + i));
          expected.add(i + "=r" + i);
        } else {
          expected.add(i + "=v" + i);
        }
      }
      List<String> forward = new ArrayList<>();
      TransactionCursor c = tx.cursor(T);
      for (boolean ok = c.first(); ok; ok = c.next()) {
        forward.add(ByteBuffer.wrap(c.key()).getInt() + "=" + s(c.value()));
      }
      assertEquals(expected, forward);
      List<String> backward = new ArrayList<>();
      for (boolean ok = c.last(); ok; ok = c.prev()) {
        backward.add(0, ByteBuffer.wrap(c.key()).getInt() + "=" + s(c.value()));
      }
      assertEquals(expected, backward);
      tx.commit();
    }
  }

  @Test
  void readOnlyTransactionsRefuseWritesAndNeverConflict() {
    commit("k", "1");
    try (Transaction ro = store.beginReadOnly()) {
      assertThrows(IllegalStateException.class, () -> ro.put(T, b("k"), b("2")));
      assertThrows(IllegalStateException.class, () -> ro.delete(T, b("k")));
      assertEquals("1", get(ro, "k"), "the refused put left no trace");
      commit("k", "3");
      assertEquals("1", get(ro, "k"));
    }
    assertEquals("3", committed("k"));
  }

  @Test
  void finishedTransactionsRefuseUse() {
    Transaction committedTx = store.begin();
    committedTx.put(T, b("k"), b("1"));
    committedTx.commit();
    Transaction rolledBack = store.begin();
    rolledBack.put(T, b("j"), b("1"));
    rolledBack.rollback();
    Transaction closed = store.beginReadOnly();
    closed.close();
    for (Transaction tx : List.of(committedTx, rolledBack, closed)) {
      assertThrows(IllegalStateException.class, () -> tx.get(T, b("k")));
      assertThrows(IllegalStateException.class, () -> tx.put(T, b("k"), b("2")));
      assertThrows(IllegalStateException.class, () -> tx.delete(T, b("k")));
      assertThrows(IllegalStateException.class, () -> tx.cursor(T));
      assertThrows(IllegalStateException.class, tx::commit);
      tx.close(); // allowed, does nothing
    }
    assertEquals("1", committed("k"), "close() after commit must not undo it");
    assertNull(committed("j"));
  }

  @Test
  void closeWithoutCommitRollsBack() {
    commit("k", "1");
    try (Transaction tx = store.begin()) {
      tx.put(T, b("k"), b("2"));
      tx.put(T, b("new"), b("x"));
    }
    assertEquals("1", committed("k"));
    assertNull(committed("new"));
  }

  @Test
  void conflictsAreDetectedPerKeyAndPerTreeOnly() {
    commit("x", "0", "y", "0", "z", "0");
    // Update against update, delete against update, update against delete.
    assertConflict(t -> t.put(T, b("x"), b("1")), t -> t.put(T, b("x"), b("2")));
    assertConflict(t -> t.delete(T, b("x")), t -> t.put(T, b("x"), b("3")));
    commit("x", "0");
    assertConflict(t -> t.put(T, b("x"), b("4")), t -> assertTrue(t.delete(T, b("x"))));
    // An insert of a new key against an insert of the same key.
    assertConflict(t -> t.put(T, b("fresh"), b("1")), t -> t.put(T, b("fresh"), b("2")));

    // Different keys: both commit, in either order.
    try (Transaction t1 = store.begin(); Transaction t2 = store.begin()) {
      t1.put(T, b("y"), b("t1"));
      t2.put(T, b("z"), b("t2"));
      t2.commit();
      t1.commit();
    }
    // The same key in different trees is not the same key.
    try (Transaction t1 = store.begin(); Transaction t2 = store.begin()) {
      t1.put(T, b("y"), b("t1 again"));
      t2.put("other", b("y"), b("t2"));
      t1.commit();
      t2.commit();
    }
    // A transaction that only read a key another one wrote does not conflict (snapshot
    // isolation checks write sets only).
    try (Transaction t1 = store.begin(); Transaction t2 = store.begin()) {
      assertEquals("t2", get(t2, "z"));
      t2.put(T, b("w"), b("from t2"));
      t1.put(T, b("z"), b("t1"));
      t1.commit();
      t2.commit();
    }
    // A transaction that began after the other's commit sees it and does not conflict.
    try (Transaction t1 = store.begin()) {
      t1.put(T, b("y"), b("first"));
      t1.commit();
    }
    try (Transaction t2 = store.begin()) {
      assertEquals("first", get(t2, "y"));
      t2.put(T, b("y"), b("second"));
      t2.commit();
    }
    assertEquals("second", committed("y"));
    assertEquals("t1", committed("z"));
    assertEquals("from t2", committed("w"));
    try (Transaction ro = store.beginReadOnly()) {
      assertEquals("t2", s(ro.get("other", b("y"))));
    }
  }

  /**
   * T1 and T2 begin together; T1 does {@code first}, T2 {@code second} and also writes an
   * unrelated key; T1 commits, T2's commit must conflict and leave nothing of T2 behind.
   */
  private void assertConflict(TxAction first, TxAction second) {
    String before = committed("x");
    try (Transaction t1 = store.begin(); Transaction t2 = store.begin()) {
      first.run(t1);
      second.run(t2);
      t2.put(T, b("unrelated"), b("from the loser"));
      t1.commit();
      assertThrows(ConflictException.class, t2::commit);
      assertThrows(IllegalStateException.class, () -> t2.get(T, b("x")));
    }
    assertNull(committed("unrelated"), "a conflicting commit applied part of its writes (x was "
        + before + ")");
  }

  private interface TxAction {
    void run(Transaction tx);
  }

  @Test
  void snapshotSequenceAdvancesWithCommitsOnly() {
    commit("k", "1");
    Transaction early = store.begin();
    Transaction earlyRo = store.beginReadOnly();
    long s0 = early.snapshotSeq();
    assertEquals(s0, earlyRo.snapshotSeq(), "begun at the same commit");
    try (Transaction rolledBack = store.begin()) {
      rolledBack.put(T, b("k"), b("no"));
      rolledBack.rollback();
    }
    assertEquals(s0, currentSeq(), "a rollback commits nothing");
    long s1;
    try (Transaction loser = store.begin()) {
      loser.put(T, b("k"), b("loser"));
      early.put(T, b("k"), b("winner"));
      early.commit();
      s1 = currentSeq();
      assertTrue(s1 > s0, "a commit advances the sequence: " + s0 + " -> " + s1);
      assertThrows(ConflictException.class, loser::commit);
    }
    assertEquals(s1, currentSeq(), "a commit that failed with a conflict commits nothing");
    assertEquals(s0, earlyRo.snapshotSeq(), "a snapshot's sequence is fixed");
    assertEquals("1", get(earlyRo, "k"));
    earlyRo.close();
    assertEquals("winner", committed("k"));
  }

  private long currentSeq() {
    try (Transaction tx = store.beginReadOnly()) {
      return tx.snapshotSeq();
    }
  }

  @Test
  void committedTransactionsSurviveReopenAndRolledBackOnesDoNot() {
    byte[] big = new byte[20_000];
    new Random(7).nextBytes(big);
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < 2000; i++) {
        tx.put(T, num(i), b("v" + i));
      }
      tx.put(T, b("big"), big);
      tx.commit();
    }
    try (Transaction tx = store.begin()) {
      tx.put(T, b("big"), b("small"));
      assertTrue(tx.delete(T, num(5)));
      tx.rollback();
    }
    try (Transaction tx = store.begin()) {
      assertTrue(tx.delete(T, num(6)));
      tx.commit();
    }
    store.close();
    store = Store.open(dir.resolve("semantics.tsdb"));
    try (Transaction tx = store.beginReadOnly()) {
      assertArrayEquals(big, tx.get(T, b("big")));
      assertEquals("v5", get(tx, num(5)));
      assertNull(tx.get(T, num(6)));
      int n = 0;
      TransactionCursor c = tx.cursor(T);
      for (boolean ok = c.first(); ok; ok = c.next()) {
        n++;
      }
      assertEquals(2000, n, "1,999 numbered keys and 'big'");
    }
    CheckReport report = store.check();
    assertTrue(report.isOk(), report::toString);
  }

  /**
   * A read-only transaction stays open while 300 commits rewrite and delete every key (with a
   * small pool, so its old pages are evicted and read again): it keeps reading its snapshot
   * exactly, the integrity check passes meanwhile, and after it ends the file stops growing.
   */
  @Test
  void aLongReaderKeepsItsSnapshotWhileWritersRewriteEverything() {
    store.close();
    store = Store.open(dir.resolve("long.tsdb"), StoreOptions.DEFAULT.withPageSize(4096)
        .withCacheSizeBytes(32 * 4096).withDurability(Durability.NORMAL)
        .withCheckpointBytes(64 * 4096));
    int keys = 400;
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < keys; i++) {
        tx.put(T, num(i), value(i, 0));
      }
      tx.commit();
    }
    Random rnd = new Random(42);
    try (Transaction reader = store.beginReadOnly()) {
      for (int round = 1; round <= 300; round++) {
        try (Transaction w = store.begin()) {
          for (int j = 0; j < 40; j++) {
            int i = rnd.nextInt(keys);
            if (rnd.nextInt(4) == 0) {
              w.delete(T, num(i));
            } else {
              w.put(T, num(i), value(i, round));
            }
          }
          w.commit();
        }
        if (round % 50 == 0) {
          assertSnapshot(reader, keys);
          CheckReport report = store.check();
          assertTrue(report.isOk(), report::toString);
        }
      }
      assertSnapshot(reader, keys);
    }
    // With the reader gone, the pages it held can be reused: after a warm-up, 600 more rounds of
    // the same churn must not grow the file by much (without reuse they would add about as many
    // pages as the 300 rounds under the reader did).
    for (int round = 301; round <= 400; round++) {
      churn(rnd, keys, round);
    }
    int pages = store.pageCount();
    for (int round = 401; round <= 1000; round++) {
      churn(rnd, keys, round);
    }
    assertTrue(store.pageCount() <= pages + pages / 4 + 64, "the file keeps growing although no"
        + " snapshot holds old pages: " + pages + " -> " + store.pageCount() + " pages");
    CheckReport report = store.check();
    assertTrue(report.isOk(), report::toString);
  }

  private void churn(Random rnd, int keys, int round) {
    try (Transaction w = store.begin()) {
      for (int j = 0; j < 40; j++) {
        int i = rnd.nextInt(keys);
        w.put(T, num(i), value(i, round));
      }
      w.commit();
    }
  }

  private static void assertSnapshot(Transaction reader, int keys) {
    for (int i = 0; i < keys; i++) {
      assertArrayEquals(value(i, 0), reader.get(T, num(i)), "key " + i);
    }
    TransactionCursor c = reader.cursor(T);
    int i = 0;
    for (boolean ok = c.first(); ok; ok = c.next(), i++) {
      assertEquals(i, ByteBuffer.wrap(c.key()).getInt());
      assertArrayEquals(value(i, 0), c.value());
    }
    assertEquals(keys, i);
  }

  /** 200 to 1,200 bytes, so 400 keys span many pages; the round is in the first 4 bytes. */
  private static byte[] value(int key, int round) {
    byte[] v = new byte[200 + (key * 37 % 1000)];
    new Random(key * 1_000_003L + round).nextBytes(v);
    ByteBuffer.wrap(v).putInt(round);
    return v;
  }

  @Test
  void writersOnDisjointKeysNeverConflictAndSharedCountersLoseNoIncrement() throws Exception {
    int threads = 4;
    int increments = 80;
    commit("shared", "0");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String own = "own" + t;
        results.add(pool.submit(() -> {
          int conflicts = 0;
          for (int i = 0; i < increments; i++) {
            // Own counter: nobody else writes it, so a ConflictException here fails the test.
            try (Transaction tx = store.begin()) {
              String v = get(tx, own);
              tx.put(T, b(own), b(Integer.toString(v == null ? 1 : Integer.parseInt(v) + 1)));
              tx.commit();
            }
            // Shared counter: retried on conflict.
            while (true) {
              try (Transaction tx = store.begin()) {
                int v = Integer.parseInt(get(tx, "shared"));
                tx.put(T, b("shared"), b(Integer.toString(v + 1)));
                tx.commit();
                break;
              } catch (ConflictException e) {
                conflicts++;
              }
            }
          }
          return conflicts;
        }));
      }
      int conflicts = 0;
      for (Future<Integer> f : results) {
        conflicts += f.get(120, TimeUnit.SECONDS);
      }
      System.out.println("TransactionSemanticsTest: " + conflicts + " conflicts retried on the"
          + " shared counter");
    } finally {
      pool.shutdownNow();
    }
    for (int t = 0; t < threads; t++) {
      assertEquals(Integer.toString(increments), committed("own" + t));
    }
    assertEquals(Integer.toString(threads * increments), committed("shared"), "lost increments");
  }

  /**
   * A commit whose writes change nothing (it only deletes keys that do not exist) must not make
   * later transactions conflict: with no other transaction writing, nothing can. Checked both
   * without and with an old read-only transaction open (which keeps the pages freed by the
   * commits after it from being reclaimed, so such a commit has truly nothing to write).
   */
  @ParameterizedTest(name = "old reader open: {0}")
  @ValueSource(booleans = {false, true})
  void aCommitThatChangesNothingCausesNoLaterConflicts(boolean oldReaderOpen) {
    commit("k", "1");
    Transaction oldReader = oldReaderOpen ? store.beginReadOnly() : null;
    try {
      commit("k", "2");
      for (int round = 1; round <= 3; round++) {
        byte[] key = b("absent" + round);
        try (Transaction t1 = store.begin()) {
          assertFalse(t1.delete(T, key));
          t1.commit();
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
          try (Transaction t2 = store.begin()) {
            t2.put(T, key, b("present"));
            String what = "round " + round + ", attempt " + attempt;
            assertDoesNotThrow(t2::commit, what + ": no other transaction writes, so the earlier"
                + " commit that deleted nothing cannot conflict with this one");
          }
        }
        assertEquals("present", committed("absent" + round));
      }
      if (oldReader != null) {
        assertEquals("1", get(oldReader, "k"));
      }
    } finally {
      if (oldReader != null) {
        oldReader.close();
      }
    }
  }

  /**
   * After a {@link ConflictException}, a transaction begun to retry sees the commit that won:
   * otherwise the retry is bound to conflict again, and a retry loop spins (begin, conflict,
   * begin...) until that commit becomes visible.
   */
  @Test
  void aRetryAfterAConflictSeesTheCommitThatWon() throws Exception {
    int threads = 4;
    int increments = 40;
    commit("hot", "0");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          long conflicts = 0;
          long staleRetries = 0;
          for (int i = 0; i < increments; i++) {
            ConflictException lost = null;
            while (true) {
              try (Transaction tx = store.begin()) {
                if (lost != null && tx.snapshotSeq() < lost.conflictingCommit()) {
                  staleRetries++;
                }
                int v = Integer.parseInt(get(tx, "hot"));
                tx.put(T, b("hot"), b(Integer.toString(v + 1)));
                tx.commit();
                break;
              } catch (ConflictException e) {
                conflicts++;
                lost = e;
              }
            }
          }
          return new long[] {conflicts, staleRetries};
        }));
      }
      long conflicts = 0;
      long stale = 0;
      for (Future<long[]> f : results) {
        long[] r = f.get(120, TimeUnit.SECONDS);
        conflicts += r[0];
        stale += r[1];
      }
      assertEquals(Integer.toString(threads * increments), committed("hot"), "lost increments");
      assertEquals(0, stale, stale + " of " + conflicts + " retries began on a snapshot older than"
          + " the commit they had lost to (for " + threads * increments + " increments)");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void conflictExceptionIsARetryableStorageException() {
    commit("k", "0");
    try (Transaction t1 = store.begin(); Transaction t2 = store.begin()) {
      t1.put(T, b("k"), b("1"));
      t2.put(T, b("k"), b("2"));
      t1.commit();
      StorageException e = assertThrows(StorageException.class, t2::commit);
      assertTrue(e instanceof ConflictException, "not a ConflictException: " + e);
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "the message says why");
    }
  }

  // ------------------------------------------------------------------ helpers

  private void commit(String... kv) {
    try (Transaction tx = store.begin()) {
      for (int i = 0; i < kv.length; i += 2) {
        tx.put(T, b(kv[i]), b(kv[i + 1]));
      }
      tx.commit();
    }
  }

  private String committed(String key) {
    try (Transaction tx = store.beginReadOnly()) {
      return get(tx, key);
    }
  }

  private static String get(Transaction tx, String key) {
    return get(tx, b(key));
  }

  private static String get(Transaction tx, byte[] key) {
    byte[] v = tx.get(T, key);
    return v == null ? null : s(v);
  }

  private static List<String> scan(Transaction tx) {
    List<String> out = new ArrayList<>();
    TransactionCursor c = tx.cursor(T);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      out.add(s(c.key()) + "=" + s(c.value()));
    }
    return out;
  }

  private static List<String> scanBackward(Transaction tx) {
    List<String> out = new ArrayList<>();
    TransactionCursor c = tx.cursor(T);
    for (boolean ok = c.last(); ok; ok = c.prev()) {
      out.add(s(c.key()) + "=" + s(c.value()));
    }
    return out;
  }

  private static byte[] num(int i) {
    return ByteBuffer.allocate(4).putInt(i).array();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
