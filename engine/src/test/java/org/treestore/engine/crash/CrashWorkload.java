package org.treestore.engine.crash;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * The deterministic workload shared by {@link CrashChild} (which writes it) and
 * {@link ProcessKillCrashTest} (which recomputes it to know exactly what the database must hold).
 *
 * <p>Everything is a pure function of the workload seed and the transaction number, so the
 * verifier can rebuild the expected state after any prefix of transactions without the child
 * telling it anything but {@code ACK i} lines. Transactions are numbered from 1. Transaction
 * {@code i}:
 *
 * <ul>
 *   <li>puts keys {@code "t" + i + "/" + k} for {@code k} in {@code 0..keyCount(i)-1}
 *       ({@code keyCount} is 1 to 30), values from {@link #value} with sizes from 0 bytes to three
 *       8 KiB pages, so some values live in overflow chains;
 *   <li>deletes every key of the earlier transactions listed by {@link #deletes}: transaction
 *       {@code j} is deleted whole by transaction {@code j + 16}, except every 8th one
 *       ({@code j % 8 == 0}), which lives until transaction {@code j + 256}. This keeps the live
 *       data bounded (about 48 transactions) however long the test runs, while the file churns
 *       through free pages and overflow chains, and some data stays for many rounds;
 *   <li>sets the marker key {@code "last"} to {@code i} (decimal ASCII).
 * </ul>
 *
 * <p>Why these choices: a single commit touches leaves, interior nodes, overflow chains, the free
 * list and the catalog root at once, which is what a crash in the middle of a commit can tear.
 */
final class CrashWorkload {
  /** The tree every transaction writes to. */
  static final String TREE = "crash";

  /** The marker key holding the number of the last transaction, decimal ASCII. */
  static final byte[] LAST_KEY = "last".getBytes(StandardCharsets.US_ASCII);

  /** Most keys one transaction puts. */
  static final int MAX_KEYS = 30;

  /** Largest value: three 8 KiB pages. */
  static final int MAX_VALUE = 3 * 8192;

  /** An ordinary transaction is deleted by the one this many numbers later. */
  static final int SHORT_LIFE = 16;

  /** A long-lived transaction (every {@link #LONG_EVERY}th) is deleted this many numbers later. */
  static final int LONG_LIFE = 256;

  /** Every transaction whose number is a multiple of this lives {@link #LONG_LIFE}. */
  static final int LONG_EVERY = 8;

  private CrashWorkload() {
  }

  /** Number of keys transaction {@code txn} puts: 1 to {@link #MAX_KEYS}. */
  static int keyCount(long seed, int txn) {
    return 1 + random(seed, txn, -1).nextInt(MAX_KEYS);
  }

  /** Key {@code k} of transaction {@code txn}: {@code "t" + txn + "/" + k}. */
  static byte[] key(int txn, int k) {
    return ("t" + txn + "/" + k).getBytes(StandardCharsets.US_ASCII);
  }

  /** The transaction that deletes every key of transaction {@code txn}. */
  static int deletedBy(int txn) {
    return txn + (txn % LONG_EVERY == 0 ? LONG_LIFE : SHORT_LIFE);
  }

  /**
   * The transactions whose keys transaction {@code txn} deletes (at most two), so that
   * {@code deletedBy(j) == txn} for each of them.
   */
  static int[] deletes(int txn) {
    int shortOne = txn - SHORT_LIFE;
    int longOne = txn - LONG_LIFE;
    boolean s = shortOne >= 1 && shortOne % LONG_EVERY != 0;
    boolean l = longOne >= 1 && longOne % LONG_EVERY == 0;
    if (s && l) {
      return new int[] {longOne, shortOne};
    } else if (s) {
      return new int[] {shortOne};
    } else if (l) {
      return new int[] {longOne};
    }
    return new int[0];
  }

  /** Whether transaction {@code txn} is committed and not yet deleted once {@code last} is. */
  static boolean liveAfter(int txn, int last) {
    return txn >= 1 && txn <= last && deletedBy(txn) > last;
  }

  /**
   * Value of key {@code k} of transaction {@code txn}. Sizes: 10% empty, 45% 1-100 bytes, 25%
   * 101-2000, 10% 2001-8191 (up to about a page), 10% 8192-24576 (overflow chains of up to three
   * pages). Contents are pseudo-random bytes, so a value moved to the wrong key or torn is caught.
   */
  static byte[] value(long seed, int txn, int k) {
    SplittableRandom r = random(seed, txn, k);
    int bucket = r.nextInt(100);
    int size;
    if (bucket < 10) {
      size = 0;
    } else if (bucket < 55) {
      size = 1 + r.nextInt(100);
    } else if (bucket < 80) {
      size = 101 + r.nextInt(1900);
    } else if (bucket < 90) {
      size = 2001 + r.nextInt(8191 - 2001 + 1);
    } else {
      size = 8192 + r.nextInt(MAX_VALUE - 8192 + 1);
    }
    byte[] v = new byte[size];
    r.nextBytes(v);
    return v;
  }

  /** The value of the {@code "last"} marker after transaction {@code txn}. */
  static byte[] lastValue(int txn) {
    return Integer.toString(txn).getBytes(StandardCharsets.US_ASCII);
  }

  /** A generator seeded from (seed, txn, k); {@code k == -1} is the transaction's own generator. */
  private static SplittableRandom random(long seed, int txn, int k) {
    return new SplittableRandom(mix(mix(seed ^ 0x5DEECE66DL) + txn * 0x9E3779B97F4A7C15L + k));
  }

  /** The SplitMix64 finalizer: a bijective 64-bit mix, so nearby inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
