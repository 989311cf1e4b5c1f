package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.treestore.engine.Durability;
import org.treestore.engine.StorageException;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.check.CheckReport;

/**
 * Model-based test of snapshot isolation: one seeded {@link Random} drives several interleaved
 * transactions on one thread (begin, get, put, delete, cursor walks, commit, rollback, store
 * reopen) and every result is compared with a reference model.
 *
 * <p><b>The model.</b> The committed state is a map per tree (keys ordered as unsigned bytes). A
 * transaction's view is a copy of the committed state at its begin plus its own writes. A commit
 * fails with {@link ConflictException} iff a key it wrote was written by a transaction that
 * committed after it began (first committer wins); otherwise its writes are applied. Read-only
 * transactions never conflict.
 *
 * <p><b>One latitude.</b> A deletion that removes nothing from the transaction's snapshot (the key
 * was absent there, or only its own uncommitted put made it visible) has no effect on the data; the
 * API does not say whether it counts as a "write" for conflict detection. The model calls such keys
 * <em>soft</em> writes: a conflict that involves only soft writes (on either side) may or may not
 * be raised, and if the commit succeeds the key keeps the value the other transaction committed
 * (applying a blind tombstone there would lose that update). Everything else is exact.
 *
 * <p>Every get, every delete's return value and every cursor walk (full forward and backward
 * scans, seeks and short walks, also across other transactions' commits) is compared with the
 * model. Keys are short, share prefixes and use bytes above 0x7F, so unsigned order matters; some
 * values spill into overflow pages. The pool is small so pages are evicted and re-read. Every few
 * steps the store is closed with transactions open (they must then refuse use with
 * {@link TransactionClosedException}) and reopened (the committed model must be there).
 *
 * <p>A failure names the seed and the step; {@code -Dtreestore.txModelRuns=N} runs more seeds,
 * {@code -Dtreestore.txModelSteps=N} makes each run longer, {@code -Dtreestore.txModelSeed=S}
 * runs only seed S (with the steps printed).
 */
class TransactionModelTest {
  private static final String[] TREES = {"a", "b"};
  private static final java.util.Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;
  private static final int[] OUTCOMES = new int[4];
  private static final int CONFLICT = 0;
  private static final int COMMIT = 1;
  private static final int SOFT_CONFLICT = 2;
  private static final int SOFT_COMMIT = 3;

  static LongStream seeds() {
    Long only = Long.getLong("treestore.txModelSeed");
    if (only != null) {
      return LongStream.of(only);
    }
    return LongStream.range(0, Integer.getInteger("treestore.txModelRuns", 200));
  }

