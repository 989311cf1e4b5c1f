package org.treestore.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.treestore.engine.io.SimulatedDisk.CrashMode;
import org.treestore.engine.io.SimulatedDisk.PowerLossException;

/**
 * Checks the power-loss simulator itself, since every crash test of the engine trusts it: what
 * reads see, what force makes durable, what each crash mode lets survive, where the countdown stops
 * and that nothing from before a reboot stays usable.
 *
 * <p>Every random choice comes from a seeded {@link Random}, so a failure reproduces. The
 * statistical tests run a few hundred seeds over tiny files: enough that an outcome of probability
 * 1/16 or more shows up with near certainty, and still fast. Images are compared as strings in
 * which a zero byte shows as {@code '.'}, so holes are visible in failure messages.
 */
class SimulatedDiskTest {

  /** Seeds per statistical test; the rarest outcome checked has probability 1/16 per seed. */
  private static final int SEEDS = 400;

  private final SimulatedDisk disk = new SimulatedDisk();

  @Test
  void readsBeforeTheCrashSeeUnsyncedData() throws IOException {
    FileIo wal = disk.open("wal");
    write(wal, 0, "hello");
    write(wal, 3, "p!");

    assertEquals("help!", contents(wal));
    assertEquals(5, wal.size());
    ByteBuffer tail = ByteBuffer.allocate(10);
    assertEquals(2, wal.read(3, tail), "a read past the end is short");
    assertEquals(0, wal.read(5, ByteBuffer.allocate(1)), "a read at the end reads nothing");
    assertEquals(0, disk.durableSize("wal"));
    assertEquals(0, disk.durableImage("wal").length);
    assertEquals("help!", show(disk.cachedImage("wal")));
    assertEquals(2, disk.unsyncedWriteCount("wal"));
  }

  @Test
  void handlesOnOneNameShareTheFileAndForceThroughAnyOfThemSyncsIt() throws IOException {
    FileIo first = disk.open("db");
    FileIo second = disk.open("db");
    write(first, 0, "abc");
    assertEquals("abc", contents(second));

    second.force(false);
    assertEquals("abc", show(disk.durableImage("db")));
    assertEquals(1, disk.forces("db"));
    assertEquals(List.of("db"), disk.names());
  }

  @Test
  void forceMakesThatFilesUnsyncedOperationsDurableInIssueOrder() throws IOException {
    FileIo db = disk.open("db");
    FileIo wal = disk.open("wal");
    write(db, 0, "aaaa");
    write(db, 2, "bb");
    db.truncate(3);
    write(db, 5, "c");
    write(wal, 0, "log");
    assertEquals("aab..c", contents(db));
    assertEquals(4, disk.unsyncedWriteCount("db"));

    db.force(true);

    assertEquals("aab..c", show(disk.durableImage("db")));
    assertEquals(6, disk.durableSize("db"));
    assertEquals(0, disk.unsyncedWriteCount("db"));
    assertEquals(1, disk.forces("db"));
    // fsync is per file: the other file's writes are still only in the page cache.
    assertEquals(0, disk.durableSize("wal"));
    assertEquals(1, disk.unsyncedWriteCount("wal"));
    assertEquals(0, disk.forces("wal"));
  }

  @ParameterizedTest
  @EnumSource(CrashMode.class)
  void forcedDataSurvivesEveryMode(CrashMode mode) throws IOException {
    for (int seed = 0; seed < SEEDS; seed++) {
      SimulatedDisk d = new SimulatedDisk();
      FileIo db = d.open("db");
      FileIo wal = d.open("wal");
      write(db, 0, "durable-db");
      write(wal, 0, "durable-wal");
      db.force(false);
      wal.force(true);
      // Unsynced writes only beyond the forced bytes: the forced bytes must come back untouched
      // whatever lands, torn or reordered.
      write(db, 10, "xxxxx");
      write(db, 20, "yyyyy");
      write(wal, 11, "rec1");
      write(wal, 15, "rec2");

      d.reboot(new Random(seed), mode);

      String db2 = contents(d.open("db"));
      String wal2 = contents(d.open("wal"));
      String why = "seed " + seed + ": " + d.lastRebootReport();
      assertTrue(db2.startsWith("durable-db"), why + " -> " + db2);
      assertTrue(wal2.startsWith("durable-wal"), why + " -> " + wal2);
    }
  }

