package org.treestore.bench.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.page.BufferPool;
import org.treestore.engine.search.FullTextIndex;
import org.treestore.engine.search.FullTextSearch;
import org.treestore.engine.search.SearchHit;
import org.treestore.engine.search.Searcher;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.tx.Transaction;

/**
 * TreeStore: documents stored through {@link DocumentStore} with {@link FullTextSearch} registered,
 * so the full-text index is written in the documents' transactions. One file, 8 KiB pages, the
 * benchmark's cache budget as buffer pool, {@code Durability.NORMAL} (like SQLite's
 * {@code synchronous=NORMAL}). Every query runs in its own read-only transaction.
 *
 * <p>Two ways to ask: {@code treestore} gives the analysed terms to {@link Searcher#search} with
 * every field and the default boosts (what {@link FullTextSearch} does for a plain list of terms,
 * and what Lucene is given: analysed terms); {@code treestore-query} calls
 * {@link FullTextSearch#search} with the query text, which adds parsing, analysis and a snippet for
 * each hit (the text read back and analysed again).
 */
final class TreeStoreSearchEngine implements SearchEngine {
  private static final String FILE = "search.tsdb";

  private final Path dir;
  private final long cacheBytes;
  private final boolean queryApi;
  private final Store store;
  private final DocumentStore docs;
  private final FullTextSearch search;
  private final Searcher searcher = new Searcher();
  /** Whether {@link #close} deletes {@code dir} (a copy made for one trial). */
  private boolean deleteOnClose;

  private TreeStoreSearchEngine(Path dir, long cacheBytes, boolean queryApi) {
    this.dir = dir;
    this.cacheBytes = cacheBytes;
    this.queryApi = queryApi;
    this.store = Store.open(dir.resolve(FILE), options(cacheBytes));
    Analyzer stored;
    try (Transaction tx = store.beginReadOnly()) {
      stored = FullTextIndex.storedAnalyzer(tx);
    }
    this.docs = new DocumentStore(store);
    this.search = new FullTextSearch(docs, stored != null ? stored : Analyzer.builder().build());
  }

  /**
   * Adds documents {@code first .. first+count-1} of the corpus, each in a transaction of its own
   * (so each leaves a pending full-text segment), then, if {@code merge}, merges every pending
   * segment into the posting lists. Returns the pending segments left.
   */
  int addEach(int first, int count, boolean merge) {
    for (int d = first; d < first + count; d++) {
      try (Transaction tx = store.begin()) {
        docs.insert(tx, SearchCorpus.docId(d), SearchCorpus.document(d), null);
        tx.commit();
      }
    }
    if (merge) {
      search.mergeAllPending();
    }
    try (Transaction tx = store.beginReadOnly()) {
      int n = 0;
      var c = tx.cursor(org.treestore.engine.search.InvertedIndex.PENDING);
      for (boolean ok = c.first(); ok; ok = c.next()) {
        n++;
      }
      return n;
    }
  }

  private static StoreOptions options(long cacheBytes) {
    return StoreOptions.DEFAULT.withCacheSizeBytes(cacheBytes).withDurability(Durability.NORMAL);
  }

  static TreeStoreSearchEngine open(Path dir, long cacheBytes, boolean queryApi) {
    return new TreeStoreSearchEngine(dir, cacheBytes, queryApi);
  }

  /**
   * The {@code Searcher}-API engine over a copy, in a new directory under {@code java.io.tmpdir}
   * named after {@code prefix}, of the loaded database of {@code nodes} nodes (loaded first if
   * needed): for a trial that changes it. Closing it deletes the copy.
   */
  static TreeStoreSearchEngine openCopyOfLoaded(int nodes, long cacheBytes, String prefix) throws IOException {
    SearchDatabases.open(SearchDatabases.TREESTORE, nodes, cacheBytes).close(); // loads it if needed
    Path loaded = SearchDatabases.root().resolve(SearchDatabases.TREESTORE + "-" + nodes);
    Path copy = Files.createTempDirectory(prefix);
    try (var files = Files.list(loaded)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    TreeStoreSearchEngine db = new TreeStoreSearchEngine(copy, cacheBytes, false);
    db.deleteOnClose = true;
    return db;
  }

  /** A loader into {@code dir} (empty): every batch of documents is one transaction. */
  static Loader loader(Path dir, long cacheBytes) {
    Store store = Store.open(dir.resolve(FILE), options(cacheBytes));
    DocumentStore docs = new DocumentStore(store);
    new FullTextSearch(docs, Analyzer.builder().build());
    return new Loader() {
      @Override
      public void add(int firstDoc, List<PageIndexDocument> batch) {
        try (Transaction tx = store.begin()) {
          for (int i = 0; i < batch.size(); i++) {
            docs.insert(tx, SearchCorpus.docId(firstDoc + i), batch.get(i), null);
          }
          tx.commit();
        }
      }

      @Override
      public void finish(boolean optimize) {
        // nothing to merge; close() checkpoints the log into the main file
      }

      @Override
      public void close() {
        store.close();
      }
    };
  }

  /** Replaces a node's summary in a transaction of its own (one pending segment). */
  void editSummary(String docId, String nodeId, String summary) {
    try (Transaction tx = store.begin()) {
      if (docs.updateNode(tx, docId, nodeId, new org.treestore.engine.docstore.NodeChange().summary(summary)).isEmpty()) {
        throw new IllegalStateException("no node " + docId + "/" + nodeId);
      }
      tx.commit();
    }
  }

  /** Merges every pending full-text segment into the posting lists. */
  void mergeAll() {
    search.mergeAllPending();
  }

  @Override
  public String[] top10(SearchQueries.Query q) {
    try (Transaction tx = store.beginReadOnly()) {
      if (queryApi) {
        List<SearchHit> hits = search.search(tx, q.text(), 10).hits();
        String[] out = new String[hits.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = hits.get(i).docId() + "/" + hits.get(i).nodeId();
        }
        return out;
      }
      List<Searcher.TermClause> clauses = new ArrayList<>(q.terms().length);
      for (String t : q.terms()) {
        clauses.add(Searcher.TermClause.everywhere(t));
      }
      List<Searcher.Hit> hits = searcher.search(tx, clauses, false, 10);
      String[] out = new String[hits.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = hits.get(i).docId() + "/" + hits.get(i).nodeId();
      }
      return out;
    }
  }

  @Override
  public String describe() {
    BufferPool pool = store.bufferPool();
    return String.format("treestore%s %s (%,d pages of %d bytes, pool %d MiB: %,d hits, %,d misses)",
        queryApi ? " (query API)" : "", dir, store.pageCount(), store.pageSize(), cacheBytes >> 20, pool.hits(),
        pool.misses());
  }

  @Override
  public void close() {
    store.close();
    if (deleteOnClose) {
      try {
        SearchDatabases.deleteTree(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
