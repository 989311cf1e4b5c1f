/**
 * Full-text search: an inverted index of node titles, summaries and texts kept in the engine's
 * B+Trees and changed in the same transactions as the documents, ranked with BM25.
 *
 * <p>{@link org.treestore.engine.search.InvertedIndex} stores postings in blocks of 128 node
 * ordinals with score bounds in each block's header ({@link org.treestore.engine.search.PostingsBlock});
 * small transactions' changes wait in pending segments ({@link org.treestore.engine.search.PendingSegment})
 * that searches overlay on the stored lists ({@link org.treestore.engine.search.PendingPostings},
 * {@link org.treestore.engine.search.OverlayPostingCursor}) until a merge applies them in a batch.
 * {@link org.treestore.engine.search.Searcher} ranks with {@link org.treestore.engine.search.Bm25}
 * (MaxScore and block-max skipping); {@link org.treestore.engine.search.FullTextSearch} adds the
 * query language, filters and snippets; {@link org.treestore.engine.search.FullTextChecker} checks
 * the index against the documents.
 */
package org.treestore.engine.search;
