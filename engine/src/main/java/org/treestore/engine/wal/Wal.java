package org.treestore.engine.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.FormatException;
import org.treestore.engine.StorageException;
import org.treestore.engine.io.FileIo;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.Page;
import org.treestore.engine.page.PageLayout;

/**
 * The write-ahead log: a header and a sequence of frames, each a full page image.
 *
 * <pre>
 * header (32 bytes)
 *   0  8  magic "TSWAL\0\0\1"
 *   8  4  format version (1)
 *  12  4  page size
 *  16  4  salt 1 } random, new at every reset: frames of an earlier
 *  20  4  salt 2 } generation of the log never match
 *  24  4  checkpoint sequence (resets so far)
 *  28  4  CRC32C of bytes 0..27
 * frame (40-byte header + one page)
 *   0  4  page number
 *   4  4  commit: the database's page count if this frame ends a commit, else 0
 *   8  4  salt 1
 *  12  4  salt 2
 *  16  8  commit sequence number the frame belongs to
 *  24  8  durable-through: the highest commit known forced when the frame was written
 *  32  4  frame CRC32C over bytes 0..31 of the frame header and the page image
 *  36  4  chain CRC32C over (previous chain value, this frame CRC); the first frame chains
 *         from the header CRC
 * </pre>
 *
 * <p><b>Commits.</b> A commit appends the dirty pages, and the header page (page 0) when the
 * header changed, in one write; the last frame carries the commit mark. Pages evicted from the buffer pool before their commit are appended
 * as frames of the coming commit ("pending"); they count only if a commit frame follows.
 *
 * <p><b>Recovery</b> reads frames while salts, frame CRC and chain hold, and keeps those up to the
 * last commit frame. Where the valid run ends, the rest is a torn tail unless a later frame of this
 * generation is intact and says (durable-through) that the commit at the break had already been
 * forced: then the break is damage to durable data, and is reported as corruption rather than
 * silently dropped.
 *
 * <p>Thread-safety: appends and index look-ups synchronize on this object; forces are coordinated
 * by {@link GroupCommit} and run without that lock.
 */
public final class Wal {
  static final byte[] MAGIC = {'T', 'S', 'W', 'A', 'L', 0, 0, 1};
  static final int VERSION = 1;
  /** Size of the log header. */
  public static final int HEADER_SIZE = 32;
  /** Size of a frame header. */
  public static final int FRAME_HEADER = 40;

  private final FileIo io;
  private final int pageSize;
  private final int frameSize;
  private final SecureRandom random = new SecureRandom();

  private int salt1;
  private int salt2;
  private int checkpointSeq;
  private int headerCrc;

  /** Offset where the next frame goes. */
  private long end;
  /** Chain value after the last frame written. */
  private int chain;
  /** Sequence number of the last commit written. */
  private long lastCommitSeq;
  /** Newest committed frame of each page. */
  private final Map<Integer, Long> committed = new HashMap<>();
  /** Newest frame of each page written for the coming commit. */
  private final Map<Integer, Long> pending = new HashMap<>();

  private ByteBuffer buffer = ByteBuffer.allocate(0);
  private final byte[] frameHeader = new byte[FRAME_HEADER];
  /** Bumped by {@link #reset} before the new generation's header is written; see {@link #read}. */
  private volatile long generation;

  private RecoveryReport recovery;

  private Wal(FileIo io, int pageSize) {
    this.io = io;
    this.pageSize = pageSize;
    this.frameSize = FRAME_HEADER + pageSize;
  }

  /**
   * Opens the log in {@code io} for a database of {@code pageSize}-byte pages, recovering the
   * committed frames it holds (see {@link #committedPages}).
   *
   * @param lastCommitSeq the commit counter of the main file, so sequence numbers keep rising
   * @throws CorruptionException if the log holds damaged frames that a torn write cannot explain
   */
  public static Wal open(FileIo io, int pageSize, long lastCommitSeq) {
    Wal w = new Wal(io, pageSize);
    w.lastCommitSeq = lastCommitSeq;
    w.recover();
    return w;
  }

  /** The log file's name. */
  public String name() {
    return io.name();
  }

  /** What recovery did when the log was opened. */
  public RecoveryReport recoveryReport() {
    return recovery;
  }

  /** The page size recorded in an existing log header, or 0 if the log has no valid header. */
  public static int probePageSize(FileIo io) {
    byte[] h = new byte[HEADER_SIZE];
    try {
      if (io.read(0, ByteBuffer.wrap(h)) < HEADER_SIZE) {
        return 0;
      }
    } catch (IOException e) {
      throw new StorageException(io.name() + ": reading the WAL header failed: " + e.getMessage(), e);
    }
    if (!headerValid(h)) {
      return 0;
    }
    return Bytes.getInt(h, 12);
  }

