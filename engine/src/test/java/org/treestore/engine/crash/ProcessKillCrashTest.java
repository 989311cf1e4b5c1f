package org.treestore.engine.crash;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;
import org.treestore.engine.check.CheckReport;

/**
 * Acknowledged commits survive a real process kill: a child JVM ({@link CrashChild}) commits
 * {@link CrashWorkload} transactions in a loop and prints {@code ACK i} after each
 * {@code commit()} returns; this test kills it with SIGKILL at a random moment, reopens the
 * database in this JVM and checks it, then lets a new child continue on the same file. The file
 * thus accumulates history (page reuse, overflow chains, WAL checkpoints) across rounds.
 *
 * <p><b>Why SIGKILL.</b> A graceful close, an exception or a shutdown hook all let the engine run
 * code after the "crash", and an in-process simulation cannot stop a write half-way or drop what
 * the JVM still buffers. SIGKILL ({@link Process#destroyForcibly()} on Linux) stops the process
 * between any two instructions, often in the middle of a commit: whatever the engine had handed to
 * the operating system stays, nothing else. (It does not simulate power loss: data written but not
 * yet forced still reaches the disk, so missing fsyncs need a power-loss simulation to show.)
 *
 * <p><b>What is asserted after every kill</b>, on the reopened store:
 * <ul>
 *   <li>the file opens and {@code store.check()} reports no problem (the report is printed);
 *   <li>the marker {@code last} is at least the highest {@code ACK} read (nothing acknowledged is
 *       lost) and at most one more (only the commit that was running when the kill came may have
 *       made it without its {@code ACK});
 *   <li>the tree holds exactly the state after transaction {@code last}: every transaction up to
 *       {@code last} is present whole, with exactly its values, unless a transaction up to
 *       {@code last} deleted it; no transaction is partially present; nothing beyond {@code last}
 *       exists; no key outside the workload exists. Point lookups and a full cursor scan must
 *       agree.
 * </ul>
 *
 * <p><b>Replay.</b> The seed is printed at the start and in every failure; run again with
 * {@code -Dtreestore.crashSeed=<seed>} to get the same workload and the same kill delays (the
 * exact instruction a kill hits still depends on timing). Other knobs:
 * {@code treestore.crashRounds} (default 50; raise it for a long run),
 * {@code treestore.crashAckTimeoutMs} (default 10000: how long a child may take to its first
 * {@code ACK}), {@code treestore.crashMaxFailures} (default 5). After a failed round the test
 * records it, keeps the database as it was right after the kill in
 * {@code target/crash-failures/}, and goes on with a fresh database, so one run reports how often
 * the engine fails; the test fails at the end if any round did.
 */
class ProcessKillCrashTest {
  private static final int MIN_DELAY_MS = 30;
  private static final int MAX_DELAY_MS = 400;
  private static final int MAX_PROBLEMS_LISTED = 40;
  private static final int STDERR_TAIL_CHARS = 6000;
  private static final String DB_FILE = "crash.tsdb";

