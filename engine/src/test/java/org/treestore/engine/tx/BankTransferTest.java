package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.check.CheckReport;

/**
 * The bank-transfer invariant under concurrency. 100 accounts; 8 writer threads move money
 * between random accounts (read both balances, write both, and a log record of the transfer, all
 * in one transaction; retried on {@link ConflictException}; a few are deliberately rolled back),
 * while reader threads check in their snapshots, again and again:
 *
 * <ul>
 *   <li>the sum of all balances read by {@code get} equals the total (no read skew, no partial
 *       commit visible), in read-only and in (write-free) read-write transactions;
 *   <li>a cursor scan of the accounts, forwards or backwards, sees exactly the 100 accounts, in
 *       order, summing to the total;
 *   <li>balances equal the initial balances plus the effects of the log records visible in the
 *       same snapshot (the two trees are consistent with each other in every snapshot).
 * </ul>
 *
 * At the end: the final balances equal the initial ones plus the effects of the transfers the
 * writers saw committed (no update lost), the log holds exactly those transfers (none of the
 * rolled-back ones), {@code store.check()} passes, and all of it again after a reopen.
 *
 * <p>Each writer's transfers come from its own seeded generator, so the work is repeatable (the
 * interleaving is not). The seed is printed; {@code -Dtreestore.bankSeed=S} replays it and
 * {@code -Dtreestore.bankTransfers=N} sets the transfers per writer (default 250).
 */
class BankTransferTest {
  private static final String ACCOUNTS = "accounts";
  private static final String LOG = "log";
  private static final String FILLER = "filler";
  private static final int N = 100;
  private static final long INITIAL = 1_000;
  private static final long TOTAL = N * INITIAL;
  private static final int WRITERS = 8;
  private static final int ABANDONED_BASE = 1_000_000;

  @Test
  void transfersKeepTheTotalOnAFileStore(@TempDir Path dir) throws Exception {
    run(dir, StoreOptions.DEFAULT.withDurability(Durability.NORMAL), 16, 0, 0);
  }

  /**
   * The same with durable commits and a buffer pool of 64 pages of 4 KiB: balances padded to 400
   * bytes, log records to 120, and a 600-entry filler tree the readers also read, so pages of
   * older snapshots are evicted and read back while writers commit.
   */
  @Test
  void transfersKeepTheTotalWithASmallBufferPool(@TempDir Path dir) throws Exception {
    run(dir, StoreOptions.DEFAULT.withDurability(Durability.FULL).withPageSize(4096)
        .withCacheSizeBytes(64 * 4096L).withCheckpointBytes(256 * 4096L), 400, 120, 600);
  }

  /** Everything one writer did: the transfers it saw commit, in order, and its conflicts. */
  private record WriterResult(List<long[]> committed, int conflicts, int abandoned) {
  }

