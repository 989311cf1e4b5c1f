/**
 * SQL through JDBC (issue 7): TreeStore's {@code jdbc:treestore:} driver side by side with H2 and
 * SQLite on the same documents and indexes. {@link org.treestore.bench.sql.PreparedSqlBenchmark}:
 * the contract statements as reused prepared statements; {@link
 * org.treestore.bench.sql.StatementSqlBenchmark}: plain statements with new literals every call;
 * {@link org.treestore.bench.sql.FirstQueryBenchmark}: the first query in a fresh JVM; {@link
 * org.treestore.bench.sql.DocumentWriteSqlBenchmark}: a document inserted and deleted; {@link
 * org.treestore.bench.sql.SearchSqlBenchmark}: full-text search, against the peers with a full-text
 * index ({@code h2_fts}, {@code sqlite_fts}, which the write benchmarks also take). Method and
 * results: {@code bench/sql.md}.
 */
package org.treestore.bench.sql;
