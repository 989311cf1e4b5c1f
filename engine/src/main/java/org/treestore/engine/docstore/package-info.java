/**
 * Documents stored in the engine: PageIndex trees kept whole, node by node, with the hierarchical
 * indexes that answer an application's questions in time proportional to the answer.
 *
 * <p>{@link org.treestore.engine.docstore.DocumentStore} is the entry point. Every operation runs
 * in the caller's {@link org.treestore.engine.tx.Transaction}, so a document (with all its index
 * entries) appears whole or not at all, and readers see a consistent snapshot. The layout of the
 * trees is in {@link org.treestore.engine.docstore.DocTrees}; the integrity check of the indexes
 * against the node records is {@link org.treestore.engine.docstore.DocumentChecker}.
 */
package org.treestore.engine.docstore;
