package org.treestore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test {@link FileIo} that wraps another one and makes its writes, forces or reads fail on
 * demand, so tests can check how the engine behaves when the disk misbehaves.
 *
 * <p>Each kind of call has a countdown: after {@code failWritesAfter(n)} the next {@code n} writes
 * go through and every later one throws {@link InjectedFault} (an {@link IOException} whose
 * message starts with {@code "injected fault:"}) without reaching the wrapped file, until {@link
 * #clearFaults()}. Every call is counted, failed or not. Not final, so power-loss simulation can be
 * layered on top later.
 */
public class FaultInjectingFileIo implements FileIo {

  /** The exception for an injected fault; a distinct type so tests can tell it from real ones. */
  public static final class InjectedFault extends IOException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }

  private final FileIo delegate;
  private final Fault writeFault = new Fault("write");
  private final Fault forceFault = new Fault("force");
  private final Fault readFault = new Fault("read");

  /** Wraps {@code delegate}; no faults are armed. */
  public FaultInjectingFileIo(FileIo delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The wrapped file. */
  public FileIo delegate() {
    return delegate;
  }

  /** Lets the next {@code n} writes through, then fails every write. */
  public FaultInjectingFileIo failWritesAfter(int n) {
    writeFault.arm(n);
    return this;
  }

  /** Lets the next {@code n} forces through, then fails every force. */
  public FaultInjectingFileIo failForceAfter(int n) {
    forceFault.arm(n);
    return this;
  }

  /** Lets the next {@code n} reads through, then fails every read. */
  public FaultInjectingFileIo failReadsAfter(int n) {
    readFault.arm(n);
    return this;
  }

  /** Disarms all faults; counters keep counting. */
  public FaultInjectingFileIo clearFaults() {
    writeFault.disarm();
    forceFault.disarm();
    readFault.disarm();
    return this;
  }

  /** Write calls so far, including failed ones. */
  public int writes() {
    return writeFault.calls.get();
  }

  /** Force calls so far, including failed ones. */
  public int forces() {
    return forceFault.calls.get();
  }

  /** Read calls so far, including failed ones. */
  public int reads() {
    return readFault.calls.get();
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    readFault.check(delegate.name(), position);
    return delegate.read(position, dst);
  }

  @Override
  public void write(long position, ByteBuffer src) throws IOException {
    writeFault.check(delegate.name(), position);
    delegate.write(position, src);
  }

  @Override
  public void force(boolean metadata) throws IOException {
    forceFault.check(delegate.name(), -1);
    delegate.force(metadata);
  }

  @Override
  public void truncate(long size) throws IOException {
    delegate.truncate(size);
  }

  @Override
  public long size() throws IOException {
    return delegate.size();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "FaultInjectingFileIo[" + delegate + "]";
  }

  /** The countdown and call counter for one kind of call. */
  private static final class Fault {
    private final String kind;
    private final AtomicInteger calls = new AtomicInteger();

    /** Calls still allowed through; negative when disarmed. Guarded by this. */
    private int remaining = -1;

    Fault(String kind) {
      this.kind = kind;
    }

    synchronized void arm(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("negative countdown " + n);
      }
      remaining = n;
    }

    synchronized void disarm() {
      remaining = -1;
    }

    void check(String name, long position) throws InjectedFault {
      int call = calls.incrementAndGet();
      synchronized (this) {
        if (remaining < 0) {
          return;
        }
        if (remaining > 0) {
          remaining--;
          return;
        }
      }
      throw new InjectedFault(
          "injected fault: " + kind + " #" + call + " on " + name
              + (position >= 0 ? " at " + position : ""));
    }
  }
}