  private void run(Path dir, StoreOptions options, int accountPad, int logPad, int fillers)
      throws Exception {
    long seed = Long.getLong("treestore.bankSeed", System.nanoTime());
    int transfers = Integer.getInteger("treestore.bankTransfers", 250);
    System.out.println("BankTransferTest: seed " + seed + ", " + WRITERS + " writers x "
        + transfers + " transfers (replay with -Dtreestore.bankSeed=" + seed + ")");
    Path file = dir.resolve("bank.tsdb");
    Store store = Store.open(file, options);
    try {
      try (Transaction tx = store.begin()) {
        for (int a = 0; a < N; a++) {
          tx.put(ACCOUNTS, account(a), balance(a, INITIAL, accountPad));
        }
        for (int f = 0; f < fillers; f++) {
          tx.put(FILLER, account(f), filler(f));
        }
        tx.commit();
      }

      AtomicBoolean writersDone = new AtomicBoolean();
      AtomicLong checks = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 3);
      List<Future<WriterResult>> writers = new ArrayList<>();
      List<Future<Long>> readers = new ArrayList<>();
      try {
        for (int w = 0; w < WRITERS; w++) {
          int id = w;
          long writerSeed = seed * 31 + w;
          writers.add(pool.submit(() -> writer(store, id, writerSeed, transfers, accountPad,
              logPad)));
        }
        readers.add(pool.submit(reader(n -> sumByGets(store, seed + n, n % 2 == 0, fillers),
            writersDone, checks)));
        readers.add(pool.submit(reader(n -> sumByScan(store, n % 2 == 0, n % 8 == 0 ? fillers : 0),
            writersDone, checks)));
        readers.add(pool.submit(reader(n -> balancesMatchLog(store), writersDone, checks)));

        List<WriterResult> results = new ArrayList<>();
        try {
          for (Future<WriterResult> f : writers) {
            results.add(f.get(240, TimeUnit.SECONDS));
          }
        } finally {
          writersDone.set(true);
        }
        for (Future<Long> f : readers) {
          assertTrue(f.get(60, TimeUnit.SECONDS) > 0, "every reader completed a check");
        }
        int conflicts = 0;
        int abandoned = 0;
        for (WriterResult r : results) {
          assertEquals(transfers, r.committed().size());
          conflicts += r.conflicts();
          abandoned += r.abandoned();
        }
        System.out.println("BankTransferTest: " + WRITERS * transfers + " transfers committed, "
            + conflicts + " conflicts retried, " + abandoned + " rolled back on purpose, "
            + checks.get() + " snapshot checks by readers");

        verifyFinal(store, results, "before reopening");
        CheckReport report = store.check();
        assertTrue(report.isOk(), report::toString);
        store.close();
        try (Store reopened = Store.open(file, options)) {
          verifyFinal(reopened, results, "after reopening");
          report = reopened.check();
          assertTrue(report.isOk(), report::toString);
        }
      } finally {
        writersDone.set(true);
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "threads did not stop");
      }
    } finally {
      store.close();
    }
  }

  private static WriterResult writer(Store store, int id, long seed, int transfers,
      int accountPad, int logPad) {
    Random rnd = new Random(seed);
    List<long[]> committed = new ArrayList<>();
    int conflicts = 0;
    int abandoned = 0;
    while (committed.size() < transfers) {
      // A hot account takes part in a fifth of the transfers, so writers do collide.
      int from = rnd.nextInt(5) == 0 ? 0 : rnd.nextInt(N);
      int to = rnd.nextInt(N - 1);
      to = to >= from ? to + 1 : to;
      long amount = 1 + rnd.nextInt(200);
      boolean abandon = rnd.nextInt(20) == 0;
      int seq = abandon ? ABANDONED_BASE + abandoned : committed.size();
      while (true) {
        try (Transaction tx = store.begin()) {
          long fromBalance = readBalance(tx, from);
          long toBalance = readBalance(tx, to);
          tx.put(ACCOUNTS, account(from), balance(from, fromBalance - amount, accountPad));
          tx.put(ACCOUNTS, account(to), balance(to, toBalance + amount, accountPad));
          tx.put(LOG, logKey(id, seq), logRecord(from, to, amount, logPad));
          if (abandon) {
            tx.rollback();
            abandoned++;
          } else {
            tx.commit();
            committed.add(new long[] {from, to, amount});
          }
          break;
        } catch (ConflictException e) {
          conflicts++;
        }
      }
    }
    return new WriterResult(committed, conflicts, abandoned);
  }

  /** A reader loop: runs {@code check} until the writers are done (and at least once more). */
  private static Callable<Long> reader(LongConsumer check, AtomicBoolean writersDone,
      AtomicLong checks) {
    return () -> {
      long n = 0;
      do {
        check.accept(n);
        n++;
        checks.incrementAndGet();
      } while (!writersDone.get());
      return n;
    };
  }

  /** Sum by gets, alternately in read-only and read-write transactions; reads fillers too. */
  private static void sumByGets(Store store, long seed, boolean readOnly, int fillers) {
    Random rnd = new Random(seed);
    try (Transaction tx = readOnly ? store.beginReadOnly() : store.begin()) {
      long sum = 0;
      for (int a = 0; a < N; a++) {
        sum += readBalance(tx, a);
        if (fillers > 0 && a % 10 == 0) {
          int f = rnd.nextInt(fillers);
          byte[] v = tx.get(FILLER, account(f));
          if (!Arrays.equals(filler(f), v)) {
            fail("filler " + f + " has a wrong value in snapshot " + tx.snapshotSeq());
          }
        }
      }
      if (sum != TOTAL) {
        fail("sum of balances by get is " + sum + ", not " + TOTAL + ", in snapshot "
            + tx.snapshotSeq() + (readOnly ? " (read-only)" : " (read-write)"));
      }
      if (!readOnly) {
        tx.commit(); // wrote nothing: must not conflict
      }
    }
  }

  /** Sum by a cursor scan of the accounts, forwards or backwards; then {@code fillers} scanned. */
  private static void sumByScan(Store store, boolean backwards, int fillers) {
    try (Transaction tx = store.beginReadOnly()) {
      TransactionCursor c = tx.cursor(ACCOUNTS);
      long sum = 0;
      int count = 0;
      int expect = backwards ? N - 1 : 0;
      for (boolean ok = backwards ? c.last() : c.first(); ok; ok = backwards ? c.prev() : c.next()) {
        int a = ByteBuffer.wrap(c.key()).getInt();
        if (a != expect) {
          fail("the scan went to account " + a + " where " + expect + " was due, in snapshot "
              + tx.snapshotSeq());
        }
        expect += backwards ? -1 : 1;
        sum += decode(a, c.value());
        count++;
      }
      if (count != N || sum != TOTAL) {
        fail("a " + (backwards ? "backward" : "forward") + " scan saw " + count + " accounts"
            + " summing to " + sum + ", not " + N + " and " + TOTAL + ", in snapshot "
            + tx.snapshotSeq());
      }
      if (fillers > 0) {
        int f = 0;
        TransactionCursor fc = tx.cursor(FILLER);
        for (boolean ok = fc.first(); ok; ok = fc.next(), f++) {
          if (!Arrays.equals(filler(f), fc.value())) {
            fail("filler " + f + " wrong in a scan of snapshot " + tx.snapshotSeq());
          }
        }
        if (f != fillers) {
          fail("a filler scan saw " + f + " entries, not " + fillers);
        }
      }
    }
  }

  /** In one snapshot, every balance equals its initial value plus the visible logged transfers. */
  private static void balancesMatchLog(Store store) {
    try (Transaction tx = store.beginReadOnly()) {
      long[] expected = effects(tx);
      for (int a = 0; a < N; a++) {
        long got = readBalance(tx, a);
        if (got != expected[a]) {
          fail("account " + a + " holds " + got + " but the log visible in the same snapshot ("
              + tx.snapshotSeq() + ") says " + expected[a] + ": a transaction is partly visible");
        }
      }
    }
  }

  /** Initial balances plus the effect of every log record visible to {@code tx}. */
  private static long[] effects(Transaction tx) {
    long[] balances = new long[N];
    Arrays.fill(balances, INITIAL);
    TransactionCursor c = tx.cursor(LOG);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      ByteBuffer r = ByteBuffer.wrap(c.value());
      int from = r.getInt();
      int to = r.getInt();
      long amount = r.getLong();
      balances[from] -= amount;
      balances[to] += amount;
    }
    return balances;
  }

  private static void verifyFinal(Store store, List<WriterResult> results, String when) {
    long[] expected = new long[N];
    Arrays.fill(expected, INITIAL);
    for (WriterResult r : results) {
      for (long[] t : r.committed()) {
        expected[(int) t[0]] -= t[2];
        expected[(int) t[1]] += t[2];
      }
    }
    try (Transaction tx = store.beginReadOnly()) {
      long sum = 0;
      for (int a = 0; a < N; a++) {
        long got = readBalance(tx, a);
        sum += got;
        assertEquals(expected[a], got, "account " + a + " " + when + ": an update was lost");
      }
      assertEquals(TOTAL, sum);
      assertTrue(Arrays.equals(expected, effects(tx)), "the log disagrees with the balances");
      // The log holds exactly the committed transfers of every writer, none rolled back.
      for (int w = 0; w < WRITERS; w++) {
        List<long[]> committed = results.get(w).committed();
        for (int i = 0; i < committed.size(); i++) {
          byte[] rec = tx.get(LOG, logKey(w, i));
          assertTrue(rec != null, "writer " + w + "'s transfer " + i + " is missing " + when);
          ByteBuffer r = ByteBuffer.wrap(rec);
          long[] t = committed.get(i);
          assertEquals(t[0], r.getInt(), "transfer " + w + "/" + i);
          assertEquals(t[1], r.getInt(), "transfer " + w + "/" + i);
          assertEquals(t[2], r.getLong(), "transfer " + w + "/" + i);
        }
        assertNull(tx.get(LOG, logKey(w, committed.size())), "an extra transfer of writer " + w);
        for (int i = 0; i < results.get(w).abandoned(); i++) {
          assertNull(tx.get(LOG, logKey(w, ABANDONED_BASE + i)), "a rolled-back transfer of"
              + " writer " + w + " was committed " + when);
        }
      }
      int records = 0;
      TransactionCursor c = tx.cursor(LOG);
      for (boolean ok = c.first(); ok; ok = c.next()) {
        records++;
      }
      int committedTotal = 0;
      for (WriterResult r : results) {
        committedTotal += r.committed().size();
      }
      assertEquals(committedTotal, records, "log records " + when);
    }
  }

  // ------------------------------------------------------------------ encoding

  private static byte[] account(int a) {
    return ByteBuffer.allocate(4).putInt(a).array();
  }

  /** Balance, then {@code pad} bytes derived from the account, so torn or moved values fail. */
  private static byte[] balance(int a, long balance, int pad) {
    ByteBuffer b = ByteBuffer.allocate(8 + pad).putLong(balance);
    for (int i = 0; i < pad; i++) {
      b.put((byte) (a * 7 + i));
    }
    return b.array();
  }

  private static long decode(int a, byte[] value) {
    long balance = ByteBuffer.wrap(value).getLong();
    if (!Arrays.equals(balance(a, balance, value.length - 8), value)) {
      fail("account " + a + " holds a damaged value");
    }
    return balance;
  }

  private static long readBalance(Transaction tx, int a) {
    byte[] v = tx.get(ACCOUNTS, account(a));
    if (v == null) {
      fail("account " + a + " is missing in snapshot " + tx.snapshotSeq());
    }
    return decode(a, v);
  }

  private static byte[] logKey(int writer, int seq) {
    return ByteBuffer.allocate(5).put((byte) writer).putInt(seq).array();
  }

  private static byte[] logRecord(int from, int to, long amount, int pad) {
    return ByteBuffer.allocate(16 + pad).putInt(from).putInt(to).putLong(amount).array();
  }

  private static byte[] filler(int f) {
    byte[] v = new byte[700 + f % 600];
    new Random(f).nextBytes(v);
    return v;
  }
}
