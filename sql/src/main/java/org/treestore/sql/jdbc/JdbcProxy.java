package org.treestore.sql.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * Wraps the JDBC objects of a Calcite connection (the connection, and through it statements
 * ({@link TreeStoreStatement}), result sets ({@link TreeStoreResultSet}) and metadata)
 * so that every error reaches the application as a typed {@code SQLException} with a SQLState
 * and the message of its real cause ({@link JdbcErrors}): Avatica reports preparation errors
 * without their cause's text and lets runtime exceptions out of {@code ResultSet.next()}.
 *
 * <p>{@code DatabaseMetaData} and {@code ResultSetMetaData} are answered by
 * {@link TreeStoreDatabaseMetaData} and {@link QueryResultMetaData}, which correct and complete
 * Calcite's for tools.
 *
 * <p>Objects a call returns are wrapped in turn; {@code getConnection()} and
 * {@code getStatement()} give back the wrapping parent; {@code unwrap} reaches the Calcite object.
 * A reflective call costs tens of nanoseconds: small beside a connection call, but not beside a
 * statement's setters and result getters, which are therefore plain delegating classes.
 */
final class JdbcProxy implements InvocationHandler {
  /** Connection methods that JDBC allows on a closed connection. */
  private static final java.util.Set<String> ALWAYS_ALLOWED =
      java.util.Set.of("close", "isClosed", "isValid", "unwrap", "isWrapperFor", "abort");

  private static final Object NOT_HANDLED = new Object();

  /**
   * What TreeStore answers itself on a connection: isolation (snapshot isolation, reported as
   * REPEATABLE_READ; weaker levels are served by it, SERIALIZABLE is refused), savepoints and
   * generated keys (not supported: a clear SQLFeatureNotSupportedException).
   */
  private Object connectionPolicy(String name, Object[] args) throws java.sql.SQLException {
    switch (name) {
      case "getTransactionIsolation":
        return Connection.TRANSACTION_REPEATABLE_READ;
      case "setTransactionIsolation":
        if ((Integer) args[0] == Connection.TRANSACTION_SERIALIZABLE) {
          throw new java.sql.SQLFeatureNotSupportedException("TreeStore offers snapshot isolation "
              + "(TRANSACTION_REPEATABLE_READ), not TRANSACTION_SERIALIZABLE", org.treestore.sql.SqlStates.NOT_SUPPORTED);
        }
        if ((Integer) args[0] == Connection.TRANSACTION_NONE) {
          throw new java.sql.SQLFeatureNotSupportedException("TreeStore connections are always transactional",
              org.treestore.sql.SqlStates.NOT_SUPPORTED);
        }
        return null; // the weaker levels are served by snapshot isolation
      case "setSavepoint":
      case "releaseSavepoint":
        throw new java.sql.SQLFeatureNotSupportedException("savepoints are not supported: roll back the transaction",
            org.treestore.sql.SqlStates.NOT_SUPPORTED);
      case "rollback":
        if (args != null && args.length == 1) {
          throw new java.sql.SQLFeatureNotSupportedException("savepoints are not supported: roll back the transaction",
              org.treestore.sql.SqlStates.NOT_SUPPORTED);
        }
        return NOT_HANDLED;
      case "prepareStatement":
        if (args.length == 2 && (args[1] instanceof int[] || args[1] instanceof String[]
            || (args[1] instanceof Integer k && k == java.sql.Statement.RETURN_GENERATED_KEYS))) {
          throw new java.sql.SQLFeatureNotSupportedException("generated keys are not supported: TreeStore's keys "
              + "(doc_id, node_id) are given by the application", org.treestore.sql.SqlStates.NOT_SUPPORTED);
        }
        return NOT_HANDLED;
      default:
        return NOT_HANDLED;
    }
  }

  private final Object target;
  private final Object parent;

  private JdbcProxy(Object target, Object parent) {
    this.target = target;
    this.parent = parent;
  }

  static Connection connection(Connection c) {
    return wrap(c, Connection.class, null);
  }

  private static <T> T wrap(T target, Class<T> iface, Object parent) {
    return iface.cast(Proxy.newProxyInstance(JdbcProxy.class.getClassLoader(), new Class<?>[] {iface},
        new JdbcProxy(target, parent)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (ProxyObjectMethods.handles(method)) {
      return ProxyObjectMethods.answer(proxy, method, args, "TreeStore " + target);
    }
    if ((name.equals("getConnection") || name.equals("getStatement")) && (args == null || args.length == 0)
        && parent != null) {
      return parent;
    }
    if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
      return proxy;
    }
    if (name.equals("isWrapperFor") && ((Class<?>) args[0]).isInstance(proxy)) {
      return true;
    }
    if (target instanceof Connection c && !ALWAYS_ALLOWED.contains(name) && c.isClosed()) {
      // Avatica lets some calls through on a closed connection (createStatement does not check).
      throw new java.sql.SQLNonTransientConnectionException("the connection is closed",
          org.treestore.sql.SqlStates.CONNECTION_CLOSED);
    }
    if (target instanceof Connection) {
      Object answer = connectionPolicy(name, args);
      if (answer != NOT_HANDLED) {
        return answer;
      }
    }
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw JdbcErrors.translate(e.getCause());
    }
    Class<?> type = method.getReturnType();
    if (result == null || name.equals("unwrap")) {
      return result;
    }
    if (type == PreparedStatement.class) { // prepareCall: Calcite refuses it, nothing to wrap
      return new TreeStorePreparedStatement((PreparedStatement) result, (Connection) proxy);
    }
    if (type == Statement.class) {
      return new TreeStoreStatement((Statement) result, (Connection) proxy);
    }
    if (type == ResultSet.class) {
      return new TreeStoreResultSet((ResultSet) result, null);
    }
    if (type == DatabaseMetaData.class) {
      // answered by TreeStore where Calcite's metadata is missing or wrong for tools
      return TreeStoreDatabaseMetaData.wrap((DatabaseMetaData) result, (Connection) proxy, (Connection) target);
    }
    if (type == ResultSetMetaData.class) {
      return QueryResultMetaData.wrap((ResultSetMetaData) result, target);
    }
    return result;
  }
}
