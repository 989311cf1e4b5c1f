/**
 * Transactions: snapshot isolation over copy-on-write B+Trees. {@link
 * org.treestore.engine.tx.Transaction} and {@link org.treestore.engine.tx.TransactionCursor} are the
 * API; {@link org.treestore.engine.tx.TransactionManager} runs the commit pipeline (validate with
 * {@code ConflictTracker}, reclaim, apply, append, wait for durability, publish) and tracks
 * snapshots ({@code SnapshotRegistry}). Nothing here touches a file: pages come from the pager,
 * trees from the btree package. See docs/architecture.md, "Transactions (MVCC)".
 */
package org.treestore.engine.tx;
