package org.treestore.sql.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;

/**
 * {@link ResultSetMetaData} of query results and prepared statements: Calcite's, corrected where
 * it misleads tools.
 * <ul>
 * <li>Character columns: Calcite reports its internal cap (65536) as precision and display size;
 * TreeStore text has no limit, reported as {@code Integer.MAX_VALUE} as in
 * {@code DatabaseMetaData.getColumns}.
 * <li>{@code isSearchable}: every column can be used in a WHERE clause (Calcite says none).
 * {@code isSigned} only for numbers, {@code isCaseSensitive} only for text (Calcite says true for all).
 * <li>{@code isReadOnly}/{@code isWritable}: Calcite says every column is read-only; a column of
 * {@code nodes} or {@code documents} that TreeStore does not compute can be written.
 * {@code isDefinitelyWritable} stays false (whether a write succeeds depends on the statement).
 * <li>Catalog, schema and table names of computed columns are "" (the JDBC convention), not null.
 * </ul>
 * Types, nullability, labels and the table and column names of table columns are Calcite's, which
 * are right.
 */
final class QueryResultMetaData implements InvocationHandler {
  private final ResultSetMetaData calcite;
  /** The Calcite statement or result set the metadata came from: leads to the schema when needed. */
  private final Object owner;
  private MetaCatalog catalog;

  private QueryResultMetaData(ResultSetMetaData calcite, Object owner) {
    this.calcite = calcite;
    this.owner = owner;
  }

  static ResultSetMetaData wrap(ResultSetMetaData calcite, Object owner) {
    return (ResultSetMetaData) Proxy.newProxyInstance(QueryResultMetaData.class.getClassLoader(),
        new Class<?>[] {ResultSetMetaData.class}, new QueryResultMetaData(calcite, owner));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (ProxyObjectMethods.handles(method)) {
      return ProxyObjectMethods.answer(proxy, method, args, "TreeStore " + calcite);
    }
    try {
      switch (name) {
        case "getPrecision":
        case "getColumnDisplaySize": {
          int column = (Integer) args[0];
          int value = (Integer) method.invoke(calcite, args);
          return isText(calcite.getColumnType(column)) && value >= MetaCatalog.CALCITE_MAX_VARCHAR
              ? Integer.MAX_VALUE : value;
        }
        case "isSearchable":
          return true;
        case "isSigned":
          return isSigned(calcite.getColumnType((Integer) args[0]));
        case "isCaseSensitive":
          return isText(calcite.getColumnType((Integer) args[0]));
        case "getCatalogName":
        case "getSchemaName":
        case "getTableName": {
          Object v = method.invoke(calcite, args);
          return v == null ? "" : v;
        }
        case "isReadOnly":
          return !writable((Integer) args[0]);
        case "isWritable":
          return writable((Integer) args[0]);
        case "isDefinitelyWritable":
          return false;
        case "unwrap":
          return ((Class<?>) args[0]).isInstance(proxy) ? proxy : calcite.unwrap((Class<?>) args[0]);
        case "isWrapperFor":
          return ((Class<?>) args[0]).isInstance(proxy) || calcite.isWrapperFor((Class<?>) args[0]);
        default:
          return method.invoke(calcite, args);
      }
    } catch (InvocationTargetException e) {
      throw JdbcErrors.translate(e.getCause());
    } catch (RuntimeException e) {
      throw JdbcErrors.translate(e);
    }
  }

  /** Only numbers have a sign (Calcite says every column is signed). */
  private static boolean isSigned(int type) {
    return switch (type) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC, Types.REAL,
          Types.FLOAT, Types.DOUBLE -> true;
      default -> false;
    };
  }

  private static boolean isText(int type) {
    return type == Types.VARCHAR || type == Types.CHAR || type == Types.LONGVARCHAR || type == Types.NVARCHAR;
  }

  /** A column straight from a writable TreeStore table, not computed by TreeStore. */
  private boolean writable(int column) throws SQLException {
    String table = calcite.getTableName(column);
    String schema = calcite.getSchemaName(column);
    if (table == null || table.isEmpty() || (schema != null && !schema.equals(MetaCatalog.SCHEMA))) {
      return false;
    }
    if (catalog == null) {
      Connection c = owner instanceof Statement s ? s.getConnection()
          : owner instanceof ResultSet r && r.getStatement() != null ? r.getStatement().getConnection() : null;
      if (c == null) {
        return false;
      }
      catalog = MetaCatalog.of(c);
    }
    return catalog.isWritableColumn(table, calcite.getColumnName(column));
  }
}