  @Test
  void dropAllLosesExactlyTheUnsyncedOperations() throws IOException {
    FileIo db = disk.open("db");
    FileIo wal = disk.open("wal");
    write(db, 0, "hello");
    db.force(false);
    write(db, 0, "J");
    write(db, 5, "!!");
    db.truncate(2);
    write(wal, 0, "never forced");
    assertEquals(3, disk.unsyncedWriteCount("db"));

    disk.reboot(new Random(1), CrashMode.DROP_ALL);

    assertEquals("hello", contents(disk.open("db")));
    assertEquals("hello", show(disk.durableImage("db")));
    assertEquals("", contents(disk.open("wal")));
    assertEquals(0, disk.unsyncedWriteCount("db"));
    assertEquals(0, disk.unsyncedWriteCount("wal"));
    assertTrue(disk.lastRebootReport().contains("db: 0 of 3"), disk.lastRebootReport());
  }

  @Test
  void keepAllEqualsThePreCrashView() throws IOException {
    for (int seed = 0; seed < 50; seed++) {
      SimulatedDisk d = new SimulatedDisk();
      Random workload = new Random(seed);
      List<FileIo> handles = List.of(d.open("a"), d.open("b"), d.open("c"));
      for (int i = 0; i < 60; i++) {
        FileIo f = handles.get(workload.nextInt(handles.size()));
        int op = workload.nextInt(10);
        if (op == 0) {
          f.force(workload.nextBoolean());
        } else if (op == 1) {
          f.truncate(workload.nextInt(250));
        } else {
          byte[] bytes = new byte[1 + workload.nextInt(50)];
          workload.nextBytes(bytes);
          f.write(workload.nextInt(200), ByteBuffer.wrap(bytes));
        }
      }
      // Raw bytes here, not shown strings: random data holds both zeros and dots.
      List<byte[]> before = new ArrayList<>();
      for (FileIo f : handles) {
        before.add(bytes(f));
        assertArrayEquals(d.cachedImage(f.name()), before.get(before.size() - 1));
      }

      d.reboot(new Random(seed), CrashMode.KEEP_ALL);

      for (int i = 0; i < handles.size(); i++) {
        String name = handles.get(i).name();
        assertArrayEquals(before.get(i), bytes(d.open(name)), "seed " + seed + ", file " + name);
        assertArrayEquals(before.get(i), d.durableImage(name));
      }
    }
  }

  @Test
  void randomLetsALaterWriteSurviveWhileAnEarlierOneIsLost() throws IOException {
    Set<String> outcomes = new TreeSet<>();
    for (int seed = 0; seed < SEEDS; seed++) {
      SimulatedDisk d = new SimulatedDisk();
      FileIo f = d.open("f");
      write(f, 0, "AAAA");
      write(f, 4, "BBBB");
      d.reboot(new Random(seed), CrashMode.RANDOM);
      outcomes.add(contents(d.open("f")));
    }
    // "....BBBB" is the later write without the earlier one, with a hole where the earlier one
    // was. No other outcome may appear: RANDOM never tears.
    assertEquals(Set.of("", "AAAA", "....BBBB", "AAAABBBB"), outcomes);
  }

  @Test
  void randomLandsOverlappingWritesInEitherOrder() throws IOException {
    Set<String> outcomes = new TreeSet<>();
    for (int seed = 0; seed < SEEDS; seed++) {
      SimulatedDisk d = new SimulatedDisk();
      FileIo f = d.open("f");
      write(f, 0, "1111");
      write(f, 2, "2222");
      d.reboot(new Random(seed), CrashMode.RANDOM);
      outcomes.add(contents(d.open("f")));
    }
    // "112222" is issue order; "111122" means the earlier write landed over the later one.
    assertEquals(Set.of("", "1111", "..2222", "112222", "111122"), outcomes);
  }

  @Test
  void tornKeepsOnlyAPrefixOrASuffixOfAWriteCutAtAnyByte() throws IOException {
    String record = "0123456789";
    Set<Integer> prefixCuts = new HashSet<>();
    Set<Integer> suffixCuts = new HashSet<>();
    int lost = 0;
    for (int seed = 0; seed < SEEDS; seed++) {
      SimulatedDisk d = new SimulatedDisk();
      FileIo f = d.open("wal");
      write(f, 0, "HEAD");
      f.force(false);
      write(f, 4, record);
      d.reboot(new Random(seed), CrashMode.TORN);

      String after = contents(d.open("wal"));
      String why = "seed " + seed + ": " + d.lastRebootReport() + " -> " + after;
      assertTrue(after.startsWith("HEAD"), why);
      String landed = after.substring(4);
      if (landed.isEmpty()) {
        lost++;
        continue;
      }
      // A single surviving write of ten bytes is always torn in TORN mode: never all of it.
      assertNotEquals(record, landed, why);
      if (record.startsWith(landed)) {
        prefixCuts.add(landed.length());
      } else {
        int cut = landed.lastIndexOf('.') + 1;
        assertEquals(".".repeat(cut) + record.substring(cut), landed, why);
        suffixCuts.add(cut);
      }
      assertTrue(d.lastRebootReport().contains("torn"), why);
    }
    assertTrue(lost > 0, "the write should sometimes be lost entirely");
    assertFalse(prefixCuts.isEmpty(), "no torn prefix seen");
    assertFalse(suffixCuts.isEmpty(), "no torn suffix seen");
    // Cuts fall at any byte, not on some alignment: most of the nine possible cuts must show up.
    assertTrue(prefixCuts.size() >= 6, "prefix cuts " + prefixCuts);
    assertTrue(suffixCuts.size() >= 6, "suffix cuts " + suffixCuts);
  }

