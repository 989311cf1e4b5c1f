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
 * The write-ahead log: a header and a sequence of frames, each a page image, whole or as a delta
 * from an earlier frame of the same generation.
 *
 * <pre>
 * header (32 bytes)
 *   0  8  magic "TSWAL\0\0\1"
 *   8  4  format version (2; version 1 logs are recovered, never written)
 *  12  4  page size
 *  16  4  salt 1 } random, new at every reset: frames of an earlier
 *  20  4  salt 2 } generation of the log never match
 *  24  4  checkpoint sequence (resets so far)
 *  28  4  CRC32C of bytes 0..27
 * frame (56-byte header + body, padded to a multiple of 8 bytes)
 *   0  4  page number
 *   4  4  commit: the database's page count if this frame ends a commit, else 0
 *   8  4  salt 1
 *  12  4  salt 2
 *  16  8  commit sequence number the frame belongs to
 *  24  8  durable-through: the highest commit known forced when the frame was written
 *  32  4  frame CRC32C over bytes 0..31 and 40..55 of the frame header and the body
 *  36  4  chain CRC32C over (previous chain value, this frame CRC); the first frame chains
 *         from the header CRC
 *  40  4  body length: the page size for a whole image, else the length of the delta
 *  44  4  depth: 0 for a whole image, else 1 + the depth of the base frame (at most 16)
 *  48  8  base: offset of the frame the delta applies to; 0 for a whole image, or for a delta
 *         from a page of zeros (depth 1)
 * </pre>
 * (Version 1 frames: the first 40 bytes above and a whole page.)
 *
 * <p><b>Deltas.</b> A copy-on-write commit writes a new page for each page it changes, so a small
 * update logged a whole image of every leaf, inner node and root on its paths. Now the pager names,
 * for a page that is a copy of a committed page, that page's content (its "source"); when the
 * source's newest committed frame is in this generation and its chain is short, the frame holds
 * only the runs that differ ({@link PageDelta}) and the offset of that frame. Page 0 is diffed
 * against the last image of it this log wrote. A page without a base is written as the runs that
 * differ from a page of zeros when that saves an eighth of the page. A base is always an earlier
 * frame of the same generation, never the main file, which checkpoints overwrite. Reading a delta
 * frame reads its chain down to a whole image (at most {@value #MAX_DEPTH} deltas) and checks the
 * rebuilt page's own checksum.
 *
 * <p><b>Commits.</b> A commit appends the dirty pages, and the header page (page 0) when the
 * header changed, in one write; the last frame carries the commit mark. Pages evicted from the buffer
 * pool before their commit are appended as whole frames of the coming commit ("pending"); they
 * count only if a commit frame follows.
 *
 * <p><b>Recovery</b> reads frames while salts, frame CRC and chain hold, and keeps those up to the
 * last commit frame. Where the valid run ends, the rest is a torn tail unless a later frame of this
 * generation (looked for at every 8-byte boundary) is intact and says (durable-through) that the
 * commit at the break had already been forced: then the break is damage to durable data, and is
 * reported as corruption rather than silently dropped.
 *
 * <p>Thread-safety: appends and index look-ups synchronize on this object; forces are coordinated
 * by {@link GroupCommit} and run without that lock.
 */
public final class Wal {
  static final byte[] MAGIC = {'T', 'S', 'W', 'A', 'L', 0, 0, 1};
  static final int VERSION = 2;
  /** The longest chain of deltas above a whole image. */
  static final int MAX_DEPTH = 16;
  /** Size of the log header. */
  public static final int HEADER_SIZE = 32;
  /** Size of a frame header. */
  public static final int FRAME_HEADER = 56;
  /** Size of a frame header in a version 1 log. */
  static final int V1_FRAME_HEADER = 40;

  private final FileIo io;
  private final int pageSize;
  /** Frame version of the file: the version recovered from until the first reset, then 2. */
  private int version = VERSION;
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
  /** Delta depth of each page's newest committed frame (absent: 0, a whole image). */
  private final Map<Integer, Integer> depths = new HashMap<>();
  /** The last image of page 0 this generation logged, and its frame (-1: none). */
  private final byte[] lastHeader;
  private long lastHeaderOff = -1;
  /** Scratch for one frame's delta. */
  private final byte[] delta;
  /** The base of a delta that has no earlier frame (base offset 0). */
  private final byte[] zeros;

  private ByteBuffer buffer = ByteBuffer.allocate(0);
  private final byte[] frameHeader = new byte[FRAME_HEADER];
  /** Bumped by {@link #reset} before the new generation's header is written; see {@link #read}. */
  private volatile long generation;

  private RecoveryReport recovery;

  private Wal(FileIo io, int pageSize) {
    this.io = io;
    this.pageSize = pageSize;
    this.lastHeader = new byte[pageSize];
    this.delta = new byte[pageSize];
    this.zeros = new byte[pageSize];
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
    int v = Bytes.getInt(h, 8);
    if (v != VERSION && v != 1) {
      throw new FormatException(io.name() + " is a WAL of format version " + v
          + "; this build reads versions 1 and " + VERSION);
    }
    version = v;
    if (Bytes.getInt(h, 12) != pageSize) {
      throw new FormatException(io.name() + " was written for " + Bytes.getInt(h, 12)
          + "-byte pages but the database uses " + pageSize + "-byte pages");
    }
    salt1 = Bytes.getInt(h, 16);
    salt2 = Bytes.getInt(h, 20);
    checkpointSeq = Bytes.getInt(h, 24);
    headerCrc = Bytes.getInt(h, 28);

    int hs = headerSize();
    // Frames are read through a 1 MiB buffer: a delta frame is a few hundred bytes, and a read of
    // a whole page's worth per frame made recovery read the log many times over.
    byte[] buf = new byte[Math.max(1 << 20, 2 * (hs + pageSize))];
    long bufStart = -1;
    int bufLen = 0;
    long off = HEADER_SIZE;
    int ch = headerCrc;
    long lastCommitEnd = HEADER_SIZE;
    int chainAtCommit = headerCrc;
    Map<Integer, Long> tentative = new HashMap<>();
    Map<Integer, Integer> tentativeDepths = new HashMap<>();
    long tentativeSeq = -1;
    long frames = 0;
    long commits = 0;
    String reason = "end of log";
    boolean damaged = false;
    while (off + hs <= size) {
      if (off + hs + pageSize > bufStart + bufLen) {
        bufStart = off;
        bufLen = readFully(off, buf);
      }
      int at = (int) (off - bufStart);
      int n = bufLen - at; // bytes from here on (a frame needs at most hs + pageSize)
      if (n < hs) {
        reason = "short read";
        break;
      }
      if (Bytes.getInt(buf, at + 8) != salt1 || Bytes.getInt(buf, at + 12) != salt2) {
        reason = "frame of an earlier log generation at offset " + off;
        break;
      }
      int body = bodyLength(buf, at);
      if (body <= 0 || body > pageSize) {
        reason = "torn or damaged frame at offset " + off;
        damaged = true;
        break;
      }
      if (n < hs + body) {
        reason = "partial frame at offset " + off; // the file ends inside it
        damaged = true;
        break;
      }
      int self = frameCrc(buf, at, body);
      if (self != Bytes.getInt(buf, at + 32) || chainNext(ch, self) != Bytes.getInt(buf, at + 36)) {
        reason = "torn or damaged frame at offset " + off;
        damaged = true;
        break;
      }
      ch = Bytes.getInt(buf, at + 36);
      long seq = Bytes.getLong(buf, at + 16);
      int pageNo = Bytes.getInt(buf, at);
      tentative.put(pageNo, off);
      tentativeDepths.put(pageNo, version == 1 ? 0 : Bytes.getInt(buf, at + 44));
      tentativeSeq = seq;
      boolean commit = Bytes.getInt(buf, at + 4) != 0;
      off += frameLength(body);
      if (commit) {
        committed.putAll(tentative);
        depths.putAll(tentativeDepths);
        frames += tentative.size();
        commits++;
        tentative.clear();
        tentativeDepths.clear();
        lastCommitSeq = Math.max(lastCommitSeq, seq);
        lastCommitEnd = off;
        chainAtCommit = ch;
      }
    }
    if (!damaged && off < size && reason.equals("end of log")) {
      reason = "partial frame at offset " + off; // the file ends inside a frame header
      damaged = true;
    }
    if (damaged) {
      long brokenSeq = !tentative.isEmpty() ? tentativeSeq : lastCommitSeq + 1;
      checkNoDurableFrameAfter(off, size, brokenSeq);
    }
    end = lastCommitEnd;
    chain = chainAtCommit;
    // Frames of earlier generations left behind a reset are not counted as discarded: they were
    // checkpointed long ago. What is discarded is this generation's uncommitted or damaged tail.
    long discarded = (damaged ? size : Math.min(size, off)) - lastCommitEnd;
    recovery = new RecoveryReport(frames, commits, discarded, reason);
    if (version != VERSION && committed.isEmpty()) {
      reset(); // nothing to copy: frames from here on are written in this build's format
    }
  }

  /** Size of a frame header in this file's version. */
  private int headerSize() {
    return version == 1 ? V1_FRAME_HEADER : FRAME_HEADER;
  }

  /** The body length the frame header at {@code at} states (version 1: always a whole page). */
  private int bodyLength(byte[] frame, int at) {
    return version == 1 ? pageSize : Bytes.getInt(frame, at + 40);
  }

  /** Bytes a frame with a body of {@code body} bytes takes in the file, header and padding included. */
  private long frameLength(int body) {
    return version == 1 ? V1_FRAME_HEADER + pageSize : FRAME_HEADER + ((body + 7) & ~7);
  }

  /**
   * After the valid run ends at {@code brokenAt}, looks for an intact frame of this generation whose
   * durable-through covers the commit at the break: proof the break is damage, not a torn tail.
   * Frames start at multiples of 8 bytes (version 1: of the frame size), so every such offset past
   * the break is tried; the salts rule out almost all at once.
   */
  private void checkNoDurableFrameAfter(long brokenAt, long size, long brokenSeq) {
    int hs = headerSize();
    long step = version == 1 ? frameLength(pageSize) : 8;
    byte[] frame = new byte[hs + pageSize];
    byte[] chunk = new byte[1 << 20];
    long chunkStart = -1;
    int chunkLen = 0;
    for (long off = brokenAt + step; off + hs <= size; off += step) {
      if (off < chunkStart || off + 16 > chunkStart + chunkLen) {
        chunkStart = off;
        chunkLen = readFully(off, chunk);
        if (chunkLen < 16) {
          return;
        }
      }
      int at = (int) (off - chunkStart);
      if (Bytes.getInt(chunk, at + 8) != salt1 || Bytes.getInt(chunk, at + 12) != salt2) {
        continue;
      }
      int n = readFully(off, frame);
      int body = n < hs ? -1 : bodyLength(frame, 0);
      if (body <= 0 || body > pageSize || n < hs + body || frameCrc(frame, 0, body) != Bytes.getInt(frame, 32)) {
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

  /** CRC32C of the frame at {@code at}: header bytes 0..31 (and 40..55 in version 2), then the body. */
  private int frameCrc(byte[] frame, int at, int body) {
    int hs = headerSize();
    CRC32C crc = new CRC32C();
    crc.update(frame, at, 32);
    if (hs > V1_FRAME_HEADER) {
      crc.update(frame, at + V1_FRAME_HEADER, hs - V1_FRAME_HEADER);
    }
    crc.update(frame, at + hs, body);
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

  /**
   * Reads the page image of the frame at {@code off} (rebuilding a delta from its chain) and verifies
   * the page's own checksum.
   */
  public void readPageAt(long off, int pageNo, byte[] dst) {
    String bad = materialize(off, dst, 0);
    if (bad == null) {
      bad = PageLayout.verify(pageNo, dst, pageSize);
    }
    if (bad != null) {
      throw new CorruptionException(io.name(), pageNo, "its WAL frame at offset " + off + " is damaged: " + bad);
    }
  }

  /** The image of the frame at {@code off} into {@code dst}; null, or what is wrong. */
  private String materialize(long off, byte[] dst, int level) {
    if (level > MAX_DEPTH) {
      return "a chain of more than " + MAX_DEPTH + " deltas";
    }
    int hs = headerSize();
    byte[] f = new byte[hs + pageSize];
    int n;
    try {
      n = io.read(off, ByteBuffer.wrap(f));
    } catch (IOException e) {
      throw new StorageException(io.name() + ": reading the frame at offset " + off + " failed: " + e.getMessage(), e);
    }
    int body = n < hs ? -1 : bodyLength(f, 0);
    if (body <= 0 || body > pageSize || n < hs + body) {
      return "short frame at offset " + off;
    }
    int depth = version == 1 ? 0 : Bytes.getInt(f, 44);
    if (depth == 0) {
      if (body != pageSize) {
        return "a whole-page frame at offset " + off + " holds " + body + " bytes";
      }
      System.arraycopy(f, hs, dst, 0, pageSize);
      return null;
    }
    long base = Bytes.getLong(f, 48);
    String bad = null;
    if (base == 0) {
      java.util.Arrays.fill(dst, 0, pageSize, (byte) 0);
    } else if (base < HEADER_SIZE || base >= off) {
      return "the delta at offset " + off + " names base offset " + base;
    } else {
      bad = materialize(base, dst, level + 1);
    }
    return bad != null ? bad : PageDelta.apply(f, hs, body, dst, pageSize);
  }

  /** Appends {@code page} as a frame of the coming commit (a dirty page evicted before commit). */
  public synchronized void appendPending(int pageNo, byte[] page, long durableThrough) {
    PageLayout.stamp(pageNo, page, pageSize);
    ensureBuffer(FRAME_HEADER + pageSize);
    buffer.clear();
    putFrame(pageNo, 0, lastCommitSeq + 1, durableThrough, page, null, 0, 0, 0);
    buffer.flip();
    write(end, buffer);
    pending.put(pageNo, end);
    end += buffer.limit();
  }

  /**
   * Appends a commit in one write: the dirty pages and, if the file header changed (or there is
   * nothing else to carry the commit mark), the header page. The last frame is the commit frame.
   * Returns the commit's sequence number; the frames become the committed images of their pages.
   *
   * @param sources for each page, the content of the committed page it is a copy of (its
   *     {@link Page#source()}), or null; the whole array may be null. A page with a source whose
   *     newest committed frame is in this generation is logged as a delta from that frame.
   * @param headerPage page 0, or null when only the commit counter would change (the counter is
   *     restored from the log at checkpoints, so small commits log one page, not two)
   */
  public synchronized long appendCommit(Page[] pages, byte[][] sources, byte[] headerPage, int pageCount,
      long durableThrough) {
    if (pages.length == 0 && headerPage == null) {
      throw new IllegalArgumentException("a commit needs at least one frame");
    }
    long seq = lastCommitSeq + 1;
    int n = pages.length + (headerPage != null ? 1 : 0);
    ensureBuffer((long) n * (FRAME_HEADER + pageSize));
    buffer.clear();
    long start = end;
    long[] offsets = new long[pages.length];
    int[] frameDepths = new int[pages.length];
    for (int i = 0; i < pages.length; i++) {
      Page p = pages[i];
      boolean last = headerPage == null && i == pages.length - 1;
      PageLayout.stamp(p.pageNo(), p.data(), pageSize);
      offsets[i] = start + buffer.position();
      byte[] src = sources == null ? null : sources[i];
      Long baseOff = src == null ? null : committed.get(p.source());
      frameDepths[i] = putPage(p.pageNo(), last ? pageCount : 0, seq, durableThrough, p.data(), baseOff,
          baseOff == null ? 0 : depths.getOrDefault(p.source(), 0), src);
    }
    long headerOff = -1;
    int headerDepth = 0;
    if (headerPage != null) {
      PageLayout.stamp(0, headerPage, pageSize);
      headerOff = start + buffer.position();
      Long baseOff = lastHeaderOff >= 0 ? lastHeaderOff : null;
      headerDepth = putPage(0, pageCount, seq, durableThrough, headerPage, baseOff, depths.getOrDefault(0, 0),
          lastHeader);
    }
    buffer.flip();
    write(start, buffer);
    for (Map.Entry<Integer, Long> e : pending.entrySet()) {
      committed.put(e.getKey(), e.getValue());
      depths.remove(e.getKey()); // pending frames are whole images
    }
    pending.clear();
    for (int i = 0; i < pages.length; i++) {
      note(pages[i].pageNo(), offsets[i], frameDepths[i]);
    }
    if (headerPage != null) {
      note(0, headerOff, headerDepth);
      System.arraycopy(headerPage, 0, lastHeader, 0, pageSize);
      lastHeaderOff = headerOff;
    }
    end = start + buffer.limit();
    lastCommitSeq = seq;
    return seq;
  }

  private void note(int pageNo, long off, int depth) {
    committed.put(pageNo, off);
    if (depth == 0) {
      depths.remove(pageNo);
    } else {
      depths.put(pageNo, depth);
    }
  }

  /**
   * Puts the frame of one page: a delta from the frame at {@code baseOff} (whose image is
   * {@code base}, at depth {@code baseDepth}) when there is one, the chain is short and the delta
   * is under half a page; otherwise the whole page. Returns the frame's depth.
   */
  private int putPage(int pageNo, int commit, long seq, long durableThrough, byte[] page, Long baseOff, int baseDepth,
      byte[] base) {
    if (version == VERSION) {
      if (baseOff != null && baseDepth < MAX_DEPTH) {
        int len = PageDelta.encode(base, page, pageSize, delta, pageSize / 2);
        if (len > 0) {
          putFrame(pageNo, commit, seq, durableThrough, page, delta, len, baseDepth + 1, baseOff);
          return baseDepth + 1;
        }
      }
      // No base: the bytes that differ from a page of zeros, when that saves an eighth (a list
      // trunk is mostly zeros, a node its unused middle); rebuilding it reads no other frame.
      int len = PageDelta.encode(zeros, page, pageSize, delta, pageSize - pageSize / 8);
      if (len > 0) {
        putFrame(pageNo, commit, seq, durableThrough, page, delta, len, 1, 0);
        return 1;
      }
    }
    putFrame(pageNo, commit, seq, durableThrough, page, null, pageSize, 0, 0);
    return 0;
  }

  /**
   * Puts one frame into the buffer: a whole page ({@code depth} 0, {@code body} = {@code page}) or
   * {@code length} bytes of delta in {@code body} from the frame at {@code base}.
   */
  private void putFrame(int pageNo, int commit, long seq, long durableThrough, byte[] page, byte[] body, int length,
      int depth, long base) {
    byte[] b = body == null ? page : body;
    int len = body == null ? pageSize : length;
    Bytes.putInt(frameHeader, 0, pageNo);
    Bytes.putInt(frameHeader, 4, commit);
    Bytes.putInt(frameHeader, 8, salt1);
    Bytes.putInt(frameHeader, 12, salt2);
    Bytes.putLong(frameHeader, 16, seq);
    Bytes.putLong(frameHeader, 24, durableThrough);
    Bytes.putInt(frameHeader, 40, len);
    Bytes.putInt(frameHeader, 44, depth);
    Bytes.putLong(frameHeader, 48, base);
    CRC32C crc = new CRC32C();
    crc.update(frameHeader, 0, 32);
    crc.update(frameHeader, V1_FRAME_HEADER, FRAME_HEADER - V1_FRAME_HEADER);
    crc.update(b, 0, len);
    int self = (int) crc.getValue();
    chain = chainNext(chain, self);
    Bytes.putInt(frameHeader, 32, self);
    Bytes.putInt(frameHeader, 36, chain);
    buffer.put(frameHeader);
    buffer.put(b, 0, len);
    for (int pad = ((len + 7) & ~7) - len; pad > 0; pad--) {
      buffer.put((byte) 0);
    }
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
    depths.clear();
    lastHeaderOff = -1;
    version = VERSION;
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
