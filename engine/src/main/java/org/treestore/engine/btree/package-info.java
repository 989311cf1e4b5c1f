/**
 * Disk B+Trees over the pager: slotted nodes, overflow chains for big values, cursors that move in
 * both directions, the catalog of named trees, and the per-tree verifier used by the integrity
 * check.
 */
package org.treestore.engine.btree;
