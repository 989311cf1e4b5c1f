package org.treestore.bench.doc;

import java.nio.file.Path;
import java.util.List;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.page.BufferPool;
import org.treestore.engine.tx.Transaction;

/**
 * {@link DocEngine} over TreeStore's {@link DocumentStore}: one file, default 8 KiB pages, the
 * shared cache budget as buffer pool, {@code Durability.NORMAL} (like SQLite's
 * {@code synchronous=NORMAL}). Every read runs in its own read-only transaction, the equivalent of
 * a peer's autocommit SELECT; the records it returns are fully decoded.
 */
final class TreeStoreDocEngine implements DocEngine {
  /** Documents per load transaction: one commit per document would measure commits, not reads. */
  private static final int LOAD_BATCH = 200;
  private static final String FILE = "docs.tsdb";

  private final Path dir;
  private final long cacheBytes;
  private final Store store;
  private final DocumentStore docs;

  private TreeStoreDocEngine(Path dir, long cacheBytes) {
    this.dir = dir;
    this.cacheBytes = cacheBytes;
    this.store = Store.open(dir.resolve(FILE), options(cacheBytes));
    this.docs = new DocumentStore(store);
  }

  private static StoreOptions options(long cacheBytes) {
    return StoreOptions.DEFAULT.withCacheSizeBytes(cacheBytes).withDurability(Durability.NORMAL);
  }

  /** Opens a loaded database for reading. */
  static TreeStoreDocEngine open(Path dir, long cacheBytes) {
    return new TreeStoreDocEngine(dir, cacheBytes);
  }

  /** Stores documents {@code 0..docs-1} in an empty directory, 200 per transaction. */
  static void load(Path dir, int docs, long cacheBytes) {
    try (Store store = Store.open(dir.resolve(FILE), options(cacheBytes))) {
      DocumentStore ds = new DocumentStore(store);
      for (int from = 0; from < docs; from += LOAD_BATCH) {
        try (Transaction tx = store.begin()) {
          for (int d = from; d < Math.min(docs, from + LOAD_BATCH); d++) {
            DocGenerator.Doc doc = DocGenerator.doc(d);
            ds.insert(tx, doc.skeleton.docId, doc.toPageIndex(), "generated");
          }
          tx.commit();
        }
      }
    }
  }

  @Override
  public Object node(String docId, String nodeId) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.node(tx, docId, nodeId).orElse(null);
    }
  }

  @Override
  public List<?> children(String docId, String parentId) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.children(tx, docId, parentId);
    }
  }

  @Override
  public List<?> subtree(String docId, String nodeId) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.subtree(tx, docId, nodeId, -1);
    }
  }

  @Override
  public List<?> ancestors(String docId, String nodeId) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.ancestors(tx, docId, nodeId);
    }
  }

  @Override
  public List<?> nodesAtPage(String docId, int page) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.nodesAtPage(tx, docId, page);
    }
  }

  @Override
  public List<?> pathPrefix(String docId, String prefix) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.pathPrefix(tx, docId, prefix);
    }
  }

  @Override
  public DocRow row(Object result) {
    NodeRecord r = (NodeRecord) result;
    return new DocRow(r.docId(), r.nodeId(), r.parentId(), r.ordinal(), r.depth(), r.path(), r.title(),
        r.startPage(), r.endPage(), r.spanEnd(), r.summary(), r.metadata());
  }

  @Override
  public String describe() {
    BufferPool pool = store.bufferPool();
    return String.format("treestore %s (%d pages of %d bytes, pool %d MiB: %,d hits, %,d misses)", dir,
        store.pageCount(), store.pageSize(), cacheBytes >> 20, pool.hits(), pool.misses());
  }

  @Override
  public void close() {
    store.close();
  }
}
