package org.treestore.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.Transaction;

/**
 * {@link MvccEngine} over TreeStore's MVCC transactions: one {@link Store}, one named tree, every
 * thread beginning its own {@link Transaction}s (snapshot isolation; a conflicting commit throws
 * {@link ConflictException}, which the adapter passes on as {@link MvccEngine.Conflict}).
 *
 * <p>Default options (8 KiB pages, 64 MiB buffer pool, checkpoint at 16 MiB of WAL) except the
 * durability: {@code NORMAL} (engine {@code treestore}: a commit is written to the WAL but not
 * forced, the setting that compares with H2, which never forces on commit) or {@code FULL} (engine
 * {@code treestore-full}: a commit returns once a force covers it; concurrent committers share
 * forces).
 *
 * <p>The adapter adds one small wrapper object per transaction and nothing else.
 */
public final class TreeStoreMvccEngine implements MvccEngine {
  private static final String TREE = "kv";

  private final Path file;
  private final boolean full;
  private final Store store;

  /** Creates the store at {@code file}; {@code full} picks {@code Durability.FULL}. */
  public TreeStoreMvccEngine(Path file, boolean full) {
    this.file = file;
    this.full = full;
    this.store = Store.open(file,
        StoreOptions.DEFAULT.withDurability(full ? Durability.FULL : Durability.NORMAL));
  }

  @Override
  public void preload(byte[][] keys, byte[][] values) {
    for (int from = 0; from < keys.length; from += 10_000) {
      try (Transaction t = store.begin()) {
        for (int i = from; i < Math.min(keys.length, from + 10_000); i++) {
          t.put(TREE, keys[i], values[i]);
        }
        t.commit();
      }
    }
  }

  @Override
  public Tx begin() {
    return new TsTx(store.begin());
  }

  @Override
  public Tx beginReadOnly() {
    return new TsTx(store.beginReadOnly());
  }

  private static final class TsTx implements Tx {
    private final Transaction t;

    TsTx(Transaction t) {
      this.t = t;
    }

    @Override
    public byte[] get(byte[] key) {
      return t.get(TREE, key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
      t.put(TREE, key, value);
    }

    @Override
    public void commit() {
      try {
        t.commit();
      } catch (ConflictException e) {
        throw Conflict.INSTANCE;
      }
    }

    @Override
    public void close() {
      t.close();
    }
  }

  @Override
  public String describe() {
    long bytes;
    long wal;
    try {
      bytes = Files.size(file);
      Path walFile = file.resolveSibling(file.getFileName() + "-wal");
      wal = Files.exists(walFile) ? Files.size(walFile) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return (full ? MvccEngine.TREESTORE_FULL : MvccEngine.TREESTORE) + " " + file.getFileName()
        + " (" + bytes / 1024 + " KiB, WAL " + wal / 1024 + " KiB, " + store.pageCount()
        + " pages, " + store.walForces() + " WAL forces)";
  }

  @Override
  public void close() {
    store.close();
  }
}
