package org.treestore.engine.doc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Markdown files become documents as in PageIndex's Markdown mode (headings → nodes). */
class MarkdownReaderTest {
  private static final String MD = String.join("\n",
      "Intro text before any heading.",
      "",
      "# Guide",
      "Opening paragraph.",
      "## Install ##",
      "Run the installer.",
      "```sh",
      "# not a heading: inside a fence",
      "```",
      "### Linux",
      "apt install it",
      "## Usage",
      "#hashtag is not a heading",
      "    # indented four spaces: code, not a heading",
      "# 附录",
      "最后一节。",
      "");

  @Test
  void headingsBecomeNodesWithTheirOwnText() {
    PageIndexDocument doc = MarkdownReader.read(MD, "guide");
    List<String> outline = doc.nodesInPreOrder().stream()
        .map(n -> n.nodeId() + " " + n.title() + " @" + n.lineNum()).collect(Collectors.toList());
    assertEquals(List.of("0000 Guide @3", "0001 Install @5", "0002 Linux @10", "0003 Usage @12", "0004 附录 @15"), outline);
    DocNode guide = doc.roots().get(0);
    assertEquals(2, guide.children().size());
    assertEquals("# Guide\nOpening paragraph.", guide.text());
    DocNode install = guide.children().get(0);
    assertEquals("## Install ##\nRun the installer.\n```sh\n# not a heading: inside a fence\n```", install.text());
    assertEquals("## Usage\n#hashtag is not a heading\n    # indented four spaces: code, not a heading",
        guide.children().get(1).text());
    assertEquals("最后一节。", doc.roots().get(1).text().split("\n")[1]);
    assertEquals("guide", doc.docName());
    assertEquals(16, doc.fields().get("line_count").intValue());
    assertEquals("Intro text before any heading.", doc.fields().get("preamble").asText());
    assertNull(guide.summary());
  }

  @Test
  void exportReadsBackAsTheSameDocument() {
    PageIndexDocument doc = MarkdownReader.read(MD, "guide");
    String json = PageIndexWriter.toJsonText(doc);
    PageIndexDocument again = PageIndexReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "guide.json");
    assertEquals(PageIndexWriter.toJson(doc), PageIndexWriter.toJson(again));
  }

  @Test
  void aFileWithoutHeadingsHasNoNodes() {
    PageIndexDocument doc = MarkdownReader.read("just text\n", "plain");
    assertEquals(0, doc.roots().size());
    assertEquals(1, doc.fields().get("line_count").intValue());
  }
}
