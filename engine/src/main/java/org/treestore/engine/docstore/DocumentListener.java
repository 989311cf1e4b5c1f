package org.treestore.engine.docstore;

import java.util.List;
import org.treestore.engine.tx.Transaction;

/**
 * Told about every change of node content, in the transaction that makes it, so that a derived
 * index (the full-text index) changes atomically with the documents. Called after the document
 * store has checked the change and before it returns; an exception thrown here propagates to the
 * caller, whose transaction then holds a partial change and must be rolled back.
 *
 * <p>Moves and changes of pages, ordinals or metadata are not reported: only the searchable
 * content (title, summary, text) and the existence of nodes.
 */
public interface DocumentListener {
  /** Searchable content of one node. Absent fields are null. */
  record NodeContent(String docId, String nodeId, String title, String summary, String text) {}

  /** The nodes now exist with this content (new nodes, or new content of existing ones). */
  void nodesAdded(Transaction tx, List<NodeContent> nodes);

  /** The nodes no longer exist with this content (deleted, or about to get new content). */
  void nodesRemoved(Transaction tx, List<NodeContent> nodes);

  /**
   * Existing nodes changed content: {@code before.get(i)} became {@code after.get(i)} (same node,
   * same order). The default forgets the old content and adds the new; an index that can change a
   * node in place (keeping what did not change) overrides it.
   */
  default void nodesChanged(Transaction tx, List<NodeContent> before, List<NodeContent> after) {
    nodesRemoved(tx, before);
    nodesAdded(tx, after);
  }
}
