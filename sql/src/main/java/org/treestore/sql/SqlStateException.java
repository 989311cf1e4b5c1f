package org.treestore.sql;

/**
 * An error with a SQLState, raised in TreeStore's SQL layer (or translated from an engine or
 * Calcite exception by {@link SqlStates#translate}). The JDBC layer turns it into a typed
 * {@code SQLException} with this SQLState and message.
 */
public final class SqlStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  public SqlStateException(String sqlState, String message) {
    this(sqlState, message, null);
  }

  public SqlStateException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public String getSqlState() {
    return sqlState;
  }
}
