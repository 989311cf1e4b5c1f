package org.treestore.engine.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.StorageException;
import org.treestore.engine.io.MemoryFileIo;

/** Bounds, pinning, CLOCK eviction, write-back and counters of the buffer pool, and concurrent readers. */
class BufferPoolTest {
  private static final int PAGE = 4096;

  /** A page file of {@code n} pages, page i filled with i's pattern and typed as a leaf. */
  private static PageFile fileWithPages(int n) {
    PageFile f = new PageFile(new MemoryFileIo("pool.tsdb"), PAGE);
    byte[] b = new byte[PAGE];
    for (int i = 0; i < n; i++) {
      fill(b, i);
      f.write(i, b);
    }
    return f;
  }

  private static void fill(byte[] b, int i) {
    PageLayout.format(b, PageType.BTREE_LEAF);
    for (int j = PageLayout.HEADER_SIZE; j < PAGE; j += 4) {
      Bytes.putInt(b, j, i * 31 + j);
    }
  }

  private static void assertHolds(Page p, int i) {
    byte[] d = p.data();
    for (int j = PageLayout.HEADER_SIZE; j < PAGE; j += 4) {
      if (Bytes.getInt(d, j) != i * 31 + j) {
        throw new AssertionError("frame for page " + i + " holds other bytes at " + j);
      }
    }
  }

  @Test
  void boundedByConfiguredBytes() {
    BufferPool pool = new BufferPool(fileWithPages(1), 40L * PAGE);
    assertEquals(40, pool.capacity());
    assertEquals(BufferPool.MIN_FRAMES, new BufferPool(fileWithPages(1), 1).capacity());
    assertEquals(64L << 20, BufferPool.DEFAULT_SIZE_BYTES);
  }

  @Test
  void hitsMissesAndEvictionsAreCounted() {
    BufferPool pool = new BufferPool(fileWithPages(100), 16L * PAGE);
    for (int i = 0; i < 16; i++) {
      pool.unpin(pool.pin(i));
    }
    assertEquals(16, pool.misses());
    assertEquals(0, pool.hits());
    for (int i = 0; i < 16; i++) {
      Page p = pool.pin(i);
      assertHolds(p, i);
      pool.unpin(p);
    }
    assertEquals(16, pool.hits());
    assertEquals(0, pool.evictions());
    for (int i = 16; i < 100; i++) {
      Page p = pool.pin(i);
      assertHolds(p, i);
      pool.unpin(p);
    }
    assertEquals(84, pool.evictions());
    assertEquals(100, pool.misses());
  }

