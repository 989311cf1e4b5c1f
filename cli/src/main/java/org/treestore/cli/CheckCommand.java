package org.treestore.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.FormatException;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.docstore.DocumentChecker;
import org.treestore.engine.tx.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore check}: the engine's integrity check (pages, checksums, every B+Tree, the free
 * list), then the document indexes re-derived from the node records, then the full-text index
 * re-derived from the documents. Each part prints a line and its problems; exit code
 * {@link ExitCodes#PROBLEMS} if any part found one.
 *
 * <p>Damage can also show up as a {@link CorruptionException} when the file is opened or a page is
 * read by a part: that is reported as a finding of the check (exit code 3), not as a failure of the
 * command, since finding it is the point.
 */
@Command(name = "check", description = {
    "Check a database: storage (pages, checksums, trees, free list), document indexes and the full-text index.",
    "Exit code 3 if a problem is found."})
final class CheckCommand implements Callable<Integer> {
  @ParentCommand
  TreeStoreCommand root;

  @Mixin
  DatabaseOption db;

  @Override
  public Integer call() {
    var file = db.existing();
    root.out.println("Checking " + file);
    long problems = 0;
    OpenDatabase open;
    try {
      open = OpenDatabase.open(file);
    } catch (CorruptionException | FormatException e) {
      root.out.println("  cannot open: " + e.getMessage());
      root.out.println("1 problem found.");
      return ExitCodes.PROBLEMS;
    }
    try (open) {
      problems += part("storage", () -> {
        CheckReport r = open.store().check();
        return new Found(r.pageCount() + " pages, " + r.freePages() + " free, " + r.entriesPerTree().size() + " trees",
            r.problems().stream().map(Object::toString).toList(), r.problemCount());
      });
      problems += part("documents", () -> {
        try (Transaction tx = open.store().beginReadOnly()) {
          DocumentChecker.Report r = open.documents().check(tx);
          return new Found(r.documents() + " documents, " + r.nodes() + " nodes", r.problems(), r.problemCount());
        }
      });
      problems += part("full-text", () -> {
        try (Transaction tx = open.store().beginReadOnly()) {
          DocumentChecker.Report r = open.search().check(tx);
          return new Found(r.nodes() + " nodes indexed", r.problems(), r.problemCount());
        }
      });
    }
    if (problems == 0) {
      root.out.println("No problems found.");
      return ExitCodes.OK;
    }
    root.out.println(problems == 1 ? "1 problem found." : problems + " problems found.");
    return ExitCodes.PROBLEMS;
  }

  /** What one part of the check found. */
  private record Found(String summary, List<String> problems, long count) {}

  /**
   * Runs one part and prints its line and problems. Damage that stops a part (a page that fails its
   * checksum while the documents are read) is one problem of that part; the next part still runs.
   */
  private long part(String name, Supplier<Found> run) {
    Found f;
    try {
      f = run.get();
    } catch (CorruptionException | FormatException e) {
      root.out.printf("  %-10s stopped by damage: %s%n", name, e.getMessage());
      return 1;
    }
    long count = f.count();
    List<String> problems = f.problems();
    root.out.printf("  %-10s %s: %s%n", name, count == 0 ? "ok" : count == 1 ? "1 problem" : count + " problems", f.summary());
    for (String p : problems) {
      root.out.println("      " + p);
    }
    if (count > problems.size()) {
      root.out.println("      ... and " + (count - problems.size()) + " more");
    }
    return count;
  }
}
