package org.treestore.cli;

/**
 * A failure the user can act on (a missing file, a bad option combination): the command prints its
 * message as one line and exits with {@link #exitCode()}, never with a stack trace.
 */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(String message) {
    this(message, ExitCodes.ERROR);
  }

  CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
