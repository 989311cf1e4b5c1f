package org.treestore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import sqlline.SqlLine;

/**
 * The interactive SQL console: sqlline, started in-process on one JDBC URL.
 *
 * <p>sqlline is told everything it would otherwise ask: no user name or password
 * ({@code connectInteractionMode=notAskCredentials}; an embedded database has none) and the
 * isolation it sets on connect, {@code TRANSACTION_REPEATABLE_READ}, which is what TreeStore's
 * snapshot isolation reports (and the driver's metadata confirms). For {@code jdbc:treestore:} URLs
 * the driver class is named too.
 */
final class Console {
  static final String DRIVER = "org.treestore.sql.jdbc.TreeStoreDriver";

  private Console() {}

  /**
   * Runs the console until the input ends or the user quits.
   *
   * @param input where commands come from (a terminal, or a script in tests)
   * @param interactive whether to keep history in {@code ~/.sqlline/history}
   * @return the exit code
   */
  static int run(String url, InputStream input, PrintStream out, PrintStream err, boolean interactive)
      throws IOException, java.sql.SQLException {
    List<String> args = new ArrayList<>(List.of("-u", url, "-n", "", "-p", "",
        "--connectInteractionMode=notAskCredentials",
        "--isolation=TRANSACTION_REPEATABLE_READ"));
    boolean treestore = url.startsWith("jdbc:treestore:");
    if (treestore) {
      args.addAll(List.of("-d", DRIVER));
      try {
        Class.forName(DRIVER); // registers it with DriverManager
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("TreeStore's JDBC driver is not on the class path", e);
      }
    }
    SqlLine sqlLine = new SqlLine();
    sqlLine.setOutputStream(out);
    sqlLine.setErrorStream(err);
    SqlLine.Status status;
    status = sqlLine.begin(args.toArray(new String[0]), input, interactive);
    out.flush();
    return status == SqlLine.Status.OK ? ExitCodes.OK : ExitCodes.ERROR;
  }
}
