package org.treestore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.MemoryFileIo;
import org.treestore.engine.page.Bytes;

/**
 * Delta frames: copy-on-write copies are logged as the bytes that differ from their source, read
 * back (pool misses, recovery, checkpoints) through their chains, and version 1 logs still recover.
 */
class WalDeltaTest {
  private static final int PAGE = 4096;

  private static byte[] key(int i) {
    return String.format("key%06d", i).getBytes();
  }

  private static byte[] value(SplittableRandom r) {
    byte[] v = new byte[20 + r.nextInt(120)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ('a' + r.nextInt(26));
    }
    return v;
  }

  /** Frame offsets and depths of a version 2 log's current generation. */
  private static int[] depthsOf(byte[] log) {
    int salt1 = Bytes.getInt(log, 16);
    int[] out = new int[log.length / Wal.FRAME_HEADER];
    int n = 0;
    int off = Wal.HEADER_SIZE;
    while (off + Wal.FRAME_HEADER <= log.length && Bytes.getInt(log, off + 8) == salt1) {
      out[n++] = Bytes.getInt(log, off + 44);
      off += Wal.FRAME_HEADER + ((Bytes.getInt(log, off + 40) + 7) & ~7);
    }
    return Arrays.copyOf(out, n);
  }

  private static void assertSame(NavigableMap<byte[], byte[]> model, BTree t) {
    Cursor c = t.cursor();
    int n = 0;
    for (boolean ok = c.first(); ok; ok = c.next()) {
      byte[] want = model.get(c.key());
      assertArrayEquals(want, c.value(), () -> "value of " + new String(c.key()));
      n++;
    }
    assertEquals(model.size(), n, "entries");
  }

  @Test
  void smallCommitsAreLoggedAsDeltasAndReadBackThroughTheirChains() {
    SplittableRandom r = new SplittableRandom(7);
    MemoryFileIo main = new MemoryFileIo("db");
    MemoryFileIo wal = new MemoryFileIo("db-wal");
    // a pool of 16 pages: most pages are evicted and read back from the log, through their deltas;
    // no checkpoint, so every frame stays in the log
    StoreOptions opts = StoreOptions.DEFAULT.withPageSize(PAGE).withCacheSizeBytes(16 * PAGE)
        .withCheckpointBytes(1L << 30);
    NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    Store s = Store.open(main, wal, opts);
    BTree t = s.tree("t");
    for (int i = 0; i < 3000; i++) {
      byte[] v = value(r);
      t.put(key(i), v);
      model.put(key(i), v);
    }
    s.commit();
    long loadEnd = wal.snapshot().length;
    for (int c = 0; c < 400; c++) {
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        int i = r.nextInt(3200);
        if (r.nextInt(4) == 0) {
          t.delete(key(i));
          model.remove(key(i));
        } else {
          byte[] v = value(r);
          t.put(key(i), v);
          model.put(key(i), v);
        }
      }
      s.commit();
      for (int probe = 0; probe < 20; probe++) {
        byte[] k = key(r.nextInt(3200));
        assertArrayEquals(model.get(k), t.get(k));
      }
    }
    byte[] log = wal.snapshot();
    assertTrue(log.length > (1 << 20) + PAGE, "recovery refills its 1 MiB read buffer: " + log.length);
    int[] depths = depthsOf(log);
    long deltas = Arrays.stream(depths).filter(d -> d > 0).count();
    int max = Arrays.stream(depths).max().orElse(0);
    assertEquals(Wal.MAX_DEPTH, max, "chains grow to the limit, then start again from a whole page");
    assertTrue(deltas > depths.length / 2, deltas + " of " + depths.length + " frames are deltas");
    long perCommit = (log.length - loadEnd) / 400;
    assertTrue(perCommit < 3 * PAGE, "a commit of 1-3 changes logs " + perCommit + " bytes");

