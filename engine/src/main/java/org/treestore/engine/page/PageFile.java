package org.treestore.engine.page;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.StorageException;
import org.treestore.engine.io.FileIo;

/**
 * Whole-page reads and writes at {@code pageNo * pageSize}, with the checksum stamped on every
 * write and verified on every read.
 *
 * <p>This is the only place page bytes cross between memory and the file, so "a torn or corrupt page
 * is never used" holds by construction: {@link #read} either fills the caller's array with a page
 * that passed its check or throws {@link CorruptionException} naming the page. Later the WAL will
 * sit in front of this class, deciding whether a page comes from the log or from here.
 */
public final class PageFile implements PageBacking {
  private final FileIo io;
  private final int pageSize;

  /** Creates a page file over {@code io} with pages of {@code pageSize} bytes. */
  public PageFile(FileIo io, int pageSize) {
    this.io = io;
    this.pageSize = pageSize;
  }

  @Override
  public void readPage(int pageNo, byte[] dst) {
    read(pageNo, dst);
  }

  @Override
  public void writeBack(int pageNo, byte[] src) {
    write(pageNo, src);
  }

  /** Writes a page whose checksum is already stamped (a committed image copied from the WAL). */
  public void writeStamped(int pageNo, byte[] src) {
    try {
      io.write((long) pageNo * pageSize, ByteBuffer.wrap(src, 0, pageSize));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": writing page " + pageNo + " failed: " + e.getMessage(), e);
    }
  }

  /** The page size in bytes. */
  @Override
  public int pageSize() {
    return pageSize;
  }

  /** The file, for messages. */
  @Override
  public String name() {
    return io.name();
  }

  /** The underlying file. */
  public FileIo io() {
    return io;
  }

  /**
   * Reads page {@code pageNo} into {@code dst} and verifies it.
   *
   * @throws CorruptionException if the page is short (past the end of the file), fails its checksum
   *     or carries an unknown type tag
   */
  public void read(int pageNo, byte[] dst) {
    readUnchecked(pageNo, dst);
    String problem = PageLayout.verify(pageNo, dst, pageSize);
    if (problem != null) {
      throw new CorruptionException(io.name(), pageNo, problem);
    }
  }

  /** Reads page {@code pageNo} without verifying it (the integrity check wants to see the bytes). */
  public void readUnchecked(int pageNo, byte[] dst) {
    int n;
    try {
      n = io.read((long) pageNo * pageSize, ByteBuffer.wrap(dst, 0, pageSize));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": reading page " + pageNo + " failed: " + e.getMessage(), e);
    }
    if (n != pageSize) {
      throw new CorruptionException(io.name(), pageNo,
          "file ends inside the page (read " + n + " of " + pageSize + " bytes)");
    }
  }

  /** Stamps the checksum into {@code src} and writes it as page {@code pageNo}. */
  public void write(int pageNo, byte[] src) {
    PageLayout.stamp(pageNo, src, pageSize);
    try {
      io.write((long) pageNo * pageSize, ByteBuffer.wrap(src, 0, pageSize));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": writing page " + pageNo + " failed: " + e.getMessage(), e);
    }
  }

  /** Forces written pages to the device. */
  public void force(boolean metadata) {
    try {
      io.force(metadata);
    } catch (IOException e) {
      throw new StorageException(io.name() + ": force failed: " + e.getMessage(), e);
    }
  }

  /** Cuts the file to {@code pageCount} pages. */
  public void truncate(int pageCount) {
    try {
      io.truncate((long) pageCount * pageSize);
    } catch (IOException e) {
      throw new StorageException(io.name() + ": truncate failed: " + e.getMessage(), e);
    }
  }

  /** The file size in bytes. */
  public long sizeBytes() {
    try {
      return io.size();
    } catch (IOException e) {
      throw new StorageException(io.name() + ": size failed: " + e.getMessage(), e);
    }
  }
}
