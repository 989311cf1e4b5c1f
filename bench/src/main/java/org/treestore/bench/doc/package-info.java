/**
 * JMH benchmark of document reads (issue 5): TreeStore's document store side by side with SQLite
 * and H2 holding the same documents in a {@code nodes} table with the same indexes.
 *
 * <p>{@link org.treestore.bench.doc.DocGenerator} makes the documents (deterministic, PageIndex-like
 * trees of about 52 nodes), {@link org.treestore.bench.doc.DocDatabases} loads each engine's database
 * once and keeps it for later runs, {@link org.treestore.bench.doc.DocProbes} draws the same call
 * arguments for every engine and checks the answers against the generator, and {@link
 * org.treestore.bench.doc.DocReadBenchmark} times the six operations through {@link
 * org.treestore.bench.doc.DocEngine}, implemented by {@link org.treestore.bench.doc.TreeStoreDocEngine}
 * for TreeStore and {@link org.treestore.bench.doc.SqlDocEngine} for the SQL peers.
 */
package org.treestore.bench.doc;
