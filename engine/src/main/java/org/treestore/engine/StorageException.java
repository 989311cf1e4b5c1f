package org.treestore.engine;

/**
 * An engine failure: an I/O error, a refused file, a broken invariant. Unchecked, because a caller
 * can rarely do more than report it, and the engine's callers (the SQL layer) map it to an error
 * code at one boundary.
 *
 * <p>Every message names the file and, where it applies, the page or record that failed.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that already names the file. */
  public StorageException(String message) {
    super(message);
  }

  /** Creates an exception caused by {@code cause}, typically an {@link java.io.IOException}. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
