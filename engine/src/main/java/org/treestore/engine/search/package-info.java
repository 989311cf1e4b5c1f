/**
 * Full-text search: an inverted index of node titles, summaries and texts kept in the engine's
 * B+Trees and changed in the same transactions as the documents, ranked with BM25.
 *
 * <p>{@link org.treestore.engine.search.InvertedIndex} stores postings in blocks of 128 node
 * ordinals with score bounds in each block's header ({@link org.treestore.engine.search.PostingsBlock});
 * {@link org.treestore.engine.search.Searcher} ranks with {@link org.treestore.engine.search.Bm25}.
 * Work in progress (issue 6): the analyzer, the query language, phrase and prefix queries,
 * subtree-scoped search, snippets and block-max top-k arrive in the next steps; this step stores
 * postings and scores exhaustively, checked against BM25 computed from its definition.
 */
package org.treestore.engine.search;
