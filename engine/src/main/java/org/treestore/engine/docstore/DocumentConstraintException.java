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

  /** Which rule the write broke. */
  public enum Kind {
    /** An id (doc_id, or node_id within the document) is already taken. */
    DUPLICATE,
    /** The document, parent or node the write refers to does not exist. */
    MISSING,
    /** Any other rule: a move under the node's own subtree, a position out of range. */
    INVALID
  }

  private final String docId;
  private final String nodeId;
  private final Kind kind;

  DocumentConstraintException(Kind kind, String docId, String nodeId, String problem) {
    super("document '" + docId + "'" + (nodeId == null ? "" : ", node '" + nodeId + "'") + ": " + problem);
    this.kind = kind;
    this.docId = docId;
    this.nodeId = nodeId;
  }

  /** Which rule the write broke. */
  public Kind kind() {
    return kind;
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
