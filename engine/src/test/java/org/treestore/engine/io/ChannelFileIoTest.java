package org.treestore.engine.io;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@link ChannelFileIo} against the {@link FileIo} contract on a real file, and above all
 * that it keeps working, with correct data, while threads using it are interrupted.
 */
@Timeout(30)
class ChannelFileIoTest {

  @TempDir Path dir;

  @AfterEach
  void clearInterruptStatus() {
    // A failed assertion must not leave the flag set for the next test on this thread.
    Thread.interrupted();
  }

  @Test
  void openCreatesAMissingFileUnlessReadOnly() throws IOException {
    Path file = dir.resolve("new.db");
    assertThrows(NoSuchFileException.class, () -> ChannelFileIo.open(file, true));
    try (ChannelFileIo io = ChannelFileIo.open(file, false)) {
      assertTrue(Files.exists(file));
      assertEquals(0, io.size());
      assertEquals(file.toString(), io.name());
      assertTrue(io.toString().contains(file.toString()));
    }
  }

  @Test
  void writeReadSizeForceRoundTripSurvivesReopening() throws IOException {
    Path file = dir.resolve("round.db");
    byte[] data = pattern(10_000, 3);
    try (ChannelFileIo io = ChannelFileIo.open(file, false)) {
      io.write(0, ByteBuffer.wrap(data));
      io.force(false);
      io.write(100, ByteBuffer.wrap(new byte[] {-1, -2}));
      io.force(true);
      assertEquals(data.length, io.size());
    }
    data[100] = -1;
    data[101] = -2;
    try (ChannelFileIo io = ChannelFileIo.open(file, true)) {
      ByteBuffer dst = ByteBuffer.allocateDirect(data.length);
      assertEquals(data.length, io.read(0, dst));
      assertFalse(dst.hasRemaining());
      byte[] back = new byte[data.length];
      dst.flip().get(back);
      assertArrayEquals(data, back);
      io.force(false);
    }
  }

  @Test
  void buffersAreUsedFromTheirPositionToTheirLimit() throws IOException {
    try (ChannelFileIo io = ChannelFileIo.open(dir.resolve("slice.db"), false)) {
      ByteBuffer src = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}, 1, 3);
      io.write(10, src);
      assertFalse(src.hasRemaining());
      assertEquals(13, io.size());

