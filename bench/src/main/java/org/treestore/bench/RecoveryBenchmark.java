package org.treestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Warmup;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.wal.RecoveryReport;
import org.treestore.engine.wal.Wal;

/**
 * Crash recovery of TreeStore: the time to open a database whose WAL holds {@link #walMiB} MiB of
 * committed frames that never reached the main file, replay them, and close it.
 *
 * <p>Why: recovery time decides how long a database is unavailable after a crash, and it grows
 * with the WAL, so the issue asks for it at a large WAL (256 MiB, sixteen times the default
 * checkpoint size of 16 MiB).
 *
 * <p>The crash image is built once per trial: a new store with checkpoints turned off
 * ({@code withCheckpointBytes(1L << 40)}), filled in commits of {@link #BATCH} puts (16-byte keys,
 * 100-byte values) until {@code walBytes()} reaches the target. Keys ascend (a big-endian counter,
 * then eight random bytes), so nearly every WAL frame is a new page and recovery writes about as
 * much to the main file as it reads from the log: the most work per WAL byte. Right after the last
 * commit returns, with the store still open, the main file and the WAL are copied: that is what a
 * crash at that moment leaves, since every commit is written (and forced) before commit returns
 * and a crash skips the clean close, which would have checkpointed the WAL. The source store is
 * then closed and deleted.
 *
 * <p>Every iteration gets its own copy of the image ({@link Level#Iteration} setup), forced to
 * disk before the timing so its write-back does not overlap the measurement. Its pages stay in the
 * OS page cache, so the log is read from memory, as after a process crash (after a power loss it
 * would come from disk). The timed operation is {@code Store.open} (which reads and checks the
 * whole log, copies the newest image of every committed page into the main file, forces it and
 * resets the log) plus {@code close()}. The iteration teardown then checks the recovery report
 * (every frame and every commit replayed, nothing discarded; the run fails otherwise), reopens the
 * recovered database and reads back the last key and 1,000 others.
 *
 * <p>The score is seconds per recovery; MB/s is the WAL size printed in the setup divided by it
 * (the setup prints the size, the teardown the rate of each iteration).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class RecoveryBenchmark {
  /** Puts per commit while building the image. */
  static final int BATCH = 2_000;
  private static final String FILE = "recovery.tsdb";
  private static final String TREE = "kv";

  /** WAL size of the crash image, in MiB. */
  @Param("256")
  public int walMiB;

  private Path imageDir;
  private Path runDir;
  private long walBytes;
  private long frames;
  private long commits;
  private long entries;
  private RecoveryReport report;
  private long recoveryNanos;

  /** Builds the crash image: a store whose WAL holds {@link #walMiB} MiB of committed frames. */
  @Setup(Level.Trial)
  public void buildImage() throws IOException {
    Path buildDir = Workload.newTempDir();
    imageDir = Workload.newTempDir();
    long target = (long) walMiB << 20;
    long t0 = System.nanoTime();
    Store store = Store.open(buildDir.resolve(FILE), options());
    int frameBytes = Wal.FRAME_HEADER + store.pageSize();
    try {
      BTree tree = store.tree(TREE);
      while (store.walBytes() < target) {
        for (int i = 0; i < BATCH; i++) {
          tree.put(key(entries), value(entries));
          entries++;
        }
        store.commit();
        commits++;
      }
      walBytes = store.walBytes();
      // The crash image: both files as they are right after the last commit, the store still open.
      for (String name : new String[] {FILE, FILE + "-wal"}) {
        Files.copy(buildDir.resolve(name), imageDir.resolve(name));
        force(imageDir.resolve(name));
      }
    } finally {
      store.close();
      Workload.deleteTree(buildDir);
    }
    frames = (Files.size(imageDir.resolve(FILE + "-wal")) - Wal.HEADER_SIZE) / frameBytes;
    System.out.println();
    System.out.printf("# crash image: %d entries in %d commits (+1 creating the database), WAL %d bytes "
        + "(%.1f MiB, %d frames), main file %d bytes; built in %.1f s%n", entries, commits, walBytes,
        walBytes / 1048576.0, frames, Files.size(imageDir.resolve(FILE)), (System.nanoTime() - t0) / 1e9);
  }

  private static StoreOptions options() {
    return StoreOptions.DEFAULT.withCheckpointBytes(1L << 40).withCacheSizeBytes(Workload.CACHE_BYTES);
  }

  /** A fresh copy of the crash image for this iteration, forced to disk before the timing. */
  @Setup(Level.Iteration)
  public void copyImage() throws IOException {
    runDir = Workload.newTempDir();
    for (String name : new String[] {FILE, FILE + "-wal"}) {
      Files.copy(imageDir.resolve(name), runDir.resolve(name));
      force(runDir.resolve(name));
    }
    report = null;
    System.gc();
  }

  /** Opens the crashed database (replaying the WAL) and closes it. */
  @Benchmark
  public RecoveryReport recover() {
    long t0 = System.nanoTime();
    Store s = Store.open(runDir.resolve(FILE), options());
    RecoveryReport r = s.recoveryReport();
    s.close();
    report = r;
    recoveryNanos = System.nanoTime() - t0;
    return r;
  }

  /** Checks the recovery report and the recovered data, then deletes the copy. */
  @TearDown(Level.Iteration)
  public void verify() {
    try {
      RecoveryReport r = report;
      // The log holds the commits of the build plus the one that created the database.
      if (r == null || r.framesReplayed() != frames || r.commitsReplayed() < commits
          || r.bytesDiscarded() != 0) {
        throw new IllegalStateException("recovery replayed too little: " + r + "; expected " + frames
            + " frames of " + commits + " commits");
      }
      try (Store s = Store.open(runDir.resolve(FILE), options())) {
        if (s.recoveryReport().framesReplayed() != 0) {
          throw new IllegalStateException("the recovered database needed recovery again: "
              + s.recoveryReport());
        }
        BTree tree = s.tree(TREE);
        for (int i : Workload.randomIndices(1_000, (int) entries, 0x5EED_0005L)) {
          checkEntry(tree, i);
        }
        checkEntry(tree, entries - 1);
        System.out.printf("%n# %s; main file now %d pages; %.2f s open + close (%.0f MB/s of WAL)%n", r,
            s.pageCount(), recoveryNanos / 1e9, walBytes / 1e6 / (recoveryNanos / 1e9));
      }
    } finally {
      Workload.deleteTree(runDir);
      runDir = null;
    }
  }

  private static void checkEntry(BTree tree, long i) {
    if (!Arrays.equals(tree.get(key(i)), value(i))) {
      throw new IllegalStateException("entry #" + i + " lost or wrong after recovery");
    }
  }

  /** Deletes the crash image. */
  @TearDown(Level.Trial)
  public void deleteImage() {
    Workload.deleteTree(imageDir);
    imageDir = null;
  }

  /** Key {@code i}: {@code i} big-endian, then eight bytes derived from {@code i}. */
  static byte[] key(long i) {
    byte[] k = new byte[Workload.KEY_LENGTH];
    putLong(k, 0, i);
    putLong(k, 8, new SplittableRandom(i).nextLong());
    return k;
  }

  /** Value {@code i}: 100 bytes derived from {@code i}. */
  static byte[] value(long i) {
    byte[] v = new byte[Workload.VALUE_LENGTH];
    new SplittableRandom(~i).nextBytes(v);
    return v;
  }

  private static void putLong(byte[] b, int off, long v) {
    for (int i = 0; i < 8; i++) {
      b[off + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  private static void force(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }
}
