package org.treestore.engine.search;

/**
 * One search result: the node, its BM25 score, its rank (from 1) and a short snippet of the field
 * that matched best, with the matched terms marked {@code «like this»} (null when the search was
 * asked for no snippets).
 */
public record SearchHit(String docId, String nodeId, double score, int rank, String snippet) {}
