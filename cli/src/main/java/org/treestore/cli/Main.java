package org.treestore.cli;

/** The entry point of {@code java -jar treestore-cli.jar}: runs the command and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = TreeStoreCommand.commandLine(System.in, System.out, System.err).execute(args);
    System.out.flush();
    System.exit(code);
  }
}
