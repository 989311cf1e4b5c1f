/**
 * Planner rules and relational operators in Calcite's Enumerable convention: the scan of a
 * TreeStore table through one index access ({@link org.treestore.sql.rel.TreeStoreScan}), the rules
 * that choose accesses and push projections and limits into it
 * ({@link org.treestore.sql.rel.TreeStoreRules}), the index nested-loop join
 * ({@link org.treestore.sql.rel.TreeStoreLookupJoin}) and DML
 * ({@link org.treestore.sql.rel.TreeStoreModify}).
 */
package org.treestore.sql.rel;