  private static boolean headerValid(byte[] h) {
    if (!java.util.Arrays.equals(h, 0, 8, MAGIC, 0, 8)) {
      return false;
    }
    CRC32C crc = new CRC32C();
    crc.update(h, 0, 28);
    return (int) crc.getValue() == Bytes.getInt(h, 28);
  }

  private void recover() {
    long size = size();
    byte[] h = new byte[HEADER_SIZE];
    if (size < HEADER_SIZE || readFully(0, h) < HEADER_SIZE || !headerValid(h)) {
      // No log, or a header torn while being reset (only written after a checkpoint had made the
      // main file complete): nothing to replay.
      recovery = new RecoveryReport(0, 0, Math.max(0, size), size == 0 ? "empty log" : "no valid log header");
      reset();
      return;
    }
    if (Bytes.getInt(h, 8) != VERSION) {
      throw new FormatException(io.name() + " is a WAL of format version " + Bytes.getInt(h, 8)
          + "; this build reads only version " + VERSION);
    }
    if (Bytes.getInt(h, 12) != pageSize) {
      throw new FormatException(io.name() + " was written for " + Bytes.getInt(h, 12)
          + "-byte pages but the database uses " + pageSize + "-byte pages");
    }
    salt1 = Bytes.getInt(h, 16);
    salt2 = Bytes.getInt(h, 20);
    checkpointSeq = Bytes.getInt(h, 24);
    headerCrc = Bytes.getInt(h, 28);

    byte[] frame = new byte[frameSize];
    long off = HEADER_SIZE;
    int ch = headerCrc;
    long lastCommitEnd = HEADER_SIZE;
    int chainAtCommit = headerCrc;
    Map<Integer, Long> tentative = new HashMap<>();
    long tentativeSeq = -1;
    long frames = 0;
    long commits = 0;
    String reason = "end of log";
    while (off + frameSize <= size) {
      if (readFully(off, frame) < frameSize) {
        reason = "short read";
        break;
      }
      int self = frameCrc(frame);
      if (Bytes.getInt(frame, 8) != salt1 || Bytes.getInt(frame, 12) != salt2) {
        reason = "frame of an earlier log generation at offset " + off;
        break;
      }
      if (self != Bytes.getInt(frame, 32) || chainNext(ch, self) != Bytes.getInt(frame, 36)) {
        reason = "torn or damaged frame at offset " + off;
        break;
      }
      ch = Bytes.getInt(frame, 36);
      long seq = Bytes.getLong(frame, 16);
      tentative.put(Bytes.getInt(frame, 0), off);
      tentativeSeq = seq;
      if (Bytes.getInt(frame, 4) != 0) {
        committed.putAll(tentative);
        frames += tentative.size();
        commits++;
        tentative.clear();
        lastCommitSeq = Math.max(lastCommitSeq, seq);
        lastCommitEnd = off + frameSize;
        chainAtCommit = ch;
      }
      off += frameSize;
    }
    boolean torn = reason.startsWith("torn");
    if (off + frameSize <= size) {
      long brokenSeq = !tentative.isEmpty() ? tentativeSeq : lastCommitSeq + 1;
      checkNoDurableFrameAfter(off, size, brokenSeq, frame);
    } else if (off < size && !reason.startsWith("frame of an earlier")) {
      torn = true; // a partial frame at the very end
      reason = "partial frame at offset " + off;
    }
    end = lastCommitEnd;
    chain = chainAtCommit;
    // Frames of earlier generations left behind a reset are not counted as discarded: they were
    // checkpointed long ago. What is discarded is this generation's uncommitted or torn tail.
    long discarded = Math.min(size, torn ? off + frameSize : off) - lastCommitEnd;
    recovery = new RecoveryReport(frames, commits, discarded, reason);
  }

  /**
   * After the valid run ends at {@code brokenAt}, looks for an intact frame of this generation whose
   * durable-through covers the commit at the break: proof the break is damage, not a torn tail.
   */
  private void checkNoDurableFrameAfter(long brokenAt, long size, long brokenSeq, byte[] frame) {
    for (long off = brokenAt + frameSize; off + frameSize <= size; off += frameSize) {
      if (readFully(off, frame) < frameSize) {
        return;
      }
      if (Bytes.getInt(frame, 8) != salt1 || Bytes.getInt(frame, 12) != salt2
          || frameCrc(frame) != Bytes.getInt(frame, 32)) {
        continue;
      }
      long durableThrough = Bytes.getLong(frame, 24);
      if (durableThrough >= brokenSeq) {
        throw new CorruptionException(io.name(), -1, "WAL frame at offset " + brokenAt
            + " is damaged, but the intact frame at offset " + off + " shows that commit " + brokenSeq
            + " had already been forced to disk: durable data was lost, not a torn write");
      }
    }
  }

