package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.crash.ChildJvm;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.tx.ConcurrentCommitChild.Workload;

/**
 * Acknowledged transactions of concurrent committers survive a SIGKILL, whole. A child JVM
 * ({@link ConcurrentCommitChild}) runs several threads that commit bank transfers (each also
 * writing a log record, a per-thread marker, payload values, and deleting older payload) and
 * print {@code ACK round thread i} once a commit has returned. This test kills the child at a
 * random moment, reopens the database and checks, for every round so far:
 *
 * <ul>
 *   <li>per thread, the marker {@code m} is at least its highest ACK and at most one more (only
 *       the transaction in flight may have made it without an ACK); in earlier rounds it is what
 *       the earlier verification found;
 *   <li>the thread's log records are exactly {@code 0..m}, each with the transfer the workload
 *       defines; its payload values are exactly those of transactions {@code m-7..m}, whole, with
 *       their values; nothing of a transaction beyond {@code m} exists (no partial transaction);
 *   <li>every balance equals the initial balance plus the effects of all logged transfers, so
 *       balances and log records were committed together; the balances sum to the total;
 *   <li>no key outside the workload exists; {@code store.check()} passes.
 * </ul>
 *
 * The database carries over from round to round (with alternating durability modes and
 * checkpoint sizes). The seed is printed; {@code -Dtreestore.txCrashSeed=S} replays the workload
 * and kill delays, {@code -Dtreestore.txCrashRounds=N} runs more rounds (default 12),
 * {@code -Dtreestore.txCrashThreads=N} sets the committing threads (default 4). A failed round's
 * files, as the kill left them, are kept in {@code target/tx-crash-failures/}.
 */
class CrashConcurrentCommitsTest {
  private static final int MIN_DELAY_MS = 30;
  private static final int MAX_DELAY_MS = 400;
  private static final String DB = "concurrent.tsdb";