    // a crash: recovery rebuilds every page from its chain
    MemoryFileIo main2 = new MemoryFileIo("db", main.snapshot());
    MemoryFileIo wal2 = new MemoryFileIo("db-wal", log);
    try (Store again = Store.open(main2, wal2, opts)) {
      assertTrue(again.recoveryReport().commitsReplayed() > 400, again.recoveryReport().toString());
      assertSame(model, again.tree("t"));
      CheckReport report = again.check();
      assertTrue(report.isOk(), report::toString);
    }
    s.close();
  }

  @Test
  void aVersionOneLogIsRecoveredAndTheNextIsVersionTwo() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    MemoryFileIo main = new MemoryFileIo("db");
    MemoryFileIo wal = new MemoryFileIo("db-wal");
    StoreOptions opts = StoreOptions.DEFAULT.withPageSize(PAGE).withCacheSizeBytes(64 * PAGE);
    NavigableMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    Store s = Store.open(main, wal, opts);
    BTree t = s.tree("t");
    for (int c = 0; c < 30; c++) {
      for (int k = 0; k < 20; k++) {
        t.put(key(r.nextInt(500)), value(r));
      }
      s.commit();
    }
    Cursor cur = t.cursor();
    for (boolean ok = cur.first(); ok; ok = cur.next()) {
      model.put(cur.key(), cur.value());
    }
    byte[] mainBytes = main.snapshot();
    byte[] v2 = wal.snapshot();
    s.close();

    // The same committed pages written as a version 1 log: whole images, 40-byte frame headers.
    Wal reader = Wal.open(new MemoryFileIo("copy", v2), PAGE, 0);
    Map<Integer, Long> pages = new TreeMap<>(reader.committedPages());
    byte[] page0 = new byte[PAGE];
    reader.readPageAt(pages.get(0), 0, page0);
    int pageCount = Bytes.getInt(page0, 32); // the header's page count (docs/format.md, page 0)
    long seq = reader.lastCommitSeq();
    ByteBuffer out = ByteBuffer.allocate(Wal.HEADER_SIZE + pages.size() * (Wal.V1_FRAME_HEADER + PAGE));
    byte[] h = Arrays.copyOf(v2, Wal.HEADER_SIZE);
    Bytes.putInt(h, 8, 1);
    CRC32C crc = new CRC32C();
    crc.update(h, 0, 28);
    Bytes.putInt(h, 28, (int) crc.getValue());
    out.put(h);
    int chain = (int) crc.getValue();
    int i = 0;
    for (Map.Entry<Integer, Long> e : pages.entrySet()) {
      byte[] img = new byte[PAGE];
      reader.readPageAt(e.getValue(), e.getKey(), img);
      byte[] fh = new byte[Wal.V1_FRAME_HEADER];
      Bytes.putInt(fh, 0, e.getKey());
      Bytes.putInt(fh, 4, ++i == pages.size() ? pageCount : 0);
      Bytes.putInt(fh, 8, Bytes.getInt(h, 16));
      Bytes.putInt(fh, 12, Bytes.getInt(h, 20));
      Bytes.putLong(fh, 16, seq);
      Bytes.putLong(fh, 24, seq);
      CRC32C fc = new CRC32C();
      fc.update(fh, 0, 32);
      fc.update(img, 0, PAGE);
      int self = (int) fc.getValue();
      CRC32C cc = new CRC32C();
      cc.update(ByteBuffer.allocate(8).putInt(chain).putInt(self).array());
      chain = (int) cc.getValue();
      Bytes.putInt(fh, 32, self);
      Bytes.putInt(fh, 36, chain);
      out.put(fh).put(img);
    }
    // the main file as the crash left it (nothing checkpointed yet): only the log holds the commits
    MemoryFileIo v1 = new MemoryFileIo("db-wal", out.array());
    try (Store again = Store.open(new MemoryFileIo("db", mainBytes), v1, opts)) {
      assertEquals(pages.size(), again.recoveryReport().framesReplayed(), again.recoveryReport().toString());
      assertSame(model, again.tree("t"));
      assertTrue(again.check().isOk());
      again.tree("t").put(key(9999), new byte[] {1});
      again.commit();
      assertEquals(Wal.VERSION, Bytes.getInt(v1.snapshot(), 8), "the log was started again in this build's format");
    }
  }
}