  private int frameCrc(byte[] frame) {
    CRC32C crc = new CRC32C();
    crc.update(frame, 0, 32);
    crc.update(frame, FRAME_HEADER, pageSize);
    return (int) crc.getValue();
  }

  private static int chainNext(int prev, int self) {
    CRC32C crc = new CRC32C();
    crc.update(prev >>> 24);
    crc.update(prev >>> 16);
    crc.update(prev >>> 8);
    crc.update(prev);
    crc.update(self >>> 24);
    crc.update(self >>> 16);
    crc.update(self >>> 8);
    crc.update(self);
    return (int) crc.getValue();
  }

  /** Every committed page in the log: page number to frame offset. */
  /** The offset where the next frame will be written. */
  public synchronized long endOffset() {
    return end;
  }

  public synchronized Map<Integer, Long> committedPages() {
    return new HashMap<>(committed);
  }

  /** Number of distinct pages with a committed frame. */
  public synchronized int committedPageCount() {
    return committed.size();
  }

  /** Whether frames for a coming commit have been written (pages evicted before their commit). */
  public synchronized boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Bytes of frames in the current generation. */
  public synchronized long sizeBytes() {
    return end;
  }

  /** The sequence number of the last commit appended. */
  public synchronized long lastCommitSeq() {
    return lastCommitSeq;
  }

  /**
   * Reads the newest logged image of page {@code pageNo} (a pending frame first, then a committed
   * one) into {@code dst}; returns false if the log holds none.
   */
  public boolean read(int pageNo, byte[] dst) {
    // Snapshot readers call this without the writer's lock, so a checkpoint may start a new
    // generation between the lookup and the read and overwrite the frame: the generation number,
    // read before and after, tells, and the lookup is repeated (the page is then in the main file).
    while (true) {
      Long off;
      long gen;
      synchronized (this) {
        gen = generation;
        off = pending.get(pageNo);
        if (off == null) {
          off = committed.get(pageNo);
        }
      }
      if (off == null) {
        return false;
      }
      try {
        readPageAt(off, pageNo, dst);
      } catch (RuntimeException e) {
        if (generation == gen) {
          throw e;
        }
        continue;
      }
      if (generation == gen) {
        return true;
      }
    }
  }