  @Test
  void acknowledgedCommitsSurviveSigkill(@TempDir Path tmp) throws Exception {
    long seed = Long.getLong("treestore.crashSeed", System.nanoTime() ^ System.currentTimeMillis());
    int rounds = Integer.getInteger("treestore.crashRounds", 50);
    long ackTimeoutMs = Long.getLong("treestore.crashAckTimeoutMs", 10_000L);
    int maxFailures = Integer.getInteger("treestore.crashMaxFailures", 5);
    System.out.println("ProcessKillCrashTest: seed " + seed + ", " + rounds
        + " rounds (replay with -Dtreestore.crashSeed=" + seed + ")");

    Random random = new Random(seed);
    long workloadSeed = random.nextLong();
    List<String> failures = new ArrayList<>();
    int passed = 0;
    int database = 0;
    Path dir = Files.createDirectories(tmp.resolve("db-" + database));
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path snapshot = tmp.resolve("snapshot");
    String classPath = ChildJvm.classPath(CrashChild.class, Files.createDirectories(tmp.resolve("classpath")));
    int verifiedLast = 0;
    long start = System.nanoTime();

    for (int round = 1; round <= rounds && failures.size() < maxFailures; round++) {
      int delayMs = MIN_DELAY_MS + random.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1);
      long roundStart = System.nanoTime();
      String where = "round " + round + " (seed " + seed + ", database " + database
          + ", first transaction " + (verifiedLast + 1) + ", kill delay " + delayMs + " ms)";
      Path stdout = logs.resolve("round-" + round + ".out");
      Path stderr = logs.resolve("round-" + round + ".err");

      List<String> command = childCommand(classPath, dir.resolve(DB_FILE), workloadSeed,
          verifiedLast + 1);
      ChildRun run = runChild(command, stdout, stderr, verifiedLast + 1, delayMs, ackTimeoutMs);
      // The files exactly as the kill left them, before this JVM reopens (and so changes) them.
      copyDirectory(dir, snapshot);
      List<String> problems = new ArrayList<>(run.problems);
      int last = -1;
      if (problems.isEmpty()) {
        Verification v = verify(dir.resolve(DB_FILE), workloadSeed, run.highestAck);
        problems.addAll(v.problems);
        last = v.last;
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart);

      if (problems.isEmpty()) {
        passed++;
        System.out.printf("round %d/%d: txns %d..%d acked, last=%d, %s, %d ms%n", round, rounds,
            run.firstTxn, run.highestAck, last, describeFiles(dir), ms);
        verifiedLast = last;
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
        continue;
      }

      StringBuilder failure = new StringBuilder();
      failure.append(where).append(": FAILED after ")
          .append(run.highestAck >= run.firstTxn
              ? "ACKs " + run.firstTxn + ".." + run.highestAck
              : "no ACK")
          .append('\n');
      for (String p : problems) {
        failure.append("  - ").append(p.replace("\n", "\n    ")).append('\n');
      }
      String err = tail(stderr);
      if (!err.isBlank()) {
        failure.append("  child stderr:\n    ").append(err.strip().replace("\n", "\n    "))
            .append('\n');
      }
      Path kept = keepForInspection(seed, database, round, snapshot, failure.toString());
      failure.append("  database as left by the kill kept in ").append(kept).append('\n');
      failures.add(failure.toString());
      System.out.print(failure);

      // The file is broken (or in an unknown state): go on with a fresh one.
      database++;
      dir = Files.createDirectories(tmp.resolve("db-" + database));
      verifiedLast = 0;
    }

