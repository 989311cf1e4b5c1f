package org.treestore.engine;

/**
 * The file holds bytes the engine cannot trust: a page whose checksum does not match, a page of the
 * wrong type where a B+Tree expects one, a header that is not TreeStore's. Carries the page number
 * (or -1 when the problem is not tied to one page) so operators can find the damage.
 */
public class CorruptionException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long pageNo;

  /** Creates an exception for page {@code pageNo} of {@code file}; the message is prefixed with both. */
  public CorruptionException(String file, long pageNo, String problem) {
    super(pageNo >= 0
        ? file + ": page " + pageNo + " is corrupt: " + problem
        : file + ": " + problem);
    this.file = file;
    this.pageNo = pageNo;
  }

  /** The file that holds the damage. */
  public String file() {
    return file;
  }

  /** The damaged page, or -1 when the problem is not tied to one page. */
  public long pageNo() {
    return pageNo;
  }
}
