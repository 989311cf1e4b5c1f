package org.treestore.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Checks the fault injector's countdowns and counters, since other tests rely on them. */
class FaultInjectingFileIoTest {

  private final MemoryFileIo file = new MemoryFileIo("faulty.db");
  private final FaultInjectingFileIo io = new FaultInjectingFileIo(file);

  @Test
  void passesEverythingThroughWhenNoFaultIsArmed() throws IOException {
    io.write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
    io.force(true);
    ByteBuffer dst = ByteBuffer.allocate(3);
    assertEquals(3, io.read(0, dst));
    assertArrayEquals(new byte[] {1, 2, 3}, dst.array());
    assertEquals(3, io.size());
    io.truncate(1);
    assertEquals(1, io.size());
    assertEquals("faulty.db", io.name());
    assertSame(file, io.delegate());
    assertEquals(1, io.writes());
    assertEquals(1, io.forces());
    assertEquals(1, io.reads());
    assertTrue(io.toString().contains("faulty.db"));
  }

  @Test
  void writesFailAfterCountdownWithoutReachingTheFile() throws IOException {
    io.failWritesAfter(2);
    io.write(0, ByteBuffer.wrap(new byte[] {1}));
    io.write(1, ByteBuffer.wrap(new byte[] {2}));
    IOException e =
        assertThrows(IOException.class, () -> io.write(2, ByteBuffer.wrap(new byte[] {3})));
    assertTrue(e.getMessage().startsWith("injected fault: write #3 on faulty.db"), e.getMessage());
    assertThrows(
        FaultInjectingFileIo.InjectedFault.class,
        () -> io.write(0, ByteBuffer.wrap(new byte[] {9})));
    assertArrayEquals(new byte[] {1, 2}, file.snapshot());
    assertEquals(4, io.writes());

    io.clearFaults();
    io.write(2, ByteBuffer.wrap(new byte[] {3}));
    assertArrayEquals(new byte[] {1, 2, 3}, file.snapshot());
    assertEquals(5, io.writes());
  }

  @Test
  void forceFailsAfterCountdown() throws IOException {
    io.failForceAfter(0);
    IOException e = assertThrows(IOException.class, () -> io.force(false));
    assertTrue(e.getMessage().startsWith("injected fault: force #1 on faulty.db"), e.getMessage());
    assertEquals(1, io.forces());
    io.write(0, ByteBuffer.wrap(new byte[] {1}));
    assertEquals(1, io.writes());
  }

  @Test
  void readsFailAfterCountdown() throws IOException {
    io.write(0, ByteBuffer.wrap(new byte[] {7, 8}));
    io.failReadsAfter(1);
    assertEquals(2, io.read(0, ByteBuffer.allocate(2)));
    IOException e = assertThrows(IOException.class, () -> io.read(1, ByteBuffer.allocate(1)));
    assertEquals("injected fault: read #2 on faulty.db at 1", e.getMessage());
    assertEquals(2, io.reads());
  }

  @Test
  void rearmingRestartsTheCountdown() throws IOException {
    io.failWritesAfter(0);
    assertThrows(IOException.class, () -> io.write(0, ByteBuffer.allocate(1)));
    io.failWritesAfter(1);
    io.write(0, ByteBuffer.allocate(1));
    assertThrows(IOException.class, () -> io.write(0, ByteBuffer.allocate(1)));
  }

  @Test
  void negativeCountdownIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> io.failReadsAfter(-1));
  }

  @Test
  void closeReachesTheWrappedFile() throws IOException {
    io.close();
    assertThrows(IOException.class, file::size);
  }
}
