package org.treestore.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --db PATH} option of the subcommands that work on one database file. Without it, the
 * database is {@code $TREESTORE_DB}, else {@value #DEFAULT_FILE} in the current directory, so that
 * {@code treestore import} followed by {@code treestore sql} just works in a project folder.
 */
final class DatabaseOption {
  static final String DEFAULT_FILE = "treestore.tsdb";

  @Option(names = "--db", paramLabel = "PATH",
      description = "The database file (default: $TREESTORE_DB, else ./" + DEFAULT_FILE + ").")
  Path db;

  /** The database file to use. */
  Path path() {
    if (db != null) {
      return db;
    }
    String env = System.getenv("TREESTORE_DB");
    return Path.of(env != null && !env.isBlank() ? env : DEFAULT_FILE);
  }

  /** The file, which must already be a database: commands that only read do not create one. */
  Path existing() {
    Path p = path();
    if (Files.isDirectory(p)) {
      throw new CliException(p + " is a directory, not a database file");
    }
    if (!Files.exists(p)) {
      throw new CliException("no database at " + p + " (create one with 'treestore import' or 'treestore sql', or give --db PATH)");
    }
    return p;
  }

  /** The file, created by the engine if absent (its directory must exist). */
  Path forWriting() {
    Path p = path();
    if (Files.isDirectory(p)) {
      throw new CliException(p + " is a directory, not a database file");
    }
    Path dir = p.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new CliException("cannot create " + p + ": directory " + dir + " does not exist");
    }
    return p;
  }
}
