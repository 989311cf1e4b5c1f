package org.treestore.engine.docstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.tx.Transaction;

/**
 * Node-level insert, update, move and delete for {@link DocumentStore}, keeping every index right:
 * sibling ordinals stay 0..n-1 without gaps, paths and depths follow a moved subtree, the page
 * index follows page changes, and {@code span_end} is recomputed up the ancestor chain until it
 * stops changing.
 *
 * <p>Each operation reads and checks everything first (existence, ids, positions, encodability,
 * key lengths), then writes; a call that throws has written nothing. Records are re-read from the
 * transaction after each write they depend on, so the transaction's own writes are the truth.
 */
final class NodeEditor {
  private final DocumentStore docs;
  private final int maxKey;

  NodeEditor(DocumentStore docs, int maxKey) {
    this.docs = docs;
    this.maxKey = maxKey;
  }

  NodeRecord insert(Transaction tx, String docId, String parentId, int position, DocNode node) {
    Objects.requireNonNull(node, "node");
    DocumentInfo info = docs.document(tx, docId).orElseThrow(
        () -> new DocumentConstraintException(DocumentConstraintException.Kind.MISSING, docId, null, "the document does not exist"));
    if (!node.children().isEmpty()) {
      throw new IllegalArgumentException("insert one node at a time: the node given has "
          + node.children().size() + " children");
    }
    NodeRecord parent = null;
    if (parentId != null) {
      parent = docs.load(tx, docId, parentId);
      if (parent == null) {
        throw new DocumentConstraintException(DocumentConstraintException.Kind.MISSING, docId, parentId, "the parent node does not exist");
      }
    }
    List<String> siblings = docs.childIds(tx, docId, parentId);
    int at = position(docId, parentId, position, siblings.size());
    int nextId = info.nextId();
    String id = node.nodeId();
    if (id == null) {
      do {
        id = String.format("%04d", nextId++);
      } while (docs.load(tx, docId, id) != null);
    } else {
      checkNodeId(id);
      if (docs.load(tx, docId, id) != null) {
        throw new DocumentConstraintException(DocumentConstraintException.Kind.DUPLICATE, docId, id, "a node with this id already exists in the document");
      }
    }
    String path = (parent == null ? "" : parent.path()) + "/" + id;
    byte[] pathKey = pathKey(docId, path);
    String metadata = node.extra() == null ? null : normalizeMetadata(node.extra().toString());
    NodeRecord r = new NodeRecord(docId, id, parentId, at, parent == null ? 0 : parent.depth() + 1, path,
        node.title(), node.startPage(), node.endPage(), node.endPage(), node.lineNum(), node.summary(),
        node.prefixSummary(), metadata, node.text() != null, node.hasEmptyChildList());
    byte[] record = encode(r);
    byte[] text = node.text() == null ? null : utf8("text", node.text());

    shiftUp(tx, docId, parentId, siblings, at);
    tx.put(DocTrees.NODES, DocTrees.nodeKey(docId, id), record);
    if (text != null) {
      tx.put(DocTrees.TEXT, DocTrees.nodeKey(docId, id), text);
    }
    tx.put(DocTrees.PARENT, DocTrees.parentKey(docId, parentId, at), id.getBytes(StandardCharsets.UTF_8));
    tx.put(DocTrees.PATH, pathKey, new byte[0]);
    long levels = info.pageLevels() | addPage(tx, r);
    tx.put(DocTrees.CATALOG, DocTrees.docKey(docId),
        info.withCounters(info.nodeCount() + 1, levels, nextId).encode());
    propagateSpan(tx, docId, parentId);
    docs.fireAdded(tx, List.of(new DocumentListener.NodeContent(docId, id, node.title(), node.summary(), node.text())));
    return docs.load(tx, docId, id);
  }

