package org.treestore.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.treestore.engine.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore vacuum}: merges the full-text index's pending segments into its posting lists,
 * then {@link Store#vacuum} moves live pages down into free ones and gives the free tail of the file
 * back to the operating system; this prints the pages before and after.
 */
@Command(name = "vacuum", description = {"Compact a database and return its free pages to the operating system.",
    "Merges the full-text index's pending segments into its posting lists first."})
final class VacuumCommand implements Callable<Integer> {
  @ParentCommand
  TreeStoreCommand root;

  @Mixin
  DatabaseOption db;

  @Override
  public Integer call() {
    var file = db.existing();
    try (OpenDatabase open = OpenDatabase.open(file)) {
      Store store = open.store();
      int merged = open.search().mergeAllPending();
      int pagesBefore = store.pageCount();
      int freeBefore = store.freePageCount();
      int released = store.vacuum();
      int pagesAfter = store.pageCount();
      int freeAfter = store.freePageCount();
      long page = store.pageSize();
      root.out.println("Vacuumed " + file);
      root.out.printf(Locale.ROOT, "  %,d pending full-text segment%s merged into the posting lists%n", merged,
          merged == 1 ? "" : "s");
      root.out.printf(Locale.ROOT, "  before  %,d pages (%,d free), %s%n", pagesBefore, freeBefore, InfoCommand.bytes(pagesBefore * page));
      root.out.printf(Locale.ROOT, "  after   %,d pages (%,d free), %s%n", pagesAfter, freeAfter, InfoCommand.bytes(pagesAfter * page));
      root.out.printf(Locale.ROOT, "  %,d page%s returned to the operating system%n", released, released == 1 ? "" : "s");
      return ExitCodes.OK;
    }
  }
}
