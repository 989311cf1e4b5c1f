package org.treestore.engine.doc;

import org.treestore.engine.StorageException;

/**
 * Input that is not a PageIndex document this build can read. The message names the source (file
 * name), the JSON path of the offending value ({@code $.structure[2].nodes[0].start_index}) and the
 * problem; nothing of the document has been stored.
 */
public final class DocumentFormatException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String jsonPath;

  public DocumentFormatException(String source, String jsonPath, String problem) {
    super(source + ": " + (jsonPath == null ? "" : jsonPath + ": ") + problem);
    this.source = source;
    this.jsonPath = jsonPath;
  }

  /** The file or stream name given to the reader. */
  public String source() {
    return source;
  }

  /** The JSON path of the value at fault, or null when the text is not JSON at all. */
  public String jsonPath() {
    return jsonPath;
  }
}
