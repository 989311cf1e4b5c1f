package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.DocumentFormatException;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexReader;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Bad input is refused with an error naming the file, the JSON path and the problem, and leaves
 * the database exactly as it was; odd but legal input (huge, deep, non-Latin, ids past 9999,
 * extreme pages) is stored and given back unchanged.
 */
class DocumentBadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Store store;
  private DocumentStore docs;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("x.db"), StoreOptions.DEFAULT);
    docs = new DocumentStore(store);
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "book", DocumentStoreTest.book(), "book.json");
      tx.commit();
    }
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static PageIndexDocument read(String json, String name) {
    return PageIndexReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), name);
  }

  /** A doc with the given node objects (JSON text) as its roots. */
  private static String doc(String... roots) {
    return "{\"doc_name\": \"bad.pdf\", \"structure\": [" + String.join(", ", roots) + "]}";
  }

  /**
   * Everything a bad input could disturb: the document ids, the whole existing document, the
   * number of entries in every tree (by cursor scan) and the integrity check.
   */
  private String fingerprint(Transaction tx) {
    StringBuilder b = new StringBuilder(docs.documentIds(tx).toString());
    b.append('\n').append(PageIndexWriter.toJsonText(docs.export(tx, "book").orElseThrow()));
    for (String tree : DocTrees.ALL) {
      int n = 0;
      TransactionCursor c = tx.cursor(tree);
      for (boolean ok = c.first(); ok; ok = c.next()) {
        n++;
      }
      b.append('\n').append(tree).append(": ").append(n);
    }
    return b.append('\n').append(docs.check(tx)).toString();
  }

  private String fingerprint() {
    try (Transaction tx = store.beginReadOnly()) {
      return fingerprint(tx);
    }
  }

  /**
   * Reads {@code json} as file {@code name} and inserts it: this must fail with an error naming
   * the file, {@code path} and every word of {@code words}, and change nothing (in the transaction
   * nor after it commits).
   */
  private DocumentFormatException refused(String json, String path, String... words) {
    return refusedAs("new", json, path, words);
  }

  private DocumentFormatException refusedAs(String docId, String json, String path, String... words) {
    String name = "in/bad-" + Integer.toHexString(json.hashCode()) + ".json";
    String before = fingerprint();
    assertTrue(before.endsWith("indexes consistent"), before);
    DocumentFormatException e;
    try (Transaction tx = store.begin()) {
      e = assertThrows(DocumentFormatException.class, () -> docs.insert(tx, docId, read(json, name), name));
      assertEquals(before, fingerprint(tx), "the transaction is unchanged");
      tx.commit();
    }
    assertEquals(before, fingerprint(), "the database is unchanged");
    assertEquals(name, e.source(), e.getMessage());
    assertEquals(path, e.jsonPath(), e.getMessage());
    assertTrue(e.getMessage().startsWith(name + ": " + (path == null ? "" : path + ": ")), e.getMessage());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), () -> "\"" + w + "\" missing from: " + e.getMessage());
    }
    return e;
  }

  @Test
  void textThatIsNotJson() {
    refused("{\"doc_name\": \"x\", \"structure\": [{\"title\": \"a\", \"node_id\": \"0000\"", null,
        "not valid JSON", "line 1, column", "end-of-input");
    refused("this is not JSON", null, "not valid JSON", "line 1, column");
    refused("{\"structure\": []} trailing", null, "not valid JSON");
    refused("", null, "empty input");
    refused("  \n ", null, "empty input");
  }

  @Test
  void wrongShapesAndTypes() {
    refused("42", "$", "expected a PageIndex document", "the number 42");
    refused("{\"doc_name\": \"x\", \"nodes\": []}", "$", "expected the roots under \"structure\"", "doc_name");
    refused("{\"structure\": {}}", "$.structure", "expected an array of nodes", "an object");
    refused("{\"doc_name\": 7, \"structure\": []}", "$.doc_name", "expected a string", "the number 7");
    refused(doc("\"just text\""), "$.structure[0]", "expected a node object", "a string \"just text\"");
    refused(doc("{\"title\": 5, \"node_id\": \"0000\"}"), "$.structure[0].title", "expected a string", "the number 5");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"nodes\": {\"x\": 1}}"), "$.structure[0].nodes",
        "expected an array of nodes", "an object");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"nodes\": [{\"title\": \"b\", \"node_id\": \"0001\", "
        + "\"start_index\": \"3\"}]}"), "$.structure[0].nodes[0].start_index", "expected an integer", "a string \"3\"");
    for (String number : List.of("1e30", "3.5", "2147483648", "-2147483649", "99999999999999999999999", "3.0")) {
      refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"end_index\": " + number + "}"),
          "$.structure[0].end_index", "expected an integer page or line number", "the number");
    }
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"nodes\": [], \"child_nodes\": []}"), "$.structure[0]",
        "both \"nodes\" and \"child_nodes\"");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\"}", "{\"title\": \"b\"}"), "$.structure",
        "1 of 2 nodes have no node_id");
  }

  @Test
  void badNodeIds() {
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\"}", "{\"title\": \"b\", \"node_id\": \"0000\"}"),
        "$.structure[1]", "node_id \"0000\" is also the id of the node at $.structure[0]");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0007\"}", "{\"title\": \"b\", \"node_id\": \"0001\", \"nodes\": "
        + "[{\"title\": \"c\", \"node_id\": \"0002\"}, {\"title\": \"d\", \"node_id\": \"0007\"}]}"),
        "$.structure[1].nodes[1]", "node_id \"0007\" is also the id of the node at $.structure[0]");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"nodes\": [{\"title\": \"b\", \"node_id\": \"1/2\"}]}"),
        "$.structure[0].nodes[0]", "node_id \"1/2\" contains '/'");
    refused(doc("{\"title\": \"a\", \"node_id\": \"\"}"), "$.structure[0]", "node_id is empty");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\"}", "{\"title\": \"b\", \"node_id\": \"" + "x".repeat(200) + "\"}"),
        "$.structure[1]", "node_id is 200 bytes of UTF-8", "128");
    // Duplicates in a tree built in code are caught by the store itself, not only by the reader.
    String before = fingerprint();
    try (Transaction tx = store.begin()) {
      DocumentFormatException e = assertThrows(DocumentFormatException.class, () -> docs.insert(tx, "new",
          PageIndexDocument.create("x", null, List.of(new DocNode("a", "A").addChild(new DocNode("a", "again")))), "code"));
      assertEquals("code", e.source());
      assertEquals("$.structure[0].nodes[0]", e.jsonPath());
      assertEquals(before, fingerprint(tx));
    }
  }

  @Test
  void badDocIds() {
    String ok = doc("{\"title\": \"a\", \"node_id\": \"0000\"}");
    refusedAs("", ok, null, "doc_id is empty");
    refusedAs("d".repeat(300), ok, null, "doc_id is 300 bytes of UTF-8", "256");
    refusedAs("é".repeat(129), ok, null, "doc_id is 258 bytes");
    refusedAs("bad \ud800 id", ok, null, "doc_id", "not valid Unicode");
  }

  /** A chain of "%04d" ids whose path outgrows the path index: the error names the first node too deep. */
  @Test
  void aTreeTooDeepForThePathIndex() {
    int maxKey = BTree.maxKeyLength(store.pageSize());
    int tooDeep = 0;
    String path = "/0000";
    while (new KeyWriter().writeString("new").writeString(path).toByteArray().length <= maxKey) {
      path += String.format("/%04d", ++tooDeep);
    }
    assertTrue(tooDeep > 300, "PageIndex-like ids, hundreds of levels: " + tooDeep);
    refused(doc(chain(tooDeep + 4)), "$.structure[0]" + ".nodes[0]".repeat(tooDeep), "path", "depth " + tooDeep);
    // One level less fits, and every read copes with the depth.
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "new", read(doc(chain(tooDeep)), "deep.json"), "deep.json");
      String deepest = String.format("%04d", tooDeep - 1);
      assertEquals(tooDeep, docs.ancestors(tx, "new", deepest).size());
      assertEquals(tooDeep, docs.subtree(tx, "new", "0000", -1).size());
      assertEquals(3, docs.subtree(tx, "new", "0000", 2).size());
      assertTrue(docs.check(tx).isOk(), () -> docs.check(tx).toString());
    }
  }

  /** {@code levels} nodes, each the only child of the one before. */
  private static String chain(int levels) {
    StringBuilder json = new StringBuilder();
    for (int d = 0; d < levels; d++) {
      json.append("{\"title\": \"level ").append(d).append("\", \"node_id\": \"").append(String.format("%04d", d))
          .append(d + 1 < levels ? "\", \"nodes\": [" : "\"");
    }
    return json.append('}').append("]}".repeat(levels - 1)).toString();
  }

  @Test
  void unpairedSurrogates() {
    refused(doc("{\"title\": \"bad \\ud800 title\", \"node_id\": \"0000\"}"), "$.structure[0]", "not valid Unicode");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"nodes\": [{\"title\": \"b\", \"node_id\": \"0001\", "
        + "\"text\": \"x\\udc00\"}]}"), "$.structure[0].nodes[0]", "text", "not valid Unicode");
    refused(doc("{\"title\": \"a\", \"node_id\": \"0000\", \"line_start\": \"\\ud83d\"}"), "$.structure[0]",
        "not valid Unicode");
    refused(doc("{\"title\": \"a\", \"node_id\": \"\\ud800\"}"), "$.structure[0]", "node_id", "not valid Unicode");
    // A document-level field is stored in the document record: the same error, not an IllegalArgumentException.
    refused("{\"doc_name\": \"bad \\ud800 name\", \"structure\": []}", "$", "not valid Unicode");
  }

  @Test
  void aFailedInsertKeepsTheTransactionsOtherWrites() {
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "first", DocumentStoreTest.book(), null);
      docs.updateNode(tx, "book", "0001", new NodeChange().summary("changed in this transaction"));
      docs.insertNode(tx, "book", null, -1, new DocNode("new", "added").setPages(50, 51));
      String before = fingerprint(tx);
      assertThrows(DocumentFormatException.class, () -> docs.insert(tx, "second",
          read(doc("{\"title\": \"a\", \"node_id\": \"0000\"}", "{\"title\": \"b\", \"node_id\": \"0000\"}"), "dup.json"),
          "dup.json"));
      assertThrows(DocumentConstraintException.class, () -> docs.insert(tx, "first", DocumentStoreTest.book(), null));
      assertEquals(before, fingerprint(tx));
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(List.of("book", "first"), docs.documentIds(tx));
      assertEquals("changed in this transaction", docs.node(tx, "book", "0001").orElseThrow().summary());
      assertEquals(List.of("new"), ids(docs.nodesAtPage(tx, "book", 51)));
      assertEquals(9, docs.document(tx, "book").orElseThrow().nodeCount());
      assertTrue(docs.check(tx).isOk(), () -> docs.check(tx).toString());
    }
  }

  @Test
  void aFailedReplaceKeepsTheOldDocument() {
    String before = fingerprint();
    List<PageIndexDocument> bad = List.of(
        PageIndexDocument.create("x", null, List.of(new DocNode("a", "A"), new DocNode("a", "B"))),
        PageIndexDocument.create("x", null, List.of(new DocNode("a/b", "A"))),
        PageIndexDocument.create("x", null, List.of(new DocNode("a", "bad \udbff"))),
        PageIndexDocument.create("x", null, List.of(new DocNode(null, "no id"))));
    try (Transaction tx = store.begin()) {
      for (PageIndexDocument d : bad) {
        DocumentFormatException e = assertThrows(DocumentFormatException.class, () -> docs.replace(tx, "book", d, "r.json"));
        assertEquals("r.json", e.source());
        assertEquals(before, fingerprint(tx), e.getMessage());
      }
      tx.commit();
    }
    assertEquals(before, fingerprint());
  }

  @Test
  void badNodeLevelValues() {
    String before = fingerprint();
    try (Transaction tx = store.begin()) {
      List<Object[]> cases = List.of(
          new Object[] {new NodeChange().summary("s").metadata("[1,2]"), "metadata must be a JSON object"},
          new Object[] {new NodeChange().summary("s").metadata("not json"), "metadata is not valid JSON"},
          new Object[] {new NodeChange().summary("s").metadata("\"text\""), "metadata must be a JSON object"},
          new Object[] {new NodeChange().summary("s").metadata("{\"a\": 1} {\"b\": 2}"), "metadata is not valid JSON"},
          new Object[] {new NodeChange().pages(1, 2).title("bad \ud800"), "not valid Unicode"},
          new Object[] {new NodeChange().pages(1, 2).text("bad \udfff"), "text is not valid Unicode"});
      for (Object[] c : cases) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> docs.updateNode(tx, "book", "0002", (NodeChange) c[0]), () -> "expected: " + c[1]);
        assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        assertEquals(before, fingerprint(tx), e.getMessage());
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> docs.insertNode(tx, "book", "0001", 0, new DocNode("x", "t").setPrefixSummary("\udc00")));
      assertTrue(e.getMessage().contains("node 'x'") && e.getMessage().contains("not valid Unicode"), e.getMessage());
      assertEquals(before, fingerprint(tx));
      tx.commit();
    }
    assertEquals(before, fingerprint());
  }

  // ---- odd but legal input ----

  /** A 3 MB file of 10,000 nodes without ids (so ids are assigned up to "9999"): stored, exported equal. */
  @Test
  void aThreeMegabyteTreeIsAccepted() throws Exception {
    StringBuilder json = new StringBuilder("{\"doc_name\": \"big.pdf\", \"structure\": [");
    for (int chapter = 0; chapter < 100; chapter++) {
      json.append(chapter == 0 ? "" : ", ").append("{\"title\": \"Chapter ").append(chapter)
          .append("\", \"start_index\": ").append(chapter * 10 + 1).append(", \"end_index\": ").append(chapter * 10 + 1)
          .append(", \"nodes\": [");
      for (int s = 0; s < 99; s++) {
        json.append(s == 0 ? "" : ", ").append("{\"title\": \"Section ").append(chapter).append('.').append(s)
            .append("\", \"start_index\": ").append(chapter * 10 + 1 + s / 10).append(", \"end_index\": ")
            .append(chapter * 10 + 2 + s / 10).append(", \"text\": \"").append("word ".repeat(60)).append("\"}");
      }
      json.append("]}");
    }
    String text = json.append("]}").toString();
    assertTrue(text.length() > 3_000_000, "size " + text.length());
    try (Transaction tx = store.begin()) {
      assertEquals(10_000, docs.insert(tx, "big", read(text, "big.json"), "big.json").nodeCount());
      tx.commit();
    }
    try (Transaction tx = store.begin()) {
      assertEquals(JSON.readTree(text), PageIndexWriter.toJson(docs.export(tx, "big").orElseThrow()));
      assertEquals(100, docs.children(tx, "big", null).size());
      assertEquals(100, docs.subtree(tx, "big", "9900", -1).size());
      assertEquals("/9900/9999", docs.node(tx, "big", "9999").orElseThrow().path());
      assertEquals(1001, docs.node(tx, "big", "9900").orElseThrow().spanEnd());
      // The id counter goes on past 9999 with five digits, as PageIndex does.
      assertEquals("10000", docs.insertNode(tx, "big", "9900", -1, new DocNode(null, "after")).nodeId());
      DocumentChecker.Report report = docs.check(tx);
      assertTrue(report.isOk(), report::toString);
      assertEquals(10_009, report.nodes());
      tx.commit();
    }
  }

  @Test
  void nonLatinTextIsAcceptedAndRoundTrips() throws Exception {
    String json = doc(
        "{\"title\": \"第一章 总则\", \"node_id\": \"章一\", \"start_index\": 1, \"end_index\": 3, "
            + "\"summary\": \"本章规定了出差与报销的基本原则。\", \"text\": \"差旅费用应当在三十日内报销。𠀀\", "
            + "\"nodes\": [{\"title\": \"第一节\", \"node_id\": \"节一\", \"start_index\": 2, \"end_index\": 2}]}",
        "{\"title\": \"অধ্যায় ১: সেবা\", \"node_id\": \"অধ্যায়১\", \"start_index\": 4, \"end_index\": 5, "
            + "\"summary\": \"নাগরিক সেবার তালিকা ও আবেদনের নিয়ম।\", \"text\": \"আবেদন অনলাইনে জমা দিন।\"}");
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "多语言", read(json, "multi.json"), "multi.json");
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals(JSON.readTree(json), PageIndexWriter.toJson(docs.export(tx, "多语言").orElseThrow()));
      assertEquals("差旅费用应当在三十日内报销。𠀀", docs.text(tx, "多语言", "章一"));
      assertEquals("আবেদন অনলাইনে জমা দিন।", docs.text(tx, "多语言", "অধ্যায়১"));
      assertEquals(List.of("章一", "节一"), ids(docs.nodesAtPage(tx, "多语言", 2)));
      assertEquals("节一", docs.nodeByPath(tx, "多语言", "/章一/节一").orElseThrow().nodeId());
      assertEquals(List.of("节一"), ids(docs.pathPrefix(tx, "多语言", "/章一/")));
      assertEquals(List.of("章一", "节一"), ids(docs.ancestors(tx, "多语言", "节一")));
      assertTrue(docs.check(tx).isOk());
    }
  }

  @Test
  void idsPastNineThousandNineHundredNinetyNine() throws Exception {
    String json = doc("{\"title\": \"a\", \"node_id\": \"9999\", \"nodes\": [{\"title\": \"b\", \"node_id\": \"10000\"}, "
        + "{\"title\": \"c\", \"node_id\": \"123456\"}]}", "{\"title\": \"d\", \"node_id\": \"10001\"}");
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "wide", read(json, "wide.json"), "wide.json");
      assertEquals(JSON.readTree(json), PageIndexWriter.toJson(docs.export(tx, "wide").orElseThrow()));
      assertEquals(List.of("10000", "123456"), ids(docs.children(tx, "wide", "9999")));
      assertEquals(Optional.of("/9999/123456"), docs.node(tx, "wide", "123456").map(NodeRecord::path));
      assertEquals(List.of("10001", "9999", "10000", "123456"), ids(docs.pathPrefix(tx, "wide", "/")), "code point order");
      assertNull(docs.text(tx, "wide", "10000"));
      assertTrue(docs.check(tx).isOk());
    }
  }

  /** Pages at the ends of the int range are legal input; the interval index must still find them. */
  @Test
  void pagesAtTheEndsOfTheIntRangeAreFound() {
    int max = Integer.MAX_VALUE;
    int min = Integer.MIN_VALUE;
    try (Transaction tx = store.begin()) {
      docs.insert(tx, "d", PageIndexDocument.create("d", null, List.of(new DocNode("top", "t").setPages(max - 2, max),
          new DocNode("all", "a").setPages(min, max), new DocNode("low", "l").setPages(min, min + 1))), null);
      assertEquals(List.of("all", "top"), ids(docs.nodesAtPage(tx, "d", max)));
      assertEquals(List.of("all", "top"), ids(docs.nodesAtPage(tx, "d", max - 2)));
      assertEquals(List.of("all", "low"), ids(docs.nodesAtPage(tx, "d", min)));
      assertEquals(List.of("all"), ids(docs.nodesAtPage(tx, "d", 0)));
      docs.updateNode(tx, "d", "low", new NodeChange().pages(max, max));
      assertEquals(List.of("all", "top", "low"), ids(docs.nodesAtPage(tx, "d", max)));
      assertTrue(docs.check(tx).isOk(), () -> docs.check(tx).toString());
    }
  }

  private static List<String> ids(List<NodeRecord> records) {
    List<String> out = new ArrayList<>();
    records.forEach(r -> out.add(r.nodeId()));
    return out;
  }
}