  NodeRecord update(Transaction tx, String docId, String nodeId, NodeChange c) {
    Objects.requireNonNull(c, "change");
    NodeRecord r = docs.load(tx, docId, nodeId);
    if (r == null) {
      return null;
    }
    String metadata = c.setMetadata ? normalizeMetadata(c.metadata) : r.metadata();
    NodeRecord n = new NodeRecord(docId, nodeId, r.parentId(), r.ordinal(), r.depth(), r.path(),
        c.setTitle ? c.title : r.title(),
        c.setPages ? c.startPage : r.startPage(),
        c.setPages ? c.endPage : r.endPage(),
        r.spanEnd(),
        c.setLineNum ? c.lineNum : r.lineNum(),
        c.setSummary ? c.summary : r.summary(),
        c.setPrefixSummary ? c.prefixSummary : r.prefixSummary(),
        metadata,
        c.setText ? c.text != null : r.hasText(),
        r.emptyChildList());
    byte[] record = encode(n);
    byte[] text = c.setText && c.text != null ? utf8("text", c.text) : null;
    DocumentListener.NodeContent before = null;
    DocumentListener.NodeContent after = null;
    if (docs.hasListeners() && (c.setTitle || c.setSummary || c.setText)) {
      before = docs.content(tx, r);
      after = new DocumentListener.NodeContent(docId, nodeId, n.title(), n.summary(), c.setText ? c.text : before.text());
      if (before.equals(after)) {
        before = null;
      }
    }

    boolean pagesChanged = !Objects.equals(r.startPage(), n.startPage()) || !Objects.equals(r.endPage(), n.endPage());
    if (pagesChanged) {
      removePage(tx, r);
      long level = addPage(tx, n);
      DocumentInfo info = docs.document(tx, docId).orElseThrow();
      if ((info.pageLevels() | level) != info.pageLevels()) { // touch the record only when needed
        tx.put(DocTrees.CATALOG, DocTrees.docKey(docId),
            info.withCounters(info.nodeCount(), info.pageLevels() | level, info.nextId()).encode());
      }
    }
    tx.put(DocTrees.NODES, DocTrees.nodeKey(docId, nodeId), record);
    if (c.setText) {
      if (text == null) {
        tx.deleteWithoutLookup(DocTrees.TEXT, DocTrees.nodeKey(docId, nodeId));
      } else {
        tx.put(DocTrees.TEXT, DocTrees.nodeKey(docId, nodeId), text);
      }
    }
    if (pagesChanged) {
      propagateSpan(tx, docId, nodeId);
    }
    if (before != null) {
      docs.fireChanged(tx, List.of(before), List.of(after));
    }
    return docs.load(tx, docId, nodeId);
  }

  NodeRecord move(Transaction tx, String docId, String nodeId, String newParentId, int position) {
    NodeRecord r = docs.load(tx, docId, nodeId);
    if (r == null) {
      throw new DocumentConstraintException(DocumentConstraintException.Kind.MISSING, docId, nodeId, "the node does not exist");
    }
    NodeRecord np = null;
    if (newParentId != null) {
      np = docs.load(tx, docId, newParentId);
      if (np == null) {
        throw new DocumentConstraintException(DocumentConstraintException.Kind.MISSING, docId, newParentId, "the new parent node does not exist");
      }
      if (np.path().equals(r.path()) || np.path().startsWith(r.path() + "/")) {
        throw new DocumentConstraintException(DocumentConstraintException.Kind.INVALID, docId, nodeId,
            "cannot move a node under itself or its own subtree (new parent '" + newParentId + "')");
      }
    }
    boolean sameParent = Objects.equals(r.parentId(), newParentId);
    List<String> oldSiblings = docs.childIds(tx, docId, r.parentId());
    List<String> newSiblings;
    if (sameParent) {
      newSiblings = new ArrayList<>(oldSiblings);
      newSiblings.remove(r.ordinal());
    } else {
      newSiblings = docs.childIds(tx, docId, newParentId);
    }
    int at = position(docId, newParentId, position, newSiblings.size());
    if (sameParent && at == r.ordinal()) {
      return r;
    }
    String newPath = (np == null ? "" : np.path()) + "/" + nodeId;
    int newDepth = np == null ? 0 : np.depth() + 1;
    List<NodeRecord> descendants = new ArrayList<>();
    List<byte[]> newRecords = new ArrayList<>();
    if (!sameParent) {
      pathKey(docId, newPath);
      descendants = docs.pathPrefix(tx, docId, r.path() + "/");
      for (NodeRecord d : descendants) {
        String p = newPath + d.path().substring(r.path().length());
        pathKey(docId, p);
        newRecords.add(encode(d.withPlace(d.parentId(), d.ordinal(), d.depth() + newDepth - r.depth(), p)));
      }
    }

    tx.deleteWithoutLookup(DocTrees.PARENT, DocTrees.parentKey(docId, r.parentId(), r.ordinal()));
    shiftDown(tx, docId, r.parentId(), oldSiblings, r.ordinal());
    shiftUp(tx, docId, newParentId, newSiblings, at);
    tx.put(DocTrees.PARENT, DocTrees.parentKey(docId, newParentId, at), nodeId.getBytes(StandardCharsets.UTF_8));
    if (!sameParent) {
      tx.deleteWithoutLookup(DocTrees.PATH, DocTrees.pathKey(docId, r.path()));
      tx.put(DocTrees.PATH, DocTrees.pathKey(docId, newPath), new byte[0]);
      for (int i = 0; i < descendants.size(); i++) {
        NodeRecord d = descendants.get(i);
        tx.deleteWithoutLookup(DocTrees.PATH, DocTrees.pathKey(docId, d.path()));
        tx.put(DocTrees.PATH, DocTrees.pathKey(docId, newPath + d.path().substring(r.path().length())), new byte[0]);
        tx.put(DocTrees.NODES, DocTrees.nodeKey(docId, d.nodeId()), newRecords.get(i));
      }
    }
    tx.put(DocTrees.NODES, DocTrees.nodeKey(docId, nodeId), r.withPlace(newParentId, at, newDepth, newPath).encode());
    propagateSpan(tx, docId, r.parentId());
    if (!sameParent) {
      propagateSpan(tx, docId, newParentId);
    }
    return docs.load(tx, docId, nodeId);
  }

