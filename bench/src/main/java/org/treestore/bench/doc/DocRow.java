package org.treestore.bench.doc;

/**
 * One node as every engine gives it back: the columns of {@code nodes} except {@code text}, the
 * fields of TreeStore's {@code NodeRecord}. The SQL engines build one per result row (every column
 * read, as an application mapping rows to objects would); TreeStore's records are converted only
 * for the answer checks. Pages are nullable, as in PageIndex files.
 */
record DocRow(String docId, String nodeId, String parentId, int ordinal, int depth, String path, String title,
    Integer startPage, Integer endPage, Integer spanEnd, String summary, String metadata) {}