  @AfterAll
  static void summary() {
    System.out.println("TransactionModelTest: commits " + OUTCOMES[COMMIT] + ", conflicts "
        + OUTCOMES[CONFLICT] + "; conflicts on soft writes only: raised " + OUTCOMES[SOFT_CONFLICT]
        + ", not raised " + OUTCOMES[SOFT_COMMIT]);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void transactionsBehaveLikeTheSnapshotIsolationModel(long seed, @TempDir Path dir) {
    Run run = new Run(seed, dir, Long.getLong("treestore.txModelSeed") != null);
    try {
      run.execute(Integer.getInteger("treestore.txModelSteps", 400));
    } catch (Throwable t) {
      fail("seed " + seed + ", step " + run.step + " (" + run.lastAction + "): " + t
          + "\nreplay with -Dtreestore.txModelSeed=" + seed, t);
    } finally {
      run.closeQuietly();
    }
  }

  /** A key in a tree, hashable. */
  private record TreeKey(String tree, List<Byte> key) {
    static TreeKey of(String tree, byte[] key) {
      List<Byte> k = new ArrayList<>(key.length);
      for (byte x : key) {
        k.add(x);
      }
      return new TreeKey(tree, k);
    }
  }

  /** The model's side of one transaction. */
  private static final class ModelTx {
    final Transaction tx;
    final boolean readOnly;
    final int beginCommit;
    final int id;
    /** The transaction's whole view: snapshot plus own writes, per tree. */
    final Map<String, NavigableMap<byte[], byte[]>> view = new TreeMap<>();
    /** The snapshot as it was at begin, per tree. */
    final Map<String, NavigableMap<byte[], byte[]>> snapshot = new TreeMap<>();
    /** Own writes: the latest value, or null for a deletion. */
    final Map<TreeKey, byte[]> writes = new java.util.HashMap<>();
    final Map<TreeKey, byte[]> writeKeys = new java.util.HashMap<>();

    ModelTx(Transaction tx, boolean readOnly, int beginCommit, int id) {
      this.tx = tx;
      this.readOnly = readOnly;
      this.beginCommit = beginCommit;
      this.id = id;
    }

    /** Whether the write of {@code k} is hard: a put, or a deletion of a key the snapshot holds. */
    boolean isHard(TreeKey k) {
      return writes.get(k) != null || snapshot.get(k.tree()).containsKey(writeKeys.get(k));
    }
  }

  /** One committed transaction's write set, for conflict detection. */
  private record Committed(int seq, Set<TreeKey> hard, Set<TreeKey> soft) {
  }

  private static final class Run {
    final long seed;
    final Path dir;
    final boolean verbose;
    final Random rnd;
    final StoreOptions options;
    final Map<String, NavigableMap<byte[], byte[]>> committed = new TreeMap<>();
    final List<Committed> history = new ArrayList<>();
    final List<ModelTx> open = new ArrayList<>();
    final byte[][] keys;
    Store store;
    int commits;
    int nextId;
    int step;
    String lastAction = "start";

    Run(long seed, Path dir, boolean verbose) {
      this.seed = seed;
      this.dir = dir;
      this.verbose = verbose;
      this.rnd = new Random(seed);
      this.options = StoreOptions.DEFAULT.withPageSize(4096)
          .withCacheSizeBytes((16 + rnd.nextInt(48)) * 4096L)
          .withDurability(Durability.NORMAL)
          .withCheckpointBytes((8 + rnd.nextInt(120)) * 4096L);
      for (String t : TREES) {
        committed.put(t, new TreeMap<>(UNSIGNED));
      }
      // A small key space (so transactions collide) of keys that share prefixes, include bytes
      // above 0x7F and the empty-tail case (a key that is a prefix of another).
      int n = 8 + rnd.nextInt(40);
      Set<List<Byte>> distinct = new HashSet<>();
      List<byte[]> ks = new ArrayList<>();
      while (ks.size() < n) {
        byte[] k = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 300 : 4)];
        for (int i = 0; i < k.length; i++) {
          int pick = rnd.nextInt(6);
          k[i] = (byte) (pick == 0 ? 0x00 : pick == 1 ? 0xFF : pick == 2 ? 0x80 : pick == 3 ? 0x7F
              : 'a' + rnd.nextInt(3));
        }
        if (distinct.add(TreeKey.of("", k).key())) {
          ks.add(k);
        }
      }
      keys = ks.toArray(new byte[0][]);
    }

    void execute(int steps) {
      store = Store.open(dir.resolve("model.tsdb"), options);
      // Start from some committed data (this also creates both trees).
      ModelTx init = begin(false);
      for (int i = 0; i < keys.length; i++) {
        if (rnd.nextBoolean()) {
          put(init, TREES[rnd.nextInt(TREES.length)], keys[i]);
        }
      }
      for (String t : TREES) {
        put(init, t, keys[0]);
      }
      commit(init);

      for (step = 1; step <= steps; step++) {
        int r = rnd.nextInt(1000);
        if (open.isEmpty() || (r < 80 && open.size() < 6)) {
          begin(rnd.nextInt(4) == 0);
          continue;
        }
        ModelTx t = open.get(rnd.nextInt(open.size()));
        String tree = TREES[rnd.nextInt(TREES.length)];
        if (r < 330) {
          get(t, tree, key());
        } else if (r < 560 && !t.readOnly) {
          put(t, tree, key());
        } else if (r < 680 && !t.readOnly) {
          delete(t, tree, key());
        } else if (r < 760) {
          cursorWalk(t, tree);
        } else if (r < 790) {
          cursorAcrossCommits(t, tree);
        } else if (r < 900) {
          if (t.readOnly) {
            finishReadOnly(t);
          } else {
            commit(t);
          }
        } else if (r < 960) {
          rollback(t);
        } else if (r < 975) {
          fullScans(t);
        } else if (r < 978) {
          reopen();
        } else {
          readOnlyMisuse(t);
        }
      }
      // Finish: roll back what is open, then the committed state must be all there is, also
      // after a reopen, and the file must check clean.
      while (!open.isEmpty()) {
        rollback(open.get(0));
      }
      verifyCommitted();
      reopen();
      verifyCommitted();
      CheckReport report = store.check();
      assertTrue(report.isOk(), report::toString);
    }

    byte[] key() {
      return keys[rnd.nextInt(keys.length)];
    }

    byte[] value() {
      int bucket = rnd.nextInt(20);
      byte[] v = new byte[bucket == 0 ? 0 : bucket == 1 ? 1500 + rnd.nextInt(9000)
          : 1 + rnd.nextInt(60)];
      rnd.nextBytes(v);
      return v;
    }

