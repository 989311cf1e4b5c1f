package org.treestore.engine.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The one interface through which the engine touches a file.
 *
 * <p>Every read and write is positional and complete: {@link #read} fills the buffer's remaining
 * bytes or reports end of file, {@link #write} writes all remaining bytes. Nothing depends on a
 * file position, so implementations are safe for concurrent use by several threads.
 *
 * <p>Keeping all I/O behind this small surface is what lets tests wrap a real file with fault
 * injectors (failed writes, failed forces, dropped or torn unsynced writes) without touching the
 * engine. Implementations: {@link ChannelFileIo} (a real file) and {@link MemoryFileIo} (a byte
 * array, for in-memory databases and fast tests).
 */
public interface FileIo extends Closeable {

  /**
   * Reads {@code dst.remaining()} bytes starting at {@code position}.
   *
   * @return the number of bytes read; less than requested only at end of file
   * @throws IOException if the read fails
   */
  int read(long position, ByteBuffer dst) throws IOException;

  /** Writes all of {@code src.remaining()} bytes starting at {@code position}, growing the file as needed. */
  void write(long position, ByteBuffer src) throws IOException;

  /**
   * Forces written data to the storage device.
   *
   * @param metadata also force file metadata (size), as needed after the file grew or shrank
   */
  void force(boolean metadata) throws IOException;

  /** Shrinks the file to {@code size} bytes; does nothing if it is already that small. */
  void truncate(long size) throws IOException;

  /** The current size of the file in bytes. */
  long size() throws IOException;

  /** A name for messages: the file's path, or the in-memory name. */
  String name();

  /** Closes the file; further calls fail. Closing twice is allowed. */
  @Override
  void close() throws IOException;
}
