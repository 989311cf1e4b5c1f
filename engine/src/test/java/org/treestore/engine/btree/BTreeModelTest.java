package org.treestore.engine.btree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.io.MemoryFileIo;

/**
 * Model-based randomized test: seeded random put / delete / get / range-scan sequences run against
 * a B+Tree and a {@link TreeMap} with the same (unsigned byte) order, compared after every read,
 * again in full at the end, and once more after the file is closed and reopened. The integrity
 * check must pass at the end of every run. A failure names the seed and the profile, so it can be
 * replayed by running that one case.
 */
class BTreeModelTest {

  /** How keys and values are drawn in one profile. */
  enum Profile {
    /** Short keys from a small space (many replaces and delete hits), small values. */
    SMALL(1, 8, 0, 40, 0.0),
    /** Medium keys and values; splits at every level. */
    MEDIUM(4, 120, 0, 600, 0.0),
    /** Keys up to the limit, values that often overflow (up to 3 pages). */
    LARGE(1, Integer.MAX_VALUE, 0, 3000, 0.15),
    /** Fixed 16-byte keys, 100-byte values: the benchmark's shape. */
    BENCH(16, 16, 100, 100, 0.0);

    final int minKey;
    final int maxKey;
    final int minValue;
    final int maxValue;
    final double overflowChance;

