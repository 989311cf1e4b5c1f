package org.apache.calcite.jdbc;

import java.util.List;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;
import org.treestore.sql.schema.TreeStoreSchema;

/**
 * Calcite's connection metadata and statement entry points with TreeStore's transactions and
 * error states. It lives in Calcite's package because {@link CalciteMetaImpl}'s constructor takes
 * the package-private connection class (a split package: fine on the class path, not as a JPMS
 * module).
 *
 * <p>Autocommit, read-only, commit and rollback go to the connection's {@link SqlSession}.
 * Errors from preparing or running a statement are translated to {@link SqlStateException}s
 * (SQLState classes 42, 22, 23, 25, 40, 08, XX) where their cause is known.
 */
public final class TreeStoreMeta extends CalciteMetaImpl {
  private TreeStoreMeta(CalciteConnectionImpl connection) {
    super(connection, CalciteMetaTableFactoryImpl.INSTANCE, CalciteMetaColumnFactoryImpl.INSTANCE);
  }

  /** The meta of a connection made by Calcite's driver machinery (a {@code CalciteConnectionImpl}). */
  public static Meta create(org.apache.calcite.avatica.AvaticaConnection connection) {
    return new TreeStoreMeta((CalciteConnectionImpl) connection);
  }

  private SqlSession session() {
    return TreeStoreSchema.session(getConnection().getRootSchema());
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    ConnectionProperties result = super.connectionSync(ch, connProps);
    if (connProps.isAutoCommit() != null) {
      run(() -> session().setAutoCommit(connProps.isAutoCommit()));
    }
    if (connProps.isReadOnly() != null) {
      run(() -> session().setReadOnly(connProps.isReadOnly()));
    }
    return result;
  }

  @Override
  public void commit(ConnectionHandle ch) {
    run(() -> session().commit());
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    run(() -> session().rollback());
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    try {
      return super.prepare(ch, sql, maxRowCount);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    try {
      return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    try {
      return super.execute(h, parameterValues, maxRowsInFirstFrame);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount) throws NoSuchStatementException {
    try {
      return super.fetch(h, offset, fetchMaxRowCount);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  private static void run(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  private static RuntimeException translated(RuntimeException e) {
    SqlStateException s = SqlStates.translate(e);
    return s != null ? s : e;
  }
}