  int delete(Transaction tx, String docId, String nodeId) {
    NodeRecord r = docs.load(tx, docId, nodeId);
    if (r == null) {
      return 0;
    }
    DocumentInfo info = docs.document(tx, docId).orElseThrow();
    List<NodeRecord> gone = new ArrayList<>();
    gone.add(r);
    gone.addAll(docs.pathPrefix(tx, docId, r.path() + "/"));
    List<String> siblings = docs.childIds(tx, docId, r.parentId());
    if (docs.hasListeners()) {
      List<DocumentListener.NodeContent> contents = new ArrayList<>();
      for (NodeRecord x : gone) {
        contents.add(docs.content(tx, x));
      }
      docs.fireRemoved(tx, contents);
    }
    for (NodeRecord x : gone) {
      byte[] key = DocTrees.nodeKey(docId, x.nodeId());
      tx.deleteWithoutLookup(DocTrees.NODES, key);
      if (x.hasText()) {
        tx.deleteWithoutLookup(DocTrees.TEXT, key);
      }
      tx.deleteWithoutLookup(DocTrees.PARENT, DocTrees.parentKey(docId, x.parentId(), x.ordinal()));
      tx.deleteWithoutLookup(DocTrees.PATH, DocTrees.pathKey(docId, x.path()));
      removePage(tx, x);
    }
    shiftDown(tx, docId, r.parentId(), siblings, r.ordinal());
    tx.put(DocTrees.CATALOG, DocTrees.docKey(docId), info.withNodeCount(info.nodeCount() - gone.size()).encode());
    propagateSpan(tx, docId, r.parentId());
    return gone.size();
  }

  // ---- helpers ----

  /** Renumbers siblings at {@code from} and after one place up, last first, freeing ordinal {@code from}. */
  private void shiftUp(Transaction tx, String docId, String parentId, List<String> siblings, int from) {
    for (int j = siblings.size() - 1; j >= from; j--) {
      renumber(tx, docId, parentId, siblings.get(j), j, j + 1);
    }
  }

  /** Renumbers the siblings after {@code removed} one place down; the caller removed its entry. */
  private void shiftDown(Transaction tx, String docId, String parentId, List<String> siblings, int removed) {
    for (int j = removed + 1; j < siblings.size(); j++) {
      renumber(tx, docId, parentId, siblings.get(j), j, j - 1);
    }
  }