  @Test
  void tornTearsExactlyOneSurvivingWritePerFile() throws IOException {
    boolean bothFilesTornAtOnce = false;
    for (int seed = 0; seed < SEEDS; seed++) {
      SimulatedDisk d = new SimulatedDisk();
      for (String name : List.of("a", "b")) {
        FileIo f = d.open(name);
        write(f, 0, "aaaa");
        write(f, 4, "bbbb");
        write(f, 8, "cccc");
      }
      d.reboot(new Random(seed), CrashMode.TORN);

      int tornFiles = 0;
      for (String name : List.of("a", "b")) {
        String after = contents(d.open(name)) + ".".repeat(12);
        int whole = 0;
        int partial = 0;
        for (int i = 0; i < 3; i++) {
          String segment = after.substring(4 * i, 4 * i + 4);
          String full = String.valueOf((char) ('a' + i)).repeat(4);
          if (segment.equals(full)) {
            whole++;
          } else if (!segment.equals("....")) {
            partial++;
          }
        }
        String why = "seed " + seed + ": " + d.lastRebootReport();
        assertTrue(partial <= 1, why);
        // Every write here can be torn, so if any landed, one of them was.
        assertEquals(whole + partial > 0 ? 1 : 0, partial, why);
        tornFiles += partial;
      }
      bothFilesTornAtOnce |= tornFiles == 2;
    }
    assertTrue(bothFilesTornAtOnce, "each file gets its own tear");
  }

  @Test
  void anUnsyncedTruncateMayOrMayNotSurvive() throws IOException {
    Set<String> outcomes = new TreeSet<>();
    for (CrashMode mode : CrashMode.values()) {
      for (int seed = 0; seed < (mode == CrashMode.RANDOM ? SEEDS : 1); seed++) {
        SimulatedDisk d = new SimulatedDisk();
        FileIo f = d.open("f");
        write(f, 0, "abcdefgh");
        f.force(true);
        f.truncate(3);
        d.reboot(new Random(seed), mode);
        String after = contents(d.open("f"));
        if (mode == CrashMode.DROP_ALL) {
          assertEquals("abcdefgh", after);
        } else if (mode == CrashMode.KEEP_ALL) {
          assertEquals("abc", after);
        } else {
          outcomes.add(after);
        }
      }
    }
    assertEquals(Set.of("abc", "abcdefgh"), outcomes);
  }

  @Test
  void aForcedTruncateSurvivesAndLaterGrowthShowsZeros() throws IOException {
    FileIo f = disk.open("f");
    write(f, 0, "abcdefgh");
    f.truncate(2);
    f.force(false);
    write(f, 4, "Z");
    assertEquals("ab..Z", contents(f), "bytes cut by truncate must not come back on growth");

    disk.reboot(new Random(3), CrashMode.DROP_ALL);
    assertEquals("ab", contents(disk.open("f")));
  }

