package org.treestore.engine.search;

/**
 * One search result: the node, its BM25 score, its rank (from 1) and a short snippet of the field
 * that matched best, with the matched terms marked {@code «like this»}.
 */
public record SearchHit(String docId, String nodeId, double score, int rank, String snippet) {}
