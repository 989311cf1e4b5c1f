package org.treestore.engine.docstore;

import org.treestore.engine.StorageException;

/**
 * A write that would break a rule of the document model: a doc_id that is already stored, a node
 * id used twice in a document, a parent or document that does not exist, a move of a node under
 * its own subtree. The message names the document and node. The transaction is left as it was
 * before the call (nothing of the failed write is in it) and may go on.
 */
public final class DocumentConstraintException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String docId;
  private final String nodeId;

  DocumentConstraintException(String docId, String nodeId, String problem) {
    super("document '" + docId + "'" + (nodeId == null ? "" : ", node '" + nodeId + "'") + ": " + problem);
    this.docId = docId;
    this.nodeId = nodeId;
  }

  /** The document the write was for. */
  public String docId() {
    return docId;
  }

  /** The node at fault, or null when the problem is with the document. */
  public String nodeId() {
    return nodeId;
  }
}
