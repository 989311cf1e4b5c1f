/**
 * SQL over the TreeStore engine, with Apache Calcite: the shared open database
 * ({@link org.treestore.sql.TreeStoreDatabase}), a connection's transaction state
 * ({@link org.treestore.sql.SqlSession}), SQLStates ({@link org.treestore.sql.SqlStates}) and the
 * statement preparation with TreeStore's planner rules ({@link org.treestore.sql.TreeStorePrepare}).
 * Knows the engine's document store and full-text search, nothing of pages or B+Trees.
 */
package org.treestore.sql;