      ByteBuffer dst = ByteBuffer.allocate(8);
      dst.position(2).limit(7);
      assertEquals(5, io.read(8, dst));
      assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 3, 4, 0}, dst.array());
    }
  }

  @Test
  void readsAreShortOnlyAtEndOfFile() throws IOException {
    try (ChannelFileIo io = ChannelFileIo.open(dir.resolve("eof.db"), false)) {
      io.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
      ByteBuffer dst = ByteBuffer.allocate(10);
      assertEquals(2, io.read(1, dst));
      assertEquals(2, dst.position());
      assertEquals(0, io.read(3, ByteBuffer.allocate(4)));
      assertEquals(0, io.read(1_000_000, ByteBuffer.allocate(4)));
      assertEquals(0, io.read(0, ByteBuffer.allocate(0)));
    }
  }

  @Test
  void truncateShrinksButNeverGrows() throws IOException {
    try (ChannelFileIo io = ChannelFileIo.open(dir.resolve("trunc.db"), false)) {
      io.write(0, ByteBuffer.wrap(pattern(100, 1)));
      io.truncate(1000);
      assertEquals(100, io.size());
      io.truncate(40);
      assertEquals(40, io.size());
      io.truncate(40);
      assertEquals(40, io.size());
      assertThrows(IllegalArgumentException.class, () -> io.truncate(-1));
    }
  }

  @Test
  void rejectsNegativePositions() throws IOException {
    try (ChannelFileIo io = ChannelFileIo.open(dir.resolve("neg.db"), false)) {
      assertThrows(IllegalArgumentException.class, () -> io.read(-1, ByteBuffer.allocate(1)));
      assertThrows(IllegalArgumentException.class, () -> io.write(-1, ByteBuffer.allocate(1)));
    }
  }

  @Test
  void readOnlyFileRefusesChangesAndNamesItself() throws IOException {
    Path file = dir.resolve("ro.db");
    Files.write(file, new byte[] {5, 6, 7});
    try (ChannelFileIo io = ChannelFileIo.open(file, true)) {
      IOException write =
          assertThrows(IOException.class, () -> io.write(0, ByteBuffer.allocate(1)));
      assertEquals(file + " is open read-only", write.getMessage());
      assertThrows(IOException.class, () -> io.truncate(0));
      ByteBuffer dst = ByteBuffer.allocate(3);
      assertEquals(3, io.read(0, dst));
      assertArrayEquals(new byte[] {5, 6, 7}, dst.array());
    }
  }

  @Test
  void closedFileFailsAndNamesItself() throws IOException {
    Path file = dir.resolve("closed.db");
    ChannelFileIo io = ChannelFileIo.open(file, false);
    io.write(0, ByteBuffer.allocate(8));
    io.close();
    io.close();
    List<IOException> errors = new ArrayList<>();
    errors.add(assertThrows(IOException.class, () -> io.read(0, ByteBuffer.allocate(1))));
    errors.add(assertThrows(IOException.class, () -> io.write(0, ByteBuffer.allocate(1))));
    errors.add(assertThrows(IOException.class, () -> io.force(true)));
    errors.add(assertThrows(IOException.class, () -> io.truncate(0)));
    errors.add(assertThrows(IOException.class, io::size));
    for (IOException e : errors) {
      assertEquals(file + " is closed", e.getMessage());
    }
  }

  @Test
  void plainFileChannelIsClosedForEveryThreadByOneInterrupt() throws Exception {
    Path file = dir.resolve("plain.db");
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
      ch.write(ByteBuffer.allocate(16), 0);

      Thread.currentThread().interrupt();
      assertThrows(ClosedByInterruptException.class, () -> ch.read(ByteBuffer.allocate(4), 0));
      assertTrue(Thread.interrupted());
      assertFalse(ch.isOpen());

      // A thread that was never interrupted has lost the file too.
      AtomicReference<Throwable> other = new AtomicReference<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  ch.read(ByteBuffer.allocate(4), 0);
                } catch (Throwable e) {
                  other.set(e);
                }
              });
      reader.start();
      reader.join(10_000);
      assertInstanceOf(ClosedChannelException.class, other.get());
    }
  }

  @Test
  void interruptedCallerSucceedsAndKeepsItsInterruptStatus() throws Exception {
    try (ChannelFileIo io = ChannelFileIo.open(dir.resolve("flag.db"), false)) {
      io.write(0, ByteBuffer.wrap(pattern(64, 9)));

      // Every call below starts with the flag set, which closes a plain channel at once.
      Thread.currentThread().interrupt();
      io.write(64, ByteBuffer.wrap(pattern(64, 10)));
      assertTrue(Thread.currentThread().isInterrupted());
      ByteBuffer dst = ByteBuffer.allocate(128);
      assertEquals(128, io.read(0, dst));
      assertTrue(Thread.currentThread().isInterrupted());
      io.force(true);
      assertTrue(Thread.currentThread().isInterrupted());
      assertEquals(128, io.size());
      assertTrue(Thread.currentThread().isInterrupted());
      io.truncate(100);
      assertTrue(Thread.interrupted());
      assertEquals(5, io.reopenCount());

      byte[] expected = new byte[128];
      System.arraycopy(pattern(64, 9), 0, expected, 0, 64);
      System.arraycopy(pattern(64, 10), 0, expected, 64, 64);
      assertArrayEquals(expected, dst.array());

      // Other threads still see a working file.
      AtomicReference<Throwable> other = new AtomicReference<>();
      AtomicLong size = new AtomicLong();
      Thread reader =
          new Thread(
              () -> {
                try {
                  size.set(io.size());
                } catch (Throwable e) {
                  other.set(e);
                }
              });
      reader.start();
      reader.join(10_000);
      assertEquals(null, other.get());
      assertEquals(100, size.get());
    }
  }

  @Test
  void reopenAfterInterruptDoesNotRecreateADeletedFile() throws IOException {
    Path file = dir.resolve("gone.db");
    try (ChannelFileIo io = ChannelFileIo.open(file, false)) {
      io.write(0, ByteBuffer.allocate(8));
      Files.delete(file);
      Thread.currentThread().interrupt();
      assertThrows(NoSuchFileException.class, io::size);
      assertTrue(Thread.interrupted());
      assertFalse(Files.exists(file));
    }
  }

  @Test
  void concurrentIoSurvivesInterruptsWithCorrectData() throws Exception {
    try (ChannelFileIo io = ChannelFileIo.open(dir.resolve("storm.db"), false)) {
      Storm storm =
          runStorm(
              new RegionIo() {
                @Override
                public void write(long position, ByteBuffer src) throws IOException {
                  io.write(position, src);
                }

                @Override
                public void readFully(long position, ByteBuffer dst) throws IOException {
                  int n = io.read(position, dst);
                  if (n != REGION) {
                    throw new AssertionError("short read of " + n + " bytes at " + position);
                  }
                }
              });

      assertTrue(storm.errors.isEmpty(), () -> "I/O failed under interrupts: " + storm.errors);
      assertTrue(storm.sent > 0, "no interrupt was sent");
      for (int w = 0; w < WORKERS; w++) {
        // Each interrupt waited for the previous one to be seen, so none can have merged with
        // another: a mismatch means an I/O call swallowed the caller's interrupt status.
        assertEquals(storm.delivered[w], storm.acknowledged.get(w), "interrupts of worker " + w);
        assertTrue(storm.iterations.get(w) > 0, "worker " + w + " made no progress");
      }
      assertTrue(io.reopenCount() > 0, "no interrupt ever reached the channel");

      assertEquals((long) WORKERS * REGION, io.size());
      for (int w = 0; w < WORKERS; w++) {
        ByteBuffer dst = ByteBuffer.allocate(REGION);
        io.read((long) w * REGION, dst);
        byte[] last = regionPattern(w, storm.iterations.get(w) - 1);
        assertArrayEquals(last, dst.array(), "final data of worker " + w);
      }
    }
  }

  @Test
  void plainFileChannelFailsUnderTheSameInterrupts() throws Exception {
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("plain-storm.db"),
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.CREATE)) {
      Storm storm =
          runStorm(
              new RegionIo() {
                @Override
                public void write(long position, ByteBuffer src) throws IOException {
                  while (src.hasRemaining()) {
                    ch.write(src, position + src.position());
                  }
                }

                @Override
                public void readFully(long position, ByteBuffer dst) throws IOException {
                  while (dst.hasRemaining()) {
                    if (ch.read(dst, position + dst.position()) < 0) {
                      throw new AssertionError("short read at " + position);
                    }
                  }
                }
              });

      // Every worker dies, including the one that was never interrupted.
      assertEquals(WORKERS, storm.errors.size(), () -> "errors: " + storm.errors);
      for (Throwable e : storm.errors) {
        assertInstanceOf(ClosedChannelException.class, e);
      }
      assertTrue(
          storm.errors.stream().anyMatch(e -> e instanceof ClosedByInterruptException),
          () -> "errors: " + storm.errors);
      assertFalse(ch.isOpen());
    }
  }

  // ---- the interrupt storm ----------------------------------------------------------------

  private static final int WORKERS = 3;

  /** Workers 0 and 1 are interrupted; the last one never is and only suffers from the others. */
  private static final int INTERRUPTED_WORKERS = 2;

  private static final int REGION = 4096;
  private static final int INTERRUPTS = 40;

  /** Positional I/O as the storm's workers use it, so one storm can hit both kinds of file. */
  private interface RegionIo {
    void write(long position, ByteBuffer src) throws IOException;

    void readFully(long position, ByteBuffer dst) throws IOException;
  }

  /** What happened during one storm. */
  private static final class Storm {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final int[] delivered = new int[WORKERS];
    final AtomicIntegerArray acknowledged = new AtomicIntegerArray(WORKERS);
    final AtomicLongArray iterations = new AtomicLongArray(WORKERS);
    int sent;
  }

  /**
   * Runs {@link #WORKERS} threads that each write and read back their own region of the file in
   * a loop, while this thread interrupts some of them, about once a millisecond, {@link
   * #INTERRUPTS} times. A worker stops at its first failure, or when the storm is over.
   */
  private static Storm runStorm(RegionIo io) throws InterruptedException {
    Storm storm = new Storm();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean stormOver = new AtomicBoolean();
    AtomicInteger finished = new AtomicInteger();
    AtomicBoolean[] pending = new AtomicBoolean[WORKERS];
    Thread[] workers = new Thread[WORKERS];
    for (int w = 0; w < WORKERS; w++) {
      int id = w;
      pending[w] = new AtomicBoolean();
      workers[w] =
          new Thread(
              () -> work(id, io, storm, pending[id], stop, stormOver, finished),
              "storm-worker-" + w);
      workers[w].setDaemon(true);
      workers[w].start();
    }

    // The deadline only guards against a hang; the storm normally takes well under a second.
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    int next = 0;
    while (storm.sent < INTERRUPTS
        && finished.get() < WORKERS
        && System.nanoTime() < deadline) {
      int target = next;
      next = (next + 1) % INTERRUPTED_WORKERS;
      // Interrupt only once the previous interrupt of this worker has been seen, so that two
      // never merge into one flag and the counts can be compared exactly.
      if (pending[target].compareAndSet(false, true)) {
        storm.delivered[target]++;
        storm.sent++;
        workers[target].interrupt();
      }
      LockSupport.parkNanos(MILLISECONDS.toNanos(1));
    }
    stop.set(true);
    stormOver.set(true);
    for (Thread worker : workers) {
      worker.join(SECONDS.toMillis(10));
      assertFalse(worker.isAlive(), worker.getName() + " hangs");
    }
    return storm;
  }

  private static void work(
      int id,
      RegionIo io,
      Storm storm,
      AtomicBoolean pending,
      AtomicBoolean stop,
      AtomicBoolean stormOver,
      AtomicInteger finished) {
    long base = (long) id * REGION;
    ByteBuffer in = ByteBuffer.allocate(REGION);
    try {
      for (long i = 0; !stop.get(); i++) {
        byte[] out = regionPattern(id, i);
        io.write(base, ByteBuffer.wrap(out));
        acknowledgeInterrupt(id, storm, pending);
        in.clear();
        io.readFully(base, in);
        acknowledgeInterrupt(id, storm, pending);
        if (!Arrays.equals(out, in.array())) {
          throw new AssertionError("worker " + id + " read back wrong data in iteration " + i);
        }
        storm.iterations.incrementAndGet(id);
      }
    } catch (Throwable e) {
      storm.errors.add(e);
    } finally {
      finished.incrementAndGet();
      // Interrupts may still arrive until the storm is over; count them so the totals match.
      while (!stormOver.get()) {
        acknowledgeInterrupt(id, storm, pending);
        LockSupport.parkNanos(MILLISECONDS.toNanos(1));
      }
      acknowledgeInterrupt(id, storm, pending);
    }
  }

  private static void acknowledgeInterrupt(int id, Storm storm, AtomicBoolean pending) {
    if (Thread.interrupted()) {
      storm.acknowledged.incrementAndGet(id);
      pending.set(false);
    }
  }

  private static byte[] regionPattern(int worker, long iteration) {
    return pattern(REGION, (int) (worker * 1_000_003L + iteration * 7));
  }

  private static byte[] pattern(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (seed * 31 + i * 13 + (i >>> 8));
    }
    return b;
  }
}
