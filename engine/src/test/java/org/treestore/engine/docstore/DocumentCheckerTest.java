package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.tx.Transaction;

/**
 * The integrity check finds every kind of damage: entries planted, removed or altered in each
 * document tree with plain {@code tx.put}/{@code tx.delete}, keys built as {@link DocTrees}
 * documents them. Two copies of the same book are stored ("book" and "other") so a report must
 * also blame the right document.
 *
 * <p>The book ({@link DocumentStoreTest#book()}): 0000 [1,2] with text; 0001 [3,3] with 0002
 * [3,5] (0003 [4,4], 0004 [5,9]) and 0005 [10,12]; 0006 [13,20] with 0007 [14,40].
 */
class DocumentCheckerTest {
  @TempDir Path dir;
  private Store store;
  private DocumentStore docs;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("x.db"), StoreOptions.DEFAULT);
    docs = new DocumentStore(store);
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "book", DocumentStoreTest.book(), null);
      docs.insert(tx, "other", DocumentStoreTest.book(), null);
      tx.commit();
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  // ---- keys as DocTrees documents them: doc_id first, then the components ----

  private static byte[] docKey(String doc) {
    return new KeyWriter().writeString(doc).toByteArray();
  }

  private static byte[] nodeKey(String doc, String id) {
    return new KeyWriter().writeString(doc).writeString(id).toByteArray();
  }

  private static byte[] parentKey(String doc, String parent, int ordinal) {
    return new KeyWriter().writeString(doc).writeNullableString(parent).writeInt(ordinal).toByteArray();
  }

  private static byte[] pathKey(String doc, String path) {
    return new KeyWriter().writeString(doc).writeString(path).toByteArray();
  }

  private static byte[] pageKey(String doc, int level, int start, String id) {
    return new KeyWriter().writeString(doc).writeInt(level).writeInt(start).writeString(id).toByteArray();
  }

  private static byte[] endPage(int page) {
    return new byte[] {(byte) (page >>> 24), (byte) (page >>> 16), (byte) (page >>> 8), (byte) page};
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] withTail(byte[] key) {
    byte[] k = Arrays.copyOf(key, key.length + 3);
    k[key.length] = 'x';
    return k;
  }

  /** Damages the store inside a transaction and checks it there (the check sees the transaction's writes). */
  private DocumentChecker.Report damaged(Consumer<Transaction> damage) {
    try (Transaction tx = store.begin()) {
      damage.accept(tx);
      return docs.check(tx);
    } // rolled back: every case starts from the clean store
  }

  private NodeRecord record(String id) {
    try (Transaction tx = store.beginReadOnly()) {
      return docs.node(tx, "book", id).orElseThrow();
    }
  }

  private static void rewrite(Transaction tx, NodeRecord r) {
    tx.put(DocTrees.NODES, nodeKey("book", r.nodeId()), r.encode());
  }

  /**
   * The report finds {@code count} problems (any number if negative), all of document 'book', one of
   * them holding every word of {@code words} (the tree and the problem).
   */
  private static void assertFound(DocumentChecker.Report r, int count, String... words) {
    assertFalse(r.isOk(), "damage went unnoticed");
    if (count >= 0) {
      assertEquals(count, r.problemCount(), r::toString);
    }
    assertEquals(r.problemCount(), r.problems().size());
    assertTrue(r.problems().stream().allMatch(p -> p.startsWith("document 'book': ")), r::toString);
    assertTrue(r.problems().stream().anyMatch(p -> Arrays.stream(words).allMatch(p::contains)),
        () -> "no problem mentions all of " + List.of(words) + ":\n" + r);
  }

  @Test
  void aCleanStoreIsOk() {
    try (Transaction tx = store.beginReadOnly()) {
      DocumentChecker.Report r = docs.check(tx);
      assertTrue(r.isOk(), r::toString);
      assertEquals(2, r.documents());
      assertEquals(16, r.nodes());
      assertEquals(List.of(), r.problems());
      assertEquals("2 documents, 16 nodes: indexes consistent", r.toString());
    }
    try (Store empty = Store.open(dir.resolve("empty.db"), StoreOptions.DEFAULT); Transaction tx = empty.beginReadOnly()) {
      assertEquals("0 documents, 0 nodes: indexes consistent", new DocumentStore(empty).check(tx).toString());
    }
  }

  /** Ids that look like the check's own notation ("null", '#', quotes) are ordinary ids. */
  @Test
  void awkwardIdsAreNotMistakenForProblems() {
    DocNode nullId = new DocNode("null", "a node named null").setPages(1, 1)
        .addChild(new DocNode("c", "first child").setPages(1, 2)).addChild(new DocNode("d", "second").setText("t"));
    DocNode hash = new DocNode("a#1", "hash").addChild(new DocNode("#0", "hash child"));
    DocNode quoted = new DocNode("'top'", "quoted").addChild(new DocNode("(top)", "parenthesized"));
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "awkward", PageIndexDocument.create("a", null, List.of(nullId, hash, quoted)), null);
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      DocumentChecker.Report r = docs.check(tx);
      assertTrue(r.isOk(), r::toString);
      assertEquals(3, r.documents());
      assertEquals(23, r.nodes());
    }
  }

  @Test
  void parentIndex() {
    assertFound(damaged(tx -> tx.put(DocTrees.PARENT, parentKey("book", "0005", 0), utf8("0003"))), 1,
        "doc.parent", "0005", "matches no node record");
    assertFound(damaged(tx -> tx.delete(DocTrees.PARENT, parentKey("book", "0001", 1))), 1,
        "doc.parent", "no entry", "0001", "1", "calls for it");
    assertFound(damaged(tx -> tx.delete(DocTrees.PARENT, parentKey("book", null, 2))), 1, "doc.parent", "no entry");
    assertFound(damaged(tx -> tx.put(DocTrees.PARENT, parentKey("book", "0001", 0), utf8("0005"))), 1,
        "doc.parent", "holds 0005", "says 0002");
  }

  @Test
  void pathIndex() {
    assertFound(damaged(tx -> tx.put(DocTrees.PATH, pathKey("book", "/0001/0009"), new byte[0])), 1,
        "doc.path", "/0001/0009", "matches no node record");
    assertFound(damaged(tx -> tx.delete(DocTrees.PATH, pathKey("book", "/0001/0002/0003"))), 1,
        "doc.path", "no entry /0001/0002/0003");
  }

  @Test
  void pageIndex() {
    assertFound(damaged(tx -> tx.put(DocTrees.PAGE, pageKey("book", 0, 4, "0003"), endPage(5))), 1,
        "doc.page", "0003", "holds 5", "says 4");
    assertFound(damaged(tx -> {
      tx.delete(DocTrees.PAGE, pageKey("book", 0, 4, "0003"));
      tx.put(DocTrees.PAGE, pageKey("book", 1, 4, "0003"), endPage(4)); // filed under the wrong level
    }), 2, "doc.page", "1#4#0003", "matches no node record");
    assertFound(damaged(tx -> tx.put(DocTrees.PAGE, pageKey("book", 4, 14, "0007"), new byte[3])), 1,
        "doc.page", "0007", "holds null");
    assertFound(damaged(tx -> tx.delete(DocTrees.PAGE, pageKey("book", 4, 14, "0007"))), 1,
        "doc.page", "no entry 4#14#0007");
  }

  @Test
  void textIndex() {
    assertFound(damaged(tx -> tx.put(DocTrees.TEXT, nodeKey("book", "0001"), utf8("stray"))), 1,
        "doc.text", "entry 0001", "matches no node record");
    assertFound(damaged(tx -> tx.delete(DocTrees.TEXT, nodeKey("book", "0000"))), 1, "doc.text", "no entry 0000");
  }

  @Test
  void nodeRecordFields() {
    NodeRecord hardware = record("0003");
    assertFound(damaged(tx -> rewrite(tx, hardware.withPlace("0002", 0, 5, hardware.path()))), 1,
        "doc.nodes", "node '0003'", "depth is 5", "implies 2");
    // The path index follows the record's path, so it disagrees too.
    assertFound(damaged(tx -> rewrite(tx, hardware.withPlace("0002", 0, 2, "/0001/0003"))), 3,
        "doc.nodes", "node '0003'", "path is /0001/0003", "implies /0001/0002/0003");
    NodeRecord setup = record("0002");
    assertFound(damaged(tx -> rewrite(tx, setup.withSpanEnd(5))), 1,
        "doc.nodes", "node '0002'", "span_end is 5", "give 9");
    assertFound(damaged(tx -> rewrite(tx, setup.withSpanEnd(null))), 1, "doc.nodes", "node '0002'", "span_end is null");
    NodeRecord runs = record("0005");
    assertFound(damaged(tx -> rewrite(tx, runs.withOrdinal(0))), -1, "doc.nodes", "ordinal 0", "children of '0001'");
    assertFound(damaged(tx -> rewrite(tx, runs.withOrdinal(7))), -1, "doc.nodes", "node '0005'", "ordinal 7");
    NodeRecord tables = record("0007");
    assertFound(damaged(tx -> rewrite(tx, tables.withPlace("0099", 0, 1, "/0099/0007"))), -1,
        "doc.nodes", "node '0007'", "parent '0099' does not exist");
    assertFound(damaged(tx -> tx.put(DocTrees.NODES, nodeKey("book", "0003"), new byte[] {1, 2, 3})), -1,
        "doc.nodes", "node '0003'", "cannot be read");
  }

  @Test
  void catalogRecord() {
    DocumentInfo info;
    try (Transaction tx = store.beginReadOnly()) {
      info = docs.document(tx, "book").orElseThrow();
    }
    assertFound(damaged(tx -> tx.put(DocTrees.CATALOG, docKey("book"), info.withNodeCount(9).encode())), 1,
        "doc.catalog", "counts 9 nodes, 8 are stored");
    // Without level bits the page query would skip the nodes: one problem per node with pages.
    assertFound(damaged(tx -> tx.put(DocTrees.CATALOG, docKey("book"), info.withCounters(8, 0, info.nextId()).encode())),
        8, "doc.catalog", "node '0003'", "level 0", "mask");
    DocumentChecker.Report r = damaged(tx -> tx.put(DocTrees.CATALOG, docKey("book"), new byte[] {0, 0, 0, 9}));
    assertFound(r, 1, "doc.catalog", "cannot be read");
    assertEquals(1, r.documents());
  }

  /** A document's entries left behind without its record, found on disk after a reopen. */
  @Test
  void orphanedEntries() {
    try (Transaction tx = store.begin()) {
      tx.delete(DocTrees.CATALOG, docKey("book"));
      tx.put(DocTrees.PAGE, pageKey("ghost", 0, 1, "0000"), endPage(1));
      tx.commit();
    }
    store.close();
    store = Store.open(dir.resolve("x.db"), StoreOptions.DEFAULT);
    docs = new DocumentStore(store);
    try (Transaction tx = store.beginReadOnly()) {
      DocumentChecker.Report r = docs.check(tx);
      assertEquals(6, r.problemCount(), r::toString);
      for (String tree : List.of(DocTrees.NODES, DocTrees.TEXT, DocTrees.PARENT, DocTrees.PATH, DocTrees.PAGE)) {
        assertTrue(r.problems().contains("document 'book': " + tree + " holds entries of a document that has no record"),
            r::toString);
      }
      assertTrue(r.problems().contains("document 'ghost': doc.page holds entries of a document that has no record"),
          r::toString);
      assertEquals(1, r.documents());
      assertEquals(8, r.nodes());
    }
  }

  /** A key the store never writes (bytes after its last component) is damage, not a match. */
  @Test
  void keysWithTrailingBytes() {
    assertFound(damaged(tx -> {
      tx.delete(DocTrees.PARENT, parentKey("book", "0001", 0));
      tx.put(DocTrees.PARENT, withTail(parentKey("book", "0001", 0)), utf8("0002"));
    }), -1, "doc.parent");
    assertFound(damaged(tx -> {
      tx.delete(DocTrees.PATH, pathKey("book", "/0000"));
      tx.put(DocTrees.PATH, withTail(pathKey("book", "/0000")), new byte[0]);
    }), -1, "doc.path");
    assertFound(damaged(tx -> {
      tx.delete(DocTrees.PAGE, pageKey("book", 0, 4, "0003"));
      tx.put(DocTrees.PAGE, withTail(pageKey("book", 0, 4, "0003")), endPage(4));
    }), -1, "doc.page");
    assertFound(damaged(tx -> tx.put(DocTrees.TEXT, withTail(nodeKey("book", "0000")), utf8("again"))), -1, "doc.text");
    NodeRecord hardware = record("0003");
    assertFound(damaged(tx -> {
      tx.delete(DocTrees.NODES, nodeKey("book", "0003"));
      tx.put(DocTrees.NODES, withTail(nodeKey("book", "0003")), hardware.encode());
    }), -1, "doc.nodes", "0003");
  }

  /** Keys that do not decode at all are reported; the check goes on with the rest. */
  @Test
  void undecodableKeys() {
    byte[] unterminated = Arrays.copyOf(docKey("book"), docKey("book").length + 1);
    unterminated[unterminated.length - 1] = 'A';
    assertFound(damaged(tx -> tx.put(DocTrees.NODES, unterminated, record("0003").encode())), 1, "doc.nodes", "key");
    byte[] badMarker = Arrays.copyOf(docKey("book"), docKey("book").length + 1);
    badMarker[badMarker.length - 1] = 7; // neither the null marker (0) nor the string marker (1)
    assertFound(damaged(tx -> tx.put(DocTrees.PARENT, badMarker, utf8("0003"))), 1, "doc.parent", "cannot be decoded");
  }

  /** The list stops at MAX_LISTED; the count goes on. */
  @Test
  void manyProblemsAreCountedBeyondTheListedOnes() {
    DocumentChecker.Report r = damaged(tx -> {
      for (int i = 0; i < DocumentChecker.MAX_LISTED + 5; i++) {
        tx.put(DocTrees.PATH, pathKey("book", "/stray" + i), new byte[0]);
      }
    });
    assertEquals(DocumentChecker.MAX_LISTED + 5, r.problemCount());
    assertEquals(DocumentChecker.MAX_LISTED, r.problems().size());
    assertTrue(r.toString().endsWith("... and 5 more"), r.toString());
  }
}
