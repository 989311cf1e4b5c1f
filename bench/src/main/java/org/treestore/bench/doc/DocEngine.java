package org.treestore.bench.doc;

import java.util.List;

/**
 * The six read operations of the document benchmark, one implementation per engine, over a
 * database already loaded by {@link DocDatabases}. Each call is one autocommit read (one read-only
 * transaction in TreeStore) and returns the engine's own objects, with every column except
 * {@code text} read. Single-threaded: an instance belongs to the thread that runs the trial.
 */
interface DocEngine extends AutoCloseable {
  /** The node, or null. */
  Object node(String docId, String nodeId);

  /** The children of {@code parentId}, by ordinal. */
  List<?> children(String docId, String parentId);

  /** The node and all its descendants, pre-order. */
  List<?> subtree(String docId, String nodeId);

  /** The top-level ancestor first, the node last. */
  List<?> ancestors(String docId, String nodeId);

  /** The nodes with {@code start_page <= page <= end_page}, in any order. */
  List<?> nodesAtPage(String docId, int page);

  /** The nodes whose path starts with {@code prefix}, in path order. */
  List<?> pathPrefix(String docId, String prefix);

  /** One of this engine's results as a {@link DocRow}, for the answer checks. */
  DocRow row(Object result);

  /** Engine, file and settings, for the log. */
  String describe();

  @Override
  void close();
}
