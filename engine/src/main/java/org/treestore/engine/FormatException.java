package org.treestore.engine;

/**
 * A file that is not a TreeStore database, or one written in a format version or with options this
 * build cannot open. Refused on open, before anything is read or written.
 */
public class FormatException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the file and why it was refused. */
  public FormatException(String message) {
    super(message);
  }
}
