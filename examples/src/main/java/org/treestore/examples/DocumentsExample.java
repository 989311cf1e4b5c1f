package org.treestore.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.MarkdownReader;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexReader;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.docstore.DocumentChecker;
import org.treestore.engine.docstore.DocumentInfo;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeChange;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.tx.Transaction;

/**
 * The document store end to end: imports the sample documents that ship with TreeStore (a
 * PageIndex JSON tree of a fictional water utility's annual report, and TreeStore's own README and
 * docs as Markdown), asks the hierarchical questions an application asks (top level, subtree,
 * ancestors, nodes covering a page, path prefix), edits nodes in a transaction, exports a document
 * back to PageIndex JSON and runs the integrity check of every index.
 *
 * <p>Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl examples exec:java}
 * (optionally {@code -Dexec.args=path/to/file.tsdb}; the default is
 * {@code target/treestore-documents.tsdb}, recreated on every run).
 */
public final class DocumentsExample {
  private static final String REPORT = "city-water-report";
  private static final List<String> MARKDOWN = List.of("README.md", "architecture.md", "format.md");

  private DocumentsExample() {}

  /** Entry point; the optional argument is the database file. */
  public static void main(String[] args) throws IOException {
    Path file = Paths.get(args.length > 0 ? args[0] : "target/treestore-documents.tsdb");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    for (String suffix : List.of("", "-wal")) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    try (Store store = Store.open(file, StoreOptions.DEFAULT)) {
      DocumentStore docs = new DocumentStore(store);
      System.out.println("Database " + file);

      // 1. Import: every document in one transaction, so they appear together or not at all.
      try (Transaction tx = store.begin()) {
        try (InputStream in = resource("samples/" + REPORT + ".json")) {
          report(docs.insert(tx, REPORT, PageIndexReader.read(in, REPORT + ".json"), REPORT + ".json"));
        }
        for (String md : MARKDOWN) {
          try (InputStream in = resource("samples/docs/" + md)) {
            PageIndexDocument doc = MarkdownReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), md);
            report(docs.insert(tx, md, doc, md));
          }
        }
        tx.commit();
      }

      // 2. Hierarchical reads, in a read-only snapshot.
      try (Transaction tx = store.beginReadOnly()) {
        section("Top level of " + REPORT);
        docs.children(tx, REPORT, null).forEach(DocumentsExample::line);
        section("Subtree of 0001 (1 Supply and Demand), pre-order");
        docs.subtree(tx, REPORT, "0001", -1).forEach(DocumentsExample::line);
        section("Ancestors of 0011 (2.2.1 Lead), top-level first");
        docs.ancestors(tx, REPORT, "0011").forEach(DocumentsExample::line);
        section("Nodes covering page 9 (parents do not always cover their children's pages)");
        docs.nodesAtPage(tx, REPORT, 9).forEach(DocumentsExample::line);
        section("Path prefix /0013/ (everything under 3 Infrastructure)");
        docs.pathPrefix(tx, REPORT, "/0013/").forEach(DocumentsExample::line);
        section("Sections of architecture.md (Markdown headings, two levels)");
        NodeRecord top = docs.children(tx, "architecture.md", null).get(0);
        docs.subtree(tx, "architecture.md", top.nodeId(), 1).forEach(DocumentsExample::line);
      }

      // 3. Node edits in a transaction: every index follows.
      try (Transaction tx = store.begin()) {
        NodeRecord added = docs.insertNode(tx, REPORT, "0013", -1,
            new DocNode(null, "3.4 Smart meters").setPages(25, 25).setSummary("A pilot of 5,000 smart meters."));
        docs.updateNode(tx, REPORT, "0015", new NodeChange().summary("Half of the lead service lines are replaced."));
        docs.moveNode(tx, REPORT, "0020", "0017", 0);
        tx.commit();
        section("After inserting " + added.nodeId() + " under 0013 and moving the glossary (0020) under 4 Finances");
      }
      try (Transaction tx = store.beginReadOnly()) {
        docs.subtree(tx, REPORT, "0013", -1).forEach(DocumentsExample::line);
        docs.subtree(tx, REPORT, "0017", -1).forEach(DocumentsExample::line);
        section("Nodes covering page 25 now");
        docs.nodesAtPage(tx, REPORT, 25).forEach(DocumentsExample::line);

        // 4. Export and check.
        String json = PageIndexWriter.toJsonText(docs.export(tx, REPORT).orElseThrow());
        section("Export of " + REPORT + ": " + json.length() + " characters of PageIndex JSON, starting");
        System.out.println(json.substring(0, Math.min(300, json.length())) + " ...");
        DocumentChecker.Report check = docs.check(tx);
        section("Integrity check");
        System.out.println(check);
        if (!check.isOk() || !store.check().isOk()) {
          throw new IllegalStateException("the integrity check failed");
        }
      }
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DocumentsExample.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("sample " + name + " is missing from the class path (build the examples module)");
    }
    return in;
  }

  private static void report(DocumentInfo info) {
    System.out.printf("  stored %-20s %4d nodes  %s%n", info.docId(), info.nodeCount(),
        info.title() == null ? "" : info.title());
  }

  private static void section(String title) {
    System.out.println();
    System.out.println(title + ":");
  }

  private static void line(NodeRecord r) {
    String pages = r.startPage() == null ? "" : "  p. " + r.startPage() + "-" + r.endPage()
        + (r.spanEnd() != null && !r.spanEnd().equals(r.endPage()) ? " (subtree to " + r.spanEnd() + ")" : "");
    System.out.printf("  %s%-6s %s%s%n", "  ".repeat(r.depth()), r.nodeId(), r.title(), pages);
  }
}
