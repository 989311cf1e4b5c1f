package org.treestore.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code treestore sql}: the sqlline console on a database, or one-shot statements ({@code -e})
 * and scripts ({@code -f}) printed by {@link ResultPrinter}.
 *
 * <p>One-shot SQL does not go through sqlline: starting a terminal and reading metadata for
 * completion would add to the start-up time that matters most for {@code -e}, and our own printer
 * gives stable output for scripts (a table, or CSV/TSV). Statements run in autocommit mode, in
 * order; the first failure stops the run (what ran before it stays committed) and names the
 * script line it started on.
 */
@Command(name = "sql", description = {
    "Open the SQL console (sqlline) on a database, or run statements (-e) or a script (-f) and exit.",
    "Without --url the database is embedded: jdbc:treestore:PATH."})
final class SqlCommand implements Callable<Integer> {
  @ParentCommand
  TreeStoreCommand root;

  @Mixin
  DatabaseOption db;

  @Option(names = "--url", paramLabel = "URL",
      description = "Any JDBC URL instead of --db (e.g. jdbc:treestore:mem:scratch).")
  String url;

  @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
      description = "Run this statement, print its result and exit (repeatable).")
  List<String> statements = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Run the statements of this script (separated by ';') and exit.")
  Path script;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output of -e and -f: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ResultPrinter.Format format;

  @Option(names = "--max-width", paramLabel = "N", defaultValue = "0",
      description = "Cut table cells longer than N characters (0: never).")
  int maxWidth;

  @Override
  public Integer call() throws Exception {
    String jdbcUrl = url();
    if (statements.isEmpty() && script == null) {
      boolean interactive = root.in == System.in && System.console() != null;
      return Console.run(jdbcUrl, root.in, root.out, root.err, interactive);
    }
    List<SqlScript.Statement> todo = new ArrayList<>();
    for (String s : statements) {
      todo.addAll(SqlScript.split(s));
    }
    String scriptName = null;
    if (script != null) {
      if (!Files.isRegularFile(script)) {
        throw new CliException("no such script: " + script);
      }
      scriptName = script.toString();
      for (SqlScript.Statement s : SqlScript.split(Files.readString(script, StandardCharsets.UTF_8))) {
        todo.add(new SqlScript.Statement(s.sql(), -s.line())); // negative: a line of the script
      }
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      ResultPrinter printer = new ResultPrinter(root.out, format, maxWidth);
      for (SqlScript.Statement s : todo) {
        try {
          run(c, s.sql(), printer, root.out, todo.size() > 1);
        } catch (SQLException e) {
          String where = s.line() < 0 ? scriptName + ":" + -s.line() + ": " : "";
          throw new SqlFailure(where + TreeStoreCommand.message(e), e);
        }
      }
    }
    return ExitCodes.OK;
  }

  /** The URL to connect to: --url, else the embedded database file. */
  String url() {
    if (url != null) {
      if (db.db != null) {
        throw new CliException("give either --db or --url, not both", ExitCodes.USAGE);
      }
      return url;
    }
    return "jdbc:treestore:" + db.forWriting();
  }

  static void run(Connection c, String sql, ResultPrinter printer, PrintStream out, boolean separate)
      throws SQLException {
    try (Statement st = c.createStatement()) {
      if (st.execute(sql)) {
        printer.print(st.getResultSet());
      } else {
        printer.printUpdateCount(st.getLargeUpdateCount());
      }
    }
    if (separate) {
      out.println();
    }
    out.flush();
  }

  /** A failed statement, already described with its place in the script. */
  static final class SqlFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlFailure(String message, SQLException cause) {
      super(message, cause);
    }
  }
}
