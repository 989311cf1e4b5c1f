package org.treestore.bench;

import java.nio.file.Path;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;

/**
 * {@link CommitEngine} over TreeStore: one {@link Store} and one {@link BTree} shared by every
 * thread, default options with {@link Durability#FULL} spelled out (8 KiB pages, 64 MiB buffer
 * pool, checkpoint when the WAL passes 16 MiB).
 *
 * <p>What a writer's commit measures: {@code tree.put} then {@code store.commit()}, which appends
 * the dirty pages and the header page to the WAL and waits until a force covers them. Committers
 * that arrive while a force runs share the next one (group commit), which is what the benchmark
 * is meant to show. TreeStore has one implicit transaction for the whole store (MVCC transactions
 * come later), so a commit also carries whatever other threads put before it; with this workload,
 * where every thread commits right after its one put, that changes nothing about what becomes
 * durable: every put is durable when its own thread's commit returns.
 *
 * <p>Checkpoints run inside {@code commit()} when the WAL passes the threshold, as in real use, so
 * their cost is part of the measured commits (SQLite's automatic checkpoints are too).
 * {@link #preload} puts everything and commits once; that commit's WAL is far past the threshold,
 * so it also checkpoints, and the timing starts from an empty log.
 */
public final class TreeStoreCommitEngine implements CommitEngine {
  private static final String TREE = "kv";

  private final Store store;
  private final BTree tree;

  /** Creates (or opens) the store at {@code file}. */
  public TreeStoreCommitEngine(Path file) {
    this.store = Store.open(file, StoreOptions.DEFAULT.withDurability(Durability.FULL));
    this.tree = store.tree(TREE);
    store.commit();
  }

  @Override
  public void preload(byte[][] keys, byte[][] values) {
    for (int i = 0; i < keys.length; i++) {
      tree.put(keys[i], values[i]);
    }
    store.commit();
  }

  @Override
  public Writer writer() {
    return new Writer() {
      @Override
      public void insertAndCommit(byte[] key, byte[] value) {
        tree.put(key, value);
        store.commit();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public byte[] get(byte[] key) {
    return tree.get(key);
  }

  @Override
  public long count() {
    Cursor c = tree.cursor();
    long n = 0;
    for (boolean ok = c.first(); ok; ok = c.next()) {
      n++;
    }
    return n;
  }

  @Override
  public long logForces() {
    return store.walForces();
  }

  @Override
  public String describe() {
    return "treestore " + store.fileName() + " (" + store.pageCount() + " pages, WAL "
        + store.walBytes() + " bytes, " + store.walForces() + " WAL forces)";
  }

  @Override
  public void close() {
    store.close();
  }
}
