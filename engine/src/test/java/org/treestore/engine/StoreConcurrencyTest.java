package org.treestore.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;
import org.treestore.engine.check.CheckReport;

/**
 * Readers run in parallel with a writer that splits and merges pages under them: every value a
 * reader sees belongs to its key, scans come back in strictly ascending order, and the file checks
 * clean at the end. Seeded; the pool is small so readers also evict pages the writer dirtied.
 */
class StoreConcurrencyTest {

  private static byte[] key(int i) {
    return ByteBuffer.allocate(8).putInt(i * 7919 % 100_000).putInt(i).array();
  }

  /** Value: the key's id repeated, with a version in front; any torn or misplaced value fails the check. */
  private static byte[] value(int id, int version) {
    ByteBuffer b = ByteBuffer.allocate(8 + (id % 13) * 20);
    b.putInt(version).putInt(id);
    while (b.hasRemaining()) {
      b.put((byte) id);
    }
    return b.array();
  }

  private static void verify(byte[] k, byte[] v) {
    int id = ByteBuffer.wrap(k, 4, 4).getInt();
    byte[] expect = value(id, ByteBuffer.wrap(v).getInt());
    if (!Arrays.equals(expect, v)) {
      throw new AssertionError("value of key " + id + " is not its own");
    }
  }

  @Test
  void readersSeeConsistentTreesWhileAWriterReshapesThem(@TempDir Path dir) throws Exception {
    try (Store s = Store.open(dir.resolve("conc.tsdb"), StoreOptions.DEFAULT.withPageSize(4096)
        .withCacheSizeBytes(64 * 4096))) {
      BTree t = s.tree("t");
      AtomicBoolean done = new AtomicBoolean();
      ExecutorService ex = Executors.newFixedThreadPool(3);
      try {
        Future<Integer> writer = ex.submit(() -> {
          Random rnd = new Random(1);
          int version = 0;
          for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 4000; i++) {
              int id = rnd.nextInt(20_000);
              t.put(key(id), value(id, ++version));
            }
            for (int i = 0; i < 3000; i++) {
              t.delete(key(rnd.nextInt(20_000)));
            }
            if (round % 2 == 0) {
              s.commit();
            }
          }
          done.set(true);
          return version;
        });
        List<Future<Long>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
          long seed = 100 + r;
          readers.add(ex.submit(() -> {
            Random rnd = new Random(seed);
            long seen = 0;
            while (!done.get()) {
              int id = rnd.nextInt(20_000);
              byte[] k = key(id);
              byte[] v = t.get(k);
              if (v != null) {
                verify(k, v);
                seen++;
              }
              Cursor c = t.cursor();
              byte[] prev = null;
              for (boolean ok = c.seek(k); ok && seen % 50 != 0; ok = c.next()) {
                byte[] ck = c.key();
                if (prev != null && Arrays.compareUnsigned(prev, ck) >= 0) {
                  throw new AssertionError("scan out of order");
                }
                prev = ck;
                try {
                  verify(ck, c.value());
                } catch (IllegalStateException deletedMeanwhile) {
                  // The writer removed this entry between the move and the read: allowed.
                }
                if (++seen % 40 == 0) {
                  break;
                }
              }
            }
            return seen;
          }));
        }
        assertTrue(writer.get(120, TimeUnit.SECONDS) > 0);
        for (Future<Long> f : readers) {
          assertTrue(f.get(120, TimeUnit.SECONDS) > 0, "the reader made progress");
        }
      } finally {
        ex.shutdownNow();
      }
      CheckReport r = s.check();
      assertTrue(r.isOk(), r::toString);
      assertEquals(0, s.bufferPool().pinnedCount());
    }
  }

  @Test
  void closedStoreRefusesWorkByName(@TempDir Path dir) {
    Store s = Store.open(dir.resolve("closed.tsdb"));
    s.close();
    s.close();
    StorageException e = assertThrows(StorageException.class, () -> s.tree("t"));
    assertTrue(e.getMessage().contains("closed.tsdb is closed"), e.getMessage());
    assertThrows(StorageException.class, s::commit);
    assertThrows(StorageException.class, s::check);
  }
}
