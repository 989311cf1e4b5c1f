package org.treestore.engine.docstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.DocumentFormatException;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.tx.Transaction;

/**
 * Turns a {@link PageIndexDocument} into the entries of every document tree, checking all of it
 * first: {@link #prepare} either returns the complete set of entries or throws, and only
 * {@link #apply} touches the transaction. That is what makes a store atomic per document even
 * inside a larger transaction: a bad document leaves nothing behind, with no need to undo.
 *
 * <p>The walk is iterative (PageIndex trees can be deep), the {@code span_end} of every node is
 * computed in one backward pass over the pre-order (children come after their parent), and the
 * JSON path of a node is rebuilt only for an error message.
 */
final class DocumentImport {
  private final String docId;
  private final PageIndexDocument doc;
  private final String source;
  private final int maxKey;
  private final List<DocNode> nodes = new ArrayList<>();
  private int[] parent;
  private int[] ordinal;
  private final List<String> trees = new ArrayList<>();
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();
  private long pageLevels;

  private DocumentImport(String docId, PageIndexDocument doc, String source, int maxKey) {
    this.docId = docId;
    this.doc = doc;
    this.source = source;
    this.maxKey = maxKey;
  }

  /** Checks the document and builds its entries; throws {@link DocumentFormatException} on bad input. */
  static DocumentImport prepare(String docId, PageIndexDocument doc, String source, int maxKey, long nowMillis) {
    DocumentImport p = new DocumentImport(docId, doc, source, maxKey);
    p.build(nowMillis);
    return p;
  }

  /** How many nodes the document has. */
  int nodeCount() {
    return nodes.size();
  }

  /** The searchable content of every node, for the listeners. */
  List<DocumentListener.NodeContent> contents() {
    List<DocumentListener.NodeContent> out = new ArrayList<>(nodes.size());
    for (DocNode n : nodes) {
      out.add(new DocumentListener.NodeContent(docId, n.nodeId(), n.title(), n.summary(), n.text()));
    }
    return out;
  }

  /** Writes every entry into {@code tx}. */
  void apply(Transaction tx) {
    for (int i = 0; i < keys.size(); i++) {
      tx.put(trees.get(i), keys.get(i), values.get(i));
    }
  }

  private void build(long nowMillis) {
    checkDocId(docId);
    // Pre-order with parent and ordinal of each node.
    List<Integer> parents = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    java.util.ArrayDeque<int[]> stack = new java.util.ArrayDeque<>(); // {parent index, ordinal}
    java.util.ArrayDeque<DocNode> nodeStack = new java.util.ArrayDeque<>();
    for (int i = doc.roots().size() - 1; i >= 0; i--) {
      nodeStack.push(doc.roots().get(i));
      stack.push(new int[] {-1, i});
    }
    while (!nodeStack.isEmpty()) {
      DocNode n = nodeStack.pop();
      int[] place = stack.pop();
      int index = nodes.size();
      nodes.add(n);
      parents.add(place[0]);
      ordinals.add(place[1]);
      for (int i = n.children().size() - 1; i >= 0; i--) {
        nodeStack.push(n.children().get(i));
        stack.push(new int[] {index, i});
      }
    }
    int count = nodes.size();
    parent = new int[count];
    ordinal = new int[count];
    for (int i = 0; i < count; i++) {
      parent[i] = parents.get(i);
      ordinal[i] = ordinals.get(i);
    }
    // Ids: present, well-formed, unique.
    Map<String, Integer> seen = new HashMap<>(count * 2);
    String[] path = new String[count];
    int[] depth = new int[count];
    for (int i = 0; i < count; i++) {
      String id = nodes.get(i).nodeId();
      checkNodeId(i, id);
      Integer earlier = seen.putIfAbsent(id, i);
      if (earlier != null) {
        throw error(i, "node_id \"" + id + "\" is also the id of the node at " + jsonPath(earlier));
      }
      int p = parent[i];
      path[i] = (p < 0 ? "" : path[p]) + "/" + id;
      depth[i] = p < 0 ? 0 : depth[p] + 1;
    }
    // span_end: children follow their parent in pre-order, so a backward pass sees them first.
    Integer[] span = new Integer[count];
    for (int i = count - 1; i >= 0; i--) {
      span[i] = max(span[i], nodes.get(i).endPage());
      int p = parent[i];
      if (p >= 0) {
        span[p] = max(span[p], span[i]);
      }
    }
    for (int i = 0; i < count; i++) {
      addNode(i, path[i], depth[i], span[i]);
    }
    String fields = doc.fields().toString();
    DocumentInfo info = new DocumentInfo(docId, source, nowMillis, count, doc.variant(), doc.childKey(),
        doc.idsAssigned(), fields, pageLevels, count);
    byte[] record;
    try {
      record = info.encode();
    } catch (IllegalArgumentException e) { // an unpaired surrogate in a top-level key or value
      throw new DocumentFormatException(source, "$", "a document-level field is not valid Unicode: " + e.getMessage());
    }
    add(DocTrees.CATALOG, encodeKey(-1, "document id", () -> DocTrees.docKey(docId)), record);
  }

