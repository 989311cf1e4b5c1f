package org.treestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The raw force rate of the disk under the temporary directory: write 4 KiB, then
 * {@link FileChannel#force force(false)} (fdatasync), from one thread, nothing else. Also with
 * 64 KiB per force ({@link #blockKiB}), to show how the cost of a force grows with the bytes it
 * carries: a force shared by several commits carries all of their log frames.
 *
 * <p>Why: a durable commit costs at least one log force, so without sharing forces an engine
 * cannot commit faster than this rate. Measured in the same JMH run as {@link CommitBenchmark},
 * on the same file system, it is the yardstick for group commit: TreeStore's commits per second at
 * 16 threads divided by the 4 KiB rate is how far sharing takes it past one force per commit.
 *
 * <ul>
 *   <li>{@link #appendForce}: each write at the next offset of a file that starts empty every
 *       iteration, so each force also commits the file's new size to the file system journal:
 *       the shape of a log that grows.
 *   <li>{@link #overwriteForce}: each write at the next offset of a 64 MiB region written and
 *       forced in setup, wrapping to the start at the end, so the force writes data only: the
 *       shape of a log file reused after a checkpoint (TreeStore's WAL and SQLite's both restart
 *       at the front of an existing file). Usually the cheaper of the two, so the one to compare
 *       against.
 * </ul>
 *
 * <p>The score is forces per millisecond; with one thread, its inverse is the time of one force
 * (the latency a single committer cannot go below).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Threads(1)
public class RawForceBenchmark {
  /** Size of the region {@link #overwriteForce} cycles through. */
  static final long REGION = 64L << 20;

  /** KiB written before each force: 4 (the yardstick) or 64. */
  @Param({"4", "64"})
  public int blockKiB;

  /** A temporary file, its channel, the block to write and the next offset. */
  abstract static class ForceFile {
    Path dir;
    FileChannel ch;
    ByteBuffer block;
    int blockBytes;
    long offset;
    long writes;

    void openFile(int kib) {
      blockBytes = kib << 10;
      block = ByteBuffer.allocateDirect(blockBytes);
      dir = Workload.newTempDir();
      try {
        ch = FileChannel.open(dir.resolve("force.dat"), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      byte[] noise = new byte[blockBytes];
      new SplittableRandom(0x5EED_F0).nextBytes(noise);
      block.put(noise).flip();
    }

    /** Writes the block at {@code at} (its first 8 bytes: a write counter) and forces it. */
    void writeAndForce(long at) {
      try {
        block.clear();
        block.putLong(0, ++writes);
        while (block.hasRemaining()) {
          ch.write(block, at + block.position());
        }
        ch.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void closeFile() {
      try {
        if (ch != null) {
          ch.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        ch = null;
        Workload.deleteTree(dir);
        dir = null;
      }
    }
  }

  /** A file that grows by one block per force; emptied at the start of every iteration. */
  @State(Scope.Thread)
  public static class AppendFile extends ForceFile {
    /** Creates the empty file. */
    @Setup(Level.Trial)
    public void open(RawForceBenchmark bench) {
      openFile(bench.blockKiB);
    }

    /** Starts the iteration with an empty file, so the file does not grow without bound. */
    @Setup(Level.Iteration)
    public void empty() throws IOException {
      ch.truncate(0);
      ch.force(true);
      offset = 0;
    }

    /** Deletes the file. */
    @TearDown(Level.Trial)
    public void close() {
      closeFile();
    }
  }

  /** A 64 MiB file, written and forced once, then overwritten one block at a time. */
  @State(Scope.Thread)
  public static class OverwriteFile extends ForceFile {
    /** Creates the file and fills its region. */
    @Setup(Level.Trial)
    public void open(RawForceBenchmark bench) throws IOException {
      openFile(bench.blockKiB);
      ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
      for (long at = 0; at < REGION; at += zeros.capacity()) {
        zeros.clear();
        while (zeros.hasRemaining()) {
          ch.write(zeros, at + zeros.position());
        }
      }
      ch.force(true);
      offset = 0;
    }

    /** Deletes the file. */
    @TearDown(Level.Trial)
    public void close() {
      closeFile();
    }
  }

  /** Write a block at the end of the file, then force. */
  @Benchmark
  public void appendForce(AppendFile f) {
    f.writeAndForce(f.offset);
    f.offset += f.blockBytes;
  }

  /** Write a block over the next block of the preallocated region, then force. */
  @Benchmark
  public void overwriteForce(OverwriteFile f) {
    f.writeAndForce(f.offset);
    f.offset = (f.offset + f.blockBytes) % REGION;
  }
}