    long totalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    String summary = "ProcessKillCrashTest: " + passed + " rounds passed, " + failures.size()
        + " failed, " + totalMs + " ms (seed " + seed + ")";
    System.out.println(summary);
    if (!failures.isEmpty()) {
      fail(summary + (failures.size() >= maxFailures ? ", stopped after " + maxFailures
          + " failures" : "") + "\nreplay with -Dtreestore.crashSeed=" + seed + "\n\n"
          + String.join("\n", failures));
    }
  }

  // ------------------------------------------------------------------ the child process

  /** What one child run produced: the ACKs read, or why the run itself went wrong. */
  private static final class ChildRun {
    final int firstTxn;
    final int highestAck;
    final List<String> problems;

    ChildRun(int firstTxn, int highestAck, List<String> problems) {
      this.firstTxn = firstTxn;
      this.highestAck = highestAck;
      this.problems = problems;
    }
  }

  /**
   * Starts a child on {@code db} from transaction {@code firstTxn}, waits for its first ACK, then
   * {@code delayMs} more, kills it with SIGKILL, waits until it is gone and reads its ACKs.
   *
   * <p>The child's stdout goes to a file rather than a pipe: after the process is dead the file
   * holds every byte it wrote, so no ACK can get lost between the kill and a reader thread (the
   * JDK closes a dead process's pipe under a concurrent reader). Only complete lines count. The
   * child's stdin stays an open pipe until after the kill; the child exits when it reaches EOF, so
   * it cannot outlive this JVM.
   */
  private static ChildRun runChild(List<String> command, Path out, Path err, int firstTxn,
      int delayMs, long ackTimeoutMs) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process child = pb.start();

    List<String> problems = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMs);
      boolean acked = false;
      boolean alive = true;
      while (!acked && alive && System.nanoTime() < deadline) {
        alive = !child.waitFor(10, TimeUnit.MILLISECONDS);
        acked = readAcks(out, firstTxn).highest >= firstTxn;
      }
      if (!acked) {
        problems.add(alive
            ? "the child produced no ACK within " + ackTimeoutMs + " ms"
            : "the child exited with status " + child.exitValue() + " before its first ACK");
      } else if (child.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
        problems.add("the child exited by itself with status " + child.exitValue()
            + " before it was killed");
      }
    } finally {
      // SIGKILL on every path, and wait until the process is really gone.
      child.destroyForcibly();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        problems.add("the child did not die within 30 s of SIGKILL");
      }
      child.getOutputStream().close();
    }
    if (problems.isEmpty() && child.exitValue() != 137) {
      problems.add("the child ended with status " + child.exitValue()
          + ", not 137 (SIGKILL): it exited by itself just before the kill");
    }
    Acks acks = readAcks(out, firstTxn);
    problems.addAll(acks.errors);
    return new ChildRun(firstTxn, acks.highest, problems);
  }

  /** The ACKs in a child's stdout: the highest of the in-order run, and any protocol error. */
  private static final class Acks {
    final int highest;
    final List<String> errors;

    Acks(int highest, List<String> errors) {
      this.highest = highest;
      this.errors = errors;
    }
  }

  /**
   * Parses the child's stdout. Only lines ending in a newline count, so a line cut short by the
   * kill can never pass for an ACK. ACKs must come in order, one per transaction, from
   * {@code firstTxn} on; anything else on stdout is an error.
   */
  private static Acks readAcks(Path out, int firstTxn) throws IOException {
    byte[] bytes = Files.readAllBytes(out);
    List<String> errors = new ArrayList<>();
    int expected = firstTxn;
    int from = 0;
    for (int nl = indexOf(bytes, from); nl >= 0; nl = indexOf(bytes, from)) {
      String line = new String(bytes, from, nl - from, StandardCharsets.US_ASCII);
      from = nl + 1;
      int n;
      try {
        n = line.startsWith("ACK ") ? Integer.parseInt(line.substring(4)) : -1;
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        errors.add("unexpected line on the child's stdout: '" + line + "'");
      } else if (n != expected) {
        errors.add("the child sent ACK " + n + " where ACK " + expected + " was due");
        break;
      } else {
        expected++;
      }
    }
    // Bytes after the last newline are a line the kill cut short: not an ACK.
    return new Acks(expected - 1, errors);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The command line of a child: this JVM's {@code java}, a small heap, fast startup. */
  private static List<String> childCommand(String classPath, Path db, long workloadSeed,
      int firstTxn) {
    List<String> command = new ArrayList<>();
    command.add(ChildJvm.javaBinary());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:-UsePerfData");
    command.add("-Xshare:auto");
    command.add("-cp");
    command.add(classPath);
    command.add(CrashChild.class.getName());
    command.add(db.toString());
    command.add(Long.toString(workloadSeed));
    command.add(Integer.toString(firstTxn));
    return command;
  }

  // ------------------------------------------------------------------ verification

  /** The outcome of checking the reopened store: the marker's value and every problem found. */
  private static final class Verification {
    final int last;
    final List<String> problems;

    Verification(int last, List<String> problems) {
      this.last = last;
      this.problems = problems;
    }
  }

  /** What the scan found of one transaction's keys. */
  private static final class Seen {
    final BitSet present = new BitSet();
    final List<Integer> wrongValues = new ArrayList<>();
  }

  /**
   * Reopens the database in this JVM and checks it against the workload (see the class comment).
   * Data first, then {@code check()} (which commits, so it comes after the reads of the state the
   * kill left).
   */
  private static Verification verify(Path db, long seed, int highestAck) {
    List<String> problems = new ArrayList<>();
    Store store;
    try {
      store = Store.open(db);
    } catch (RuntimeException e) {
      problems.add("reopening the database after the kill failed: " + stackTrace(e));
      return new Verification(-1, problems);
    }
    int last = -1;
    try {
      try {
        last = verifyData(store, seed, highestAck, problems);
      } catch (RuntimeException e) {
        problems.add("reading the data failed: " + stackTrace(e));
      }
      try {
        CheckReport report = store.check();
        if (!report.isOk()) {
          problems.add("store.check() found problems:\n" + report);
        }
      } catch (RuntimeException e) {
        problems.add("store.check() threw: " + stackTrace(e));
      }
    } finally {
      try {
        store.close();
      } catch (RuntimeException e) {
        problems.add("closing the reopened store failed: " + stackTrace(e));
      }
    }
    return new Verification(last, capped(problems));
  }

  /** Checks the marker and the tree's exact contents; returns the marker (-1 if unusable). */
  private static int verifyData(Store store, long seed, int highestAck, List<String> problems) {
    if (!store.hasTree(CrashWorkload.TREE)) {
      problems.add("tree '" + CrashWorkload.TREE + "' is missing although transactions up to "
          + highestAck + " were acknowledged");
      return -1;
    }
    BTree tree = store.tree(CrashWorkload.TREE);

    // The marker: at least the highest ACK, at most one more.
    int last = -1;
    byte[] marker = tree.get(CrashWorkload.LAST_KEY);
    if (marker == null) {
      problems.add("marker 'last' is missing (highest ACK " + highestAck + ")");
    } else {
      try {
        last = Integer.parseInt(new String(marker, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        problems.add("marker 'last' holds " + marker.length + " bytes that are not a number: "
            + preview(marker));
      }
    }
    if (last >= 0 && last < highestAck) {
      problems.add("marker 'last' is " + last + " but transactions up to " + highestAck
          + " were acknowledged: acknowledged commits were lost");
    } else if (last > highestAck + 1) {
      problems.add("marker 'last' is " + last + ", more than one beyond the highest ACK "
          + highestAck + ": the child never committed that");
    }
    // Classify against the marker if it is usable, else against what was acknowledged.
    int reference = last >= 0 ? last : highestAck;

    // Full scan: every key must belong to the workload, in strictly ascending order.
    Map<Integer, Seen> seen = new TreeMap<>();
    List<String> strays = new ArrayList<>();
    byte[] previous = null;
    int markerSeen = 0;
    Cursor c = tree.cursor();
    for (boolean ok = c.first(); ok; ok = c.next()) {
      byte[] key = c.key();
      if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
        problems.add("the scan went from key '" + text(previous) + "' to '" + text(key)
            + "': not ascending (scan stopped; keys past it count as missing below)");
        break;
      }
      previous = key;
      if (Arrays.equals(key, CrashWorkload.LAST_KEY)) {
        markerSeen++;
        if (!Arrays.equals(c.value(), marker)) {
          problems.add("the scan and get() disagree on the value of marker 'last'");
        }
        continue;
      }
      int[] tk = parseKey(key);
      if (tk == null || tk[1] >= CrashWorkload.keyCount(seed, tk[0])) {
        strays.add(text(key));
        continue;
      }
      Seen s = seen.computeIfAbsent(tk[0], t -> new Seen());
      s.present.set(tk[1]);
      if (!Arrays.equals(c.value(), CrashWorkload.value(seed, tk[0], tk[1]))) {
        s.wrongValues.add(tk[1]);
      }
    }
    if (marker != null && markerSeen != 1) {
      problems.add("get() finds marker 'last' but the scan saw it " + markerSeen + " times");
    }
    if (!strays.isEmpty()) {
      problems.add(strays.size() + " keys that no transaction writes, e.g. "
          + strays.subList(0, Math.min(5, strays.size())));
    }

    // Per transaction: all or nothing, and exactly the live ones.
    Set<Integer> txns = new TreeSet<>(seen.keySet());
    for (int t = Math.max(1, reference - CrashWorkload.LONG_LIFE); t <= reference; t++) {
      if (CrashWorkload.liveAfter(t, reference)) {
        txns.add(t);
      }
    }
    for (int t : txns) {
      int m = CrashWorkload.keyCount(seed, t);
      Seen s = seen.getOrDefault(t, new Seen());
      int present = s.present.cardinality();
      boolean live = CrashWorkload.liveAfter(t, reference);
      String name = "transaction " + t
          + (t <= highestAck ? " (acknowledged)" : " (not acknowledged)");
      if (present > 0 && present < m) {
        problems.add(name + " is partially present: " + present + " of its " + m + " keys, missing "
            + missing(s.present, m));
      }
      if (live && present < m) {
        int by = CrashWorkload.deletedBy(t);
        problems.add(name + " should be present after 'last'=" + reference + " but " + (m - present)
            + " of its " + m + " keys are missing" + (by <= highestAck + 1 ? " (transaction " + by
            + ", which deletes it, is not committed but its deletions are visible?)" : ""));
      } else if (!live && present > 0 && t > reference) {
        problems.add(name + " is beyond 'last'=" + reference + " yet " + present + " of its keys"
            + " exist");
      } else if (!live && present > 0) {
        problems.add(name + " was deleted by transaction " + CrashWorkload.deletedBy(t)
            + " <= 'last'=" + reference + " yet " + present + " of its keys exist");
      }
      if (!s.wrongValues.isEmpty()) {
        problems.add(name + ": " + s.wrongValues.size() + " keys have wrong values, e.g. t" + t
            + "/" + s.wrongValues.get(0));
      }
      // Point lookups must agree with the scan.
      if (live) {
        int lookupsDiffer = 0;
        for (int k = 0; k < m; k++) {
          byte[] got = tree.get(CrashWorkload.key(t, k));
          boolean scanGood = s.present.get(k) && !s.wrongValues.contains(k);
          boolean getGood = Arrays.equals(got, CrashWorkload.value(seed, t, k));
          if (scanGood != getGood) {
            lookupsDiffer++;
          }
        }
        if (lookupsDiffer > 0) {
          problems.add(name + ": get() and the scan disagree on " + lookupsDiffer + " keys");
        }
      }
    }
    return last;
  }

  /** Parses {@code "t<txn>/<k>"} into {txn, k}, or null if the key has another shape. */
  private static int[] parseKey(byte[] key) {
    String s = new String(key, StandardCharsets.US_ASCII);
    int slash = s.indexOf('/');
    if (!s.startsWith("t") || slash < 2 || slash == s.length() - 1) {
      return null;
    }
    try {
      int txn = Integer.parseInt(s.substring(1, slash));
      int k = Integer.parseInt(s.substring(slash + 1));
      if (txn < 1 || k < 0 || !s.equals("t" + txn + "/" + k)) {
        return null;
      }
      return new int[] {txn, k};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String missing(BitSet present, int m) {
    List<Integer> gone = new ArrayList<>();
    int k = present.nextClearBit(0);
    while (k < m && gone.size() < 10) {
      gone.add(k);
      k = present.nextClearBit(k + 1);
    }
    return "k=" + gone + (m - present.cardinality() > gone.size() ? "..." : "");
  }

  private static List<String> capped(List<String> problems) {
    if (problems.size() <= MAX_PROBLEMS_LISTED) {
      return problems;
    }
    List<String> head = new ArrayList<>(problems.subList(0, MAX_PROBLEMS_LISTED));
    head.add("... and " + (problems.size() - MAX_PROBLEMS_LISTED) + " more problems");
    return head;
  }

  // ------------------------------------------------------------------ files and text

  /** Replaces {@code to} with a copy of every regular file in {@code from} (db, WAL, lock...). */
  private static void copyDirectory(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      try (Stream<Path> old = Files.list(to)) {
        for (Path p : (Iterable<Path>) old::iterator) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /**
   * Copies the database as the kill left it (the snapshot taken before reopening) and a
   * description of the failure to {@code target/crash-failures/}.
   */
  private static Path keepForInspection(long seed, int database, int round, Path snapshot,
      String description) {
    Path base = Path.of(System.getProperty("basedir", "."), "target", "crash-failures");
    Path to = base.resolve("seed-" + seed + "-db-" + database + "-round-" + round);
    try {
      copyDirectory(snapshot, to);
      Files.writeString(to.resolve("failure.txt"), description);
      return to.toAbsolutePath();
    } catch (IOException | UncheckedIOException e) {
      return Path.of("(could not keep it: " + e + ")");
    }
  }

  /** The files of the database directory and their total size, for the round's log line. */
  private static String describeFiles(Path dir) throws IOException {
    long bytes = 0;
    int n = 0;
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        bytes += Files.size(p);
        n++;
      }
    }
    return String.format("%.1f MiB in %d file%s", bytes / 1048576.0, n, n == 1 ? "" : "s");
  }

  /** The end of the child's stderr file, or "" if it is empty or missing. */
  private static String tail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "";
      }
      String s = Files.readString(file, StandardCharsets.UTF_8);
      int from = Math.max(0, s.length() - STDERR_TAIL_CHARS);
      return (from > 0 ? "..." : "") + s.substring(from);
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + file + ": " + e + ")";
    }
  }

  private static String text(byte[] key) {
    return new String(key, StandardCharsets.US_ASCII);
  }

  private static String preview(byte[] b) {
    return Arrays.toString(Arrays.copyOf(b, Math.min(b.length, 16))) + (b.length > 16 ? "..." : "");
  }

  /** The stack trace with at most 8 frames per exception in the chain, the rest elided. */
  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder sb = new StringBuilder();
    int frames = 0;
    for (String line : w.toString().strip().split("\n")) {
      boolean frame = line.stripLeading().startsWith("at ");
      frames = frame ? frames + 1 : 0;
      if (frames <= 8) {
        sb.append(sb.length() == 0 ? "" : "\n").append(line);
      } else if (frames == 9) {
        sb.append("\n\t...");
      }
    }
    return sb.toString();
  }
}