  @Test
  void pinnedPagesAreNeverEvicted() {
    BufferPool pool = new BufferPool(fileWithPages(200), 16L * PAGE);
    List<Page> pinned = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pinned.add(pool.pin(i));
    }
    for (int round = 0; round < 5; round++) {
      for (int i = 8; i < 200; i++) {
        pool.unpin(pool.pin(i));
      }
    }
    for (int i = 0; i < 8; i++) {
      Page p = pinned.get(i);
      assertEquals(i, p.pageNo());
      assertHolds(p, i);
      assertSame(p, pool.pin(i), "a pinned page stays in its frame");
      pool.unpin(p);
      pool.unpin(p);
    }
    assertEquals(0, pool.pinnedCount());
  }

  @Test
  void allFramesPinnedFailsClearly() {
    BufferPool pool = new BufferPool(fileWithPages(40), 16L * PAGE);
    for (int i = 0; i < 16; i++) {
      pool.pin(i);
    }
    StorageException e = assertThrows(StorageException.class, () -> pool.pin(20));
    assertTrue(e.getMessage().contains("all 16 frames are pinned"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> {
      Page p = pool.pin(0);
      pool.unpin(p);
      pool.unpin(p);
      pool.unpin(p);
    });
  }

  @Test
  void clockGivesRecentlyUsedPagesASecondChance() {
    BufferPool pool = new BufferPool(fileWithPages(100), 16L * PAGE);
    for (int i = 0; i < 16; i++) {
      pool.unpin(pool.pin(i));
    }
    // One sweep clears every reference bit and evicts page 0's frame for page 16.
    pool.unpin(pool.pin(16));
    // Touch page 1 again: its reference bit is set, so the next miss passes it over.
    pool.unpin(pool.pin(1));
    long misses = pool.misses();
    pool.unpin(pool.pin(17));
    pool.unpin(pool.pin(1));
    assertEquals(misses + 1, pool.misses(), "page 1 survived the eviction for page 17");
  }

  @Test
  void dirtyPagesAreWrittenBackOnEvictionAndFlush() {
    PageFile file = fileWithPages(64);
    BufferPool pool = new BufferPool(file, 16L * PAGE);
    for (int i = 0; i < 64; i++) {
      Page p = pool.pin(i);
      fill(p.data(), 1000 + i);
      p.markDirty();
      pool.unpin(p);
    }
    assertTrue(pool.writes() >= 64 - 16, "evicted dirty pages were written back");
    assertEquals(16, pool.dirtyCount());
    assertEquals(16, pool.flush());
    assertEquals(0, pool.dirtyCount());
    byte[] b = new byte[PAGE];
    byte[] expect = new byte[PAGE];
    for (int i = 0; i < 64; i++) {
      file.read(i, b);
      fill(expect, 1000 + i);
      PageLayout.stamp(i, expect, PAGE);
      assertTrue(java.util.Arrays.equals(expect, b), "page " + i + " on disk");
    }
  }

  @Test
  void pinNewGivesAZeroedDirtyFrameWithoutReading() {
    BufferPool pool = new BufferPool(fileWithPages(4), 16L * PAGE);
    Page cached = pool.pin(2);
    pool.unpin(cached);
    Page fresh = pool.pinNew(2);
    assertSame(cached, fresh);
    assertTrue(fresh.isDirty());
    assertEquals(0, fresh.data()[100]);
    pool.unpin(fresh);
    Page beyond = pool.pinNew(10); // past the end of the file: no read happens
    assertNotSame(fresh, beyond);
    pool.unpin(beyond);
    assertEquals(1, pool.misses());
  }

  @Test
  void pinNewWithContentCopiesItWithoutReading() {
    BufferPool pool = new BufferPool(fileWithPages(4), 16L * PAGE);
    byte[] content = new byte[PAGE];
    fill(content, 77);
    Page cached = pool.pin(2);
    pool.unpin(cached);
    for (int pageNo : new int[] {2, 10}) { // cached, and past the end of the file
      Page p = pool.pinNew(pageNo, content);
      assertTrue(p.isDirty());
      assertHolds(p, 77);
      assertNotSame(content, p.data());
      pool.unpin(p);
    }
    assertEquals(1, pool.misses());
  }

  @Test
  void corruptPageIsNotCachedAndFailsEveryTime() {
    MemoryFileIo io = new MemoryFileIo("bad.tsdb");
    PageFile file = new PageFile(io, PAGE);
    byte[] b = new byte[PAGE];
    fill(b, 1);
    file.write(0, b);
    file.write(1, b);
    byte[] img = io.snapshot();
    img[PAGE + 100] ^= 1;
    BufferPool pool = new BufferPool(new PageFile(new MemoryFileIo("bad.tsdb", img), PAGE), 16L * PAGE);
    for (int i = 0; i < 3; i++) {
      CorruptionException e = assertThrows(CorruptionException.class, () -> pool.pin(1));
      assertEquals(1, e.pageNo());
      assertTrue(e.getMessage().contains("bad.tsdb: page 1 is corrupt: checksum mismatch"), e.getMessage());
    }
    assertEquals(0, pool.pinnedCount());
    pool.unpin(pool.pin(0));
    CorruptionException past = assertThrows(CorruptionException.class, () -> pool.pin(5));
    assertTrue(past.getMessage().contains("file ends inside the page"), past.getMessage());
  }

  /** Six readers pin random pages through a pool much smaller than the file; every frame they get holds its page. */
  @Test
  void concurrentReadersAlwaysSeeTheRightPage() throws Exception {
    int pages = 300;
    BufferPool pool = new BufferPool(fileWithPages(pages), 24L * PAGE);
    int threads = 6;
    int perThread = 60_000;
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = t;
        results.add(ex.submit(() -> {
          Random rnd = new Random(seed);
          int checked = 0;
          for (int i = 0; i < perThread; i++) {
            // Mostly a hot set (lock-free hits), sometimes a cold page (eviction under the lock).
            int n = rnd.nextInt(4) == 0 ? rnd.nextInt(pages) : rnd.nextInt(20);
            Page p = pool.pin(n);
            try {
              assertEquals(n, p.pageNo());
              assertEquals(n * 31 + 16, Bytes.getInt(p.data(), 16));
              assertEquals(n * 31 + 4092, Bytes.getInt(p.data(), 4092));
              checked++;
            } finally {
              pool.unpin(p);
            }
          }
          return checked;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(perThread, f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      ex.shutdownNow();
    }
    assertEquals(0, pool.pinnedCount());
    assertEquals((long) threads * perThread, pool.hits() + pool.misses());
    assertTrue(pool.evictions() > 1000, "the run evicted pages while others pinned");
  }
}
