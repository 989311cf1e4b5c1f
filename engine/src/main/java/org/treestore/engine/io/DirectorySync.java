package org.treestore.engine.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.treestore.engine.StorageException;

/**
 * Forces a directory, so that files created (or renamed) in it survive a power loss: on Linux a new
 * file's directory entry is durable only once the directory itself is fsynced.
 */
public final class DirectorySync {
  private DirectorySync() {}

  /** Forces {@code dir}; a platform that cannot open directories (Windows) needs no such step. */
  public static void force(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (System.getProperty("os.name", "").startsWith("Windows")) {
        return;
      }
      throw new StorageException(dir + ": forcing the directory failed: " + e.getMessage(), e);
    }
  }
}