  /** Reads the page image of the frame at {@code off}, verifying the page's own checksum. */
  public void readPageAt(long off, int pageNo, byte[] dst) {
    int n;
    try {
      n = io.read(off + FRAME_HEADER, ByteBuffer.wrap(dst, 0, pageSize));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": reading the frame of page " + pageNo + " at offset "
          + off + " failed: " + e.getMessage(), e);
    }
    String bad = n < pageSize ? "short frame" : PageLayout.verify(pageNo, dst, pageSize);
    if (bad != null) {
      throw new CorruptionException(io.name(), pageNo, "its WAL frame at offset " + off + " is damaged: " + bad);
    }
  }

  /** Appends {@code page} as a frame of the coming commit (a dirty page evicted before commit). */
  public synchronized void appendPending(int pageNo, byte[] page, long durableThrough) {
    PageLayout.stamp(pageNo, page, pageSize);
    ensureBuffer(frameSize);
    buffer.clear();
    putFrame(pageNo, 0, lastCommitSeq + 1, durableThrough, page);
    buffer.flip();
    write(end, buffer);
    pending.put(pageNo, end);
    end += frameSize;
  }

  /**
   * Appends a commit in one write: the dirty pages and, if the file header changed (or there is
   * nothing else to carry the commit mark), the header page. The last frame is the commit frame.
   * Returns the commit's sequence number; the frames become the committed images of their pages.
   *
   * @param headerPage page 0, or null when only the commit counter would change (the counter is
   *     restored from the log at checkpoints, so small commits log one page, not two)
   */
  public synchronized long appendCommit(Page[] pages, byte[] headerPage, int pageCount, long durableThrough) {
    if (pages.length == 0 && headerPage == null) {
      throw new IllegalArgumentException("a commit needs at least one frame");
    }
    long seq = lastCommitSeq + 1;
    int n = pages.length + (headerPage != null ? 1 : 0);
    ensureBuffer((long) n * frameSize);
    buffer.clear();
    for (int i = 0; i < pages.length; i++) {
      Page p = pages[i];
      boolean last = headerPage == null && i == pages.length - 1;
      PageLayout.stamp(p.pageNo(), p.data(), pageSize);
      putFrame(p.pageNo(), last ? pageCount : 0, seq, durableThrough, p.data());
    }
    if (headerPage != null) {
      PageLayout.stamp(0, headerPage, pageSize);
      putFrame(0, pageCount, seq, durableThrough, headerPage);
    }
    buffer.flip();
    long start = end;
    write(start, buffer);
    committed.putAll(pending);
    pending.clear();
    for (int i = 0; i < pages.length; i++) {
      committed.put(pages[i].pageNo(), start + (long) i * frameSize);
    }
    if (headerPage != null) {
      committed.put(0, start + (long) pages.length * frameSize);
    }
    end = start + (long) n * frameSize;
    lastCommitSeq = seq;
    return seq;
  }

  private void putFrame(int pageNo, int commit, long seq, long durableThrough, byte[] page) {
    Bytes.putInt(frameHeader, 0, pageNo);
    Bytes.putInt(frameHeader, 4, commit);
    Bytes.putInt(frameHeader, 8, salt1);
    Bytes.putInt(frameHeader, 12, salt2);
    Bytes.putLong(frameHeader, 16, seq);
    Bytes.putLong(frameHeader, 24, durableThrough);
    CRC32C crc = new CRC32C();
    crc.update(frameHeader, 0, 32);
    crc.update(page, 0, pageSize);
    int self = (int) crc.getValue();
    chain = chainNext(chain, self);
    Bytes.putInt(frameHeader, 32, self);
    Bytes.putInt(frameHeader, 36, chain);
    buffer.put(frameHeader);
    buffer.put(page, 0, pageSize);
  }

  private void ensureBuffer(long bytes) {
    if (bytes > Integer.MAX_VALUE - 64) {
      throw new StorageException(io.name() + ": a single commit of " + bytes + " bytes is too large");
    }
    if (buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocate((int) Math.max(bytes, Math.min(Integer.MAX_VALUE - 64, buffer.capacity() * 2L)));
    }
  }

  /**
   * Starts a new generation: new salts, the header rewritten, frames from the start of the file.
   * Called after a checkpoint copied every committed page to the main file, or when the log is new.
   * The caller forces the log before appending to it again: otherwise a crash could leave the old
   * header over a mix of old and new frames, and recovery would replay only a prefix of the old
   * generation, older than what the checkpoint already put in the main file.
   */
  public synchronized void reset() {
    generation++;
    checkpointSeq++;
    salt1 = random.nextInt();
    salt2 = random.nextInt();
    byte[] h = new byte[HEADER_SIZE];
    System.arraycopy(MAGIC, 0, h, 0, 8);
    Bytes.putInt(h, 8, VERSION);
    Bytes.putInt(h, 12, pageSize);
    Bytes.putInt(h, 16, salt1);
    Bytes.putInt(h, 20, salt2);
    Bytes.putInt(h, 24, checkpointSeq);
    CRC32C crc = new CRC32C();
    crc.update(h, 0, 28);
    headerCrc = (int) crc.getValue();
    Bytes.putInt(h, 28, headerCrc);
    write(0, ByteBuffer.wrap(h));
    chain = headerCrc;
    end = HEADER_SIZE;
    committed.clear();
    pending.clear();
  }

  /** Cuts the file to the current generation's end if it is more than {@code maxBytes} long. */
  public synchronized void truncateIfLarger(long maxBytes) {
    if (size() > Math.max(maxBytes, end)) {
      try {
        io.truncate(Math.max(maxBytes, end));
      } catch (IOException e) {
        throw new StorageException(io.name() + ": truncate failed: " + e.getMessage(), e);
      }
    }
  }

  /** Forces the log file. */
  public void force() {
    try {
      io.force(false);
    } catch (IOException e) {
      throw new StorageException(io.name() + ": force failed: " + e.getMessage(), e);
    }
  }

  private void write(long off, ByteBuffer b) {
    try {
      io.write(off, b);
    } catch (IOException e) {
      throw new StorageException(io.name() + ": writing at offset " + off + " failed: " + e.getMessage(), e);
    }
  }

  private long size() {
    try {
      return io.size();
    } catch (IOException e) {
      throw new StorageException(io.name() + ": size failed: " + e.getMessage(), e);
    }
  }

  private int readFully(long off, byte[] dst) {
    try {
      return io.read(off, ByteBuffer.wrap(dst));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": reading at offset " + off + " failed: " + e.getMessage(), e);
    }
  }

  /** Closes the log file. */
  public void close() {
    try {
      io.close();
    } catch (IOException e) {
      throw new StorageException(io.name() + ": close failed: " + e.getMessage(), e);
    }
  }
}