    void note(String action) {
      lastAction = action;
      if (verbose) {
        System.out.println("step " + step + ": " + action);
      }
    }

    ModelTx begin(boolean readOnly) {
      note("begin " + (readOnly ? "read-only" : "read-write") + " T" + nextId);
      Transaction tx = readOnly ? store.beginReadOnly() : store.begin();
      ModelTx m = new ModelTx(tx, readOnly, commits, nextId++);
      for (String t : TREES) {
        NavigableMap<byte[], byte[]> copy = new TreeMap<>(UNSIGNED);
        copy.putAll(committed.get(t));
        m.snapshot.put(t, copy);
        NavigableMap<byte[], byte[]> view = new TreeMap<>(UNSIGNED);
        view.putAll(copy);
        m.view.put(t, view);
      }
      open.add(m);
      return m;
    }

    void get(ModelTx t, String tree, byte[] key) {
      note("T" + t.id + " get " + tree + "/" + hex(key));
      assertBytes(t.view.get(tree).get(key), t.tx.get(tree, key), "get " + hex(key));
    }

    void put(ModelTx t, String tree, byte[] key) {
      byte[] v = value();
      note("T" + t.id + " put " + tree + "/" + hex(key) + " (" + v.length + " bytes)");
      t.tx.put(tree, key, v);
      t.view.get(tree).put(key, v);
      TreeKey k = TreeKey.of(tree, key);
      t.writes.put(k, v);
      t.writeKeys.put(k, key);
    }

    void delete(ModelTx t, String tree, byte[] key) {
      note("T" + t.id + " delete " + tree + "/" + hex(key));
      boolean expected = t.view.get(tree).remove(key) != null;
      if ((key[key.length - 1] & 1) == 0) { // about half the keys: the delete that does not look first
        t.tx.deleteWithoutLookup(tree, key);
      } else {
        assertEquals(expected, t.tx.delete(tree, key), "delete's result for " + hex(key));
      }
      TreeKey k = TreeKey.of(tree, key);
      t.writes.put(k, null);
      t.writeKeys.put(k, key);
    }

    void commit(ModelTx t) {
      note("T" + t.id + " commit (" + t.writes.size() + " keys written)");
      open.remove(t);
      Set<TreeKey> hard = new HashSet<>();
      Set<TreeKey> soft = new HashSet<>();
      for (TreeKey k : t.writes.keySet()) {
        (t.isHard(k) ? hard : soft).add(k);
      }
      boolean mustConflict = false;
      boolean mayConflict = false;
      Set<TreeKey> softCollisions = new HashSet<>();
      for (Committed c : history) {
        if (c.seq() <= t.beginCommit) {
          continue;
        }
        for (TreeKey k : t.writes.keySet()) {
          boolean theirsHard = c.hard().contains(k);
          boolean theirsSoft = c.soft().contains(k);
          if (theirsHard && hard.contains(k)) {
            mustConflict = true;
          } else if (theirsHard || theirsSoft) {
            mayConflict = true;
            softCollisions.add(k);
          }
        }
      }
      boolean conflicted;
      try {
        t.tx.commit();
        conflicted = false;
      } catch (ConflictException e) {
        conflicted = true;
      }
      if (mustConflict) {
        assertTrue(conflicted, "T" + t.id + " committed although a key it wrote was written by a"
            + " transaction that committed after it began (lost update)");
      } else if (!mayConflict) {
        assertTrue(!conflicted, "T" + t.id + " got a ConflictException although no transaction"
            + " that committed after it began wrote any of its keys");
      }
      if (!mustConflict && mayConflict) {
        OUTCOMES[conflicted ? SOFT_CONFLICT : SOFT_COMMIT]++;
      }
      OUTCOMES[conflicted ? CONFLICT : COMMIT]++;
      assertFinished(t, "after " + (conflicted ? "a conflict" : "commit"));
      if (conflicted) {
        return;
      }
      commits++;
      for (Map.Entry<TreeKey, byte[]> e : t.writes.entrySet()) {
        TreeKey k = e.getKey();
        if (softCollisions.contains(k) && !hard.contains(k)) {
          continue; // a soft write over a newer commit: the newer value must stay
        }
        NavigableMap<byte[], byte[]> m = committed.get(k.tree());
        if (e.getValue() == null) {
          m.remove(t.writeKeys.get(k));
        } else {
          m.put(t.writeKeys.get(k), e.getValue());
        }
      }
      history.add(new Committed(commits, hard, soft));
      // Old write sets matter only to transactions that began before them.
      int oldest = commits;
      for (ModelTx o : open) {
        oldest = Math.min(oldest, o.beginCommit);
      }
      final int keepAfter = oldest;
      history.removeIf(c -> c.seq() <= keepAfter);
    }

