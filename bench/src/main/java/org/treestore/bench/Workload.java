package org.treestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The storage-core workload of the issue "Storage core", generated up front so that no benchmark
 * measures key or value generation.
 *
 * <p>{@link #ENTRIES} (one million) keys of {@link #KEY_LENGTH} (16) bytes with values of
 * {@link #VALUE_LENGTH} (100) bytes. Key {@code i} is the big-endian unsigned 64-bit number
 * {@code i * (2^64 / ENTRIES)} followed by eight pseudo-random bytes: keys are spread over the whole
 * key space (they differ in their first bytes, like hashed or time-ordered ids, not only in a long
 * zero-padded tail), and key {@code i} sorts before key {@code i + 1} as unsigned bytes, so index
 * order is key order. Every key has its own value array, as in real use, where each caller hands
 * the store a fresh array.
 *
 * <p>Everything is derived from fixed seeds, so every run and every engine sees the same bytes in
 * the same order.
 */
public final class Workload {
  /** Entries in a loaded store. */
  public static final int ENTRIES = 1_000_000;
  /** Bytes per key. */
  public static final int KEY_LENGTH = 16;
  /** Bytes per value. */
  public static final int VALUE_LENGTH = 100;
  /** Entries a range scan reads. */
  public static final int SCAN_LENGTH = 100;
  /**
   * Cache budget for every engine: 512 MiB, enough to hold the whole loaded data set in TreeStore's
   * buffer pool (about 174 MiB of pages after a random-order load) and in MVStore's page cache
   * (about 134 MB used), with room to spare, so reads measure the in-memory paths.
   */
  public static final long CACHE_BYTES = 512L << 20;

  private static final long KEY_STRIDE = Long.divideUnsigned(-1L, ENTRIES);
  private static final long SEED = 0x7EE5_7012_E000_0001L;

  /** Keys in ascending order: {@code keys[i]} is key {@code i}. */
  public final byte[][] keys;
  /** Values: {@code values[i]} belongs to {@code keys[i]}. */
  public final byte[][] values;

  private Workload(byte[][] keys, byte[][] values) {
    this.keys = keys;
    this.values = values;
  }

  /** Generates the full workload (about 150 MB of heap). */
  public static Workload generate() {
    byte[][] keys = new byte[ENTRIES][];
    byte[][] values = new byte[ENTRIES][];
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (int i = 0; i < ENTRIES; i++) {
      byte[] k = new byte[KEY_LENGTH];
      putLong(k, 0, i * KEY_STRIDE);
      putLong(k, 8, rnd.nextLong());
      keys[i] = k;
      byte[] v = new byte[VALUE_LENGTH];
      for (int j = 0; j < VALUE_LENGTH; j += 8) {
        long r = rnd.nextLong();
        for (int b = 0; b < 8 && j + b < VALUE_LENGTH; b++) {
          v[j + b] = (byte) (r >>> (8 * b));
        }
      }
      values[i] = v;
    }
    return new Workload(keys, values);
  }

  /** A permutation of {@code 0 .. n-1}, shuffled with a fixed seed (Fisher-Yates). */
  public static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** {@code count} pseudo-random indices in {@code [0, bound)}, from a fixed seed. */
  public static int[] randomIndices(int count, int bound, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int[] idx = new int[count];
    for (int i = 0; i < count; i++) {
      idx[i] = rnd.nextInt(bound);
    }
    return idx;
  }

  /** {@code src} reordered: element {@code i} of the result is {@code src[order[i]]}. */
  public static byte[][] reorder(byte[][] src, int[] order) {
    byte[][] out = new byte[order.length][];
    for (int i = 0; i < order.length; i++) {
      out[i] = src[order[i]];
    }
    return out;
  }

  /** A new empty directory for one store's files. */
  public static Path newTempDir() {
    try {
      return Files.createTempDirectory("treestore-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it; a null or missing directory is ignored. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (56 - 8 * i));
    }
  }
}
