/**
 * The plan cache of plain JDBC {@code Statement}s: {@link org.treestore.sql.plancache.LiteralExtractor}
 * turns a statement's literals into parameters where that keeps its meaning,
 * {@link org.treestore.sql.plancache.PlanCache} keeps prepared plans per database (bounded LRU,
 * shared by the database's connections), and {@link org.treestore.sql.plancache.CachedPlan} detaches
 * a plan from the connection that prepared it so any connection can run it. The statement path that
 * uses them is {@code org.apache.calcite.jdbc.TreeStoreMeta}; the design and its limits are described
 * in {@code sql/PLAN_CACHE_NOTES.md}.
 */
package org.treestore.sql.plancache;
