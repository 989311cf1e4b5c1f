package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.DocumentFormatException;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexReader;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.tx.Transaction;

/** Storing whole documents and reading them back through every index. */
class DocumentStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Store store;
  private DocumentStore docs;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("docs.db"), StoreOptions.DEFAULT);
    docs = new DocumentStore(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static PageIndexDocument fixture(String name) throws IOException {
    try (InputStream in = DocumentStoreTest.class.getResourceAsStream("/pageindex/" + name)) {
      return PageIndexReader.read(in, name);
    }
  }

  private void insert(String docId, PageIndexDocument doc) {
    try (Transaction tx = store.begin()) {
      docs.insert(tx, docId, doc, docId + ".json");
      tx.commit();
    }
  }

  private static List<String> ids(List<NodeRecord> records) {
    return records.stream().map(NodeRecord::nodeId).collect(Collectors.toList());
  }

  /** A document with three chapters, nested sections and pages; ids in pre-order. */
  static PageIndexDocument book() {
    DocNode c0 = new DocNode("0000", "Intro").setPages(1, 2).setText("intro text");
    DocNode c1 = new DocNode("0001", "Methods").setPages(3, 3)
        .addChild(new DocNode("0002", "Setup").setPages(3, 5)
            .addChild(new DocNode("0003", "Hardware").setPages(4, 4))
            .addChild(new DocNode("0004", "Software").setPages(5, 9)))
        .addChild(new DocNode("0005", "Runs").setPages(10, 12).setSummary("what ran"));
    DocNode c2 = new DocNode("0006", "Results").setPages(13, 20)
        .addChild(new DocNode("0007", "Tables").setPages(14, 40));
    return PageIndexDocument.create("book.pdf", "a test book", List.of(c0, c1, c2));
  }

  @Test
  void readsFollowTheTree() {
    insert("book", book());
    try (Transaction tx = store.beginReadOnly()) {
      NodeRecord setup = docs.node(tx, "book", "0002").orElseThrow();
      assertEquals("0001", setup.parentId());
      assertEquals(0, setup.ordinal());
      assertEquals(1, setup.depth());
      assertEquals("/0001/0002", setup.path());
      assertEquals(9, setup.spanEnd(), "span_end covers the children's pages");
      assertEquals(12, docs.node(tx, "book", "0001").orElseThrow().spanEnd());
      assertEquals(40, docs.node(tx, "book", "0006").orElseThrow().spanEnd());

      assertEquals(List.of("0000", "0001", "0006"), ids(docs.children(tx, "book", null)));
      assertEquals(List.of("0002", "0005"), ids(docs.children(tx, "book", "0001")));
      assertEquals(List.of(), docs.children(tx, "book", "0003"));
      assertEquals(List.of(), docs.children(tx, "nope", null));

      assertEquals(List.of("0001", "0002", "0003", "0004", "0005"), ids(docs.subtree(tx, "book", "0001", -1)));
      assertEquals(List.of("0001", "0002", "0005"), ids(docs.subtree(tx, "book", "0001", 1)));
      assertEquals(List.of("0001"), ids(docs.subtree(tx, "book", "0001", 0)));
      assertEquals(List.of(), docs.subtree(tx, "book", "9999", -1));

      assertEquals(List.of("0001", "0002", "0004"), ids(docs.ancestors(tx, "book", "0004")));
      assertEquals(List.of("0000"), ids(docs.ancestors(tx, "book", "0000")));

      assertEquals(List.of("0001", "0002"), ids(docs.nodesAtPage(tx, "book", 3)));
      assertEquals(List.of("0002", "0004"), ids(docs.nodesAtPage(tx, "book", 5)));
      assertEquals(List.of("0006", "0007"), ids(docs.nodesAtPage(tx, "book", 14)));
      assertEquals(List.of("0007"), ids(docs.nodesAtPage(tx, "book", 40)));
      assertEquals(List.of(), docs.nodesAtPage(tx, "book", 41));
      assertEquals(List.of(), docs.nodesAtPage(tx, "book", 0));

      assertEquals("0003", docs.nodeByPath(tx, "book", "/0001/0002/0003").orElseThrow().nodeId());
      assertTrue(docs.nodeByPath(tx, "book", "/0002/0003").isEmpty(), "right id, wrong path");
      assertTrue(docs.nodeByPath(tx, "book", "0003").isEmpty());
      assertEquals(List.of("0002", "0003", "0004", "0005"), ids(docs.pathPrefix(tx, "book", "/0001/")));
      assertEquals(8, docs.pathPrefix(tx, "book", "/").size());

      assertEquals("intro text", docs.text(tx, "book", "0000"));
      assertNull(docs.text(tx, "book", "0001"));
      DocumentInfo info = docs.document(tx, "book").orElseThrow();
      assertEquals(8, info.nodeCount());
      assertEquals("book.pdf", info.title());
      assertEquals("a test book", info.description());
      assertEquals("book.json", info.source());
      assertNull(info.metadata());
      assertTrue(docs.check(tx).isOk(), () -> docs.check(tx).toString());
    }
  }

  @Test
  void oddButRealDataIsKeptAsIs() throws IOException {
    PageIndexDocument doc = fixture("handbook-pdf.json");
    insert("handbook", doc);
    try (Transaction tx = store.beginReadOnly()) {
      NodeRecord reversed = docs.node(tx, "handbook", "0002").orElseThrow();
      assertEquals(5, reversed.startPage());
      assertEquals(3, reversed.endPage());
      assertFalse(ids(docs.nodesAtPage(tx, "handbook", 4)).contains("0002"), "start > end holds no page");
      NodeRecord wide = docs.node(tx, "handbook", "10000").orElseThrow();
      assertEquals("", wide.title());
      assertTrue(wide.summary().contains("出差与报销"));
      assertEquals("{\"line_start\":4,\"reviewed\":{\"by\":\"qa\",\"ok\":true}}", wide.metadata());
      assertEquals(JSON.readTree(PageIndexWriter.toJsonText(doc)),
          PageIndexWriter.toJson(docs.export(tx, "handbook").orElseThrow()));
      assertTrue(docs.check(tx).isOk());
    }
  }

  @Test
  void everyFixtureVariantExportsAsImported() throws IOException {
    for (String name : List.of("handbook-pdf.json", "guide-md.json", "report-v0.json", "workspace-pdf.json")) {
      insert(name, fixture(name));
    }
    store.close();
    store = Store.open(dir.resolve("docs.db"), StoreOptions.DEFAULT);
    docs = new DocumentStore(store);
    try (Transaction tx = store.beginReadOnly()) {
      for (String name : List.of("handbook-pdf.json", "guide-md.json", "report-v0.json", "workspace-pdf.json")) {
        try (InputStream in = DocumentStoreTest.class.getResourceAsStream("/pageindex/" + name)) {
          assertEquals(JSON.readTree(in), PageIndexWriter.toJson(docs.export(tx, name).orElseThrow()), name);
        }
      }
      assertEquals(4, docs.documentIds(tx).size());
      assertTrue(docs.check(tx).isOk(), () -> docs.check(tx).toString());
    }
  }

  /** Every collected real PageIndex file stores, exports equal, and passes the check. */
  @Test
  void everyCollectedFileRoundTripsThroughTheStore() throws IOException {
    Path shared = Path.of("..", "..", "shared", "data", "pageindex");
    if (!Files.isDirectory(shared)) {
      shared = Path.of("..", "shared", "data", "pageindex");
    }
    Assumptions.assumeTrue(Files.isDirectory(shared),
        "skipped: ../shared/data/pageindex (the collected PageIndex files) is not present in this checkout");
    List<Path> files;
    try (Stream<Path> s = Files.walk(shared)) {
      files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("_meta.json"))
          .sorted().collect(Collectors.toList());
    }
    int nodes = 0;
    for (Path f : files) {
      insert(shared.relativize(f).toString(), PageIndexReader.read(f));
    }
    try (Transaction tx = store.beginReadOnly()) {
      for (Path f : files) {
        PageIndexDocument back = docs.export(tx, shared.relativize(f).toString()).orElseThrow();
        assertEquals(JSON.readTree(f.toFile()), PageIndexWriter.toJson(back), f.toString());
        nodes += docs.document(tx, shared.relativize(f).toString()).orElseThrow().nodeCount();
      }
      DocumentChecker.Report report = docs.check(tx);
      assertTrue(report.isOk(), report::toString);
      assertEquals(files.size(), report.documents());
    }
    assertEquals(3960, nodes);
  }

  @Test
  void aDocumentIsStoredWholeOrNotAtAll() {
    insert("book", book());
    DocNode a = new DocNode("0000", "A");
    DocNode b = new DocNode("0001", "B").addChild(new DocNode("0000", "again"));
    try (Transaction tx = store.begin()) {
      DocumentFormatException e = assertThrows(DocumentFormatException.class,
          () -> docs.insert(tx, "dup", PageIndexDocument.create("x", null, List.of(a, b)), "dup.json"));
      assertEquals("$.structure[1].nodes[0]", e.jsonPath());
      assertTrue(e.getMessage().contains("node_id \"0000\" is also the id of the node at $.structure[0]"), e.getMessage());
      assertThrows(DocumentFormatException.class,
          () -> docs.replace(tx, "book", PageIndexDocument.create("x", null, List.of(a, b)), "dup.json"));
      DocumentConstraintException taken = assertThrows(DocumentConstraintException.class,
          () -> docs.insert(tx, "book", book(), null));
      assertTrue(taken.getMessage().contains("already stored"), taken.getMessage());
      assertTrue(docs.document(tx, "dup").isEmpty());
      assertEquals(8, docs.document(tx, "book").orElseThrow().nodeCount(), "the failed replace kept the old one");
      docs.insert(tx, "other", book(), null); // the transaction goes on
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(List.of("book", "other"), docs.documentIds(tx));
      assertTrue(docs.check(tx).isOk());
    }
  }

  @Test
  void deleteAndReplaceLeaveNoTrace() {
    insert("book", book());
    insert("keep", book());
    try (Transaction tx = store.begin()) {
      PageIndexDocument small = PageIndexDocument.create("small", null, List.of(new DocNode("x", "only").setPages(1, 1)));
      assertEquals(1, docs.replace(tx, "book", small, "small.json").nodeCount());
      assertEquals(List.of("x"), ids(docs.nodesAtPage(tx, "book", 1)));
      tx.commit();
    }
    try (Transaction tx = store.begin()) {
      assertTrue(docs.delete(tx, "book"));
      assertFalse(docs.delete(tx, "book"));
      assertFalse(docs.delete(tx, "never"));
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(List.of("keep"), docs.documentIds(tx));
      assertTrue(docs.node(tx, "book", "x").isEmpty());
      assertEquals(8, docs.pathPrefix(tx, "keep", "/").size());
      DocumentChecker.Report report = docs.check(tx);
      assertTrue(report.isOk(), report::toString);
      assertEquals(8, report.nodes());
    }
  }

  @Test
  void concurrentReadersSeeCommittedDocumentsOnly() {
    try (Transaction writer = store.begin(); Transaction before = store.beginReadOnly()) {
      docs.insert(writer, "book", book(), null);
      assertEquals(8, docs.subtree(writer, "book", "0000", -1).size() + docs.subtree(writer, "book", "0001", -1).size()
          + docs.subtree(writer, "book", "0006", -1).size(), "the writer sees its own document");
      assertTrue(docs.document(before, "book").isEmpty());
      writer.commit();
      assertTrue(docs.document(before, "book").isEmpty(), "a snapshot does not change");
    }
    try (Transaction after = store.beginReadOnly()) {
      assertEquals(8, docs.document(after, "book").orElseThrow().nodeCount());
    }
  }

  @Test
  void metadataCannotShadowPageIndexFields() {
    insert("book", book());
    try (Transaction tx = store.begin()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> docs.updateNode(tx, "book", "0001", new NodeChange().metadata("{\"title\": \"x\"}")));
      assertTrue(e.getMessage().contains("\"title\" is a PageIndex field"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> new DocNode("n", "t").setExtra(new ObjectMapper().createObjectNode().put("summary", "s")));
      assertEquals("{\"reviewed\":true}", docs.updateNode(tx, "book", "0001",
          new NodeChange().metadata("{\"reviewed\": true}")).orElseThrow().metadata());
      assertEquals("Methods", docs.node(tx, "book", "0001").orElseThrow().title());
    }
  }

  @Test
  void pageTiesAreOrderedByPathInCodePointOrder() {
    // U+FF5E sorts after U+1D11E in UTF-16 units but before it by code point, as keys order.
    DocNode a = new DocNode("\uD834\uDD1E", "clef").setPages(1, 1);
    DocNode b = new DocNode("\uFF5E", "tilde").setPages(1, 1);
    insert("u", PageIndexDocument.create("u", null, List.of(a, b)));
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(ids(docs.pathPrefix(tx, "u", "/")), ids(docs.nodesAtPage(tx, "u", 1)));
      assertEquals(List.of("\uFF5E", "\uD834\uDD1E"), ids(docs.nodesAtPage(tx, "u", 1)));
    }
  }
}