    void finishReadOnly(ModelTx t) {
      note("T" + t.id + " close (read-only)");
      open.remove(t);
      t.tx.close();
      assertFinished(t, "after close");
    }

    void rollback(ModelTx t) {
      note("T" + t.id + " rollback");
      open.remove(t);
      if (rnd.nextBoolean()) {
        t.tx.rollback();
      } else {
        t.tx.close();
      }
      assertFinished(t, "after rollback");
    }

    /** A finished transaction refuses every use. */
    void assertFinished(ModelTx t, String when) {
      String tree = TREES[rnd.nextInt(TREES.length)];
      byte[] k = key();
      expectIllegalState(() -> t.tx.get(tree, k), "get " + when);
      expectIllegalState(() -> t.tx.cursor(tree), "cursor " + when);
      if (!t.readOnly) {
        expectIllegalState(() -> t.tx.put(tree, k, new byte[1]), "put " + when);
        expectIllegalState(() -> t.tx.delete(tree, k), "delete " + when);
        expectIllegalState(() -> t.tx.deleteWithoutLookup(tree, k), "deleteWithoutLookup " + when);
        expectIllegalState(() -> t.tx.commit(), "commit " + when);
      }
      t.tx.close(); // closing a finished transaction is allowed and does nothing
    }

    void readOnlyMisuse(ModelTx t) {
      if (!t.readOnly) {
        return;
      }
      note("T" + t.id + " put/delete on a read-only transaction");
      String tree = TREES[rnd.nextInt(TREES.length)];
      expectIllegalState(() -> t.tx.put(tree, key(), new byte[1]), "put on a read-only tx");
      expectIllegalState(() -> t.tx.delete(tree, key()), "delete on a read-only tx");
      expectIllegalState(() -> t.tx.deleteWithoutLookup(tree, key()), "deleteWithoutLookup on a read-only tx");
      // Still usable for reads, and the refused writes left no trace.
      fullScans(t);
    }

    /** A cursor at a random place, walked a few steps in random directions. */
    void cursorWalk(ModelTx t, String tree) {
      NavigableMap<byte[], byte[]> view = t.view.get(tree);
      TransactionCursor c = t.tx.cursor(tree);
      byte[] target = rnd.nextInt(4) == 0 ? randomProbe() : key();
      int how = rnd.nextInt(4);
      note("T" + t.id + " cursor " + tree + " " + new String[] {"first", "last", "seek",
          "seekFloor"}[how] + (how >= 2 ? " " + hex(target) : ""));
      Map.Entry<byte[], byte[]> expect = switch (how) {
        case 0 -> view.firstEntry();
        case 1 -> view.lastEntry();
        case 2 -> view.ceilingEntry(target);
        default -> view.floorEntry(target);
      };
      boolean ok = switch (how) {
        case 0 -> c.first();
        case 1 -> c.last();
        case 2 -> c.seek(target);
        default -> c.seekFloor(target);
      };
      for (int moves = rnd.nextInt(8); ; moves--) {
        assertCursorAt(c, ok, expect);
        if (!ok || moves == 0) {
          return;
        }
        boolean forward = rnd.nextBoolean();
        expect = forward ? view.higherEntry(expect.getKey()) : view.lowerEntry(expect.getKey());
        ok = forward ? c.next() : c.prev();
      }
    }

    /**
     * A cursor that is moved while another transaction commits changes to the same tree: it keeps
     * showing its own snapshot.
     */
    void cursorAcrossCommits(ModelTx t, String tree) {
      note("T" + t.id + " cursor walk across a commit of another transaction");
      NavigableMap<byte[], byte[]> view = t.view.get(tree);
      TransactionCursor c = t.tx.cursor(tree);
      boolean ok = c.first();
      Map.Entry<byte[], byte[]> expect = view.firstEntry();
      assertCursorAt(c, ok, expect);
      ModelTx other = begin(false);
      for (int i = rnd.nextInt(6); i >= 0; i--) {
        if (rnd.nextInt(3) == 0) {
          delete(other, tree, key());
        } else {
          put(other, tree, key());
        }
      }
      commit(other);
      while (ok) {
        expect = view.higherEntry(expect.getKey());
        ok = c.next();
        assertCursorAt(c, ok, expect);
      }
    }

