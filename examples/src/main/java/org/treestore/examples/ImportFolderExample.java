package org.treestore.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.treestore.engine.doc.MarkdownReader;
import org.treestore.engine.doc.PageIndexWriter;

/**
 * Imports a folder of documents through JDBC: every PageIndex JSON file ({@code *.json}) and every
 * Markdown file ({@code *.md}, turned into a PageIndex tree by its headings) becomes one document
 * whose {@code doc_id} is the file name without its extension. Each file is imported in its own
 * transaction, so a bad file (invalid JSON, a duplicate id, ...) is rolled back and skipped with a
 * message naming the file, the SQLState and the cause, while the other files are kept.
 *
 * <p>Run: {@code mvn -B -q -pl examples exec:java -Dexec.mainClass=org.treestore.examples.ImportFolderExample}
 * with optional {@code -Dexec.args="path/to/file.tsdb path/to/folder"}. The database defaults to
 * {@code target/treestore-import.tsdb} (recreated on every run); without a folder, a demo folder
 * {@code target/import-samples} is written with the shipped samples and one broken file.
 */
public final class ImportFolderExample {
  private ImportFolderExample() {}

  /** Entry point; optional arguments: the database file, then the folder to import. */
  public static void main(String[] args) throws IOException, SQLException {
    Path file = Path.of(args.length > 0 ? args[0] : "target/treestore-import.tsdb");
    Path folder = args.length > 1 ? Path.of(args[1]) : demoFolder(file.toAbsolutePath().getParent());
    JdbcExample.recreate(file);
    String url = "jdbc:treestore:" + file + ";durability=NORMAL";
    System.out.println("Database " + url);
    System.out.println("Importing " + folder);

    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.filter(p -> kind(p) != null).sorted().toList();
    }
    int imported = 0;
    int skipped = 0;
    long nodes = 0;
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement insert = c.prepareStatement("INSERT INTO documents (doc_id, tree, source) VALUES (?, ?, ?)");
        PreparedStatement count = c.prepareStatement("SELECT node_count FROM documents WHERE doc_id = ?")) {
      // Explicit transactions: autocommit would commit the INSERT on its own, but the check below
      // belongs to the same unit of work, and a failure must undo the file's statements together.
      c.setAutoCommit(false);
      for (Path p : files) {
        String name = p.getFileName().toString();
        String docId = name.substring(0, name.lastIndexOf('.'));
        try {
          insert.setString(1, docId);
          insert.setString(2, pageIndexJson(p));
          insert.setString(3, name);
          insert.executeUpdate();
          // The transaction sees its own write: read back how many nodes the document got, and
          // refuse a document without any (an empty Markdown file, say) before it becomes visible.
          count.setString(1, docId);
          int n;
          try (ResultSet rs = count.executeQuery()) {
            rs.next();
            n = rs.getInt(1);
          }
          if (n == 0) {
            throw new SQLException("the document has no nodes", "22000");
          }
          c.commit();
          imported++;
          nodes += n;
          System.out.printf("  imported %-28s as %-24s %4d nodes%n", name, docId, n);
        } catch (SQLException | IOException | RuntimeException e) {
          // Whatever the file did is undone; the connection is ready for the next file.
          c.rollback();
          skipped++;
          String state = e instanceof SQLException s ? "SQLState " + s.getSQLState() + ": " : "";
          System.out.printf("  skipped  %-28s %s%s%n", name, state, firstLine(e.getMessage()));
        }
      }
      c.setAutoCommit(true);
      System.out.println();
      System.out.printf("Imported %d files (%d nodes), skipped %d.%n", imported, nodes, skipped);
      try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(node_count) FROM documents")) {
        rs.next();
        System.out.printf("The database holds %d documents with %d nodes.%n", rs.getLong(1), rs.getLong(2));
      }
    }
  }

  /** "json", "markdown", or null for a file this example does not import. */
  private static String kind(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(p) || name.startsWith(".")) {
      return null;
    }
    return name.endsWith(".json") ? "json" : name.endsWith(".md") || name.endsWith(".markdown") ? "markdown" : null;
  }

  /**
   * The file as PageIndex JSON text. JSON goes to the database as it is (TreeStore validates it and
   * names the JSON path of an error); Markdown is converted here, on the client, with the engine's
   * reader, because SQL accepts PageIndex JSON only.
   */
  private static String pageIndexJson(Path p) throws IOException {
    String text = Files.readString(p, StandardCharsets.UTF_8);
    if (kind(p).equals("json")) {
      return text;
    }
    return PageIndexWriter.toJsonText(MarkdownReader.read(text, p.getFileName().toString()));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "(no message)";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** Writes a folder with the shipped samples and one deliberately broken JSON file. */
  private static Path demoFolder(Path under) throws IOException {
    Path folder = (under == null ? Path.of(".") : under).resolve("import-samples");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("city-water-report.json"), JdbcExample.sample("city-water-report.json"));
    for (String md : List.of("README.md", "architecture.md", "sql.md")) {
      Files.writeString(folder.resolve(md), JdbcExample.sample("docs/" + md));
    }
    // Cut off mid-way, as a failed download would be.
    String report = JdbcExample.sample("city-water-report.json");
    Files.writeString(folder.resolve("truncated-report.json"), report.substring(0, report.length() / 2));
    return folder;
  }
}
