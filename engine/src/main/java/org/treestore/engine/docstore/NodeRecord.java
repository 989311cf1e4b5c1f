package org.treestore.engine.docstore;

import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;

/**
 * One stored node: its place in the tree and its fields, as the {@code nodes} table shows it, minus
 * the text (read with {@link DocumentStore#text}).
 *
 * @param docId the document
 * @param nodeId unique within the document
 * @param parentId null for a top-level node
 * @param ordinal 0-based position among its siblings
 * @param depth 0 for a top-level node
 * @param path {@code /} and the ids from the top-level ancestor down to this node, joined by {@code /}
 * @param title the title, null if the input had none
 * @param startPage {@code start_index}, or null
 * @param endPage {@code end_index}, or null (may be below the start: kept as given)
 * @param spanEnd the largest {@code end_page} in the subtree, or null if no node of it has one
 * @param lineNum {@code line_num} (Markdown mode), or null
 * @param summary the summary, or null
 * @param prefixSummary {@code prefix_summary} (Markdown mode), or null
 * @param metadata the node's keys that PageIndex does not define, as a JSON object, or null
 * @param hasText whether the node has a text (null and absent are the same to the store)
 * @param emptyChildList whether the input had an empty child list (kept so export gives it back)
 */
public record NodeRecord(
    String docId,
    String nodeId,
    String parentId,
    int ordinal,
    int depth,
    String path,
    String title,
    Integer startPage,
    Integer endPage,
    Integer spanEnd,
    Integer lineNum,
    String summary,
    String prefixSummary,
    String metadata,
    boolean hasText,
    boolean emptyChildList) {

  private static final int FORMAT = 1;
  private static final int HAS_START = 1;
  private static final int HAS_END = 2;
  private static final int HAS_SPAN = 4;
  private static final int HAS_LINE = 8;
  private static final int EMPTY_CHILD_LIST = 16;
  private static final int HAS_TEXT = 32;

  /** This record placed elsewhere in the tree. */
  NodeRecord withPlace(String newParentId, int newOrdinal, int newDepth, String newPath) {
    return new NodeRecord(docId, nodeId, newParentId, newOrdinal, newDepth, newPath, title, startPage, endPage,
        spanEnd, lineNum, summary, prefixSummary, metadata, hasText, emptyChildList);
  }

  NodeRecord withOrdinal(int newOrdinal) {
    return withPlace(parentId, newOrdinal, depth, path);
  }

  NodeRecord withSpanEnd(Integer newSpanEnd) {
    return new NodeRecord(docId, nodeId, parentId, ordinal, depth, path, title, startPage, endPage,
        newSpanEnd, lineNum, summary, prefixSummary, metadata, hasText, emptyChildList);
  }

  /** The value stored under (doc_id, node_id) in {@link DocTrees#NODES}. */
  byte[] encode() {
    int flags = (startPage != null ? HAS_START : 0) | (endPage != null ? HAS_END : 0)
        | (spanEnd != null ? HAS_SPAN : 0) | (lineNum != null ? HAS_LINE : 0)
        | (emptyChildList ? EMPTY_CHILD_LIST : 0) | (hasText ? HAS_TEXT : 0);
    KeyWriter w = new KeyWriter(64 + path.length() + (title == null ? 0 : title.length())
        + (summary == null ? 0 : summary.length() * 2));
    w.writeInt(FORMAT).writeInt(flags).writeNullableString(parentId).writeInt(ordinal).writeInt(depth)
        .writeString(path);
    if (startPage != null) {
      w.writeInt(startPage);
    }
    if (endPage != null) {
      w.writeInt(endPage);
    }
    if (spanEnd != null) {
      w.writeInt(spanEnd);
    }
    if (lineNum != null) {
      w.writeInt(lineNum);
    }
    w.writeNullableString(title).writeNullableString(summary).writeNullableString(prefixSummary)
        .writeNullableString(metadata);
    return w.toByteArray();
  }

  /** Decodes a value written by {@link #encode}. */
  static NodeRecord decode(String docId, String nodeId, byte[] value) {
    KeyReader r = new KeyReader(value);
    int format = r.readInt();
    if (format != FORMAT) {
      throw new IllegalStateException("node record of " + docId + "/" + nodeId + " has format " + format);
    }
    int flags = r.readInt();
    String parentId = r.readNullableString();
    int ordinal = r.readInt();
    int depth = r.readInt();
    String path = r.readString();
    Integer start = (flags & HAS_START) != 0 ? r.readInt() : null;
    Integer end = (flags & HAS_END) != 0 ? r.readInt() : null;
    Integer span = (flags & HAS_SPAN) != 0 ? r.readInt() : null;
    Integer line = (flags & HAS_LINE) != 0 ? r.readInt() : null;
    String title = r.readNullableString();
    String summary = r.readNullableString();
    String prefixSummary = r.readNullableString();
    String metadata = r.readNullableString();
    return new NodeRecord(docId, nodeId, parentId, ordinal, depth, path, title, start, end, span, line, summary,
        prefixSummary, metadata, (flags & HAS_TEXT) != 0, (flags & EMPTY_CHILD_LIST) != 0);
  }
}