  private void addNode(int i, String path, int depth, Integer span) {
    DocNode n = nodes.get(i);
    String parentId = parent[i] < 0 ? null : nodes.get(parent[i]).nodeId();
    String metadata = n.extra() == null ? null : n.extra().toString();
    NodeRecord r = new NodeRecord(docId, n.nodeId(), parentId, ordinal[i], depth, path, n.title(), n.startPage(),
        n.endPage(), span, n.lineNum(), n.summary(), n.prefixSummary(), metadata, n.text() != null,
        n.hasEmptyChildList());
    byte[] record = encodeKey(i, "a field", r::encode);
    add(DocTrees.NODES, DocTrees.nodeKey(docId, n.nodeId()), record);
    if (n.text() != null) {
      add(DocTrees.TEXT, DocTrees.nodeKey(docId, n.nodeId()), utf8(i, "text", n.text()));
    }
    add(DocTrees.PARENT, DocTrees.parentKey(docId, parentId, ordinal[i]), utf8(i, "node_id", n.nodeId()));
    byte[] pathKey = DocTrees.pathKey(docId, path);
    if (pathKey.length > maxKey) {
      throw error(i, "the node's path is " + path.length() + " characters long (depth " + depth
          + "); with this doc_id the path index takes paths up to about " + (maxKey - pathKey.length + path.length())
          + " bytes");
    }
    add(DocTrees.PATH, pathKey, new byte[0]);
    if (PageLevels.indexed(n.startPage(), n.endPage())) {
      int level = PageLevels.level(n.startPage(), n.endPage());
      pageLevels |= 1L << level;
      add(DocTrees.PAGE, DocTrees.pageKey(docId, level, n.startPage(), n.nodeId()), intBytes(n.endPage()));
    }
  }

  private void add(String tree, byte[] key, byte[] value) {
    trees.add(tree);
    keys.add(key);
    values.add(value);
  }

  private byte[] encodeKey(int node, String what, java.util.function.Supplier<byte[]> encoder) {
    try {
      return encoder.get();
    } catch (IllegalArgumentException e) { // an unpaired surrogate: not storable as UTF-8
      throw error(node, what + " is not valid Unicode: " + e.getMessage());
    }
  }

  private void checkDocId(String id) {
    if (id == null || id.isEmpty()) {
      throw new DocumentFormatException(source, null, "the doc_id is empty");
    }
    int bytes = utf8(-1, "doc_id", id).length;
    if (bytes > DocTrees.MAX_DOC_ID_BYTES) {
      throw new DocumentFormatException(source, null, "doc_id is " + bytes + " bytes of UTF-8, more than the "
          + DocTrees.MAX_DOC_ID_BYTES + " allowed");
    }
  }

  private void checkNodeId(int i, String id) {
    if (id == null) {
      throw error(i, "the node has no node_id");
    }
    if (id.isEmpty()) {
      throw error(i, "node_id is empty");
    }
    if (id.indexOf('/') >= 0) {
      throw error(i, "node_id \"" + id + "\" contains '/', which separates the ids in a node's path");
    }
    int bytes = utf8(i, "node_id", id).length;
    if (bytes > DocTrees.MAX_NODE_ID_BYTES) {
      throw error(i, "node_id is " + bytes + " bytes of UTF-8, more than the " + DocTrees.MAX_NODE_ID_BYTES
          + " allowed");
    }
  }

  private byte[] utf8(int node, String what, String s) {
    try {
      return NodeEditor.utf8(what, s);
    } catch (IllegalArgumentException e) {
      throw node < 0 ? new DocumentFormatException(source, null, e.getMessage()) : error(node, e.getMessage());
    }
  }

  private DocumentFormatException error(int node, String problem) {
    return new DocumentFormatException(source, node < 0 ? null : jsonPath(node), problem);
  }

  /** The JSON path of node {@code i} in the file it came from, e.g. {@code $.structure[0].nodes[2]}. */
  private String jsonPath(int i) {
    StringBuilder tail = new StringBuilder();
    int at = i;
    while (parent[at] >= 0) {
      tail.insert(0, "." + doc.childKey() + "[" + ordinal[at] + "]");
      at = parent[at];
    }
    String rootList = switch (doc.variant()) {
      case BARE_LIST -> "$";
      case STRUCTURE -> "$.structure";
      case RESULT -> "$.result";
    };
    return rootList + "[" + ordinal[at] + "]" + tail;
  }

  static Integer max(Integer a, Integer b) {
    return a == null ? b : b == null ? a : Integer.valueOf(Math.max(a, b));
  }

  static byte[] intBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static int readInt(byte[] b) {
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }
}
