/**
 * The {@code treestore} schema: the tables {@code documents}, {@code nodes}, {@code children} and
 * {@code paths} with the index accesses each offers, and the table functions {@code search},
 * {@code subtree}, {@code ancestors} and {@code nodes_at_page}. Tables produce rows from the
 * document store in the connection's transaction; they apply INSERT, UPDATE and DELETE.
 */
package org.treestore.sql.schema;
