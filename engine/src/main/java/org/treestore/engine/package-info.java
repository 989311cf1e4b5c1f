/**
 * TreeStore's storage engine: the public entry points ({@link org.treestore.engine.Store},
 * {@link org.treestore.engine.StoreOptions}) and the exceptions every layer reports.
 *
 * <p>The engine knows nothing of SQL or JDBC. Sub-packages, bottom up: {@code io} (all file
 * access), {@code page} (checksummed pages, buffer pool, free list), {@code btree} (B+Trees and
 * the catalog), {@code key} (order-preserving composite keys), {@code check} (the integrity check).
 */
package org.treestore.engine;
