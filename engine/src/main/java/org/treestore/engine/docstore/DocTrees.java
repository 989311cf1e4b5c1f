package org.treestore.engine.docstore;

import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.key.KeyWriter;

/**
 * The trees a document store keeps and the keys of their entries. Every key starts with the
 * {@code doc_id}, so a document's entries in each tree form one key range, and all keys are built
 * with the order-preserving encoding of {@link KeyWriter}.
 *
 * <table>
 *   <caption>Trees</caption>
 *   <tr><th>tree</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@value #CATALOG}</td><td>(doc_id)</td><td>{@link DocumentInfo} record</td></tr>
 *   <tr><td>{@value #NODES}</td><td>(doc_id, node_id)</td><td>{@link NodeRecord} without text
 *       (the primary index)</td></tr>
 *   <tr><td>{@value #TEXT}</td><td>(doc_id, node_id)</td><td>the node's text, UTF-8; only nodes
 *       that have text</td></tr>
 *   <tr><td>{@value #PARENT}</td><td>(doc_id, parent_id or null, ordinal)</td><td>node_id, UTF-8:
 *       children in order</td></tr>
 *   <tr><td>{@value #PATH}</td><td>(doc_id, path)</td><td>empty: path lookups and prefix
 *       listings (the node id is the path's last component)</td></tr>
 *   <tr><td>{@value #PAGE}</td><td>(doc_id, level, start_page, node_id)</td><td>end_page, 4 bytes:
 *       the page interval index, see {@link PageLevels}</td></tr>
 * </table>
 *
 * <p>Text lives apart from the node record so that listings (children, subtree, pages) never read
 * it; a node record is a few hundred bytes, a text may be many kilobytes.
 */
public final class DocTrees {
  /** Document records. */
  public static final String CATALOG = "doc.catalog";
  /** Node records by (doc_id, node_id). */
  public static final String NODES = "doc.nodes";
  /** Node texts by (doc_id, node_id). */
  public static final String TEXT = "doc.text";
  /** Child lists: (doc_id, parent_id, ordinal) to node_id. */
  public static final String PARENT = "doc.parent";
  /** Paths: (doc_id, path). */
  public static final String PATH = "doc.path";
  /** Page intervals: (doc_id, level, start_page, node_id) to end_page. */
  public static final String PAGE = "doc.page";

  /** Every tree, in the order the integrity check reports them. */
  static final String[] ALL = {CATALOG, NODES, TEXT, PARENT, PATH, PAGE};

  /** Longest doc_id in UTF-8 bytes: every key of the document repeats it. */
  public static final int MAX_DOC_ID_BYTES = 256;
  /** Longest node_id in UTF-8 bytes. */
  public static final int MAX_NODE_ID_BYTES = 128;

  private DocTrees() {}

  static byte[] docKey(String docId) {
    return new KeyWriter(docId.length() + 8).writeString(docId).toByteArray();
  }

  static byte[] nodeKey(String docId, String nodeId) {
    return new KeyWriter(docId.length() + nodeId.length() + 8).writeString(docId).writeString(nodeId).toByteArray();
  }

  static byte[] parentKey(String docId, String parentId, int ordinal) {
    return new KeyWriter(48).writeString(docId).writeNullableString(parentId).writeInt(ordinal).toByteArray();
  }

  /** The prefix of every {@link #PARENT} key of the children of {@code parentId} (null: top level). */
  static byte[] childrenPrefix(String docId, String parentId) {
    return new KeyWriter(48).writeString(docId).writeNullableString(parentId).toByteArray();
  }

  static byte[] pathKey(String docId, String path) {
    return new KeyWriter(docId.length() + path.length() + 8).writeString(docId).writeString(path).toByteArray();
  }

  /**
   * The prefix shared by the {@link #PATH} keys of every path that starts with the string
   * {@code pathPrefix}: the string's encoding without its terminator (the escape is byte by byte,
   * so the encoding of a longer string starts with it).
   */
  static byte[] pathPrefixKey(String docId, String pathPrefix) {
    KeyWriter w = new KeyWriter(docId.length() + pathPrefix.length() + 8).writeString(docId).writeString(pathPrefix);
    byte[] full = w.toByteArray();
    return java.util.Arrays.copyOf(full, full.length - 2);
  }

  static byte[] pageKey(String docId, int level, int start, String nodeId) {
    return new KeyWriter(48).writeString(docId).writeInt(level).writeInt(start).writeString(nodeId).toByteArray();
  }

  static byte[] pageLevelStart(String docId, int level, long start) {
    KeyWriter w = new KeyWriter(48).writeString(docId).writeInt(level);
    if (start > Integer.MAX_VALUE) { // past every int start (page MAX_VALUE + 1): the end of the level
      return end(w.toByteArray());
    }
    return w.writeInt((int) Math.max(Integer.MIN_VALUE, start)).toByteArray();
  }

  /** The first key past every key that starts with {@code prefix}, or null if there is none. */
  static byte[] end(byte[] prefix) {
    return KeyRanges.prefixEnd(prefix);
  }
}