    Profile(int minKey, int maxKey, int minValue, int maxValue, double overflowChance) {
      this.minKey = minKey;
      this.maxKey = maxKey;
      this.minValue = minValue;
      this.maxValue = maxValue;
      this.overflowChance = overflowChance;
    }
  }

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    int[] pageSizes = {4096, 8192, 16384};
    long seed = 1;
    for (Profile profile : Profile.values()) {
      for (int pageSize : pageSizes) {
        int runs = Integer.getInteger("treestore.modelRuns", 170);
        for (int i = 0; i < runs; i++) {
          b.add(Arguments.of(seed++, pageSize, profile));
        }
      }
    }
    return b.build();
  }

  private static final NavigableMap<byte[], byte[]> newModel() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  @ParameterizedTest(name = "seed {0}, page {1}, {2}")
  @MethodSource("cases")
  void randomOperationsMatchTreeMap(long seed, int pageSize, Profile profile) {
    try {
      run(seed, pageSize, profile);
    } catch (Throwable t) {
      fail("failing seed " + seed + " (page size " + pageSize + ", profile " + profile + "): " + t, t);
    }
  }

  private void run(long seed, int pageSize, Profile profile) {
    Random rnd = new Random(seed);
    // Small caches in a third of the runs force evictions and dirty write-backs mid-operation.
    long cache = rnd.nextInt(3) == 0 ? 16L * pageSize : 4L << 20;
    StoreOptions opts = StoreOptions.DEFAULT.withPageSize(pageSize).withCacheSizeBytes(cache);
    MemoryFileIo io = new MemoryFileIo("model-" + seed);
    Store store = Store.open(io, opts);
    BTree tree = store.tree("t");
    NavigableMap<byte[], byte[]> model = newModel();
    int keySpace = 20 + rnd.nextInt(profile == Profile.BENCH ? 5000 : 600);
    int ops = 200 + rnd.nextInt(profile == Profile.SMALL ? 2500 : 800);
    // Phases: mostly inserts first, then a mix, then mostly deletes, so trees grow and shrink.
    for (int op = 0; op < ops; op++) {
      double phase = (double) op / ops;
      double putShare = phase < 0.4 ? 0.8 : phase < 0.7 ? 0.45 : 0.15;
      double r = rnd.nextDouble();
      if (r < putShare) {
        byte[] k = key(rnd, profile, keySpace, tree.maxKeyLength());
        byte[] v = value(rnd, profile, pageSize);
        boolean replaced = tree.put(k, v);
        assertEquals(model.put(k, v) != null, replaced, "put replaced");
      } else if (r < putShare + 0.3) {
        byte[] k = rnd.nextInt(4) == 0 || model.isEmpty() ? key(rnd, profile, keySpace, tree.maxKeyLength())
            : randomExisting(rnd, model);
        assertEquals(model.remove(k) != null, tree.delete(k), "delete result");
      } else if (r < putShare + 0.4) {
        byte[] k = key(rnd, profile, keySpace, tree.maxKeyLength());
        assertArrayEquals(model.get(k), tree.get(k), "get");
      } else {
        scan(rnd, tree, model, profile, keySpace);
      }
      if (rnd.nextInt(500) == 0) {
        store.commit();
      }
    }
    compareAll(tree, model);
    assertCheckOk(store);
    store.close();
    store = Store.open(new MemoryFileIo("model-" + seed, io.snapshot()), opts);
    compareAll(store.tree("t"), model);
    assertCheckOk(store);
    store.close();
  }

  static void assertCheckOk(Store store) {
    CheckReport report = store.check();
    assertTrue(report.isOk(), report::toString);
    assertEquals(0, store.bufferPool().pinnedCount(), "pins leaked");
  }

  private static byte[] randomExisting(Random rnd, NavigableMap<byte[], byte[]> model) {
    byte[] probe = new byte[1 + rnd.nextInt(4)];
    rnd.nextBytes(probe);
    Map.Entry<byte[], byte[]> e = model.ceilingEntry(probe);
    return (e != null ? e : model.firstEntry()).getKey();
  }

  static byte[] key(Random rnd, Profile p, int keySpace, int maxKeyLength) {
    int max = Math.min(p.maxKey, maxKeyLength);
    int len = p.minKey + (max > p.minKey ? rnd.nextInt(max - p.minKey + 1) : 0);
    if (p == Profile.LARGE && rnd.nextInt(3) != 0) {
      len = 1 + rnd.nextInt(Math.min(40, max));
    }
    // Keys drawn from a bounded space: a seeded generator per key id gives repeatable collisions.
    int id = rnd.nextInt(keySpace);
    Random kr = new Random(id * 7919L + len);
    byte[] k = new byte[len];
    kr.nextBytes(k);
    if (p == Profile.SMALL || p == Profile.BENCH) {
      k = Arrays.copyOf(Integer.toString(id).getBytes(), p == Profile.BENCH ? 16 : Math.max(1, Integer.toString(id).length()));
    }
    return k;
  }

  static byte[] value(Random rnd, Profile p, int pageSize) {
    int len;
    if (rnd.nextDouble() < p.overflowChance) {
      len = pageSize / 4 + rnd.nextInt(3 * pageSize);
    } else {
      len = p.minValue + rnd.nextInt(p.maxValue - p.minValue + 1);
    }
    byte[] v = new byte[len];
    rnd.nextBytes(v);
    return v;
  }

  private static void scan(Random rnd, BTree tree, NavigableMap<byte[], byte[]> model, Profile p, int keySpace) {
    byte[] from = key(rnd, p, keySpace, tree.maxKeyLength());
    int limit = 1 + rnd.nextInt(60);
    Cursor c = tree.cursor();
    if (rnd.nextBoolean()) {
      Map.Entry<byte[], byte[]> e = model.ceilingEntry(from);
      boolean ok = c.seek(from);
      for (int i = 0; i < limit; i++) {
        assertEquals(e != null, ok, "forward scan validity");
        if (e == null) {
          break;
        }
        assertArrayEquals(e.getKey(), c.key(), "forward scan key");
        assertArrayEquals(e.getValue(), c.value(), "forward scan value");
        e = model.higherEntry(e.getKey());
        ok = c.next();
      }
    } else {
      Map.Entry<byte[], byte[]> e = model.floorEntry(from);
      boolean ok = c.seekFloor(from);
      for (int i = 0; i < limit; i++) {
        assertEquals(e != null, ok, "backward scan validity");
        if (e == null) {
          break;
        }
        assertArrayEquals(e.getKey(), c.key(), "backward scan key");
        assertArrayEquals(e.getValue(), c.value(), "backward scan value");
        e = model.lowerEntry(e.getKey());
        ok = c.prev();
      }
    }
  }

  static void compareAll(BTree tree, NavigableMap<byte[], byte[]> model) {
    Cursor c = tree.cursor();
    boolean ok = c.first();
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      assertTrue(ok, "tree ended early");
      assertArrayEquals(e.getKey(), c.key());
      assertArrayEquals(e.getValue(), c.value());
      ok = c.next();
    }
    assertFalse(ok, "tree has extra entries");
    ok = c.last();
    for (Map.Entry<byte[], byte[]> e : model.descendingMap().entrySet()) {
      assertTrue(ok, "backward scan ended early");
      assertArrayEquals(e.getKey(), c.key());
      ok = c.prev();
    }
    assertFalse(ok, "backward scan has extra entries");
    for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
      assertArrayEquals(e.getValue(), tree.get(e.getKey()));
    }
    if (model.isEmpty()) {
      assertNull(tree.get(new byte[] {1}));
    }
  }

  /** The same model run once on a real file, with a reopen, to cover ChannelFileIo end to end. */
  @org.junit.jupiter.api.Test
  void realFileRoundTrip(@TempDir Path dir) {
    Path file = dir.resolve("model.tsdb");
    NavigableMap<byte[], byte[]> model = newModel();
    Random rnd = new Random(42);
    StoreOptions opts = StoreOptions.DEFAULT.withCacheSizeBytes(32 * 8192);
    try (Store store = Store.open(file, opts)) {
      BTree t = store.tree("t");
      for (int i = 0; i < 20_000; i++) {
        byte[] k = key(rnd, Profile.MEDIUM, 5000, t.maxKeyLength());
        if (rnd.nextInt(4) == 0) {
          assertEquals(model.remove(k) != null, t.delete(k));
        } else {
          byte[] v = value(rnd, Profile.MEDIUM, 8192);
          t.put(k, v);
          model.put(k, v);
        }
      }
      compareAll(t, model);
      assertCheckOk(store);
    }
    try (Store store = Store.open(file, opts)) {
      compareAll(store.tree("t"), model);
      assertCheckOk(store);
    }
  }
}
