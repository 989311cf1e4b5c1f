package org.treestore.bench;

import java.nio.file.Path;
import org.openjdk.jmh.infra.Blackhole;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;

/**
 * {@link KvEngine} over TreeStore's storage core: one {@link BTree} in a {@link Store} file with
 * the default options (8 KiB pages, {@code Durability.FULL}: a commit returns once the WAL is
 * forced) except for the buffer pool, which gets the given size.
 *
 * <p>This is the engine under test; the adapter adds nothing but a method call on top of the
 * public engine API, so what the benchmarks measure is the B+Tree, the buffer pool and the store
 * lock. A scan creates a fresh {@link Cursor} for every call, as a query would, and hands each
 * entry to the caller through {@link Cursor#keyView()} and {@link Cursor#valueView()} (no copy,
 * like MVStore's cursor, which returns its stored arrays).
 */
public final class TreeStoreEngine implements KvEngine {
  private static final String TREE = "bench";

  private final Store store;
  private final BTree tree;

  /** Creates (or opens) the store at {@code file} with a buffer pool of {@code cacheBytes}. */
  public TreeStoreEngine(Path file, long cacheBytes) {
    this.store = Store.open(file, StoreOptions.DEFAULT.withCacheSizeBytes(cacheBytes));
    this.tree = store.tree(TREE);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    tree.put(key, value);
  }

  @Override
  public byte[] get(byte[] key) {
    return tree.get(key);
  }

  @Override
  public int scan(byte[] from, int count, Blackhole sink) {
    if (count <= 0) {
      return 0;
    }
    Cursor c = tree.cursor();
    int n = 0;
    boolean ok = c.seek(from);
    while (ok) {
      // Zero-copy views, as MVStore's cursor hands out its stored arrays without copying.
      sink.consume(c.keyView());
      sink.consume(c.valueView());
      if (++n == count) {
        break; // no needless step past the last entry read
      }
      ok = c.next();
    }
    return n;
  }

  @Override
  public void commit() {
    store.commit();
  }

  /** The underlying store, for its page and buffer pool counters. */
  public Store store() {
    return store;
  }

  @Override
  public String describe() {
    return "treestore " + store.fileName() + " (" + store.pageCount() + " pages of "
        + store.pageSize() + " bytes, pool hits " + store.bufferPool().hits() + ", misses "
        + store.bufferPool().misses() + ", WAL forces " + store.walForces() + ")";
  }

  @Override
  public void close() {
    store.close();
  }
}