  /**
   * The workload: six mutating calls across two files, with reads in between that must not count.
   * Running it against a disk armed with {@code crashAfterWrites(n)} must get exactly {@code n}
   * mutating calls through, and leave both files exactly as a disk that ran only those would.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void crashAfterWritesStopsAtExactlyTheNthCallAcrossFiles(int n) throws IOException {
    SimulatedDisk reference = new SimulatedDisk();
    List<IoCall> referenceCalls = workload(reference.open("a"), reference.open("b"));
    for (int i = 0; i < Math.min(n, referenceCalls.size()); i++) {
      referenceCalls.get(i).run();
    }

    FileIo a = disk.open("a");
    FileIo b = disk.open("b");
    List<IoCall> calls = workload(a, b);
    disk.crashAfterWrites(n);
    int through = 0;
    for (IoCall call : calls) {
      try {
        // Reads never count, but fail once the power is out like any other call.
        contents(a);
        contents(b);
        call.run();
        through++;
      } catch (PowerLossException e) {
        assertTrue(e.getMessage().startsWith("simulated power loss"), e.getMessage());
        break;
      }
    }

    assertEquals(Math.min(n, calls.size()), through);
    assertEquals(through, disk.mutations());
    assertEquals(n <= calls.size(), disk.isPowerLost());
    for (String name : List.of("a", "b")) {
      assertArrayEquals(reference.cachedImage(name), disk.cachedImage(name), name);
      assertArrayEquals(reference.durableImage(name), disk.durableImage(name), name);
      assertEquals(reference.forces(name), disk.forces(name), name);
    }
    if (disk.isPowerLost()) {
      assertThrows(PowerLossException.class, () -> a.read(0, ByteBuffer.allocate(1)));
      assertThrows(PowerLossException.class, b::size);
    }
  }

  @Test
  void powerCutFailsEveryCallButClose() throws IOException {
    FileIo f = disk.open("f");
    write(f, 0, "x");
    disk.powerCut();

    assertTrue(disk.isPowerLost());
    PowerLossException e =
        assertThrows(PowerLossException.class, () -> f.write(1, ByteBuffer.wrap(new byte[] {1})));
    assertEquals("simulated power loss: write on f at 1", e.getMessage());
    assertThrows(PowerLossException.class, () -> f.read(0, ByteBuffer.allocate(1)));
    assertThrows(PowerLossException.class, () -> f.force(true));
    assertThrows(PowerLossException.class, () -> f.truncate(0));
    assertThrows(PowerLossException.class, f::size);
    assertThrows(PowerLossException.class, () -> disk.open("g").size());
    assertThrows(IllegalStateException.class, () -> disk.crashAfterWrites(3));
    f.close();
    f.close();
    // The failed calls had no effect, and the assertion API still works on a dead machine.
    assertEquals("x", show(disk.cachedImage("f")));
    assertEquals(1, disk.unsyncedWriteCount("f"));
    assertEquals(0, disk.forces("f"));
    assertEquals(1, disk.mutations());
  }

  @Test
  void handlesFromBeforeARebootAreDead() throws IOException {
    FileIo old = disk.open("f");
    write(old, 0, "data");
    disk.crashAfterWrites(5);

    disk.reboot(new Random(7), CrashMode.KEEP_ALL);

    assertFalse(disk.isPowerLost());
    List<IoCall> calls =
        List.of(
            () -> old.read(0, ByteBuffer.allocate(1)),
            () -> write(old, 0, "x"),
            () -> old.force(false),
            () -> old.truncate(0),
            old::size);
    for (IoCall call : calls) {
      IOException e = assertThrows(IOException.class, call::run);
      assertFalse(e instanceof PowerLossException, "a dead handle is not a new power loss");
      assertTrue(e.getMessage().contains("before reboot"), e.getMessage());
    }
    old.close();

    FileIo fresh = disk.open("f");
    assertEquals("data", contents(fresh));
    // Power is back and the old countdown is gone: more than five calls go through.
    for (int i = 0; i < 10; i++) {
      write(fresh, i, "y");
    }
    assertFalse(disk.isPowerLost());
  }

  @Test
  void aRebootWithoutAPowerCutIsOne() throws IOException {
    FileIo f = disk.open("f");
    write(f, 0, "lost");
    disk.reboot(new Random(0), CrashMode.DROP_ALL);
    assertEquals("", contents(disk.open("f")));
    assertThrows(IOException.class, f::size);
  }

  @Test
  void aRebootIsDeterministicForASeed() throws IOException {
    List<String> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      SimulatedDisk d = new SimulatedDisk();
      Random workload = new Random(99);
      // Opened in reverse name order: reboot must still visit files in a fixed order.
      for (String name : List.of("z", "m", "a")) {
        FileIo f = d.open(name);
        for (int i = 0; i < 20; i++) {
          byte[] bytes = new byte[1 + workload.nextInt(16)];
          workload.nextBytes(bytes);
          f.write(workload.nextInt(64), ByteBuffer.wrap(bytes));
        }
      }
      d.reboot(new Random(42), CrashMode.TORN);
      StringBuilder all = new StringBuilder(d.lastRebootReport());
      for (String name : d.names()) {
        all.append('|').append(show(d.durableImage(name)));
      }
      runs.add(all.toString());
    }
    assertEquals(runs.get(0), runs.get(1));
  }

  @Test
  void fileCreationIsDurable() throws IOException {
    disk.open("empty");
    disk.open("alsoEmpty").close();
    disk.reboot(new Random(0), CrashMode.DROP_ALL);
    assertEquals(List.of("alsoEmpty", "empty"), disk.names());
    assertEquals(0, disk.durableSize("empty"));
    assertEquals(0, disk.open("alsoEmpty").size());
  }

  @Test
  void forceCountsArePerFileAndKeptAcrossReboots() throws IOException {
    FileIo a = disk.open("a");
    FileIo b = disk.open("b");
    a.force(false);
    a.force(true);
    b.force(false);
    disk.crashAfterWrites(0);
    assertThrows(PowerLossException.class, () -> a.force(true));
    assertEquals(2, disk.forces("a"), "a force that failed did not count");
    assertEquals(1, disk.forces("b"));

    disk.reboot(new Random(0), CrashMode.RANDOM);
    disk.open("a").force(false);
    assertEquals(3, disk.forces("a"));
  }

  @Test
  void writesCopyTheCallersBytesAndConsumeTheBuffer() throws IOException {
    FileIo f = disk.open("f");
    byte[] bytes = "abc".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer src = ByteBuffer.wrap(bytes);
    f.write(0, src);
    assertFalse(src.hasRemaining());
    bytes[0] = 'X';
    assertEquals("abc", contents(f));
    disk.reboot(new Random(0), CrashMode.KEEP_ALL);
    assertEquals("abc", contents(disk.open("f")));
  }

  @Test
  void noOpCallsCountButRecordNothing() throws IOException {
    FileIo f = disk.open("f");
    write(f, 0, "abc");
    f.write(10, ByteBuffer.allocate(0));
    f.truncate(3);
    f.truncate(100);
    assertEquals(3, f.size(), "a zero-length write does not extend the file");
    assertEquals(1, disk.unsyncedWriteCount("f"));
    assertEquals(4, disk.mutations());
  }

  @Test
  void misuseFailsLoudly() throws IOException {
    FileIo f = disk.open("f");
    assertThrows(IllegalArgumentException.class, () -> disk.durableSize("nope"));
    assertThrows(IllegalArgumentException.class, () -> disk.forces("nope"));
    assertThrows(IllegalArgumentException.class, () -> disk.crashAfterWrites(-1));
    assertThrows(IllegalArgumentException.class, () -> f.read(-1, ByteBuffer.allocate(1)));
    assertThrows(IllegalArgumentException.class, () -> f.write(-1, ByteBuffer.allocate(1)));
    assertThrows(IllegalArgumentException.class, () -> f.truncate(-1));
    assertThrows(
        IOException.class, () -> f.write(Integer.MAX_VALUE, ByteBuffer.allocate(1)), "too large");
    assertThrows(NullPointerException.class, () -> disk.reboot(null, CrashMode.KEEP_ALL));
    assertEquals(0, disk.mutations(), "rejected calls do not count");

    f.close();
    f.close();
    IOException e = assertThrows(IOException.class, f::size);
    assertEquals("f is closed", e.getMessage());
    assertEquals("f", f.name());
    assertTrue(f.toString().contains("f"));
    assertTrue(disk.toString().contains("f"));
    assertEquals("no reboot yet", disk.lastRebootReport());
  }

  // ---------------------------------------------------------------------------------------------

  /** A call on a file, for tables of calls. */
  @FunctionalInterface
  private interface IoCall {
    void run() throws IOException;
  }

