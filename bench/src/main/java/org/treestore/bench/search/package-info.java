/**
 * JMH benchmarks of full-text search (issue 6): TreeStore's BM25 search side by side with Lucene
 * (lucene-core, on disk) and SQLite FTS5 over the same generated corpus.
 *
 * <p>{@link org.treestore.bench.search.SearchCorpus} makes the documents (deterministic, 50 nodes
 * each, Zipf-distributed words), {@link org.treestore.bench.search.SearchQueries} the queries,
 * {@link org.treestore.bench.search.SearchDatabases} loads each engine's database once and keeps
 * it, {@link org.treestore.bench.search.SearchBenchmark} times top-10 queries and
 * {@link org.treestore.bench.search.SearchBuildBenchmark} index builds through
 * {@link org.treestore.bench.search.SearchEngine}, implemented by
 * {@link org.treestore.bench.search.TreeStoreSearchEngine},
 * {@link org.treestore.bench.search.LuceneSearchEngine} and
 * {@link org.treestore.bench.search.SqliteSearchEngine}.
 */
package org.treestore.bench.search;
