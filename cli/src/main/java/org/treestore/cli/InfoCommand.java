package org.treestore.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.treestore.engine.Store;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.tx.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore info}: what a database holds, from the engine's counters and the document
 * catalog (node counts come from the document records, so this reads one record per document,
 * never the nodes).
 */
@Command(name = "info", description = "Show a database's file, size, pages, free pages, documents, nodes and trees.")
final class InfoCommand implements Callable<Integer> {
  @ParentCommand
  TreeStoreCommand root;

  @Mixin
  DatabaseOption db;

  @Override
  public Integer call() throws IOException {
    Path file = db.existing();
    try (OpenDatabase open = OpenDatabase.open(file)) {
      Store store = open.store();
      DocumentStore docs = open.documents();
      long documents = 0;
      long nodes = 0;
      try (Transaction tx = store.beginReadOnly()) {
        for (String id : docs.documentIds(tx)) {
          documents++;
          nodes += docs.document(tx, id).map(d -> (long) d.nodeCount()).orElse(0L);
        }
      }
      List<String> trees = store.treeNames();
      Path wal = Path.of(file + "-wal");
      row("file", file.toAbsolutePath().normalize().toString());
      row("size", bytes(Files.size(file)) + (Files.exists(wal) ? " (+ " + bytes(Files.size(wal)) + " log)" : ""));
      row("page size", String.format(Locale.ROOT, "%,d bytes", store.pageSize()));
      row("pages", String.format(Locale.ROOT, "%,d", store.pageCount()));
      row("free pages", String.format(Locale.ROOT, "%,d", store.freePageCount()));
      row("documents", String.format(Locale.ROOT, "%,d", documents));
      row("nodes", String.format(Locale.ROOT, "%,d", nodes));
      row("trees", trees.size() + (trees.isEmpty() ? "" : " (" + String.join(", ", trees) + ")"));
      return ExitCodes.OK;
    }
  }

  private void row(String name, String value) {
    root.out.printf(Locale.ROOT, "%-11s %s%n", name, value);
  }

  /** A size for people: bytes, KiB, MiB or GiB. */
  static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s (%,d bytes)", v, units[u], n);
  }
}