  @Test
  void acknowledgedConcurrentCommitsSurviveSigkillWhole(@TempDir Path tmp) throws Exception {
    long seed = Long.getLong("treestore.txCrashSeed", System.nanoTime());
    int rounds = Integer.getInteger("treestore.txCrashRounds", 12);
    int threads = Integer.getInteger("treestore.txCrashThreads", 4);
    System.out.println("CrashConcurrentCommitsTest: seed " + seed + ", " + rounds + " rounds, "
        + threads + " threads (replay with -Dtreestore.txCrashSeed=" + seed + ")");
    Random random = new Random(seed);
    Path dir = Files.createDirectories(tmp.resolve("db"));
    Path db = dir.resolve(DB);
    Path snapshot = tmp.resolve("snapshot");
    String classPath = ChildJvm.classPath(ConcurrentCommitChild.class, Files.createDirectories(tmp.resolve("classpath")));

    try (Store store = Store.open(db, StoreOptions.DEFAULT.withPageSize(Workload.PAGE_SIZE))) {
      try (Transaction tx = store.begin()) {
        for (int a = 0; a < Workload.ACCOUNT_COUNT; a++) {
          tx.put(Workload.ACCOUNTS, Workload.account(a), Workload.balanceValue(Workload.INITIAL));
        }
        tx.commit();
      }
    }

    // markers.get(round)[thread]: the last transaction verified present (-1: none).
    TreeMap<Integer, int[]> markers = new TreeMap<>();
    long start = System.nanoTime();
    for (int round = 1; round <= rounds; round++) {
      int delayMs = MIN_DELAY_MS + random.nextInt(MAX_DELAY_MS - MIN_DELAY_MS + 1);
      Durability durability = round % 2 == 1 ? Durability.FULL : Durability.NORMAL;
      long checkpointBytes = random.nextBoolean() ? 64L * 1024 : 16L << 20;
      String where = "round " + round + " (seed " + seed + ", " + durability + ", checkpoint "
          + checkpointBytes + " bytes, kill after " + delayMs + " ms)";
      Path out = tmp.resolve("round-" + round + ".out");
      Path err = tmp.resolve("round-" + round + ".err");
      List<String> command = List.of(ChildJvm.javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", classPath,
          ConcurrentCommitChild.class.getName(), db.toString(), Long.toString(seed),
          Integer.toString(round), Integer.toString(threads), durability.name(),
          Long.toString(checkpointBytes));

      List<String> problems = new ArrayList<>();
      int[] acked = runChild(command, out, err, round, threads, delayMs, problems);
      copyDirectory(dir, snapshot);
      if (problems.isEmpty()) {
        markers.put(round, new int[threads]);
        verify(db, seed, round, threads, acked, markers, problems);
      }
      if (!problems.isEmpty()) {
        String stderr = Files.exists(err) ? Files.readString(err) : "";
        Path kept = keep(seed, round, snapshot);
        fail("CrashConcurrentCommitsTest " + where + " failed:\n  - "
            + String.join("\n  - ", problems)
            + (stderr.isBlank() ? "" : "\n  child stderr:\n" + tail(stderr))
            + "\n  files as the kill left them: " + kept
            + "\n  replay with -Dtreestore.txCrashSeed=" + seed);
      }
      int total = 0;
      for (int m : markers.get(round)) {
        total += m + 1;
      }
      System.out.printf("round %d/%d: %d transactions committed by %d threads (acked up to %s),"
          + " %s%n", round, rounds, total, threads, Arrays.toString(acked), durability);
    }
    System.out.println("CrashConcurrentCommitsTest: " + rounds + " rounds passed in "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (seed " + seed + ")");
  }

  // ------------------------------------------------------------------ child

  /**
   * Runs a child, waits for its first ACK, then {@code delayMs}, kills it with SIGKILL and returns
   * the highest ACK per thread (-1: none). Its stdout goes to a file, read only after it died.
   */
  private static int[] runChild(List<String> command, Path out, Path err, int round, int threads,
      int delayMs, List<String> problems) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process child = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      boolean alive = true;
      boolean acked = false;
      while (!acked && alive && System.nanoTime() < deadline) {
        alive = !child.waitFor(10, TimeUnit.MILLISECONDS);
        acked = Files.size(out) > 0;
      }
      if (!acked) {
        problems.add(alive ? "no ACK within 20 s" : "the child exited with status "
            + child.exitValue() + " before its first ACK");
      } else if (child.waitFor(delayMs, TimeUnit.MILLISECONDS)) {
        problems.add("the child exited by itself with status " + child.exitValue());
      }
    } finally {
      child.destroyForcibly();
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        problems.add("the child did not die within 30 s of SIGKILL");
      }
      child.getOutputStream().close();
    }
    int[] highest = new int[threads];
    Arrays.fill(highest, -1);
    byte[] bytes = Files.readAllBytes(out);
    int from = 0;
    for (int nl = indexOf(bytes, from); nl >= 0; nl = indexOf(bytes, from)) {
      String line = new String(bytes, from, nl - from, StandardCharsets.US_ASCII);
      from = nl + 1;
      String[] f = line.split(" ");
      int t = -1;
      int i = -1;
      if (f.length == 4 && f[0].equals("ACK") && f[1].equals(Integer.toString(round))) {
        t = Integer.parseInt(f[2]);
        i = Integer.parseInt(f[3]);
      }
      if (t < 0 || t >= threads) {
        problems.add("unexpected line on the child's stdout: '" + line + "'");
      } else if (i != highest[t] + 1) {
        problems.add("thread " + t + " acknowledged " + i + " after " + highest[t]);
      } else {
        highest[t] = i;
      }
    }
    // Bytes after the last newline are a line cut short by the kill: not an ACK.
    return highest;
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------ verification

  private static void verify(Path db, long seed, int round, int threads, int[] acked,
      TreeMap<Integer, int[]> markers, List<String> problems) {
    try (Store store = Store.open(db, StoreOptions.DEFAULT)) {
      try (Transaction tx = store.beginReadOnly()) {
        verifyData(tx, seed, round, threads, acked, markers, problems);
      } catch (RuntimeException | AssertionError e) {
        problems.add("reading the data failed: " + stackTrace(e));
      }
      if (problems.isEmpty()) {
        CheckReport report = store.check();
        if (!report.isOk()) {
          problems.add("store.check() found problems:\n" + report);
        }
      }
    } catch (RuntimeException e) {
      problems.add("reopening or checking the database failed: " + stackTrace(e));
    }
  }

  private static void verifyData(Transaction tx, long seed, int round, int threads, int[] acked,
      TreeMap<Integer, int[]> markers, List<String> problems) {
    // Markers first: they say which transactions each thread committed.
    for (int r = 1; r <= round; r++) {
      int[] m = markers.get(r);
      for (int t = 0; t < threads; t++) {
        byte[] v = tx.get(Workload.LOG, Workload.markKey(r, t));
        int found = v == null ? -1 : Integer.parseInt(new String(v, StandardCharsets.US_ASCII));
        if (r < round && found != m[t]) {
          problems.add("round " + r + " thread " + t + ": marker " + found + " but " + m[t]
              + " was verified after that round");
        } else if (r == round && found < acked[t]) {
          problems.add("thread " + t + ": marker " + found + " but transaction " + acked[t]
              + " was acknowledged: acknowledged commits were lost");
        } else if (r == round && found > acked[t] + 1) {
          problems.add("thread " + t + ": marker " + found + ", more than one beyond its last"
              + " ACK " + acked[t]);
        }
        m[t] = found;
      }
    }
    if (!problems.isEmpty()) {
      return;
    }
    // The log tree: exactly records 0..m and the marker, per round and thread.
    long[] balances = new long[Workload.ACCOUNT_COUNT];
    Arrays.fill(balances, Workload.INITIAL);
    List<String> expectedLog = new ArrayList<>();
    for (int r = 1; r <= round; r++) {
      for (int t = 0; t < threads; t++) {
        int m = markers.get(r)[t];
        for (int i = 0; i <= m; i++) {
          expectedLog.add(key(Workload.logKey(r, t, i)));
        }
        if (m >= 0) {
          expectedLog.add(key(Workload.markKey(r, t)));
        }
      }
    }
    expectedLog.sort(null);
    List<String> log = new ArrayList<>();
    TransactionCursor c = tx.cursor(Workload.LOG);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      String k = key(c.key());
      log.add(k);
      if (k.endsWith("/mark")) {
        continue;
      }
      String[] parts = k.split("/");
      int r = Integer.parseInt(parts[0].substring(1));
      int t = Integer.parseInt(parts[1].substring(1));
      int i = Integer.parseInt(parts[2]);
      long[] transfer = Workload.transfer(seed, r, t, i);
      if (!Arrays.equals(c.value(), Workload.logValue(transfer))) {
        problems.add("log record " + k + " holds another transfer than the workload's");
      }
      balances[(int) transfer[0]] -= transfer[2];
      balances[(int) transfer[1]] += transfer[2];
    }
    if (!log.equals(expectedLog)) {
      List<String> missing = new ArrayList<>(expectedLog);
      missing.removeAll(log);
      List<String> extra = new ArrayList<>(log);
      extra.removeAll(expectedLog);
      problems.add("the log tree differs from the markers: missing " + head(missing) + ", extra "
          + head(extra) + " (a transaction is partly present)");
    }
    // Balances: committed together with the log records.
    long sum = 0;
    for (int a = 0; a < Workload.ACCOUNT_COUNT; a++) {
      long got = Workload.balance(tx.get(Workload.ACCOUNTS, Workload.account(a)));
      sum += got;
      if (got != balances[a]) {
        problems.add("account " + a + " holds " + got + " but the logged transfers give "
            + balances[a] + " (a transfer's balances and log record were not committed together)");
      }
    }
    if (sum != Workload.TOTAL) {
      problems.add("the balances sum to " + sum + ", not " + Workload.TOTAL);
    }
    int accounts = 0;
    TransactionCursor ac = tx.cursor(Workload.ACCOUNTS);
    for (boolean ok = ac.first(); ok; ok = ac.next()) {
      accounts++;
    }
    if (accounts != Workload.ACCOUNT_COUNT) {
      problems.add("a scan finds " + accounts + " accounts, not " + Workload.ACCOUNT_COUNT);
    }
    // Payload: exactly that of the last PAYLOAD_LIFE transactions of every thread, whole.
    List<String> expectedPayload = new ArrayList<>();
    for (int r = 1; r <= round; r++) {
      for (int t = 0; t < threads; t++) {
        int m = markers.get(r)[t];
        for (int i = Math.max(0, m - Workload.PAYLOAD_LIFE + 1); i <= m; i++) {
          for (int k = 0; k < Workload.payloadCount(seed, r, t, i); k++) {
            expectedPayload.add(key(Workload.payloadKey(r, t, i, k)));
          }
        }
      }
    }
    expectedPayload.sort(null);
    List<String> payload = new ArrayList<>();
    TransactionCursor pc = tx.cursor(Workload.PAYLOAD);
    for (boolean ok = pc.first(); ok; ok = pc.next()) {
      String k = key(pc.key());
      payload.add(k);
      String[] parts = k.split("/");
      if (parts.length != 4) {
        continue; // reported as extra below
      }
      byte[] expect = Workload.payloadValue(seed, Integer.parseInt(parts[0].substring(1)),
          Integer.parseInt(parts[1].substring(1)), Integer.parseInt(parts[2]),
          Integer.parseInt(parts[3]));
      if (!Arrays.equals(expect, pc.value())) {
        problems.add("payload " + k + " has a wrong value (" + pc.value().length + " bytes, "
            + expect.length + " expected)");
      }
    }
    if (!payload.equals(expectedPayload)) {
      List<String> missing = new ArrayList<>(expectedPayload);
      missing.removeAll(payload);
      List<String> extra = new ArrayList<>(payload);
      extra.removeAll(expectedPayload);
      problems.add("the payload differs from the markers: missing " + head(missing) + ", extra "
          + head(extra) + " (a transaction is partly present)");
    }
  }

  private static String key(byte[] k) {
    return new String(k, StandardCharsets.US_ASCII);
  }

  private static String head(List<String> l) {
    return l.size() <= 8 ? l.toString() : l.subList(0, 8) + " and " + (l.size() - 8) + " more";
  }

  // ------------------------------------------------------------------ files

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
        Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static Path keep(long seed, int round, Path snapshot) {
    Path to = Path.of(System.getProperty("basedir", "."), "target", "tx-crash-failures",
        "seed-" + seed + "-round-" + round);
    try {
      copyDirectory(snapshot, to);
      return to.toAbsolutePath();
    } catch (IOException e) {
      return Path.of("(not kept: " + e + ")");
    }
  }

  private static String tail(String s) {
    return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() <= 4000 ? s : s.substring(0, 4000) + "...";
  }
}
