package org.treestore.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.treestore.engine.StorageException;
import org.treestore.engine.doc.DocumentFormatException;
import org.treestore.engine.doc.MarkdownReader;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexReader;
import org.treestore.engine.docstore.DocumentInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore import}: PageIndex JSON ({@code .json}) and Markdown ({@code .md}) files, or
 * folders of them searched recursively, into a database (created if absent).
 *
 * <p>Everything that can be decided before writing is decided first: the list of files, their
 * formats and their doc_ids (the file name without its extension, or the path under the folder
 * with {@code --path-ids}); two files that would get the same doc_id stop the import before it
 * starts. Then {@link Importer} stores them. Bad files are reported one line each (file, JSON path,
 * problem) and end the import, or are skipped with {@code --keep-going} (exit code
 * {@link ExitCodes#PROBLEMS}).
 */
@Command(name = "import", description = {
    "Import PageIndex JSON (.json) and Markdown (.md) files, or folders of them (recursively).",
    "The doc_id is the file name without extension; a bad file is reported and nothing of it is stored."})
final class ImportCommand implements Callable<Integer> {
  @ParentCommand
  TreeStoreCommand root;

  @Mixin
  DatabaseOption db;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to import.")
  List<Path> paths;

  @Option(names = "--id", paramLabel = "DOC_ID", description = "The doc_id of the one file imported.")
  String id;

  @Option(names = "--path-ids", description = "For folders: doc_id = the path under the folder, without extension (a/b for FOLDER/a/b.json), so equal file names in different folders do not collide.")
  boolean pathIds;

  @Option(names = "--replace", description = "Replace documents already stored under the same doc_id.")
  boolean replace;

  @Option(names = {"-k", "--keep-going"}, description = "Skip bad files and import the rest (exit code 3 if any was skipped).")
  boolean keepGoing;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
      description = "Documents per transaction (default: ${DEFAULT-VALUE}); larger batches import faster, each document is still whole or absent.")
  int batch;

  @Option(names = "--progress", negatable = true,
      description = "Show a progress bar on standard error (default: for folders, on a terminal).")
  Boolean progress;

  @Override
  public Integer call() {
    if (batch < 1) {
      throw new CliException("--batch must be at least 1", ExitCodes.USAGE);
    }
    List<Importer.Item> items = new ArrayList<>();
    boolean anyFolder = collect(items);
    if (items.isEmpty()) {
      root.out.println("No .json or .md files found; nothing imported.");
      return ExitCodes.OK;
    }
    Path file = db.forWriting();
    boolean terminal = root.err == System.err && System.console() != null;
    Progress bar = new Progress(root.err, items.size(),
        progress != null ? progress : anyFolder && terminal, terminal);
    long start = System.nanoTime();
    Importer.Result result;
    try (OpenDatabase open = OpenDatabase.open(file)) {
      result = new Importer(open.documents(), replace, keepGoing, batch).run(items, new Importer.Listener() {
        @Override
        public void stored(Importer.Item item, DocumentInfo info) {
          if (items.size() == 1 || root.verbose) {
            bar.message("imported " + item.label() + " as '" + item.docId() + "' (" + nodes(info.nodeCount()) + ")");
          }
          bar.step(item.label());
        }

        @Override
        public void failed(Importer.Failure failure) {
          bar.message("treestore import: " + failure.message());
          bar.step(failure.item().label());
        }
      });
    } finally {
      bar.finish();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
        "Imported %d of %d document%s (%s) into %s in %.1f s", result.stored(), items.size(),
        items.size() == 1 ? "" : "s", nodes(result.nodes()), file, seconds));
    if (!result.failures().isEmpty()) {
      summary.append(result.stopped()
          ? "; stopped at a bad file (--keep-going skips bad files)"
          : "; " + result.failures().size() + " skipped");
    }
    root.out.println(summary.append('.'));
    if (result.stopped()) {
      return ExitCodes.ERROR;
    }
    return result.failures().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
  }

  private static String nodes(long n) {
    return n == 1 ? "1 node" : n + " nodes";
  }

  /** Lists the files to import with their doc_ids; returns whether a folder was given. */
  private boolean collect(List<Importer.Item> items) {
    boolean anyFolder = false;
    Map<String, Path> byId = new HashMap<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        anyFolder = true;
        for (Path f : walk(p)) {
          add(items, byId, f, docId(p, f));
        }
      } else if (Files.isRegularFile(p)) {
        if (format(p) == null) {
          throw new CliException(p + ": unknown format: expected a .json (PageIndex) or .md (Markdown) file");
        }
        add(items, byId, p, id != null ? id : stripExtension(p.getFileName().toString()));
      } else {
        throw new CliException("no such file or folder: " + p);
      }
    }
    if (id != null && (anyFolder || items.size() != 1)) {
      throw new CliException("--id names the document of a single file; it cannot be used with "
          + (anyFolder ? "a folder" : items.size() + " files"), ExitCodes.USAGE);
    }
    return anyFolder;
  }

  private void add(List<Importer.Item> items, Map<String, Path> byId, Path file, String docId) {
    Path earlier = byId.putIfAbsent(docId, file);
    if (earlier != null) {
      throw new CliException("doc_id '" + docId + "' would be used for both " + earlier + " and " + file
          + (pathIds ? "" : " (--path-ids keeps the folders in the doc_id)") + "; nothing was imported");
    }
    items.add(new Importer.Item(docId, file.toString(), file.toString(), () -> read(file)));
  }

  private String docId(Path folder, Path file) {
    if (!pathIds) {
      return stripExtension(file.getFileName().toString());
    }
    Path rel = folder.relativize(file);
    List<String> parts = new ArrayList<>();
    rel.forEach(part -> parts.add(part.toString()));
    return stripExtension(String.join("/", parts));
  }

  /** The importable files under a folder, sorted so runs are repeatable; hidden entries are skipped. */
  private static List<Path> walk(Path folder) {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> format(f) != null)
          .filter(f -> !hidden(folder.relativize(f)))
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new CliException("cannot list " + folder + ": " + TreeStoreCommand.message(e));
    }
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** "json", "md", or null for files we do not import. */
  static String format(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".json") ? "json" : name.endsWith(".md") ? "md" : null;
  }

  static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    int slash = name.lastIndexOf('/');
    return dot > slash + 1 ? name.substring(0, dot) : name;
  }

  static PageIndexDocument read(Path file) {
    try {
      return "json".equals(format(file)) ? PageIndexReader.read(file) : MarkdownReader.read(file);
    } catch (DocumentFormatException e) {
      throw e;
    } catch (StorageException e) {
      throw new Importer.UnreadableException(e.getMessage(), e);
    }
  }
}
