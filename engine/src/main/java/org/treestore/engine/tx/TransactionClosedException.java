package org.treestore.engine.tx;

import org.treestore.engine.StorageException;

/**
 * The transaction was rolled back because its store was closed while it was open; nothing it wrote
 * was committed.
 */
public final class TransactionClosedException extends StorageException {
  private static final long serialVersionUID = 1L;

  TransactionClosedException(String message) {
    super(message);
  }
}
