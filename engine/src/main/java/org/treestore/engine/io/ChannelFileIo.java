package org.treestore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A {@link FileIo} over a real file, backed by a {@link FileChannel}, that survives
 * {@link Thread#interrupt()}.
 *
 * <p>A plain {@code FileChannel} is interruptible: interrupting any thread that is inside (or
 * enters) an operation on it closes the channel for every thread. The interrupted thread sees
 * {@link java.nio.channels.ClosedByInterruptException}, all others see
 * {@link java.nio.channels.AsynchronousCloseException} or {@link ClosedChannelException}, and the
 * database would be unusable because some unrelated caller (a cancelled query, an executor
 * shutdown) was interrupted. This class reopens the channel and retries instead: every operation
 * is positional, so repeating it is harmless. The interrupted thread's interrupt status is cleared
 * only for the retry and set again before returning, so callers still see it.
 */
public final class ChannelFileIo implements FileIo {

  /** Attempts per operation; only a storm of interrupts, or a broken file system, exhausts this. */
  private static final int MAX_ATTEMPTS = 10;

  private final Path path;
  private final String name;
  private final boolean readOnly;
  private final Object lock = new Object();

  /** Replaced (under {@link #lock}) whenever an interrupt closed the previous one. */
  private volatile FileChannel channel;

  private volatile boolean closed;

  /** Guarded by {@link #lock}; lets tests prove the guard actually ran. */
  private int reopens;

  private ChannelFileIo(Path path, boolean readOnly, FileChannel channel) {
    this.path = path;
    this.name = path.toString();
    this.readOnly = readOnly;
    this.channel = channel;
  }

  /**
   * Opens {@code path}.
   *
   * @param readOnly open for reading only; otherwise the file is opened for reading and writing
   *     and created if absent
   * @throws IOException if the file cannot be opened (for example it is missing and
   *     {@code readOnly} is set)
   */
  public static ChannelFileIo open(Path path, boolean readOnly) throws IOException {
    Objects.requireNonNull(path, "path");
    FileChannel channel =
        readOnly
            ? FileChannel.open(path, StandardOpenOption.READ)
            : FileChannel.open(
                path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
    return new ChannelFileIo(path, readOnly, channel);
  }

  @Override
  public int read(long position, ByteBuffer dst) throws IOException {
    checkPosition(position);
    int start = dst.position();
    return call(
        ch -> {
          // A failed attempt may have filled part of dst; start over so the retry is exact.
          dst.position(start);
          int total = 0;
          while (dst.hasRemaining()) {
            int n = ch.read(dst, position + total);
            if (n < 0) {
              break;
            }
            total += n;
          }
          return total;
        });
  }

  @Override
  public void write(long position, ByteBuffer src) throws IOException {
    checkPosition(position);
    checkWritable();
    int start = src.position();
    call(
        ch -> {
          src.position(start);
          while (src.hasRemaining()) {
            ch.write(src, position + (src.position() - start));
          }
          return null;
        });
  }

  @Override
  public void force(boolean metadata) throws IOException {
    call(
        ch -> {
          ch.force(metadata);
          return null;
        });
  }

  @Override
  public void truncate(long size) throws IOException {
    if (size < 0) {
      throw new IllegalArgumentException(name + ": negative size " + size);
    }
    checkWritable();
    call(
        ch -> {
          if (ch.size() > size) {
            ch.truncate(size);
          }
          return null;
        });
  }

  @Override
  public long size() throws IOException {
    return call(FileChannel::size);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "ChannelFileIo[" + name + (readOnly ? ", read-only" : "") + "]";
  }

  /** How many times an interrupt forced the channel to be reopened; for tests and diagnostics. */
  int reopenCount() {
    synchronized (lock) {
      return reopens;
    }
  }

  /** One attempt of an operation; must be safe to repeat on a fresh channel. */
  @FunctionalInterface
  private interface ChannelCall<T> {
    T apply(FileChannel channel) throws IOException;
  }

  private <T> T call(ChannelCall<T> op) throws IOException {
    boolean interrupted = false;
    try {
      ClosedChannelException last = null;
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        if (closed) {
          throw closedException(last);
        }
        FileChannel ch = channel;
        try {
          return op.apply(ch);
        } catch (ClosedChannelException e) {
          if (closed) {
            throw closedException(e);
          }
          last = e;
          // Our own pending interrupt would close the fresh channel again at once; hold it back
          // until the operation is done.
          if (Thread.interrupted()) {
            interrupted = true;
          }
          reopen(ch);
        }
      }
      throw new IOException(
          name + ": I/O failed, the channel was closed " + MAX_ATTEMPTS
              + " times in a row (repeated thread interrupts?)",
          last);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Replaces {@code failed} with a fresh channel, unless another thread already did: all threads
   * that were using the closed channel fail together, and only one of them should reopen it.
   */
  private void reopen(FileChannel failed) throws IOException {
    synchronized (lock) {
      if (closed) {
        throw closedException(null);
      }
      if (channel != failed) {
        return;
      }
      // No CREATE: if the file vanished, silently starting an empty one would lose the database.
      channel =
          readOnly
              ? FileChannel.open(path, StandardOpenOption.READ)
              : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      reopens++;
    }
  }

  private IOException closedException(Throwable cause) {
    return new IOException(name + " is closed", cause);
  }

  private void checkPosition(long position) {
    if (position < 0) {
      throw new IllegalArgumentException(name + ": negative position " + position);
    }
  }

  private void checkWritable() throws IOException {
    if (closed) {
      throw closedException(null);
    }
    if (readOnly) {
      throw new IOException(name + " is open read-only");
    }
  }
}
