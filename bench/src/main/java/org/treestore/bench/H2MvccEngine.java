package org.treestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import org.h2.engine.IsolationLevel;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.tx.Transaction;
import org.h2.mvstore.tx.TransactionMap;
import org.h2.mvstore.tx.TransactionStore;
import org.h2.value.VersionedValue;

/**
 * {@link MvccEngine} over H2 2.3.232's MVCC layer: an {@code org.h2.mvstore.tx.TransactionStore} on
 * an MVStore file, one {@code TransactionMap<byte[], byte[]>}, every transaction in
 * {@link IsolationLevel#SNAPSHOT}.
 *
 * <p><b>Snapshots.</b> {@code TransactionMap} takes a new snapshot for every read unless the
 * transaction has marked a statement start: only {@code Transaction.markStatementStart(maps)}
 * stores the snapshot, and in a snapshot-isolation transaction the first statement's snapshot then
 * stays the transaction's. H2's SQL layer calls it for every statement; without it, a
 * read-modify-write would read one snapshot and check its write against a later one, and lost
 * updates go undetected (a first version of this adapter lost 1 % to 30 % of the increments on the
 * hot key). So every transaction here is begun, marked once, and used as one statement.
 *
 * <p><b>Conflicts.</b> H2 detects write conflicts when a transaction writes, not when it commits,
 * in two ways, and the adapter turns both into {@link MvccEngine.Conflict} after rolling back:
 * <ul>
 *   <li>the key holds an uncommitted write of another open transaction (a row lock):
 *       {@code ERROR_TRANSACTION_LOCKED}. Every transaction is begun with a lock timeout of 0 ms,
 *       so this is reported at once instead of waited for. Waiting would not save the
 *       transaction anyway: under snapshot isolation, once the holder commits, its write is newer
 *       than this transaction's snapshot and the write fails with the next case. It also keeps
 *       the retry loop the same as TreeStore's, whose conflicts never wait.
 *   <li>the key was changed by a transaction that committed after this one's snapshot was taken:
 *       a plain {@code TransactionMap.put} does not check for that (it would silently overwrite,
 *       a lost update), so {@link Tx#put} first calls {@code TransactionMap.lock(key)}, which in
 *       a repeatable-read or snapshot transaction compares the snapshot's value with the latest
 *       committed one and throws {@code ERROR_TRANSACTIONS_DEADLOCK} when they differ. This is how
 *       H2's SQL layer updates a row (lock the row, then write it). The comparison is by value,
 *       so the value type must order values: {@link UnsignedBytesType} for keys and values (H2's
 *       {@code ByteArrayDataType} cannot compare). The benchmark's values always differ from
 *       their previous version (a counter), so comparing by value sees every change.
 * </ul>
 *
 * <p><b>Durability.</b> H2 never forces the file on commit. With {@code writeEachCommit} (engine
 * {@code h2}) the store's auto-commit delay is 0 ({@code autoCommitDisabled()}), and then H2's
 * {@code TransactionStore} calls {@code MVStore.commit()} at the end of every transaction that
 * changed something: the change is written to the file (a new chunk), not forced. That is
 * TreeStore's {@code Durability.NORMAL} guarantee: a process crash loses nothing committed, a power
 * loss may lose the latest commits. Without it (engine {@code h2-delayed}) H2's defaults apply:
 * a background thread writes the changes about once a second, so a process crash can lose the
 * last second of commits.
 *
 * <p>H2's page cache gets 64 MB, TreeStore's default buffer pool size. The lock timeout of the
 * store ({@code TransactionStore} constructor) is H2's default, 0; the adapter also passes 0 to
 * every {@code begin}. The maximum transaction id stays at H2's default (65,535 open transactions),
 * far above the at most 18 open at once here.
 */
public final class H2MvccEngine implements MvccEngine {
  private static final String MAP = "kv";
  private static final int CACHE_MB = 64;
  private static final TransactionStore.RollbackListener NO_LISTENER = (map, key, from, to) -> {};

