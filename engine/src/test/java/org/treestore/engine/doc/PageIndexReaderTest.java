package org.treestore.engine.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PageIndex import and export: the fixtures written for this project (always), every collected
 * real file under {@code ../shared/data/pageindex} (skipped with a message where that folder is
 * absent), and bad input, each refused with the source, the JSON path and the problem.
 */
class PageIndexReaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PageIndexDocument fixture(String name) throws IOException {
    try (InputStream in = PageIndexReaderTest.class.getResourceAsStream("/pageindex/" + name)) {
      return PageIndexReader.read(in, name);
    }
  }

  private static JsonNode fixtureJson(String name) throws IOException {
    try (InputStream in = PageIndexReaderTest.class.getResourceAsStream("/pageindex/" + name)) {
      return JSON.readTree(in);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"handbook-pdf.json", "guide-md.json", "report-v0.json", "workspace-pdf.json"})
  void fixturesRoundTrip(String name) throws IOException {
    PageIndexDocument doc = fixture(name);
    assertEquals(fixtureJson(name), PageIndexWriter.toJson(doc), name); // ObjectNode equality ignores key order
    // And the exported text reads back to the same tree.
    PageIndexDocument again = PageIndexReader.read(
        new ByteArrayInputStream(PageIndexWriter.toJsonText(doc).getBytes(StandardCharsets.UTF_8)), name + " (exported)");
    assertEquals(PageIndexWriter.toJson(doc), PageIndexWriter.toJson(again));
  }

  @Test
  void pdfFieldsOddDataAndUnknownKeysAreKept() throws IOException {
    PageIndexDocument doc = fixture("handbook-pdf.json");
    assertEquals(PageIndexDocument.Variant.STRUCTURE, doc.variant());
    assertEquals("handbook.pdf", doc.docName());
    assertFalse(doc.idsAssigned());
    List<DocNode> all = doc.nodesInPreOrder();
    assertEquals(List.of("0000", "0001", "0002", "0003", "10000"),
        all.stream().map(DocNode::nodeId).collect(Collectors.toList()));
    DocNode reversed = all.get(2);
    assertEquals(5, reversed.startPage());
    assertEquals(3, reversed.endPage()); // start > end is real data: kept as is
    assertEquals(all.get(2).title(), all.get(3).title()); // duplicate titles
    DocNode last = all.get(4);
    assertEquals("", last.title());
    assertTrue(last.summary().contains("出差"));
    assertEquals(4, last.extra().get("line_start").intValue());
    assertTrue(last.extra().get("reviewed").get("ok").booleanValue());
  }

  @Test
  void markdownModeFields() throws IOException {
    PageIndexDocument doc = fixture("guide-md.json");
    DocNode root = doc.roots().get(0);
    assertEquals(1, root.lineNum());
    assertNull(root.startPage());
    assertTrue(root.prefixSummary().startsWith("# Guide"));
    assertEquals(30, doc.fields().get("line_count").intValue());
    assertEquals("## Usage\n\nThree commands.", root.children().get(1).text());
  }

  @Test
  void firstReleaseFilesGetIdsInPreOrderAndExportWithout() throws IOException {
    PageIndexDocument doc = fixture("report-v0.json");
    assertEquals(PageIndexDocument.Variant.BARE_LIST, doc.variant());
    assertEquals("child_nodes", doc.childKey());
    assertTrue(doc.idsAssigned());
    assertEquals(List.of("Cover:0000", "Part A:0001", "A.1:0002", "A.1.a:0003", "A.2:0004", "Part B:0005"),
        doc.nodesInPreOrder().stream().map(n -> n.title() + ":" + n.nodeId()).collect(Collectors.toList()));
    assertFalse(PageIndexWriter.toJsonText(doc).contains("node_id"));
  }

  @Test
  void workspaceDocumentsKeepTheirPages() throws IOException {
    PageIndexDocument doc = fixture("workspace-pdf.json");
    assertEquals(2, doc.fields().get("pages").size());
    assertEquals("pdf", doc.fields().get("type").asText());
  }

  /** Every collected real PageIndex file imports and exports to equal JSON. */
  @Test
  void everyCollectedFileRoundTrips() throws IOException {
    Path dir = Path.of("..", "..", "shared", "data", "pageindex");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "shared", "data", "pageindex");
    }
    Assumptions.assumeTrue(Files.isDirectory(dir),
        "skipped: ../shared/data/pageindex (the collected PageIndex files) is not present in this checkout");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("_meta.json"))
          .sorted().collect(Collectors.toList());
    }
    assertTrue(files.size() >= 30, "expected the collected files, found " + files.size());
    int nodes = 0;
    for (Path f : files) {
      PageIndexDocument doc = PageIndexReader.read(f);
      assertEquals(JSON.readTree(f.toFile()), PageIndexWriter.toJson(doc), f.toString());
      nodes += doc.nodesInPreOrder().size();
    }
    assertEquals(3960, nodes, "the format notes count 3,960 nodes in the collection");
  }

  private static DocumentFormatException bad(String json) {
    return assertThrows(DocumentFormatException.class,
        () -> PageIndexReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "bad.json"));
  }

  private static void assertMessage(DocumentFormatException e, String path, String... words) {
    assertTrue(e.getMessage().startsWith("bad.json: "), e.getMessage());
    assertEquals(path, e.jsonPath(), e.getMessage());
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), e.getMessage());
    }
  }

  @Test
  void badInputIsRefusedWithSourcePathAndProblem() {
    assertMessage(bad("{\"doc_name\": \"x\", \"structure\": [{\"title\": \"a\""), null, "not valid JSON", "line 1");
    assertMessage(bad(""), null, "empty");
    assertMessage(bad("42"), "$", "found the number 42");
    assertMessage(bad("{\"doc_name\": \"x\"}"), "$", "structure", "[doc_name]");
    assertMessage(bad("{\"structure\": {}}"), "$.structure", "expected an array");
    assertMessage(bad("{\"doc_name\": 7, \"structure\": []}"), "$.doc_name", "expected a string");
    assertMessage(bad("{\"structure\": [\"a\"]}"), "$.structure[0]", "expected a node object", "a string");
    assertMessage(bad("{\"structure\": [{\"title\": \"a\", \"nodes\": [{\"title\": 5}]}]}"),
        "$.structure[0].nodes[0].title", "expected a string", "5");
    assertMessage(bad("{\"structure\": [{\"title\": \"a\", \"start_index\": \"3\"}]}"),
        "$.structure[0].start_index", "integer", "\"3\"");
    assertMessage(bad("{\"structure\": [{\"title\": \"a\", \"end_index\": 2.5}]}"), "$.structure[0].end_index", "integer");
    assertMessage(bad("{\"structure\": [{\"title\": \"a\", \"end_index\": 99999999999}]}"), "$.structure[0].end_index", "integer");
    assertMessage(bad("{\"structure\": [{\"title\": \"a\", \"nodes\": 3}]}"), "$.structure[0].nodes", "expected an array");
    assertMessage(bad("{\"structure\": [{\"title\": \"a\", \"nodes\": [], \"child_nodes\": []}]}"), "$.structure[0]", "both");
    assertMessage(bad("{\"structure\": [{\"node_id\": \"0001\"}, {\"node_id\": \"0002\", \"nodes\": [{\"node_id\": \"0001\"}]}]}"),
        "$.structure[1].nodes[0]", "\"0001\"", "$.structure[0]");
    assertMessage(bad("{\"structure\": [{\"node_id\": \"0001\"}, {\"title\": \"no id\"}]}"), "$.structure", "1 of 2");
    assertMessage(bad("[{\"title\": \"a\"}] [1]"), null, "not valid JSON");
  }

  @Test
  void aLargeTreeImports() {
    // ~3 MB, 3,000 nodes with long summaries, nested 3 deep.
    StringBuilder b = new StringBuilder("{\"doc_name\": \"big\", \"structure\": [");
    String filler = "x".repeat(1000);
    int id = 0;
    for (int i = 0; i < 100; i++) {
      b.append(i == 0 ? "" : ",").append("{\"title\": \"r").append(i).append("\", \"node_id\": \"").append(String.format("%04d", id++))
          .append("\", \"summary\": \"").append(filler).append("\", \"nodes\": [");
      for (int j = 0; j < 29; j++) {
        b.append(j == 0 ? "" : ",").append("{\"title\": \"c\", \"node_id\": \"").append(String.format("%04d", id++))
            .append("\", \"summary\": \"").append(filler).append("\"}");
      }
      b.append("]}");
    }
    b.append("]}");
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    assertTrue(bytes.length > 3_000_000);
    PageIndexDocument doc = PageIndexReader.read(new ByteArrayInputStream(bytes), "big.json");
    assertEquals(3000, doc.nodesInPreOrder().size());
  }
}
