package org.treestore.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.tx.Transaction;

/**
 * Freed pages are not rewritten (format version 3): a commit logs the pages it changed and the
 * list trunks, not the pages it moves from the pending-free to the free list; and nothing reads a
 * free page, so garbage in every one of them changes nothing for allocation, the check, vacuum or
 * reopening.
 */
class FreePagesTest {
  private static final int PAGE = 4096;
  private static final StoreOptions OPTS = StoreOptions.DEFAULT.withPageSize(PAGE).withDurability(Durability.NORMAL);

  private static byte[] key(int i) {
    return String.format("key-%06d", i).getBytes();
  }

  @Test
  void reclaimedPagesAreNotLogged() {
    Random rnd = new Random(3);
    try (Store s = Store.open(new MemoryFileIo("r.tsdb"), OPTS)) {
      try (Transaction tx = s.begin()) {
        for (int i = 0; i < 20_000; i++) {
          tx.put("t", key(i), new byte[40]);
        }
        tx.commit();
      }
      int checked = 0;
      for (int round = 0; round < 20; round++) {
        // A large commit replaces many pages, then a small one moves them all to the free list (no
        // reader is open) but reuses only a few: the rest must not be logged.
        put(s, rnd, 300, round);
        int reclaimed = s.pendingFreePageCount();
        long before = s.walBytes();
        put(s, rnd, 1, round);
        long after = s.walBytes();
        int replaced = s.pendingFreePageCount();
        assertTrue(reclaimed > 100, "the large commit replaced " + reclaimed);
        if (after > before) { // else a checkpoint reset the log in between
          long frames = (after - before) / (PAGE + 40);
          // Its own copies (one per replaced page), the two lists' trunks and the header.
          assertTrue(frames <= replaced + 4, "round " + round + ": " + frames + " frames logged for " + replaced
              + " pages replaced and " + reclaimed + " reclaimed");
          checked++;
        }
      }
      assertTrue(checked > 10);
      assertTrue(s.check().isOk());
    }
  }

  private static void put(Store s, Random rnd, int keys, int value) {
    try (Transaction tx = s.begin()) {
      for (int k = 0; k < keys; k++) {
        tx.put("t", key(rnd.nextInt(20_000)), new byte[] {(byte) value});
      }
      tx.commit();
    }
  }

  @Test
  void garbageInFreePagesChangesNothing() {
    MemoryFileIo io = new MemoryFileIo("g.tsdb");
    TreeMap<Integer, byte[]> model = new TreeMap<>();
    Random rnd = new Random(9);
    try (Store s = Store.open(io, OPTS)) {
      try (Transaction tx = s.begin()) {
        for (int i = 0; i < 5_000; i++) {
          byte[] v = new byte[rnd.nextInt(rnd.nextInt(20) == 0 ? 3 * PAGE : 80)];
          rnd.nextBytes(v);
          tx.put("t", key(i), v);
          model.put(i, v);
        }
        tx.commit();
      }
      try (Transaction tx = s.begin()) {
        for (int i = 0; i < 5_000; i += 2) {
          tx.delete("t", key(i));
          model.remove(i);
        }
        tx.commit();
      }
    }
    byte[] image = io.snapshot();
    BitSet free = freePages(image);
    assertTrue(free.cardinality() > 50, "free pages: " + free.cardinality());
    for (int p = free.nextSetBit(0); p >= 0; p = free.nextSetBit(p + 1)) {
      byte[] junk = new byte[PAGE];
      rnd.nextBytes(junk);
      System.arraycopy(junk, 0, image, p * PAGE, PAGE);
    }
    MemoryFileIo copy = new MemoryFileIo("g.tsdb", image);
    try (Store s = Store.open(copy, OPTS)) {
      assertTrue(s.check().isOk(), () -> s.check().toString());
      // Allocation reuses the damaged pages without reading them.
      for (int round = 0; round < 3; round++) {
        try (Transaction tx = s.begin()) {
          for (int k = 0; k < 1_000; k++) {
            int i = rnd.nextInt(8_000);
            byte[] v = new byte[rnd.nextInt(rnd.nextInt(20) == 0 ? 3 * PAGE : 80)];
            rnd.nextBytes(v);
            tx.put("t", key(i), v);
            model.put(i, v);
          }
          tx.commit();
        }
      }
      assertTrue(s.check().isOk(), () -> s.check().toString());
      s.vacuum();
      assertTrue(s.check().isOk(), () -> s.check().toString());
      assertContent(s, model);
    }
    try (Store s = Store.open(new MemoryFileIo("g.tsdb", copy.snapshot()), OPTS)) {
      assertTrue(s.check().isOk(), () -> s.check().toString());
      assertContent(s, model);
    }
  }

  /** The free pages of an image other than free-list trunks. */
  static BitSet freePages(byte[] image) {
    BitSet free = new BitSet();
    for (int t = Bytes.getInt(image, 36); t != 0; t = Bytes.getInt(image, t * PAGE + 16)) {
      for (int i = 0; i < Bytes.getInt(image, t * PAGE + 20); i++) {
        free.set(Bytes.getInt(image, t * PAGE + 24 + 4 * i));
      }
    }
    return free;
  }

  private static void assertContent(Store s, TreeMap<Integer, byte[]> model) {
    try (Transaction tx = s.beginReadOnly()) {
      for (int i = 0; i < 8_000; i++) {
        byte[] want = model.get(i);
        byte[] got = tx.get("t", key(i));
        if (want == null) {
          assertEquals(null, got, "key " + i);
        } else {
          assertArrayEquals(want, got, "key " + i);
        }
      }
    }
  }
}
