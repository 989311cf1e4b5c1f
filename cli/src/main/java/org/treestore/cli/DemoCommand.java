package org.treestore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.treestore.engine.doc.MarkdownReader;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore demo}: the sample documents that ship in this jar (the PageIndex tree of a
 * fictional water utility's annual report, written for TreeStore, and TreeStore's own README and
 * docs as Markdown; the same samples as the examples module) imported into a demo database, a tour
 * of hierarchical and search queries in SQL, then the console on that database.
 *
 * <p>The demo database is {@code <tmp>/treestore-demo-<user>/demo.tsdb} unless {@code --db} is
 * given. The demo never deletes a file: it replaces its own documents (same doc_ids) each run, so
 * the tour prints the same tables every time and pointing {@code --db} at a real database only
 * adds or refreshes the sample documents in it.
 */
@Command(name = "demo", description = {
    "Import the sample documents into a demo database, show hierarchical and search queries in SQL,",
    "then open the SQL console on it."})
final class DemoCommand implements Callable<Integer> {
  static final String REPORT = "city-water-report";
  static final List<String> MARKDOWN = List.of("README.md", "architecture.md", "format.md", "search-query.md", "sql.md");

  /** The tour: a title, what it shows, and the statement. */
  record Step(String title, String sql) {}

  static final List<Step> TOUR = List.of(
      new Step("The documents", "SELECT doc_id, title, node_count FROM documents ORDER BY doc_id"),
      new Step("Top level of the report, in order (children of no parent)",
          "SELECT node_id, title, start_page, end_page FROM nodes\n"
          + " WHERE doc_id = 'city-water-report' AND parent_id IS NULL ORDER BY ordinal"),
      new Step("Children of 0001 '1 Supply and Demand'",
          "SELECT node_id, ordinal, title FROM nodes\n"
          + " WHERE doc_id = 'city-water-report' AND parent_id = '0001' ORDER BY ordinal"),
      new Step("Subtree of 0001, pre-order",
          "SELECT node_id, rel_depth, path, title FROM TABLE(subtree('city-water-report', '0001'))"),
      new Step("Ancestors of 0011 '2.2.1 Lead', top level first",
          "SELECT node_id, depth, title FROM TABLE(ancestors('city-water-report', '0011'))"),
      new Step("Nodes covering page 9 (PageIndex parents do not always cover their children's pages)",
          "SELECT node_id, title, start_page, end_page FROM TABLE(nodes_at_page('city-water-report', 9))"),
      new Step("Everything under 3 Infrastructure, by path prefix",
          "SELECT path, title FROM nodes\n"
          + " WHERE doc_id = 'city-water-report' AND path LIKE '/0013/%' ORDER BY path"),
      new Step("Full-text search (BM25), best first",
          "SELECT rank, doc_id, node_id, ROUND(score, 3) AS score FROM TABLE(search('lead service lines', 5))"),
      new Step("Search hits joined to their nodes (an index lookup per hit)",
          "SELECT s.rank, n.doc_id, n.path, n.title\n"
          + "  FROM TABLE(search('snapshot isolation', 5)) s\n"
          + "  JOIN nodes n ON n.doc_id = s.doc_id AND n.node_id = s.node_id\n"
          + " ORDER BY s.rank"),
      new Step("Search within one subtree, with the section each hit sits in",
          "SELECT s.rank, n.title AS hit, p.title AS in_section\n"
          + "  FROM TABLE(search('reservoir under:/0001 doc:city-water-report', 5)) s\n"
          + "  JOIN nodes n ON n.doc_id = s.doc_id AND n.node_id = s.node_id\n"
          + "  LEFT JOIN nodes p ON p.doc_id = n.doc_id AND p.node_id = n.parent_id\n"
          + " ORDER BY s.rank"),
      new Step("Shape of each document",
          "SELECT doc_id, COUNT(*) AS nodes, MAX(depth) + 1 AS levels FROM nodes GROUP BY doc_id ORDER BY doc_id"));

  @ParentCommand
  TreeStoreCommand root;

  @Option(names = "--db", paramLabel = "PATH",
      description = "The demo database (default: <tmp>/treestore-demo-<user>/demo.tsdb); its sample documents are replaced, nothing else is touched.")
  Path db;

  @Option(names = "--no-console", description = "Do not open the SQL console after the tour (for scripts and tests).")
  boolean noConsole;

  @Override
  public Integer call() throws Exception {
    Path file = db != null ? db : defaultDatabase();
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    PrintStream out = root.out;
    List<Importer.Item> items = new ArrayList<>();
    items.add(new Importer.Item(REPORT, REPORT + ".json", REPORT + ".json",
        () -> PageIndexReader.read(resource("samples/" + REPORT + ".json"), REPORT + ".json")));
    for (String md : MARKDOWN) {
      String id = ImportCommand.stripExtension(md);
      items.add(new Importer.Item(id, md, md, () -> markdown(md)));
    }
    Importer.Result result;
    try (OpenDatabase open = OpenDatabase.open(file)) {
      result = new Importer(open.documents(), true, false, items.size()).run(items, new Importer.Listener() {
        @Override
        public void stored(Importer.Item item, org.treestore.engine.docstore.DocumentInfo info) {}

        @Override
        public void failed(Importer.Failure failure) {
          throw new CliException("a sample document cannot be imported: " + failure.message());
        }
      });
    }
    out.printf("TreeStore demo: %d sample documents (%d nodes) in %s%n", result.stored(), result.nodes(), file);
    out.println("  " + REPORT + ": a PageIndex tree of a fictional water utility's annual report");
    out.println("  README, architecture, format, search-query, sql: TreeStore's own docs, read as Markdown");
    String url = "jdbc:treestore:" + file;
    try (Connection c = DriverManager.getConnection(url)) {
      ResultPrinter printer = new ResultPrinter(out, ResultPrinter.Format.TABLE, 60);
      int n = 0;
      for (Step step : TOUR) {
        out.println();
        out.println("-- " + (++n) + ". " + step.title());
        out.println(step.sql() + ";");
        try {
          SqlCommand.run(c, step.sql(), printer, out, false);
        } catch (SQLException e) {
          throw new CliException("demo query " + n + " failed: " + TreeStoreCommand.message(e));
        }
      }
    }
    out.println();
    if (noConsole) {
      out.println("Explore it: treestore sql --db " + file);
      return ExitCodes.OK;
    }
    out.println("Opening the SQL console on the demo database (!help for commands, !quit to leave).");
    out.flush();
    boolean interactive = root.in == System.in && System.console() != null;
    return Console.run(url, root.in, out, root.err, interactive);
  }

  static Path defaultDatabase() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "treestore-demo-" + user, "demo.tsdb");
  }

  private static PageIndexDocument markdown(String name) {
    try (InputStream in = resource("samples/docs/" + name)) {
      return MarkdownReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), ImportCommand.stripExtension(name));
    } catch (IOException e) {
      throw new Importer.UnreadableException(name + ": cannot read the sample: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new CliException("the sample " + name + " is missing from the class path (a broken build of the cli jar)");
    }
    return in;
  }
}
