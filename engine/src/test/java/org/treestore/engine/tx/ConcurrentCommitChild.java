package org.treestore.engine.tx;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;

/**
 * The process {@link CrashConcurrentCommitsTest} kills: several threads commit bank transfers
 * concurrently, and each thread prints {@code ACK <round> <thread> <i>} after the commit of its
 * transaction {@code i} has returned (printing is synchronized, one line per write). A reader
 * thread checks the sum of the balances in read-only snapshots all along. The child never closes
 * the store; it ends by SIGKILL, or when its stdin reaches EOF (the parent died), or with status 2
 * if anything goes wrong (the reason on stderr).
 *
 * <p>Transaction {@code i} of thread {@code t} in round {@code r} (see {@link Workload}): moves
 * {@link Workload#transfer} between two accounts (reading both), writes the log record
 * {@link Workload#logKey}, sets the thread's marker {@link Workload#markKey} to {@code i}, puts
 * {@link Workload#payloadCount} payload values and deletes the payload of its transaction
 * {@code i - }{@link Workload#PAYLOAD_LIFE}. On a {@link ConflictException} it retries the same
 * transaction.
 *
 * <p>Usage: {@code ConcurrentCommitChild <db> <seed> <round> <threads> <durability>
 * <checkpoint bytes>}.
 */
public final class ConcurrentCommitChild {
  private static final Object PRINT_LOCK = new Object();

  private ConcurrentCommitChild() {
  }

