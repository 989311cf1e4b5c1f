package org.treestore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code treestore} command and what all subcommands share: the standard streams they write
 * to, the {@code --verbose} switch and the error policy.
 *
 * <p><b>Streams.</b> The streams are given to {@link #commandLine} rather than read from
 * {@code System}, so tests run a subcommand in-process with captured output; subcommands reach
 * them through their {@code @ParentCommand} field.
 *
 * <p><b>Errors.</b> An exception escaping a subcommand becomes one line on standard error,
 * {@code treestore <subcommand>: <message>}, and exit code {@link ExitCodes#ERROR} (or the
 * {@link CliException}'s own code); the stack trace follows only with {@code --verbose}. Usage
 * errors are picocli's: the message, the usage, exit code {@link ExitCodes#USAGE}.
 */
@Command(
    name = "treestore",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = TreeStoreCommand.Version.class,
    description = "A database for hierarchical documents: SQL console, import, export and maintenance.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
        SqlCommand.class,
        ImportCommand.class,
        ExportCommand.class,
        CheckCommand.class,
        VacuumCommand.class,
        InfoCommand.class,
        DemoCommand.class,
        CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:an error (one line on standard error; the stack trace with --verbose)",
        "2:a usage error",
        "3:the command finished but found problems (check: damage; import: skipped files)"
    },
    footer = {"", "The database is --db PATH, by default $TREESTORE_DB or ./" + DatabaseOption.DEFAULT_FILE + "."})
public final class TreeStoreCommand implements Callable<Integer> {
  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Print stack traces of errors and more detail.")
  boolean verbose;

  @Spec
  CommandSpec spec;

  final InputStream in;
  final PrintStream out;
  final PrintStream err;

  TreeStoreCommand(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  /**
   * The command line over the given streams, with TreeStore's error policy installed. Run it with
   * {@link CommandLine#execute}; the result is the exit code.
   */
  public static CommandLine commandLine(InputStream in, PrintStream out, PrintStream err) {
    TreeStoreCommand root = new TreeStoreCommand(in, out, err);
    CommandLine cl = new CommandLine(root);
    Charset cs = Charset.defaultCharset();
    cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, cs), true));
    cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, cs), true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(TreeStoreCommand::handle);
    return cl;
  }

  @Override
  public Integer call() {
    // No subcommand: say what there is rather than silently succeed.
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  private static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
    TreeStoreCommand root = cmd.getCommandSpec().root().userObject() instanceof TreeStoreCommand t ? t : null;
    PrintStream err = root == null ? System.err : root.err;
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(e));
    if (verboseRequested(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return e instanceof CliException c ? c.exitCode() : ExitCodes.ERROR;
  }

  /** The option may be given at any level (it is inherited), so look at every parsed level. */
  private static boolean verboseRequested(ParseResult parsed) {
    for (ParseResult p = parsed == null ? null : parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line saying what went wrong. Engine, JDBC and our own exceptions carry complete messages;
   * a wrapper without its own message gives way to its cause.
   */
  static String message(Throwable e) {
    Throwable t = e;
    while ((t.getMessage() == null || t instanceof UncheckedIOException) && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    } else if (t instanceof IOException && !(t instanceof java.nio.file.FileSystemException)) {
      m = t.getClass().getSimpleName() + ": " + m;
    } else if (t instanceof java.nio.file.NoSuchFileException) {
      m = "no such file: " + m;
    } else if (t instanceof java.nio.file.AccessDeniedException) {
      m = "permission denied: " + m;
    } else if (t instanceof SQLException s && s.getSQLState() != null && !m.contains(s.getSQLState())) {
      m = m + " (SQLState " + s.getSQLState() + ")";
    }
    String line = m.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }

  /** The version of the build, from a resource filtered by Maven. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"treestore " + version(), "Java " + System.getProperty("java.version")
          + " (" + System.getProperty("java.vm.name") + ")"};
    }
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = TreeStoreCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // the version is only informative
    }
    return p.getProperty("version", "unknown");
  }
}
