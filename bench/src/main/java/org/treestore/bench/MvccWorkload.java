package org.treestore.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The data of the transaction benchmarks (issue 4): {@link #KEYS} (100,000) keys of 16 bytes with
 * values of 100 bytes, generated from a fixed seed so that every engine sees the same bytes.
 *
 * <p>Keys are built like {@link Workload}'s: key {@code i} is the big-endian number
 * {@code i * (2^64 / KEYS)} followed by eight random bytes, so index order is key order and keys
 * differ in their first bytes.
 *
 * <p>A value starts with a big-endian 64-bit counter (0 after the preload), followed by 92 random
 * bytes. Every benchmark write is a read-modify-write that stores the value with its counter plus
 * one, so after a trial the counters of all keys must add up to the number of commits the trial
 * made: a lost update (two transactions that both incremented the same snapshot value and both
 * committed) or a lost commit shows up as a shortfall. {@link #bump} builds the new value.
 */
public final class MvccWorkload {
  /** Entries preloaded before anything is timed. */
  public static final int KEYS = 100_000;
  /** Bytes per key. */
  public static final int KEY_LENGTH = 16;
  /** Bytes per value, counter included. */
  public static final int VALUE_LENGTH = 100;

  private static final long KEY_STRIDE = Long.divideUnsigned(-1L, KEYS);
  private static final long SEED = 0x7EE5_0004_0000_0001L;

  /** Keys in ascending order. */
  public final byte[][] keys;
  /** {@code values[i]} belongs to {@code keys[i]}; every counter is 0. */
  public final byte[][] values;

  private MvccWorkload(byte[][] keys, byte[][] values) {
    this.keys = keys;
    this.values = values;
  }

  /** Generates the keys and initial values (about 15 MB of heap). */
  public static MvccWorkload generate() {
    byte[][] keys = new byte[KEYS][];
    byte[][] values = new byte[KEYS][];
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (int i = 0; i < KEYS; i++) {
      byte[] k = new byte[KEY_LENGTH];
      putLong(k, 0, i * KEY_STRIDE);
      putLong(k, 8, rnd.nextLong());
      keys[i] = k;
      byte[] v = new byte[VALUE_LENGTH];
      rnd.nextBytes(v);
      putLong(v, 0, 0);
      values[i] = v;
    }
    return new MvccWorkload(keys, values);
  }

  /** The counter at the start of {@code value}. */
  public static long counter(byte[] value) {
    long c = 0;
    for (int i = 0; i < 8; i++) {
      c = (c << 8) | (value[i] & 0xFF);
    }
    return c;
  }

  /**
   * A new array: {@code value} with its counter plus one. A fresh array per write, as a caller
   * would hand the engine, and because an engine may keep the array it is given (H2 does).
   */
  public static byte[] bump(byte[] value) {
    byte[] v = value.clone();
    putLong(v, 0, counter(value) + 1);
    return v;
  }

  /**
   * One read-modify-write transaction on {@code key}: begin, get, put the value with its counter
   * plus one, commit; on a write conflict the whole transaction is retried at once (no back-off,
   * the same loop for every engine) until it commits.
   *
   * @return the number of attempts that ended in a conflict
   */
  public static int increment(MvccEngine db, byte[] key) {
    int conflicts = 0;
    while (true) {
      try (MvccEngine.Tx tx = db.begin()) {
        byte[] v = tx.get(key);
        if (v == null) {
          throw new IllegalStateException(db.describe() + ": a preloaded key is missing");
        }
        tx.put(key, bump(v));
        tx.commit();
        return conflicts;
      } catch (MvccEngine.Conflict c) {
        conflicts++;
      }
    }
  }

  /**
   * Reads every key in one read-only transaction and checks that each is there with its own
   * random bytes and that the counters add up to {@code commits}, the increments the trial
   * committed. Prints the result; throws if anything is off.
   */
  public void verify(MvccEngine db, long commits) {
    long sum = 0;
    try (MvccEngine.Tx tx = db.beginReadOnly()) {
      for (int i = 0; i < KEYS; i++) {
        byte[] v = tx.get(keys[i]);
        if (v == null || v.length != VALUE_LENGTH
            || !Arrays.equals(v, 8, VALUE_LENGTH, values[i], 8, VALUE_LENGTH)) {
          throw new IllegalStateException(db.describe() + ": key #" + i + " missing or wrong");
        }
        sum += counter(v);
      }
      tx.commit();
    }
    if (sum != commits) {
      throw new IllegalStateException(db.describe() + ": the counters add up to " + sum + " but "
          + commits + " increments were committed (lost or phantom updates)");
    }
    System.out.println();
    System.out.printf("# verified: %d keys, counters add up to the %d committed increments: %s%n",
        KEYS, commits, db.describe());
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (56 - 8 * i));
    }
  }
}
