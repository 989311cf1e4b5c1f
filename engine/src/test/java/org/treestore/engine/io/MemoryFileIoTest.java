package org.treestore.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** Checks the in-memory file against the {@link FileIo} contract. */
class MemoryFileIoTest {

  @Test
  void writeReadRoundTrip() throws IOException {
    MemoryFileIo io = new MemoryFileIo("mem.db");
    assertEquals(0, io.size());
    io.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
    io.write(2, ByteBuffer.wrap(new byte[] {9}));
    assertEquals(4, io.size());
    ByteBuffer dst = ByteBuffer.allocate(4);
    assertEquals(4, io.read(0, dst));
    assertArrayEquals(new byte[] {1, 2, 9, 4}, dst.array());
    io.force(true);
    assertEquals("mem.db", io.name());
    assertTrue(io.toString().contains("mem.db"));
  }

  @Test
  void writePastEndFillsTheGapWithZeros() throws IOException {
    MemoryFileIo io = new MemoryFileIo("gap.db");
    io.write(5, ByteBuffer.wrap(new byte[] {7}));
    assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 7}, io.snapshot());
  }

  @Test
  void readsAreShortOnlyAtEndOfFile() throws IOException {
    MemoryFileIo io = new MemoryFileIo("eof.db", new byte[] {1, 2, 3});
    ByteBuffer dst = ByteBuffer.allocate(5);
    assertEquals(2, io.read(1, dst));
    assertEquals(2, dst.position());
    assertEquals(0, io.read(3, ByteBuffer.allocate(1)));
    assertEquals(0, io.read(100, ByteBuffer.allocate(1)));
  }

  @Test
  void truncateShrinksAndNeverGrows() throws IOException {
    MemoryFileIo io = new MemoryFileIo("trunc.db", new byte[] {1, 2, 3, 4});
    io.truncate(10);
    assertEquals(4, io.size());
    io.truncate(2);
    assertEquals(2, io.size());
    // The cut-off bytes must not come back when the file grows again.
    io.write(3, ByteBuffer.wrap(new byte[] {5}));
    assertArrayEquals(new byte[] {1, 2, 0, 5}, io.snapshot());
    assertThrows(IllegalArgumentException.class, () -> io.truncate(-1));
  }

  @Test
  void snapshotAndContentsConstructorCopy() throws IOException {
    byte[] contents = {1, 2, 3};
    MemoryFileIo io = new MemoryFileIo("copy.db", contents);
    contents[0] = 42;
    byte[] snap = io.snapshot();
    assertArrayEquals(new byte[] {1, 2, 3}, snap);
    snap[1] = 42;
    assertArrayEquals(new byte[] {1, 2, 3}, io.snapshot());

    // The way tests corrupt a copy of a file.
    snap[2] ^= (byte) 0xFF;
    MemoryFileIo corrupt = new MemoryFileIo("corrupt.db", snap);
    ByteBuffer dst = ByteBuffer.allocate(3);
    corrupt.read(0, dst);
    assertArrayEquals(new byte[] {1, 42, (byte) ~3}, dst.array());
  }

  @Test
  void closedFileFailsAndNamesItself() throws IOException {
    MemoryFileIo io = new MemoryFileIo("closed.db", new byte[] {1});
    io.close();
    io.close();
    List<IOException> errors = new ArrayList<>();
    errors.add(assertThrows(IOException.class, () -> io.read(0, ByteBuffer.allocate(1))));
    errors.add(assertThrows(IOException.class, () -> io.write(0, ByteBuffer.allocate(1))));
    errors.add(assertThrows(IOException.class, () -> io.force(false)));
    errors.add(assertThrows(IOException.class, () -> io.truncate(0)));
    errors.add(assertThrows(IOException.class, io::size));
    for (IOException e : errors) {
      assertEquals("closed.db is closed", e.getMessage());
    }
    assertArrayEquals(new byte[] {1}, io.snapshot());
  }

  @Test
  void rejectsNegativePositionsAndImpossibleSizes() {
    MemoryFileIo io = new MemoryFileIo("bad.db");
    assertThrows(IllegalArgumentException.class, () -> io.read(-1, ByteBuffer.allocate(1)));
    assertThrows(IllegalArgumentException.class, () -> io.write(-1, ByteBuffer.allocate(1)));
    IOException e =
        assertThrows(IOException.class, () -> io.write(Long.MAX_VALUE, ByteBuffer.allocate(1)));
    assertTrue(e.getMessage().startsWith("bad.db:"), e.getMessage());
  }

  @Test
  void concurrentWritersToDisjointRegions() throws Exception {
    MemoryFileIo io = new MemoryFileIo("concurrent.db");
    int threads = 4;
    int region = 256;
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  byte[] bytes = new byte[region];
                  ByteBuffer in = ByteBuffer.allocate(region);
                  for (int i = 0; i < 200; i++) {
                    Arrays.fill(bytes, (byte) (id * 31 + i));
                    io.write((long) id * region, ByteBuffer.wrap(bytes));
                    in.clear();
                    io.read((long) id * region, in);
                    assertArrayEquals(bytes, in.array());
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join(10_000);
    }
    assertTrue(errors.isEmpty(), () -> "worker failed: " + errors);
    assertEquals((long) threads * region, io.size());
  }
}
