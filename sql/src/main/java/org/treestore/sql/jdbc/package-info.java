/**
 * The embedded JDBC driver {@code jdbc:treestore:}: URL parsing and options
 * ({@link org.treestore.sql.jdbc.ConnectionUrl}), the driver on Calcite's JDBC machinery
 * ({@link org.treestore.sql.jdbc.TreeStoreDriver}), and the wrapper that reports every error as a
 * typed {@code SQLException} with a SQLState ({@link org.treestore.sql.jdbc.JdbcErrors}).
 */
package org.treestore.sql.jdbc;
