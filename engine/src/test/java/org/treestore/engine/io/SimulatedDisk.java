package org.treestore.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A simulated machine's storage for crash tests: a set of named files, each with a durable image
 * on the "device" and an OS page cache in front of it, plus a power switch.
 *
 * <h2>Model</h2>
 *
 * <p>{@link #open(String)} hands out {@link FileIo} handles by name; several handles on one name
 * share one file, like several descriptors on one inode. For every file the disk keeps
 *
 * <ul>
 *   <li>a <em>durable image</em>: the bytes that are on the device and survive any crash, and
 *   <li>the <em>unsynced operations</em>: every write and every shrinking truncate issued since the
 *       file was last forced, in issue order, each with its own copy of the bytes.
 * </ul>
 *
 * <p>Reads and {@code size()} see the page cache: the durable image with all unsynced operations
 * applied in order, exactly what a process sees on a live machine. {@code force()} through any
 * handle applies that file's unsynced operations to its durable image in order and empties the
 * list; it does nothing for other files, because fsync is per file.
 *
 * <h2>Power loss</h2>
 *
 * <p>A crash test runs in two steps. First the power goes out while the engine is working: {@link
 * #crashAfterWrites(int)} lets a given number of further write, truncate and force calls through,
 * counted across all files, and cuts the power right after the last one; {@link #powerCut()} cuts
 * it at once. From then on every call on every handle throws {@link PowerLossException}, so the
 * engine stops wherever it was. Then {@link #reboot(Random, CrashMode)} decides what each file
 * looks like when the machine comes back: its durable image plus some subset of its unsynced
 * operations, chosen by the {@link CrashMode}. Reboot kills every handle handed out before it (they
 * throw a plain {@link IOException}), turns the power back on and disarms the countdown; {@link
 * #open(String)} then gives fresh handles over the surviving images. Reboot works whether or not
 * the power was cut first: rebooting a running machine is itself a power cut.
 *
 * <p>A loop that crashes at every point of a workload runs the workload once on a fresh disk,
 * reads {@link #mutations()}, and then for each {@code n} up to that count replays it on a fresh
 * disk with {@code crashAfterWrites(n)}.
 *
 * <h2>Sharp edges</h2>
 *
 * <ul>
 *   <li>The call that meets a dead machine has no effect at all: a write that throws {@link
 *       PowerLossException} is not in the page cache and cannot survive. Partial writes come only
 *       from {@link CrashMode#TORN}, which tears an operation the engine saw complete.
 *   <li>{@link CrashMode#RANDOM} and {@link CrashMode#TORN} are deliberately harsher than most real
 *       file systems: every unsynced operation survives or not independently, and the survivors
 *       land in a random order, so a later write may survive while an earlier one is lost, two
 *       overlapping writes may land in either order, and an unsynced truncate may land before or
 *       after writes issued around it. A write that survives past the end of the surviving file
 *       leaves a hole of zero bytes in front of it. Forced data is only ever changed by
 *       operations issued after the force that cover it.
 *   <li>{@link CrashMode#TORN} tears at most one operation per file per reboot, at any byte
 *       (sector-aligned tearing is not assumed), keeping either a prefix or a suffix of it. Only
 *       writes of two or more bytes can be torn; truncates never are.
 *   <li>{@code force(false)} and {@code force(true)} are treated alike: both make the size durable
 *       too, as fdatasync does when the size is needed to read the data back.
 *   <li>Directory metadata is out of scope: creating a file by opening it is durable at once, and
 *       files cannot be deleted or renamed.
 *   <li>A truncate to a size the file already fits is a no-op and is not recorded, since a real
 *       file system has nothing to lose or reorder for it; it still counts as a call for the
 *       countdown and for {@link #mutations()}. A zero-length write likewise changes nothing (it
 *       does not extend the file, unlike {@link MemoryFileIo}) but counts as a call.
 *   <li>The outcome of a reboot depends only on the {@link Random}'s state and the operations
 *       issued, never on hash order: files are visited in name order. Re-running a failing crash
 *       test with the same seed and workload reproduces it; {@link #lastRebootReport()} says which
 *       operations landed, for failure messages. A reboot takes exactly one {@code nextLong()}
 *       from the {@link Random} and makes its choices from a well-mixed generator seeded with
 *       it, so looping over {@code new Random(0)}, {@code new Random(1)}, ... is fine (used
 *       directly, those give nearly the same first values).
 *   <li>{@code close()} never throws, not even on a dead machine or a dead handle, so cleanup code
 *       in {@code finally} blocks does not replace the {@link PowerLossException} the test is
 *       looking for. Closing has no effect on durability.
 *   <li>Thread-safe, with one lock for the whole disk: the countdown must order calls across files
 *       exactly, and crash tests care about correctness, not throughput. Files live in memory and
 *       are limited to about 2 GiB each.
 *   <li>Handles can be wrapped in {@link FaultInjectingFileIo} to add failed writes or forces on
 *       top of power loss.
 * </ul>
 */
public final class SimulatedDisk {

  /** How {@link #reboot(Random, CrashMode)} picks the unsynced operations that survive. */
  public enum CrashMode {
    /** No unsynced operation survives: every file is exactly what was last forced. */
    DROP_ALL,
    /** Every unsynced operation survives, in issue order: every file is what reads saw. */
    KEEP_ALL,
    /** Each unsynced operation survives with probability 1/2; survivors land in random order. */
    RANDOM,
    /** Like {@link #RANDOM}, and one surviving write per file lands only as a prefix or suffix. */
    TORN
  }

  /**
   * Thrown by every call on the disk's handles once the power is out. A distinct type so tests can
   * tell the simulated crash from a real failure; the message starts with {@code "simulated power
   * loss"}.
   */
  public static final class PowerLossException extends IOException {
    private static final long serialVersionUID = 1L;

    PowerLossException(String message) {
      super(message);
    }
  }

  /** The largest array the JVM reliably allocates. */
  private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

  /** Guards all state below, and every file's state. */
  private final Object lock = new Object();

  /** A sorted map, so reboot visits files in an order that does not depend on hashing. */
  private final Map<String, FileState> files = new TreeMap<>();

  /** Bumped by every reboot; a handle from an older epoch is dead. */
  private int epoch;

  private boolean powerLost;

  /** Mutating calls still allowed before the power goes out; negative when disarmed. */
  private int countdown = -1;

  private long mutations;
  private int reboots;
  private String lastRebootReport = "no reboot yet";

  /**
   * Returns a new handle on the file called {@code name}, creating an empty file if there is none.
   * Creation is durable at once (directory metadata is out of scope). Works while the power is out
   * too, but the handle then fails like every other one.
   */
  public FileIo open(String name) {
    Objects.requireNonNull(name, "name");
    synchronized (lock) {
      return new Handle(name, files.computeIfAbsent(name, n -> new FileState()), epoch);
    }
  }

  /**
   * Lets the next {@code n} write, truncate and force calls through, across all files, and cuts
   * the power right after the {@code n}-th of them, so the call after it, of any kind, throws
   * {@link PowerLossException}. {@code crashAfterWrites(0)} is {@link #powerCut()}. Arming again
   * before the power goes out restarts the countdown.
   *
   * @throws IllegalArgumentException if {@code n} is negative
   * @throws IllegalStateException if the power is already out; reboot first
   */
  public void crashAfterWrites(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("negative countdown " + n);
    }
    synchronized (lock) {
      if (powerLost) {
        throw new IllegalStateException("the power is already out; reboot first");
      }
      countdown = n;
      if (n == 0) {
        powerLost = true;
      }
    }
  }

  /** Cuts the power now: every later call on any handle throws {@link PowerLossException}. */
  public void powerCut() {
    synchronized (lock) {
      powerLost = true;
    }
  }

  /** Whether the power is out (cut and not yet rebooted). */
  public boolean isPowerLost() {
    synchronized (lock) {
      return powerLost;
    }
  }

  /**
   * Simulates the machine coming back after a power cut (cutting the power first if it is still
   * on). For every file, in name order, the new durable image is the old one plus the unsynced
   * operations {@code mode} lets survive, drawn from {@code rnd}; the page cache starts out equal
   * to it and nothing is unsynced. Every handle handed out so far dies, the power comes back on
   * and the countdown is disarmed. Force counts are kept.
   */
  public void reboot(Random rnd, CrashMode mode) {
    Objects.requireNonNull(rnd, "rnd");
    Objects.requireNonNull(mode, "mode");
    // java.util.Random's first outputs barely differ between nearby seeds, so a test looping over
    // new Random(0), new Random(1), ... would get nearly the same first choices every time (the
    // first nextBoolean() is true for every small seed). One draw seeds a well-mixed generator
    // that makes all the choices; it also means a reboot always advances rnd by exactly one long.
    SplittableRandom choices = new SplittableRandom(rnd.nextLong());
    synchronized (lock) {
      reboots++;
      StringBuilder report = new StringBuilder("reboot #" + reboots + " (" + mode + ")");
      for (Map.Entry<String, FileState> e : files.entrySet()) {
        e.getValue().crash(e.getKey(), choices, mode, report);
      }
      lastRebootReport = report.toString();
      epoch++;
      powerLost = false;
      countdown = -1;
    }
  }

  /** The size of the file's durable image: what would survive if every unsynced write were lost. */
  public long durableSize(String name) {
    synchronized (lock) {
      return file(name).durable.size;
    }
  }

  /** A copy of the file's durable image. */
  public byte[] durableImage(String name) {
    synchronized (lock) {
      return file(name).durable.toArray();
    }
  }

  /**
   * A copy of what reads of the file see: the durable image with all unsynced operations applied.
   * Available while the power is out, so a test can compare it with what survives a reboot.
   */
  public byte[] cachedImage(String name) {
    synchronized (lock) {
      return file(name).cached.toArray();
    }
  }

  /** Forces of the file that went through, over the disk's whole life (reboots keep the count). */
  public int forces(String name) {
    synchronized (lock) {
      return file(name).forces;
    }
  }

  /**
   * Operations on the file not yet forced: writes, plus truncates that shrank the file (both can
   * be lost in a crash). Zero-length writes and no-op truncates are not recorded.
   */
  public int unsyncedWriteCount(String name) {
    synchronized (lock) {
      return file(name).unsynced.size();
    }
  }

  /**
   * Write, truncate and force calls that went through, across all files, over the disk's whole
   * life: the largest useful argument to {@link #crashAfterWrites(int)} when replaying a workload.
   */
  public long mutations() {
    synchronized (lock) {
      return mutations;
    }
  }

  /** The names of all files ever opened, sorted. */
  public List<String> names() {
    synchronized (lock) {
      return List.copyOf(files.keySet());
    }
  }

  /**
   * What the last reboot did to each file with unsynced operations: which of them landed (by issue
   * index, in landing order) and which one was torn. Meant for assertion messages.
   */
  public String lastRebootReport() {
    synchronized (lock) {
      return lastRebootReport;
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "SimulatedDisk[files=" + files.keySet() + ", epoch=" + epoch
          + (powerLost ? ", power lost" : "") + "]";
    }
  }

  private FileState file(String name) {
    FileState f = files.get(name);
    if (f == null) {
      // A typo in a test's file name should fail loudly rather than look like an empty file.
      throw new IllegalArgumentException("no file " + name + " on " + this);
    }
    return f;
  }

  /** One file: its durable image, its page-cache view and the operations in between. */
  private static final class FileState {
    Image durable = new Image();

    /** Always equals {@link #durable} with {@link #unsynced} applied in order. */
    Image cached = new Image();

    final List<Op> unsynced = new ArrayList<>();
    int forces;

    void record(Op op) {
      op.applyTo(cached);
      unsynced.add(op);
    }

    void force() {
      for (Op op : unsynced) {
        op.applyTo(durable);
      }
      unsynced.clear();
      forces++;
    }

    void crash(String name, SplittableRandom rnd, CrashMode mode, StringBuilder report) {
      List<Integer> landed = new ArrayList<>();
      switch (mode) {
        case DROP_ALL -> { }
        case KEEP_ALL -> {
          for (int i = 0; i < unsynced.size(); i++) {
            landed.add(i);
          }
        }
        case RANDOM, TORN -> {
          for (int i = 0; i < unsynced.size(); i++) {
            if (rnd.nextBoolean()) {
              landed.add(i);
            }
          }
          // Survivors land in any order (a Fisher-Yates shuffle): what the device wrote back
          // first is not what was issued first.
          for (int i = landed.size() - 1; i > 0; i--) {
            Collections.swap(landed, i, rnd.nextInt(i + 1));
          }
        }
        default -> throw new AssertionError(mode);
      }

      int torn = -1;
      int cut = 0;
      boolean keepPrefix = false;
      if (mode == CrashMode.TORN) {
        List<Integer> tearable = new ArrayList<>();
        for (int i : landed) {
          if (unsynced.get(i).isWrite() && unsynced.get(i).bytes.length >= 2) {
            tearable.add(i);
          }
        }
        if (!tearable.isEmpty()) {
          torn = tearable.get(rnd.nextInt(tearable.size()));
          int length = unsynced.get(torn).bytes.length;
          // In [1, length - 1]: a tear that kept all or nothing would not be a tear.
          cut = 1 + rnd.nextInt(length - 1);
          keepPrefix = rnd.nextBoolean();
        }
      }

      Image image = durable.copy();
      for (int i : landed) {
        Op op = unsynced.get(i);
        if (i != torn) {
          op.applyTo(image);
        } else if (keepPrefix) {
          image.write(op.position, op.bytes, 0, cut);
        } else {
          image.write(op.position + cut, op.bytes, cut, op.bytes.length - cut);
        }
      }

      if (!unsynced.isEmpty()) {
        report.append("; ").append(name).append(": ").append(landed.size()).append(" of ")
            .append(unsynced.size()).append(" unsynced ops landed ").append(landed);
        if (torn >= 0) {
          int length = unsynced.get(torn).bytes.length;
          report.append(", op ").append(torn).append(" torn to its ")
              .append(keepPrefix ? "first " + cut : "last " + (length - cut)).append(" of ")
              .append(length).append(" bytes");
        }
      }

      durable = image;
      cached = image.copy();
      unsynced.clear();
    }
  }

  /** One unsynced operation: a write (with its own copy of the bytes) or a shrinking truncate. */
  private static final class Op {
    final long position;

    /** The bytes written; null for a truncate. */
    final byte[] bytes;

    /** The size truncated to; unused for a write. */
    final long truncateSize;

    private Op(long position, byte[] bytes, long truncateSize) {
      this.position = position;
      this.bytes = bytes;
      this.truncateSize = truncateSize;
    }

    static Op write(long position, byte[] bytes) {
      return new Op(position, bytes, -1);
    }

    static Op truncate(long size) {
      return new Op(-1, null, size);
    }

    boolean isWrite() {
      return bytes != null;
    }

    void applyTo(Image image) {
      if (isWrite()) {
        image.write(position, bytes, 0, bytes.length);
      } else {
        image.truncate(truncateSize);
      }
    }
  }

  /** A growable byte array; bytes at and beyond {@link #size} are zero, so growth shows zeros. */
  private static final class Image {
    byte[] data = new byte[0];
    int size;

    void write(long position, byte[] src, int offset, int length) {
      if (length == 0) {
        // Keeps a zero-length write from extending the file, as on a real file system.
        return;
      }
      // Callers check the bound, so this cast cannot overflow.
      int end = (int) (position + length);
      if (end > data.length) {
        // Doubling keeps a file that grows record by record at amortized O(1) per byte.
        long grown = Math.max(end, Math.min((long) data.length * 2, MAX_SIZE));
        data = Arrays.copyOf(data, (int) grown);
      }
      System.arraycopy(src, offset, data, (int) position, length);
      size = Math.max(size, end);
    }

    void truncate(long newSize) {
      if (newSize < size) {
        Arrays.fill(data, (int) newSize, size, (byte) 0);
        size = (int) newSize;
      }
    }

    Image copy() {
      Image c = new Image();
      c.data = Arrays.copyOf(data, size);
      c.size = size;
      return c;
    }

    byte[] toArray() {
      return Arrays.copyOf(data, size);
    }
  }

  /** A handle on one file, valid until it is closed or the disk reboots. */
  private final class Handle implements FileIo {
    private final String name;
    private final FileState file;
    private final int handleEpoch;

    /** Guarded by the disk's lock. */
    private boolean closed;

    Handle(String name, FileState file, int handleEpoch) {
      this.name = name;
      this.file = file;
      this.handleEpoch = handleEpoch;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
      checkPosition(position);
      synchronized (lock) {
        checkUsable("read", position);
        Image view = file.cached;
        if (position >= view.size) {
          return 0;
        }
        int n = (int) Math.min(dst.remaining(), view.size - position);
        dst.put(view.data, (int) position, n);
        return n;
      }
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
      checkPosition(position);
      synchronized (lock) {
        checkUsable("write", position);
        int n = src.remaining();
        if (position > MAX_SIZE - n) {
          throw new IOException(
              name + ": simulated file cannot grow past " + MAX_SIZE + " bytes (write of " + n
                  + " bytes at " + position + ")");
        }
        mutated();
        if (n > 0) {
          // A private copy: the caller may reuse its buffer, but the page cache keeps what was
          // written at the time of the call.
          byte[] bytes = new byte[n];
          src.get(bytes);
          file.record(Op.write(position, bytes));
        }
      }
    }

    @Override
    public void force(boolean metadata) throws IOException {
      synchronized (lock) {
        checkUsable("force", -1);
        mutated();
        file.force();
      }
    }

    @Override
    public void truncate(long size) throws IOException {
      if (size < 0) {
        throw new IllegalArgumentException(name + ": negative size " + size);
      }
      synchronized (lock) {
        checkUsable("truncate", size);
        mutated();
        if (size < file.cached.size) {
          file.record(Op.truncate(size));
        }
      }
    }

    @Override
    public long size() throws IOException {
      synchronized (lock) {
        checkUsable("size", -1);
        return file.cached.size;
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void close() {
      synchronized (lock) {
        closed = true;
      }
    }

    @Override
    public String toString() {
      return "SimulatedDisk.Handle[" + name + ", epoch " + handleEpoch + "]";
    }

    /** Fails a call on a closed or dead handle, or on a machine without power. Holds the lock. */
    private void checkUsable(String call, long position) throws IOException {
      if (closed) {
        throw new IOException(name + " is closed");
      }
      if (handleEpoch != epoch) {
        // Not a PowerLossException: the engine using a handle from before the crash is a bug in
        // its recovery, and a test should be able to tell that apart from the crash itself.
        throw new IOException(
            name + ": handle from before reboot (epoch " + handleEpoch + ", now " + epoch
                + ") is dead; open the file again");
      }
      if (powerLost) {
        throw new PowerLossException(
            "simulated power loss: " + call + " on " + name
                + (position >= 0 ? " at " + position : ""));
      }
    }

    /**
     * Counts a write, truncate or force that is about to go through, and cuts the power after it
     * if it is the last one the countdown allows. Holds the lock; the call itself still completes.
     */
    private void mutated() {
      mutations++;
      if (countdown > 0) {
        countdown--;
        if (countdown == 0) {
          powerLost = true;
        }
      }
    }

    private void checkPosition(long position) {
      if (position < 0) {
        throw new IllegalArgumentException(name + ": negative position " + position);
      }
    }
  }
}
