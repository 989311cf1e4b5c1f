package org.treestore.sql.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * The statement handed to applications: Calcite's, with the checks and error translation the
 * other JDBC objects get from {@link JdbcProxy} (a call on a closed statement or connection fails
 * with a SQLState; every error becomes a typed {@code SQLException}, {@link JdbcErrors}), result
 * sets as {@link TreeStoreResultSet}s, and the wrapping connection as {@code getConnection()}.
 *
 * <p>Plain delegation rather than a reflective proxy, because an application calls a prepared
 * statement's setters and {@code executeQuery} for every execution: the proxy's reflective call
 * and its per-call checks through other proxies took about 7 % of a children query.
 */
class TreeStoreStatement implements Statement {
  private final Statement d;
  private final Connection connection;

  TreeStoreStatement(Statement delegate, Connection connection) {
    this.d = delegate;
    this.connection = connection;
  }

  /** Fails when the statement, or the connection (which closes its statements), is closed. */
  final void check() throws SQLException {
    if (d.getConnection().isClosed()) {
      throw new java.sql.SQLNonTransientConnectionException("the connection is closed",
          org.treestore.sql.SqlStates.CONNECTION_CLOSED);
    }
    if (d.isClosed()) {
      throw new java.sql.SQLNonTransientException("the statement is closed", "55000");
    }
  }

  /** A result set of this statement, as applications get it (null stays null). */
  final ResultSet results(ResultSet r) {
    return r == null ? null : new TreeStoreResultSet(r, this);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public boolean isClosed() throws SQLException {
    try {
      return d.isClosed() || d.getConnection().isClosed();
    } catch (SQLException | RuntimeException e) {
      throw JdbcErrors.translate(e);
    }
  }

  @Override
  public void close() throws SQLException {
    try { d.close(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : d.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || d.isWrapperFor(iface);
  }

  @Override
  public int[] executeBatch() throws SQLException {
    check();
    try {
      return d.executeBatch();
    } catch (SQLException | RuntimeException e) {
      throw batchFailure(e);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    check();
    try {
      return d.executeLargeBatch();
    } catch (SQLException | RuntimeException e) {
      throw batchFailure(e);
    }
  }

  /** JDBC promises a BatchUpdateException (with the counts of what ran) from a failed batch. */
  private static java.sql.BatchUpdateException batchFailure(Exception e) {
    SQLException s = JdbcErrors.translate(e);
    long[] counts = e instanceof java.sql.BatchUpdateException b ? b.getLargeUpdateCounts() : new long[0];
    return new java.sql.BatchUpdateException(s.getMessage(), s.getSQLState(), s.getErrorCode(),
        counts == null ? new long[0] : counts, s);
  }

  @Override
  public String toString() {
    return "TreeStore " + d;
  }

  // ---- plain delegation, checked and translated ----

  @Override
  public boolean execute(String a0) throws SQLException {
    check();
    try { return d.execute(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean execute(String a0, String[] a1) throws SQLException {
    check();
    try { return d.execute(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean execute(String a0, int[] a1) throws SQLException {
    check();
    try { return d.execute(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean execute(String a0, int a1) throws SQLException {
    check();
    try { return d.execute(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void cancel() throws SQLException {
    check();
    try { d.cancel(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public ResultSet executeQuery(String a0) throws SQLException {
    check();
    try { return results(d.executeQuery(a0)); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int executeUpdate(String a0, String[] a1) throws SQLException {
    check();
    try { return d.executeUpdate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int executeUpdate(String a0, int a1) throws SQLException {
    check();
    try { return d.executeUpdate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int executeUpdate(String a0) throws SQLException {
    check();
    try { return d.executeUpdate(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int executeUpdate(String a0, int[] a1) throws SQLException {
    check();
    try { return d.executeUpdate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    check();
    try { return d.getMaxFieldSize(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setMaxFieldSize(int a0) throws SQLException {
    check();
    try { d.setMaxFieldSize(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getMaxRows() throws SQLException {
    check();
    try { return d.getMaxRows(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setMaxRows(int a0) throws SQLException {
    check();
    try { d.setMaxRows(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setEscapeProcessing(boolean a0) throws SQLException {
    check();
    try { d.setEscapeProcessing(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    check();
    try { return d.getQueryTimeout(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setQueryTimeout(int a0) throws SQLException {
    check();
    try { d.setQueryTimeout(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    check();
    try { return d.getWarnings(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void clearWarnings() throws SQLException {
    check();
    try { d.clearWarnings(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setCursorName(String a0) throws SQLException {
    check();
    try { d.setCursorName(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    check();
    try { return results(d.getResultSet()); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getUpdateCount() throws SQLException {
    check();
    try { return d.getUpdateCount(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean getMoreResults(int a0) throws SQLException {
    check();
    try { return d.getMoreResults(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    check();
    try { return d.getMoreResults(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    check();
    try { d.setFetchDirection(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    check();
    try { return d.getFetchDirection(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    check();
    try { d.setFetchSize(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getFetchSize() throws SQLException {
    check();
    try { return d.getFetchSize(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    check();
    try { return d.getResultSetConcurrency(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getResultSetType() throws SQLException {
    check();
    try { return d.getResultSetType(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void addBatch(String a0) throws SQLException {
    check();
    try { d.addBatch(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void clearBatch() throws SQLException {
    check();
    try { d.clearBatch(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    check();
    try { return results(d.getGeneratedKeys()); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    check();
    try { return d.getResultSetHoldability(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setPoolable(boolean a0) throws SQLException {
    check();
    try { d.setPoolable(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isPoolable() throws SQLException {
    check();
    try { return d.isPoolable(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    check();
    try { d.closeOnCompletion(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    check();
    try { return d.isCloseOnCompletion(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    check();
    try { return d.getLargeUpdateCount(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setLargeMaxRows(long a0) throws SQLException {
    check();
    try { d.setLargeMaxRows(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    check();
    try { return d.getLargeMaxRows(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long executeLargeUpdate(String a0, String[] a1) throws SQLException {
    check();
    try { return d.executeLargeUpdate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long executeLargeUpdate(String a0, int[] a1) throws SQLException {
    check();
    try { return d.executeLargeUpdate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long executeLargeUpdate(String a0, int a1) throws SQLException {
    check();
    try { return d.executeLargeUpdate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long executeLargeUpdate(String a0) throws SQLException {
    check();
    try { return d.executeLargeUpdate(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String enquoteLiteral(String a0) throws SQLException {
    check();
    try { return d.enquoteLiteral(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String enquoteIdentifier(String a0, boolean a1) throws SQLException {
    check();
    try { return d.enquoteIdentifier(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isSimpleIdentifier(String a0) throws SQLException {
    check();
    try { return d.isSimpleIdentifier(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String enquoteNCharLiteral(String a0) throws SQLException {
    check();
    try { return d.enquoteNCharLiteral(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }
}
