package org.treestore.sql.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;

/**
 * Wraps the JDBC objects of a Calcite connection (connection, statements, result sets, metadata)
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
 * A reflective call costs tens of nanoseconds, small beside a statement's microseconds.
 */
final class JdbcProxy implements InvocationHandler {
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
    if (method.getDeclaringClass() == Object.class) {
      return switch (name) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        case "toString" -> "TreeStore " + target;
        default -> method.invoke(target, args);
      };
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
    if (type == PreparedStatement.class || type == CallableStatement.class) {
      return wrap((PreparedStatement) result, PreparedStatement.class, proxy);
    }
    if (type == Statement.class) {
      return wrap((Statement) result, Statement.class, proxy);
    }
    if (type == ResultSet.class) {
      return wrap((ResultSet) result, ResultSet.class, proxy instanceof Statement ? proxy : null);
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
