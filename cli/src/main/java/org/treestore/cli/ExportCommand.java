package org.treestore.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexWriter;
import org.treestore.engine.tx.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore export}: documents back to PageIndex JSON, in the variant they were imported
 * in (see {@link PageIndexWriter}), so importing a JSON file and exporting it gives the same JSON.
 *
 * <p>All documents are read in one read-only snapshot, so an export of everything is consistent.
 * With {@code --out DIR} each document goes to {@code DIR/<doc_id>.json}; a {@code /} in a doc_id
 * (from {@code import --path-ids}) becomes a sub-folder, so the folder imports back to the same ids
 * with {@code --path-ids}. Characters that file systems refuse become {@code _}. Without
 * {@code --out} exactly one document is written to standard output.
 */
@Command(name = "export", description = {
    "Export documents as PageIndex JSON: one to standard output, or any number to --out DIR/<doc_id>.json."})
final class ExportCommand implements Callable<Integer> {
  @ParentCommand
  TreeStoreCommand root;

  @Mixin
  DatabaseOption db;

  @Parameters(arity = "0..*", paramLabel = "DOC_ID", description = "Documents to export.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--all", description = "Export every document (more than one needs --out).")
  boolean all;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Write DIR/<doc_id>.json files (DIR is created).")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (all == !ids.isEmpty()) {
      throw new CliException(all ? "give either DOC_IDs or --all, not both" : "name the documents to export, or give --all",
          ExitCodes.USAGE);
    }
    Path file = db.existing();
    try (OpenDatabase open = OpenDatabase.open(file); Transaction tx = open.store().beginReadOnly()) {
      List<String> todo = all ? open.documents().documentIds(tx) : ids;
      for (String id : todo) {
        if (open.documents().document(tx, id).isEmpty()) {
          throw new CliException("no document '" + id + "' in " + file);
        }
      }
      if (out == null) {
        if (todo.size() != 1) {
          throw new CliException("exporting " + todo.size() + " documents needs --out DIR", ExitCodes.USAGE);
        }
        root.out.write(json(open, tx, todo.get(0)));
        root.out.flush();
        return ExitCodes.OK;
      }
      Map<Path, String> targets = new HashMap<>();
      List<Path> files = new ArrayList<>();
      for (String id : todo) {
        Path target = out.resolve(fileName(id));
        String other = targets.putIfAbsent(target, id);
        if (other != null) {
          throw new CliException("doc_ids '" + other + "' and '" + id + "' would both be written to " + target);
        }
        files.add(target);
      }
      for (int i = 0; i < todo.size(); i++) {
        Path target = files.get(i);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, json(open, tx, todo.get(i)));
        if (root.verbose) {
          root.err.println("exported '" + todo.get(i) + "' to " + target);
        }
      }
      root.out.println("Exported " + todo.size() + (todo.size() == 1 ? " document" : " documents") + " to " + out + ".");
      return ExitCodes.OK;
    }
  }

  private static byte[] json(OpenDatabase open, Transaction tx, String id) {
    Optional<PageIndexDocument> doc = open.documents().export(tx, id);
    String text = PageIndexWriter.toJsonText(doc.orElseThrow(() -> new CliException("document '" + id + "' disappeared")));
    return (text + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** {@code <doc_id>.json} as a relative path that stays inside the output folder. */
  static String fileName(String docId) {
    List<String> parts = new ArrayList<>();
    for (String part : docId.split("/", -1)) {
      StringBuilder b = new StringBuilder();
      part.codePoints().forEach(c -> b.appendCodePoint(c < ' ' || "\\:*?\"<>|".indexOf(c) >= 0 ? '_' : c));
      String s = b.toString();
      parts.add(s.isEmpty() || s.equals(".") || s.equals("..") ? s.replace('.', '_') + "_" : s);
    }
    return String.join("/", parts) + ".json";
  }
}
