package org.treestore.sql.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLNonTransientException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;

/**
 * Turns whatever a statement threw (Calcite's and Avatica's wrappers around an engine exception,
 * or a runtime exception from a result set) into the {@code SQLException} subclass of its
 * SQLState, with the message of the cause that explains it and the original as the cause.
 */
public final class JdbcErrors {
  private JdbcErrors() {}

  public static SQLException translate(Throwable t) {
    SqlStateException known = SqlStates.translate(t);
    if (known == null) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s;
      }
      // Avatica's own state errors come without a SQLState; give them theirs.
      String m = String.valueOf(t.getMessage());
      if (t instanceof SQLException && (m.equals("Connection is closed") || m.endsWith("closed"))) {
        return new SQLNonTransientConnectionException(m, SqlStates.CONNECTION_CLOSED, t);
      }
      if (t instanceof SQLException && m.equals("Statement canceled")) {
        return new SQLNonTransientException("the statement was canceled", SqlStates.CANCELED, t);
      }
      String message = t.getMessage() != null ? t.getMessage() : t.toString();
      return new SQLNonTransientException(message, SqlStates.INTERNAL, t);
    }
    return typed(known.getMessage(), known.getSqlState(), t);
  }

  /** The SQLException subclass JDBC defines for the state's class. */
  public static SQLException typed(String message, String state, Throwable cause) {
    String c = state.substring(0, 2);
    return switch (c) {
      case "42" -> new SQLSyntaxErrorException(message, state, cause);
      case "23" -> new SQLIntegrityConstraintViolationException(message, state, cause);
      case "22" -> new SQLDataException(message, state, cause);
      case "40" -> new SQLTransactionRollbackException(message, state, cause);
      case "08" -> new SQLNonTransientConnectionException(message, state, cause);
      case "0A" -> new SQLFeatureNotSupportedException(message, state, cause);
      case "57" -> message.startsWith("query timeout")
          ? new java.sql.SQLTimeoutException(message, state, cause)
          : new SQLNonTransientException(message, state, cause);
      default -> new SQLNonTransientException(message, state, cause);
    };
  }
}
