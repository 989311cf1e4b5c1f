package org.treestore.engine.crash;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.treestore.engine.Store;
import org.treestore.engine.btree.BTree;

/**
 * The process {@link ProcessKillCrashTest} kills: it commits the {@link CrashWorkload}
 * transactions one after the other, forever, and prints {@code ACK i} on stdout only after
 * {@code store.commit()} for transaction {@code i} has returned.
 *
 * <p>That ordering is the whole contract: an {@code ACK} line the parent read proves that the
 * engine had declared transaction {@code i} durable, so after a SIGKILL at any later moment the
 * transaction must still be in the file. The child never closes the store; it only stops by being
 * killed, or when its stdin reaches EOF: the parent holds that pipe open until after the kill, so
 * a child whose parent died stops too instead of writing forever.
 *
 * <p>Usage: {@code CrashChild <db path> <workload seed> <first transaction number>}. The database
 * must hold exactly the state after transaction {@code first - 1} (the parent verified that);
 * the child double-checks as it goes: a deletion that finds nothing, or a put that replaces a key
 * of a transaction not yet written, means the database was not in that state, and the child exits
 * with status 2 and a message on stderr instead of writing on.
 */
public final class CrashChild {
  private CrashChild() {
  }

  /** Runs the workload; see the class comment for the arguments. */
  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: CrashChild <db path> <workload seed> <first transaction number>");
      System.exit(64);
    }
    Path db = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int first = Integer.parseInt(args[2]);
    if (first < 1) {
      System.err.println("the first transaction number must be at least 1, got " + first);
      System.exit(64);
    }
    Thread parentWatch = new Thread(CrashChild::haltAtEndOfInput, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();
    PrintStream out = System.out;
    Store store = Store.open(db);
    BTree tree = store.tree(CrashWorkload.TREE);
    for (int txn = first;; txn++) {
      for (int gone : CrashWorkload.deletes(txn)) {
        int n = CrashWorkload.keyCount(seed, gone);
        for (int k = 0; k < n; k++) {
          if (!tree.delete(CrashWorkload.key(gone, k))) {
            die("transaction " + txn + ": key t" + gone + "/" + k + " to delete is missing");
          }
        }
      }
      int n = CrashWorkload.keyCount(seed, txn);
      for (int k = 0; k < n; k++) {
        if (tree.put(CrashWorkload.key(txn, k), CrashWorkload.value(seed, txn, k))) {
          die("transaction " + txn + ": key t" + txn + "/" + k + " existed before it was written");
        }
      }
      byte[] previous = tree.get(CrashWorkload.LAST_KEY);
      if (txn > 1 && !Arrays.equals(previous, CrashWorkload.lastValue(txn - 1))) {
        String was = previous == null ? "missing"
            : "'" + new String(previous, StandardCharsets.US_ASCII) + "'";
        die("transaction " + txn + ": marker 'last' is " + was + ", expected " + (txn - 1));
      }
      tree.put(CrashWorkload.LAST_KEY, CrashWorkload.lastValue(txn));
      store.commit();
      // Only now is transaction txn durable: acknowledge it, in one write, and push it out.
      out.print("ACK " + txn + "\n");
      out.flush();
      if (out.checkError()) {
        System.err.println("CrashChild: cannot write to stdout");
        System.exit(3);
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

  private static void die(String message) {
    System.err.println("CrashChild: " + message
        + " (the database was not in the state the parent verified)");
    System.err.flush();
    System.exit(2);
  }
}
