package org.treestore.bench.search;

import java.util.List;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * One engine of the search benchmarks: answers a query with its best 10 nodes, as
 * {@code "doc_id/node_id"}, best first. Every engine returns the ids (TreeStore's hits carry them,
 * Lucene reads them from a doc-values field, SQLite from unindexed columns), so each pays for
 * naming its hits.
 */
interface SearchEngine extends AutoCloseable {
  /** The best 10 nodes for {@code q}, best first. */
  String[] top10(SearchQueries.Query q);

  /** Where the database is and how big, for the log. */
  String describe();

  @Override
  void close();

  /** Fills an empty database. Documents come in batches; {@link #finish} ends the load. */
  interface Loader extends AutoCloseable {
    /** Adds documents {@code firstDoc, firstDoc + 1, ...} (TreeStore: one transaction per batch). */
    void add(int firstDoc, List<PageIndexDocument> docs);

    /**
     * Makes everything durable. {@code optimize}: also merge the peer's index into one segment
     * (Lucene {@code forceMerge(1)}, FTS5 {@code 'optimize'}), the best case for searching.
     */
    void finish(boolean optimize);

    @Override
    void close();
  }
}
