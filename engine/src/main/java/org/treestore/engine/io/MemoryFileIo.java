package org.treestore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link FileIo} over a growable byte array, for in-memory databases and fast tests.
 *
 * <p>Tests use {@link #snapshot()} and {@link #MemoryFileIo(String, byte[])} to copy a "file" at
 * any moment, corrupt the copy and open it again, without touching a disk. Thread-safe: reads run
 * concurrently, writes, truncation and close are exclusive. {@link #force} does nothing, since
 * there is no device behind the array.
 */
public final class MemoryFileIo implements FileIo {

  /** The largest array the JVM reliably allocates. */
  private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  private final String name;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** Bytes at and beyond {@link #size} are always zero, so growing never exposes stale data. */
  private byte[] data;

  private int size;
  private boolean closed;

  /** Creates an empty file called {@code name}. */
  public MemoryFileIo(String name) {
    this(name, new byte[0]);
  }

  /** Creates a file called {@code name} holding a copy of {@code contents}. */
  public MemoryFileIo(String name, byte[] contents) {
    this.name = Objects.requireNonNull(name, "name");
    this.data = contents.clone();
    this.size = contents.length;
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    checkPosition(position);
    lock.readLock().lock();
    try {
      checkOpen();
      if (position >= size) {
        return 0;
      }
      int n = (int) Math.min(dst.remaining(), size - position);
      dst.put(data, (int) position, n);
      return n;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void write(long position, ByteBuffer src) throws IOException {
    checkPosition(position);
    lock.writeLock().lock();
    try {
      checkOpen();
      int n = src.remaining();
      if (position > MAX_SIZE - n) {
        throw new IOException(
            name + ": in-memory file cannot grow past " + MAX_SIZE + " bytes (write of " + n
                + " bytes at " + position + ")");
      }
      long end = position + n;
      if (end > data.length) {
        // Doubling keeps a file that grows page by page at amortized O(1) per byte.
        long grown = Math.max(end, Math.min((long) data.length * 2, MAX_SIZE));
        data = Arrays.copyOf(data, (int) grown);
      }
      src.get(data, (int) position, n);
      size = Math.max(size, (int) end);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void force(boolean metadata) throws IOException {
    lock.readLock().lock();
    try {
      checkOpen();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void truncate(long newSize) throws IOException {
    if (newSize < 0) {
      throw new IllegalArgumentException(name + ": negative size " + newSize);
    }
    lock.writeLock().lock();
    try {
      checkOpen();
      if (newSize < size) {
        Arrays.fill(data, (int) newSize, size, (byte) 0);
        size = (int) newSize;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public long size() throws IOException {
    lock.readLock().lock();
    try {
      checkOpen();
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Returns a copy of the current contents. Works after {@link #close()} too, so a test can copy
   * the file a database left behind.
   */
  public byte[] snapshot() {
    lock.readLock().lock();
    try {
      return Arrays.copyOf(data, size);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "MemoryFileIo[" + name + "]";
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException(name + " is closed");
    }
  }

  private void checkPosition(long position) {
    if (position < 0) {
      throw new IllegalArgumentException(name + ": negative position " + position);
    }
  }
}