  /** Runs the workload; see the class comment. */
  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: ConcurrentCommitChild <db> <seed> <round> <threads> <durability>"
          + " <checkpoint bytes>");
      System.exit(64);
    }
    Path db = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int round = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    StoreOptions options = StoreOptions.DEFAULT.withPageSize(Workload.PAGE_SIZE)
        .withDurability(Durability.valueOf(args[4]))
        .withCheckpointBytes(Long.parseLong(args[5]));
    Thread parentWatch = new Thread(ConcurrentCommitChild::haltAtEndOfInput, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();

    Store store = Store.open(db, options);
    PrintStream out = System.out;
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        try {
          writer(store, seed, round, thread, out);
        } catch (Throwable e) {
          die("writer " + thread + " failed", e);
        }
      }, "writer-" + t);
      w.start();
    }
    Thread reader = new Thread(() -> {
      try {
        while (true) {
          checkSum(store);
        }
      } catch (Throwable e) {
        die("reader failed", e);
      }
    }, "reader");
    reader.start();
    // The threads run until the process is killed.
    reader.join();
  }

  private static void writer(Store store, long seed, int round, int thread, PrintStream out) {
    for (int i = 0;; i++) {
      long[] transfer = Workload.transfer(seed, round, thread, i);
      int from = (int) transfer[0];
      int to = (int) transfer[1];
      while (true) {
        try (Transaction tx = store.begin()) {
          long fromBalance = Workload.balance(tx.get(Workload.ACCOUNTS, Workload.account(from)));
          long toBalance = Workload.balance(tx.get(Workload.ACCOUNTS, Workload.account(to)));
          tx.put(Workload.ACCOUNTS, Workload.account(from),
              Workload.balanceValue(fromBalance - transfer[2]));
          tx.put(Workload.ACCOUNTS, Workload.account(to),
              Workload.balanceValue(toBalance + transfer[2]));
          tx.put(Workload.LOG, Workload.logKey(round, thread, i), Workload.logValue(transfer));
          byte[] previous = tx.get(Workload.LOG, Workload.markKey(round, thread));
          if (i > 0 && !Arrays.equals(previous, Workload.markValue(i - 1))) {
            die("thread " + thread + " transaction " + i + ": its marker is "
                + (previous == null ? "missing" : new String(previous, StandardCharsets.US_ASCII))
                + ", not " + (i - 1), null);
          }
          tx.put(Workload.LOG, Workload.markKey(round, thread), Workload.markValue(i));
          for (int k = 0; k < Workload.payloadCount(seed, round, thread, i); k++) {
            tx.put(Workload.PAYLOAD, Workload.payloadKey(round, thread, i, k),
                Workload.payloadValue(seed, round, thread, i, k));
          }
          int gone = i - Workload.PAYLOAD_LIFE;
          if (gone >= 0) {
            for (int k = 0; k < Workload.payloadCount(seed, round, thread, gone); k++) {
              if (!tx.delete(Workload.PAYLOAD, Workload.payloadKey(round, thread, gone, k))) {
                die("thread " + thread + " transaction " + i + ": payload " + gone + "/" + k
                    + " to delete is missing", null);
              }
            }
          }
          tx.commit();
          break;
        } catch (ConflictException e) {
          // Another thread changed one of the two accounts first: retry the same transfer.
        }
      }
      synchronized (PRINT_LOCK) {
        out.print("ACK " + round + " " + thread + " " + i + "\n");
        out.flush();
        if (out.checkError()) {
          die("cannot write to stdout", null);
        }
      }
    }
  }

  private static void checkSum(Store store) {
    try (Transaction tx = store.beginReadOnly()) {
      long sum = 0;
      for (int a = 0; a < Workload.ACCOUNT_COUNT; a++) {
        sum += Workload.balance(tx.get(Workload.ACCOUNTS, Workload.account(a)));
      }
      if (sum != Workload.TOTAL) {
        die("the balances sum to " + sum + ", not " + Workload.TOTAL + ", in snapshot "
            + tx.snapshotSeq(), null);
      }
    }
  }

  /** Blocks until stdin ends (the parent closed it or died), then stops the process at once. */
  private static void haltAtEndOfInput() {
    try {
      while (System.in.read() != -1) {
        // The parent sends nothing; it only keeps the pipe open.
      }
    } catch (IOException e) {
      // A broken stdin means the same: the parent is gone.
    }
    Runtime.getRuntime().halt(3);
  }

  private static void die(String message, Throwable cause) {
    synchronized (PRINT_LOCK) {
      System.err.println("ConcurrentCommitChild: " + message);
      if (cause != null) {
        cause.printStackTrace();
      }
      System.err.flush();
      Runtime.getRuntime().halt(2);
    }
  }

  /**
   * The deterministic workload, shared by the child (which writes it) and the parent (which
   * recomputes what each acknowledged or present transaction must contain).
   */
  static final class Workload {
    static final int PAGE_SIZE = 4096;
    static final String ACCOUNTS = "accounts";
    static final String LOG = "log";
    static final String PAYLOAD = "payload";
    static final int ACCOUNT_COUNT = 40;
    static final long INITIAL = 10_000;
    static final long TOTAL = ACCOUNT_COUNT * INITIAL;
    /** A transaction deletes the payload of its thread's transaction this many numbers before. */
    static final int PAYLOAD_LIFE = 8;

    private Workload() {
    }

    static byte[] account(int a) {
      return ascii(String.format(Locale.ROOT, "a%03d", a));
    }

    static byte[] balanceValue(long balance) {
      return ByteBuffer.allocate(8).putLong(balance).array();
    }

    static long balance(byte[] v) {
      if (v == null || v.length != 8) {
        throw new IllegalStateException("an account value is " + (v == null ? "missing"
            : v.length + " bytes long"));
      }
      return ByteBuffer.wrap(v).getLong();
    }

    /** {from, to, amount} of transaction {@code i} of {@code thread} in {@code round}. */
    static long[] transfer(long seed, int round, int thread, int i) {
      SplittableRandom r = random(seed, round, thread, i, -1);
      // Account 0 is in a quarter of the transfers, so the threads conflict now and then.
      int from = r.nextInt(4) == 0 ? 0 : r.nextInt(ACCOUNT_COUNT);
      int to = r.nextInt(ACCOUNT_COUNT - 1);
      to = to >= from ? to + 1 : to;
      return new long[] {from, to, 1 + r.nextInt(500)};
    }

    static byte[] logKey(int round, int thread, int i) {
      return ascii(String.format(Locale.ROOT, "r%03d/t%02d/%07d", round, thread, i));
    }

    static byte[] logValue(long[] transfer) {
      return ByteBuffer.allocate(16).putInt((int) transfer[0]).putInt((int) transfer[1])
          .putLong(transfer[2]).array();
    }

    /** The marker of a thread's last transaction, in the log tree (sorts after its records). */
    static byte[] markKey(int round, int thread) {
      return ascii(String.format(Locale.ROOT, "r%03d/t%02d/mark", round, thread));
    }

    static byte[] markValue(int i) {
      return ascii(Integer.toString(i));
    }

    /** 0 to 3 payload values per transaction. */
    static int payloadCount(long seed, int round, int thread, int i) {
      return random(seed, round, thread, i, -2).nextInt(4);
    }

    static byte[] payloadKey(int round, int thread, int i, int k) {
      return ascii(String.format(Locale.ROOT, "r%03d/t%02d/%07d/%d", round, thread, i, k));
    }

    /** Mostly small, a tenth spanning one to three overflow pages; pseudo-random contents. */
    static byte[] payloadValue(long seed, int round, int thread, int i, int k) {
      SplittableRandom r = random(seed, round, thread, i, k);
      byte[] v = new byte[r.nextInt(10) == 0 ? 2000 + r.nextInt(10_000) : r.nextInt(300)];
      r.nextBytes(v);
      return v;
    }

    private static SplittableRandom random(long seed, int round, int thread, int i, int k) {
      long z = mix(seed ^ 0x2545F4914F6CDD1DL);
      z = mix(z + round * 0x9E3779B97F4A7C15L);
      z = mix(z + thread * 0xC2B2AE3D27D4EB4FL);
      z = mix(z + i * 0x165667B19E3779F9L + k);
      return new SplittableRandom(z);
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }
  }
}