  /** Six mutating calls alternating between two files, with a force and a truncate among them. */
  private static List<IoCall> workload(FileIo a, FileIo b) {
    return List.of(
        () -> write(a, 0, "a1a1"),
        () -> write(b, 0, "b1b1b1"),
        () -> a.force(false),
        () -> b.truncate(2),
        () -> write(a, 4, "a2"),
        () -> b.force(true));
  }

  private static void write(FileIo f, long position, String s) throws IOException {
    f.write(position, ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)));
  }

  /** The whole file as seen through the handle, zero bytes shown as {@code '.'}. */
  private static String contents(FileIo f) throws IOException {
    return show(bytes(f));
  }

  /** The whole file as seen through the handle. */
  private static byte[] bytes(FileIo f) throws IOException {
    long size = f.size();
    if (size > Integer.MAX_VALUE) {
      fail("file too large for a test: " + size);
    }
    ByteBuffer dst = ByteBuffer.allocate((int) size);
    assertEquals(size, f.read(0, dst));
    return dst.array();
  }

  /** Bytes as a string, zero bytes shown as {@code '.'} so holes are visible. */
  private static String show(byte[] bytes) {
    StringBuilder s = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      s.append(b == 0 ? '.' : (char) (b & 0xff));
    }
    return s.toString();
  }
}
