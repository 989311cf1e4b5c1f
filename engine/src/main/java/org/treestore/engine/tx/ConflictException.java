package org.treestore.engine.tx;

import org.treestore.engine.StorageException;

/**
 * A write-write conflict: another transaction that committed after this transaction's snapshot
 * was taken wrote a key this transaction also wrote, and the first committer wins. The transaction
 * has been rolled back; running it again from the start (a new {@code begin}) may succeed. The SQL
 * layer reports it as SQLState 40001 (serialization failure).
 */
public final class ConflictException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String tree;
  private final long conflictingCommit;

  ConflictException(String message, String tree, long conflictingCommit) {
    super(message);
    this.tree = tree;
    this.conflictingCommit = conflictingCommit;
  }

  /** Always true: the transaction may be retried. */
  public boolean isRetryable() {
    return true;
  }

  /** The tree of the conflicting key. */
  public String tree() {
    return tree;
  }

  /** The sequence number of the commit that wrote the key first. */
  public long conflictingCommit() {
    return conflictingCommit;
  }
}