  private final Path file;
  private final boolean writeEachCommit;
  private final MVStore store;
  private final TransactionStore txStore;
  private final MVMap<byte[], VersionedValue<byte[]>> map;
  /** The maps a transaction uses, for {@code markStatementStart}; never changed after setup. */
  private final HashSet<MVMap<Object, VersionedValue<Object>>> maps = new HashSet<>();

  /** Creates the store at {@code file}; see the class comment for {@code writeEachCommit}. */
  public H2MvccEngine(Path file, boolean writeEachCommit) {
    this.file = file;
    this.writeEachCommit = writeEachCommit;
    MVStore.Builder b = new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB);
    if (writeEachCommit) {
      b.autoCommitDisabled();
    }
    store = b.open();
    txStore = new TransactionStore(store);
    txStore.init();
    Transaction t = begin0();
    TransactionMap<byte[], byte[]> m =
        t.openMap(MAP, UnsignedBytesType.INSTANCE, UnsignedBytesType.INSTANCE);
    map = m.map;
    t.commit();
    @SuppressWarnings({"unchecked", "rawtypes"})
    MVMap<Object, VersionedValue<Object>> raw = (MVMap) map;
    maps.add(raw);
  }

  private Transaction begin0() {
    return txStore.begin(NO_LISTENER, 0, 0, IsolationLevel.SNAPSHOT);
  }

  @Override
  public void preload(byte[][] keys, byte[][] values) {
    // Batches keep one transaction's undo log small; no lock() needed, nothing runs concurrently.
    for (int from = 0; from < keys.length; from += 10_000) {
      Transaction t = begin0();
      TransactionMap<byte[], byte[]> m = t.openMapX(map);
      for (int i = from; i < Math.min(keys.length, from + 10_000); i++) {
        m.put(keys[i], values[i]);
      }
      t.commit();
    }
    store.commit();
  }

  @Override
  public Tx begin() {
    return new H2Tx(begin0(), false);
  }

  @Override
  public Tx beginReadOnly() {
    return new H2Tx(begin0(), true);
  }

  private final class H2Tx implements Tx {
    private final Transaction t;
    private final TransactionMap<byte[], byte[]> m;
    private final boolean readOnly;
    private boolean over;

    H2Tx(Transaction t, boolean readOnly) {
      this.t = t;
      // Without this every read takes a fresh snapshot (see the class comment); with it, the
      // first statement's snapshot becomes the transaction's, as in H2's SQL layer.
      t.markStatementStart(maps);
      this.m = t.openMapX(map);
      this.readOnly = readOnly;
    }

    @Override
    public byte[] get(byte[] key) {
      return m.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      if (readOnly) {
        throw new IllegalStateException("read-only transaction");
      }
      try {
        m.lock(key);
        m.put(key, value);
      } catch (MVStoreException e) {
        int code = e.getErrorCode();
        if (code == DataUtils.ERROR_TRANSACTION_LOCKED
            || code == DataUtils.ERROR_TRANSACTIONS_DEADLOCK) {
          over = true;
          t.rollback();
          throw Conflict.INSTANCE;
        }
        throw e;
      }
    }

    @Override
    public void commit() {
      over = true;
      t.commit();
    }

    @Override
    public void close() {
      if (!over) {
        over = true;
        // A read-only transaction has nothing to undo; commit is H2's cheapest way to end it.
        if (readOnly) {
          t.commit();
        } else {
          t.rollback();
        }
      }
    }
  }

  @Override
  public String describe() {
    long bytes;
    try {
      bytes = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (writeEachCommit ? MvccEngine.H2 : MvccEngine.H2_DELAYED) + " " + file.getFileName()
        + " (" + bytes / 1024 + " KiB, cache " + store.getCacheSizeUsed() + " of "
        + store.getCacheSize() + " MB used, " + map.sizeAsLong() + " map entries)";
  }

  @Override
  public void close() {
    txStore.close();
    store.close();
  }
}