  private void renumber(Transaction tx, String docId, String parentId, String id, int from, int to) {
    tx.deleteWithoutLookup(DocTrees.PARENT, DocTrees.parentKey(docId, parentId, from));
    tx.put(DocTrees.PARENT, DocTrees.parentKey(docId, parentId, to), id.getBytes(StandardCharsets.UTF_8));
    NodeRecord r = docs.required(tx, docId, id);
    tx.put(DocTrees.NODES, DocTrees.nodeKey(docId, id), r.withOrdinal(to).encode());
  }

  /** Recomputes {@code span_end} from {@code nodeId} upwards, stopping where it does not change. */
  private void propagateSpan(Transaction tx, String docId, String nodeId) {
    String id = nodeId;
    while (id != null) {
      NodeRecord r = docs.required(tx, docId, id);
      Integer span = r.endPage();
      for (String child : docs.childIds(tx, docId, id)) {
        span = DocumentImport.max(span, docs.required(tx, docId, child).spanEnd());
      }
      if (Objects.equals(span, r.spanEnd())) {
        return;
      }
      tx.put(DocTrees.NODES, DocTrees.nodeKey(docId, id), r.withSpanEnd(span).encode());
      id = r.parentId();
    }
  }

  /** Files the node's page interval; returns its level bit (0 if it has none). */
  private static long addPage(Transaction tx, NodeRecord r) {
    if (!PageLevels.indexed(r.startPage(), r.endPage())) {
      return 0;
    }
    int level = PageLevels.level(r.startPage(), r.endPage());
    tx.put(DocTrees.PAGE, DocTrees.pageKey(r.docId(), level, r.startPage(), r.nodeId()),
        DocumentImport.intBytes(r.endPage()));
    return 1L << level;
  }

  private static void removePage(Transaction tx, NodeRecord r) {
    if (PageLevels.indexed(r.startPage(), r.endPage())) {
      tx.deleteWithoutLookup(DocTrees.PAGE, DocTrees.pageKey(r.docId(), PageLevels.level(r.startPage(), r.endPage()),
          r.startPage(), r.nodeId()));
    }
  }

  private static int position(String docId, String parentId, int position, int size) {
    if (position == -1) {
      return size;
    }
    if (position < 0 || position > size) {
      throw new DocumentConstraintException(DocumentConstraintException.Kind.INVALID, docId, parentId, "position " + position + " is outside 0.." + size
          + " (" + (parentId == null ? "the document has " + size + " top-level nodes" : "the parent has " + size
          + " children") + ")");
    }
    return position;
  }

  private byte[] pathKey(String docId, String path) {
    byte[] key = DocTrees.pathKey(docId, path);
    if (key.length > maxKey) {
      throw new IllegalArgumentException("document '" + docId + "': path " + abbreviate(path) + " would be "
          + key.length + " bytes with its doc_id, more than the path index's " + maxKey);
    }
    return key;
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 28) + "..." + s.substring(s.length() - 28);
  }

  private static void checkNodeId(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("node_id is empty");
    }
    if (id.indexOf('/') >= 0) {
      throw new IllegalArgumentException("node_id \"" + id + "\" contains '/', which separates the ids in a path");
    }
    int bytes = utf8("node_id", id).length;
    if (bytes > DocTrees.MAX_NODE_ID_BYTES) {
      throw new IllegalArgumentException("node_id is " + bytes + " bytes of UTF-8, more than the "
          + DocTrees.MAX_NODE_ID_BYTES + " allowed");
    }
  }

  private static String normalizeMetadata(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = DocumentInfo.JSON.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("metadata must be a JSON object, got: " + abbreviate(json));
      }
      n.fieldNames().forEachRemaining(k -> {
        if (DocNode.DEFINED_KEYS.contains(k)) {
          throw new IllegalArgumentException("metadata key \"" + k + "\" is a PageIndex field of its own;"
              + " set it as a field, not as metadata");
        }
      });
      return n.isEmpty() ? null : n.toString();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static byte[] encode(NodeRecord r) {
    try {
      return r.encode();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node '" + r.nodeId() + "': a field is not valid Unicode: " + e.getMessage(), e);
    }
  }

  static byte[] utf8(String what, String s) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not valid Unicode (unpaired surrogate)");
    }
  }
}
