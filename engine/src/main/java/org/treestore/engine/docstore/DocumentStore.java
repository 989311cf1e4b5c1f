package org.treestore.engine.docstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.treestore.engine.Store;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * PageIndex documents stored node by node, with the indexes that answer hierarchical questions:
 * a node, its children in order, its subtree, its ancestors, the nodes covering a page, a node by
 * path, a path-prefix listing. The trees and keys are described in {@link DocTrees}.
 *
 * <pre>{@code
 * DocumentStore docs = new DocumentStore(store);
 * try (Transaction tx = store.begin()) {
 *   docs.insert(tx, "annual-report", PageIndexReader.read(file), file.toString());
 *   tx.commit();
 * }
 * try (Transaction tx = store.beginReadOnly()) {
 *   List<NodeRecord> chapter = docs.subtree(tx, "annual-report", "0003", -1);
 * }
 * }</pre>
 *
 * <p><b>Transactions.</b> Every method works in the caller's transaction and sees its own writes.
 * Writes are atomic per call: each checks everything it needs before it writes anything, so a
 * call that throws leaves the transaction as it was, and a document is stored whole or not at
 * all. Two transactions that change the same node, or add or remove nodes of the same document,
 * conflict at commit (the second gets {@link org.treestore.engine.tx.ConflictException}).
 *
 * <p><b>Cost.</b> Every read is a few B+Tree seeks plus one lookup per node returned, so it grows
 * with the answer and the logarithm of the database, never with the database or the document.
 * Node records leave out the text, which is read only by {@link #text} and {@link #export}.
 *
 * <p><b>Missing things.</b> Reads of a document or node that does not exist return empty results;
 * writes that need one throw {@link DocumentConstraintException}. Bad input throws
 * {@link org.treestore.engine.doc.DocumentFormatException} (or {@link IllegalArgumentException}
 * for a bad value in a node edit) and stores nothing.
 *
 * <p>Thread-safe: it holds no state besides the store; transactions are single-threaded.
 */
public final class DocumentStore {
  private final Store store;
  private final int maxKey;
  private final NodeEditor editor;
  /** The store's export cache, looked up on first use (it is shared by every DocumentStore of the store). */
  private volatile ExportCache exportCache;
  private final List<DocumentListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A document store over {@code store}'s trees (see {@link DocTrees} for their names). */
  public DocumentStore(Store store) {
    this.store = Objects.requireNonNull(store, "store");
    this.maxKey = BTree.maxKeyLength(store.pageSize());
    this.editor = new NodeEditor(this, maxKey);
  }

  /**
   * Registers a listener told about every change of node content from now on (the full-text
   * index registers itself so). Register before the first write: a listener added later does not
   * learn about existing documents.
   */
  public void addListener(DocumentListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void fireAdded(Transaction tx, List<DocumentListener.NodeContent> nodes) {
    if (!nodes.isEmpty()) {
      for (DocumentListener l : listeners) {
        l.nodesAdded(tx, nodes);
      }
    }
  }

  void fireRemoved(Transaction tx, List<DocumentListener.NodeContent> nodes) {
    if (!nodes.isEmpty()) {
      for (DocumentListener l : listeners) {
        l.nodesRemoved(tx, nodes);
      }
    }
  }

  void fireChanged(Transaction tx, List<DocumentListener.NodeContent> before,
      List<DocumentListener.NodeContent> after) {
    if (!before.isEmpty()) {
      for (DocumentListener l : listeners) {
        l.nodesChanged(tx, before, after);
      }
    }
  }

  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /** The searchable content of a stored node (reads its text if it has one). */
  DocumentListener.NodeContent content(Transaction tx, NodeRecord r) {
    return new DocumentListener.NodeContent(r.docId(), r.nodeId(), r.title(), r.summary(),
        r.hasText() ? text(tx, r.docId(), r.nodeId()) : null);
  }

  /** The store the documents live in. */
  public Store store() {
    return store;
  }

  // ---- documents ----

  /**
   * Stores {@code doc} under {@code docId}.
   *
   * @param source where the document came from (a file name), kept in the record; may be null
   * @throws DocumentConstraintException if {@code docId} is already stored
   * @throws org.treestore.engine.doc.DocumentFormatException if the document cannot be stored as
   *     is (a node without id, an id used twice, a path too long for the index, ...)
   */
  public DocumentInfo insert(Transaction tx, String docId, PageIndexDocument doc, String source) {
    Objects.requireNonNull(doc, "doc");
    DocumentImport prepared = DocumentImport.prepare(docId, doc, source, maxKey, System.currentTimeMillis());
    exportCache().changing(tx, docId);
    if (tx.get(DocTrees.CATALOG, DocTrees.docKey(docId)) != null) {
      throw new DocumentConstraintException(DocumentConstraintException.Kind.DUPLICATE, docId, null, "a document with this doc_id is already stored");
    }
    prepared.apply(tx);
    fireAdded(tx, prepared.contents());
    return document(tx, docId).orElseThrow();
  }

  /** Stores {@code doc} under {@code docId}, replacing the document stored there if any. */
  public DocumentInfo replace(Transaction tx, String docId, PageIndexDocument doc, String source) {
    Objects.requireNonNull(doc, "doc");
    DocumentImport prepared = DocumentImport.prepare(docId, doc, source, maxKey, System.currentTimeMillis());
    exportCache().changing(tx, docId);
    delete(tx, docId);
    prepared.apply(tx);
    fireAdded(tx, prepared.contents());
    return document(tx, docId).orElseThrow();
  }

  /** Deletes the document and all its nodes and index entries; false if it was not stored. */
  public boolean delete(Transaction tx, String docId) {
    Objects.requireNonNull(docId, "docId");
    byte[] docKey = DocTrees.docKey(docId);
    exportCache().changing(tx, docId);
    if (tx.get(DocTrees.CATALOG, docKey) == null) {
      return false;
    }
    if (hasListeners()) {
      List<DocumentListener.NodeContent> gone = new ArrayList<>();
      forEachNode(tx, docId, r -> gone.add(content(tx, r)));
      fireRemoved(tx, gone);
    }
    for (String tree : DocTrees.ALL) {
      if (tree.equals(DocTrees.CATALOG)) {
        continue;
      }
      List<byte[]> keys = new ArrayList<>();
      TransactionCursor c = tx.cursor(tree);
      byte[] end = DocTrees.end(docKey);
      for (boolean ok = c.seek(docKey); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
        keys.add(c.key());
      }
      c.close();
      for (byte[] k : keys) {
        tx.deleteWithoutLookup(tree, k);
      }
    }
    tx.deleteWithoutLookup(DocTrees.CATALOG, docKey);
    return true;
  }

  /** The document's record, or empty if it is not stored. */
  public Optional<DocumentInfo> document(Transaction tx, String docId) {
    byte[] v = tx.get(DocTrees.CATALOG, DocTrees.docKey(docId));
    return v == null ? Optional.empty() : Optional.of(DocumentInfo.decode(docId, v));
  }

  /** The ids of all stored documents, in id order (by code point). */
  public List<String> documentIds(Transaction tx) {
    List<String> ids = new ArrayList<>();
    TransactionCursor c = tx.cursor(DocTrees.CATALOG);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      ids.add(new KeyReader(c.key()).readString());
    }
    c.close();
    return ids;
  }

  /**
   * The whole document, re-assembled in the shape it was imported in (node ids left out again if
   * the file had none, unknown keys back in place), or empty if it is not stored.
   */
  public Optional<PageIndexDocument> export(Transaction tx, String docId) {
    Optional<DocumentInfo> info = document(tx, docId);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    byte[] prefix = DocTrees.docKey(docId);
    byte[] end = DocTrees.end(prefix);
    Map<String, DocNode> built = new HashMap<>();
    Map<String, List<NodeRecord>> byParent = new HashMap<>();
    TransactionCursor c = tx.cursor(DocTrees.NODES);
    KeyReader keyReader = new KeyReader(new byte[0]);
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      byte[] key = c.key();
      keyReader.reset(key, 0, key.length);
      keyReader.readString();
      NodeRecord r = NodeRecord.decode(docId, keyReader.readString(), c.value());
      built.put(r.nodeId(), toDocNode(r));
      byParent.computeIfAbsent(r.parentId(), k -> new ArrayList<>()).add(r);
    }
    c.close();
    TransactionCursor t = tx.cursor(DocTrees.TEXT);
    for (boolean ok = t.seek(prefix); ok && t.compareKeyTo(end) < 0; ok = t.next()) {
      byte[] key = t.key();
      keyReader.reset(key, 0, key.length);
      keyReader.readString();
      built.get(keyReader.readString()).setText(new String(t.value(), StandardCharsets.UTF_8));
    }
    t.close();
    for (List<NodeRecord> siblings : byParent.values()) {
      siblings.sort(Comparator.comparingInt(NodeRecord::ordinal));
      for (NodeRecord r : siblings) {
        if (r.parentId() != null) {
          built.get(r.parentId()).addChild(built.get(r.nodeId()));
        }
      }
    }
    List<DocNode> roots = new ArrayList<>();
    for (NodeRecord r : byParent.getOrDefault(null, List.of())) {
      roots.add(built.get(r.nodeId()));
    }
    DocumentInfo d = info.get();
    return Optional.of(PageIndexDocument.of(d.variant(), d.childKey(), d.idsAssigned(), d.fields(), roots));
  }

  /**
   * The whole document as PageIndex JSON text ({@link #export} written by
   * {@link PageIndexWriter#toJsonText}), or empty if it is not stored. Served from the store's
   * export cache when no change to the document can lie between the snapshot that built the cached
   * text and {@code tx}'s (see {@link ExportCache}); otherwise exported and, when allowed, cached.
   */
  public Optional<String> exportJson(Transaction tx, String docId) {
    ExportCache cache = exportCache();
    String json = cache.get(tx, docId);
    if (json != null) {
      return Optional.of(json);
    }
    Optional<PageIndexDocument> doc = export(tx, docId);
    if (doc.isEmpty()) {
      return Optional.empty();
    }
    json = PageIndexWriter.toJsonText(doc.get());
    cache.put(tx, docId, json);
    return Optional.of(json);
  }

  /** The export cache's hit and miss counts since the store opened: {hits, misses}. */
  public long[] exportCacheStats() {
    ExportCache cache = exportCache();
    return new long[] {cache.hits(), cache.misses()};
  }

  private ExportCache exportCache() {
    ExportCache c = exportCache;
    if (c == null) {
      exportCache = c = ExportCache.of(store);
    }
    return c;
  }

  private static DocNode toDocNode(NodeRecord r) {
    DocNode n = new DocNode(r.nodeId(), r.title()).setPages(r.startPage(), r.endPage()).setLineNum(r.lineNum())
        .setSummary(r.summary()).setPrefixSummary(r.prefixSummary()).setEmptyChildList(r.emptyChildList());
    if (r.metadata() != null) {
      try {
        n.setExtra((ObjectNode) DocumentInfo.JSON.readTree(r.metadata()));
      } catch (JsonProcessingException | ClassCastException e) {
        throw new IllegalStateException("node " + r.docId() + "/" + r.nodeId() + ": stored metadata is not a JSON object", e);
      }
    }
    return n;
  }

  /** Every node of the document, in (doc_id, node_id) key order (not tree order); none if it does not exist. */
  public void forEachNode(Transaction tx, String docId, java.util.function.Consumer<NodeRecord> sink) {
    byte[] prefix = DocTrees.docKey(docId);
    byte[] end = DocTrees.end(prefix);
    TransactionCursor c = tx.cursor(DocTrees.NODES);
    KeyReader keyReader = new KeyReader(new byte[0]);
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      byte[] key = c.key();
      keyReader.reset(key, 0, key.length);
      keyReader.readString();
      sink.accept(NodeRecord.decode(docId, keyReader.readString(), c.value()));
    }
    c.close();
  }

  // ---- node reads ----

  /** The node, or empty if the document or node does not exist. */
  public Optional<NodeRecord> node(Transaction tx, String docId, String nodeId) {
    return Optional.ofNullable(load(tx, docId, nodeId));
  }

  /** The node's text, or null if it has none (or does not exist). */
  public String text(Transaction tx, String docId, String nodeId) {
    byte[] v = tx.get(DocTrees.TEXT, DocTrees.nodeKey(docId, nodeId));
    return v == null ? null : new String(v, StandardCharsets.UTF_8);
  }

  /** The children of {@code parentId} in order; {@code parentId} null gives the top-level nodes. */
  public List<NodeRecord> children(Transaction tx, String docId, String parentId) {
    List<String> ids = childIds(tx, docId, parentId);
    List<NodeRecord> out = new ArrayList<>(ids.size());
    // Siblings' records are usually neighbours in (doc_id, node_id) order: one cursor finds the
    // next inside the leaf it already holds instead of descending from the root for each.
    NearbyReader records = new NearbyReader(tx, DocTrees.NODES);
    for (String id : ids) {
      out.add(records.required(docId, id));
    }
    records.close();
    return out;
  }

  /**
   * Reads texts of nodes one after another, for a caller that reads several (a scan): through one
   * cursor, so texts near the previous one are found without a descent from the root. Valid
   * while {@code tx} is open; not thread-safe.
   */
  public TextReader textReader(Transaction tx) {
    NearbyReader texts = new NearbyReader(tx, DocTrees.TEXT);
    return new TextReader() {
      @Override
      public String text(String docId, String nodeId) {
        byte[] v = texts.get(DocTrees.nodeKey(docId, nodeId));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
      }

      @Override
      public void close() {
        texts.close();
      }
    };
  }

  /** Texts of nodes by (doc_id, node_id): see {@link #textReader}. */
  @FunctionalInterface
  public interface TextReader extends AutoCloseable {
    /** The node's text, or null. */
    String text(String docId, String nodeId);

    /** Done reading: the reader's cursor buffer goes to the thread's next cursor. Optional. */
    @Override
    default void close() {}
  }

  /** Point reads of one tree through one cursor (a seek inside the current leaf costs no descent). */
  private static final class NearbyReader {
    private final TransactionCursor cursor;

    NearbyReader(Transaction tx, String tree) {
      this.cursor = tx.cursor(tree);
    }

    byte[] get(byte[] key) {
      return cursor.seek(key) && cursor.compareKeyTo(key) == 0 ? cursor.value() : null;
    }

    /** The node record of (docId, nodeId), which an index entry names: its absence is damage. */
    NodeRecord required(String docId, String nodeId) {
      byte[] v = get(DocTrees.nodeKey(docId, nodeId));
      if (v == null) {
        throw missingRecord(docId, nodeId);
      }
      return NodeRecord.decode(docId, nodeId, v);
    }

    void close() {
      cursor.close();
    }
  }

  /**
   * The node and its descendants in pre-order (parent before children, siblings in order), down to
   * {@code maxDepth} levels below the node ({@code 0}: the node alone; negative: no limit). Empty
   * if the node does not exist.
   */
  public List<NodeRecord> subtree(Transaction tx, String docId, String nodeId, int maxDepth) {
    NodeRecord top = load(tx, docId, nodeId);
    if (top == null) {
      return List.of();
    }
    return maxDepth < 0 ? wholeSubtree(tx, top) : limitedSubtree(tx, top, maxDepth);
  }

  /** No limit: one path-prefix scan finds the descendants, then they are put in pre-order. */
  private List<NodeRecord> wholeSubtree(Transaction tx, NodeRecord top) {
    Map<String, List<NodeRecord>> byParent = new HashMap<>();
    int[] count = {1};
    forEachPath(tx, top.docId(), top.path() + "/", r -> {
      byParent.computeIfAbsent(r.parentId(), k -> new ArrayList<>(4)).add(r);
      count[0]++;
    });
    List<NodeRecord> out = new ArrayList<>(count[0]);
    ArrayDeque<NodeRecord> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      NodeRecord r = stack.pop();
      out.add(r);
      List<NodeRecord> kids = byParent.get(r.nodeId());
      if (kids != null) {
        kids.sort(Comparator.comparingInt(NodeRecord::ordinal));
        for (int i = kids.size() - 1; i >= 0; i--) {
          stack.push(kids.get(i));
        }
      }
    }
    return out;
  }

  /** With a limit: walk the child lists, level by level, never below the limit. */
  private List<NodeRecord> limitedSubtree(Transaction tx, NodeRecord top, int maxDepth) {
    List<NodeRecord> out = new ArrayList<>();
    ArrayDeque<NodeRecord> stack = new ArrayDeque<>();
    stack.push(top);
    while (!stack.isEmpty()) {
      NodeRecord r = stack.pop();
      out.add(r);
      if (r.depth() - top.depth() < maxDepth) {
        List<NodeRecord> kids = children(tx, r.docId(), r.nodeId());
        for (int i = kids.size() - 1; i >= 0; i--) {
          stack.push(kids.get(i));
        }
      }
    }
    return out;
  }

  /** The node's ancestors, top-level first, and the node itself last; empty if it does not exist. */
  public List<NodeRecord> ancestors(Transaction tx, String docId, String nodeId) {
    NodeRecord node = load(tx, docId, nodeId);
    if (node == null) {
      return List.of();
    }
    List<NodeRecord> out = new ArrayList<>(node.depth() + 1);
    String path = node.path();
    int from = 1;
    for (int i = 0; i < node.depth(); i++) {
      int slash = path.indexOf('/', from);
      out.add(required(tx, docId, path.substring(from, slash)));
      from = slash + 1;
    }
    out.add(node);
    return out;
  }

  /**
   * The nodes whose [start_page, end_page] holds {@code page}, ordered by start page, then depth,
   * then path. Uses the page interval index ({@link PageLevels}); nodes without pages, or with the
   * start after the end, hold no page.
   */
  public List<NodeRecord> nodesAtPage(Transaction tx, String docId, int page) {
    Optional<DocumentInfo> info = document(tx, docId);
    if (info.isEmpty()) {
      return List.of();
    }
    long levels = info.get().pageLevels();
    List<NodeRecord> out = new ArrayList<>();
    TransactionCursor c = tx.cursor(DocTrees.PAGE);
    // A page is held by a few nodes (typically 2-4): a point read of each record measured faster
    // than one cursor, which copies a whole leaf first (bench/sql.md, ninth session).
    KeyReader keyReader = new KeyReader(new byte[0]);
    while (levels != 0) {
      int level = Long.numberOfTrailingZeros(levels);
      levels &= levels - 1;
      byte[] end = DocTrees.pageLevelStart(docId, level, (long) page + 1);
      for (boolean ok = c.seek(DocTrees.pageLevelStart(docId, level, PageLevels.windowStart(level, page)));
          ok && c.compareKeyTo(end) < 0; ok = c.next()) {
        if (DocumentImport.readInt(c.value()) >= page) {
          byte[] key = c.key();
          keyReader.reset(key, 0, key.length);
          keyReader.readString();
          keyReader.readInt();
          keyReader.readInt();
          out.add(required(tx, docId, keyReader.readString()));
        }
      }
    }
    c.close();
    out.sort(Comparator.comparingInt((NodeRecord r) -> r.startPage()).thenComparingInt(NodeRecord::depth)
        // UTF-8 byte order is code point order, the order of the path keys (not String.compareTo)
        .thenComparing(r -> r.path().getBytes(StandardCharsets.UTF_8), java.util.Arrays::compareUnsigned));
    return out;
  }

  /** The node at {@code path} ({@code /0001/0003}), or empty. */
  public Optional<NodeRecord> nodeByPath(Transaction tx, String docId, String path) {
    if (path == null || !path.startsWith("/") || path.endsWith("/")) {
      return Optional.empty();
    }
    NodeRecord r = load(tx, docId, path.substring(path.lastIndexOf('/') + 1));
    return r != null && r.path().equals(path) ? Optional.of(r) : Optional.empty();
  }

  /**
   * The nodes whose path starts with the string {@code prefix}, in path order (by code point): with
   * {@code "/0001/"} the descendants of node 0001, with {@code "/0001"} also 0001 itself and any
   * top-level node whose id starts with 0001.
   */
  public List<NodeRecord> pathPrefix(Transaction tx, String docId, String prefix) {
    List<NodeRecord> out = new ArrayList<>();
    forEachPath(tx, docId, prefix, out::add);
    return out;
  }

  private void forEachPath(Transaction tx, String docId, String prefix, java.util.function.Consumer<NodeRecord> sink) {
    byte[] from = DocTrees.pathPrefixKey(docId, prefix);
    byte[] end = DocTrees.end(from);
    TransactionCursor c = tx.cursor(DocTrees.PATH);
    // a subtree's records are mostly neighbours in (doc_id, node_id) order, like siblings
    NearbyReader records = new NearbyReader(tx, DocTrees.NODES);
    KeyReader keyReader = new KeyReader(new byte[0]);
    for (boolean ok = c.seek(from); ok && (end == null || c.compareKeyTo(end) < 0); ok = c.next()) {
      byte[] key = c.key();
      keyReader.reset(key, 0, key.length);
      keyReader.readString();
      String path = keyReader.readString();
      sink.accept(records.required(docId, path.substring(path.lastIndexOf('/') + 1)));
    }
    c.close();
    records.close();
  }

  // ---- node edits (see NodeEditor) ----

  /**
   * Inserts one node under {@code parentId} (null: top level) at {@code position} among its
   * siblings (0 first; -1 or the sibling count: last), shifting later siblings. The node's id is
   * {@code node.nodeId()}, or, if null, the next free four-digit id; its children are ignored
   * (insert them one by one).
   *
   * @throws DocumentConstraintException if the document or parent does not exist, the id is taken,
   *     or the position is out of range
   * @throws IllegalArgumentException if the id or a field cannot be stored
   */
  public NodeRecord insertNode(Transaction tx, String docId, String parentId, int position, DocNode node) {
    exportCache().changing(tx, docId);
    return editor.insert(tx, docId, parentId, position, node);
  }

  /** Changes the fields {@code change} sets; empty if the node does not exist. */
  public Optional<NodeRecord> updateNode(Transaction tx, String docId, String nodeId, NodeChange change) {
    exportCache().changing(tx, docId);
    return Optional.ofNullable(editor.update(tx, docId, nodeId, change));
  }

  /**
   * Moves the node with its subtree under {@code newParentId} (null: top level) at {@code position}
   * (as for {@link #insertNode}, counted without the node itself).
   *
   * @throws DocumentConstraintException if the node or new parent does not exist, the new parent
   *     is in the node's subtree, or the position is out of range
   */
  public NodeRecord moveNode(Transaction tx, String docId, String nodeId, String newParentId, int position) {
    exportCache().changing(tx, docId);
    return editor.move(tx, docId, nodeId, newParentId, position);
  }

  /** Deletes the node and its whole subtree; returns how many nodes went (0 if it did not exist). */
  public int deleteNode(Transaction tx, String docId, String nodeId) {
    exportCache().changing(tx, docId);
    return editor.delete(tx, docId, nodeId);
  }

  /** Checks every index of every document against the node records; see {@link DocumentChecker}. */
  public DocumentChecker.Report check(Transaction tx) {
    return new DocumentChecker(tx).run();
  }

  // ---- shared with the editor ----

  NodeRecord load(Transaction tx, String docId, String nodeId) {
    byte[] v = tx.get(DocTrees.NODES, DocTrees.nodeKey(docId, nodeId));
    return v == null ? null : NodeRecord.decode(docId, nodeId, v);
  }

  /** A node an index points to: its absence means the indexes and records disagree. */
  NodeRecord required(Transaction tx, String docId, String nodeId) {
    NodeRecord r = load(tx, docId, nodeId);
    if (r == null) {
      throw missingRecord(docId, nodeId);
    }
    return r;
  }

  /** An index entry names a node whose record is gone: damage the integrity check reports. */
  private static IllegalStateException missingRecord(String docId, String nodeId) {
    return new IllegalStateException("document '" + docId + "': an index names node '" + nodeId
        + "' but it has no record; run the integrity check");
  }

  List<String> childIds(Transaction tx, String docId, String parentId) {
    byte[] prefix = DocTrees.childrenPrefix(docId, parentId);
    byte[] end = DocTrees.end(prefix);
    List<String> ids = new ArrayList<>();
    TransactionCursor c = tx.cursor(DocTrees.PARENT);
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      ids.add(new String(c.value(), StandardCharsets.UTF_8));
    }
    c.close();
    return ids;
  }
}