    /** Full scans forward and backward must equal the view exactly. */
    void fullScans(ModelTx t) {
      for (String tree : TREES) {
        note("T" + t.id + " full scans of " + tree);
        NavigableMap<byte[], byte[]> view = t.view.get(tree);
        TransactionCursor c = t.tx.cursor(tree);
        List<Map.Entry<byte[], byte[]>> expected = new ArrayList<>(view.entrySet());
        int i = 0;
        for (boolean ok = c.first(); ok; ok = c.next(), i++) {
          assertTrue(i < expected.size(), "forward scan returns more than " + expected.size());
          assertCursorAt(c, true, expected.get(i));
        }
        assertEquals(expected.size(), i, "entries in a forward scan of " + tree);
        i = expected.size() - 1;
        for (boolean ok = c.last(); ok; ok = c.prev(), i--) {
          assertTrue(i >= 0, "backward scan returns more than " + expected.size());
          assertCursorAt(c, true, expected.get(i));
        }
        assertEquals(-1, i, "entries missing from a backward scan of " + tree);
      }
    }

    /** Closes the store with transactions open; they must refuse use; reopens. */
    void reopen() {
      note("close the store with " + open.size() + " open transactions, reopen");
      store.close();
      for (ModelTx t : open) {
        String tree = TREES[rnd.nextInt(TREES.length)];
        expectClosed(() -> t.tx.get(tree, key()), "get after store.close()");
        if (!t.readOnly) {
          expectClosed(() -> t.tx.put(tree, key(), new byte[1]), "put after store.close()");
          expectClosed(() -> t.tx.commit(), "commit after store.close()");
        }
        t.tx.close();
      }
      open.clear();
      history.clear();
      store = Store.open(dir.resolve("model.tsdb"), options);
      verifyCommitted();
    }

    void verifyCommitted() {
      ModelTx t = begin(true);
      fullScans(t);
      for (String tree : TREES) {
        for (byte[] k : keys) {
          assertBytes(committed.get(tree).get(k), t.tx.get(tree, k), "committed " + hex(k));
        }
      }
      finishReadOnly(t);
    }

    byte[] randomProbe() {
      byte[] k = key();
      byte[] p = Arrays.copyOf(k, Math.max(0, k.length + rnd.nextInt(3) - 1));
      if (p.length > 0 && rnd.nextBoolean()) {
        p[p.length - 1] = (byte) rnd.nextInt(256);
      }
      return p;
    }

    void closeQuietly() {
      if (store != null) {
        try {
          store.close();
        } catch (RuntimeException ignored) {
          // The failure being reported matters more.
        }
      }
    }
  }

  private static void assertCursorAt(TransactionCursor c, boolean moved,
      Map.Entry<byte[], byte[]> expected) {
    if (expected == null) {
      assertTrue(!moved, "the cursor found an entry where the model has none: "
          + (c.isValid() ? hex(c.key()) : "(cursor invalid)"));
      assertTrue(!c.isValid(), "a cursor that returned false is still valid");
      return;
    }
    assertTrue(moved, "the cursor found nothing where the model has " + hex(expected.getKey()));
    assertTrue(c.isValid());
    assertEquals(hex(expected.getKey()), hex(c.key()), "cursor key");
    assertBytes(expected.getValue(), c.value(), "cursor value at " + hex(expected.getKey()));
  }

  private static void assertBytes(byte[] expected, byte[] actual, String what) {
    if (!Arrays.equals(expected, actual)) {
      fail(what + ": expected " + describe(expected) + " but was " + describe(actual));
    }
  }

  private static String describe(byte[] v) {
    return v == null ? "absent" : v.length + " bytes " + hex(Arrays.copyOf(v, Math.min(8, v.length)));
  }

  private static void expectIllegalState(Runnable r, String what) {
    try {
      r.run();
    } catch (IllegalStateException expected) {
      return;
    }
    fail(what + " did not throw IllegalStateException");
  }

  private static void expectClosed(Runnable r, String what) {
    try {
      r.run();
    } catch (TransactionClosedException expected) {
      assertTrue(expected instanceof StorageException);
      return;
    }
    fail(what + " did not throw TransactionClosedException");
  }

  private static String hex(byte[] k) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < k.length && i < 12; i++) {
      sb.append(String.format("%02x", k[i] & 0xFF));
    }
    if (k.length > 12) {
      sb.append("...(").append(k.length).append(" bytes, hash ").append(Arrays.hashCode(k))
          .append(')');
    }
    return k.length == 0 ? "(empty)" : sb.toString();
  }
}
