package org.treestore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.treestore.engine.StorageException;

/**
 * Keeps a second writer away from a database: an exclusive OS lock on a lock file next to it, plus
 * a registry of the databases this JVM has open.
 *
 * <p>The registry matters because POSIX record locks belong to the process: a second open in the
 * same JVM would not be refused by the OS, and closing any channel on the file would silently drop
 * the first opener's lock (LMDB's documented trap). The lock file holds the holder's process id, so
 * the error names who holds it. The lock file is left in place on close; it is the OS lock, not the
 * file's existence, that counts, so a crashed holder never blocks the next open.
 */
public final class ProcessLock implements AutoCloseable {
  private static final Set<Path> OPEN_HERE = ConcurrentHashMap.newKeySet();

  private final Path database;
  private final FileChannel channel;
  private final FileLock lock;

  private ProcessLock(Path database, FileChannel channel, FileLock lock) {
    this.database = database;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code database} for writing through {@code lockFile}.
   *
   * @throws StorageException naming the lock file (and the holder's pid when known) if another
   *     process or this one already has the database open
   */
  public static ProcessLock acquire(Path database, Path lockFile) {
    Path key = database.toAbsolutePath().normalize();
    if (!OPEN_HERE.add(key)) {
      throw new StorageException(database + " is already open in this process (lock file " + lockFile + ")");
    }
    FileChannel ch = null;
    try {
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        String holder = readHolder(ch);
        throw new StorageException(database + " is locked by another process"
            + (holder.isEmpty() ? "" : " (pid " + holder + ")") + ": lock file " + lockFile
            + " is held; close that process or open the database read-only");
      }
      byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(pid), 0);
      return new ProcessLock(key, ch, l);
    } catch (IOException e) {
      OPEN_HERE.remove(key);
      closeQuietly(ch);
      throw new StorageException(database + ": cannot lock " + lockFile + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      OPEN_HERE.remove(key);
      closeQuietly(ch);
      throw e;
    }
  }

  private static String readHolder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      ch.read(b, 0);
      return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return "";
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    } finally {
      closeQuietly(channel);
      OPEN_HERE.remove(database);
    }
  }
}
