package org.treestore.cli;

/**
 * The exit codes of every subcommand, documented in cli/README.md so scripts can tell a failed run
 * from a run that finished but found something wrong.
 */
final class ExitCodes {
  /** Everything went as asked. */
  static final int OK = 0;
  /** The command failed: an error message was printed. */
  static final int ERROR = 1;
  /** The command line was wrong (picocli's usage error code). */
  static final int USAGE = 2;
  /** The command ran to the end but found problems: check found damage, import skipped files. */
  static final int PROBLEMS = 3;

  private ExitCodes() {}
}
