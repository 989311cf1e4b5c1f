package org.treestore.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A stand-in for TreeStore's driver while the console runs, whose connections answer the two
 * isolation questions of {@link DatabaseMetaData} truthfully: snapshot isolation, reported as
 * {@link Connection#TRANSACTION_REPEATABLE_READ}, is supported and the default.
 *
 * <p>Why: sqlline sets its isolation option (default {@code TRANSACTION_REPEATABLE_READ}) on every
 * connect, after asking {@code supportsTransactionIsolationLevel}; the SQL module's metadata is
 * still Calcite's, which says only {@code TRANSACTION_NONE} is supported, so sqlline would print
 * "not supported" on connect (and with {@code TRANSACTION_NONE} the connection would report an
 * isolation it does not have). sqlline asks {@code DriverManager.getDriver(url)} for the driver, so
 * {@link #install} puts this one in place of TreeStore's for the console's duration and
 * {@link Installed#close} restores it. Remove this class once the SQL module's metadata reports the
 * isolation itself.
 */
final class ConsoleDriver implements Driver {
  private final Driver target;

  private ConsoleDriver(Driver target) {
    this.target = target;
  }

  /** Undoes {@link #install}. */
  interface Installed extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  /** Replaces the driver registered for {@code url} with a stand-in, until closed. */
  static Installed install(String url) throws SQLException {
    Driver original = DriverManager.getDriver(url);
    ConsoleDriver shim = new ConsoleDriver(original);
    DriverManager.registerDriver(shim);
    DriverManager.deregisterDriver(original);
    return () -> {
      DriverManager.registerDriver(original);
      DriverManager.deregisterDriver(shim);
    };
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    Connection c = target.connect(url, info);
    return c == null ? null : (Connection) proxy(Connection.class, c, (p, m, args) -> {
      Object result = invoke(c, m, args);
      return m.getName().equals("getMetaData") ? metaData((DatabaseMetaData) result) : result;
    });
  }

  private static DatabaseMetaData metaData(DatabaseMetaData md) {
    return (DatabaseMetaData) proxy(DatabaseMetaData.class, md, (p, m, args) -> {
      switch (m.getName()) {
        case "supportsTransactionIsolationLevel":
          return (Integer) args[0] == Connection.TRANSACTION_REPEATABLE_READ;
        case "getDefaultTransactionIsolation":
          return Connection.TRANSACTION_REPEATABLE_READ;
        default:
          return invoke(md, m, args);
      }
    });
  }

  private static Object proxy(Class<?> type, Object target, InvocationHandler handler) {
    return Proxy.newProxyInstance(ConsoleDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause(); // the driver's own SQLException, not a reflection wrapper
    }
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    return target.acceptsURL(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    return target.getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return target.getMajorVersion();
  }

  @Override
  public int getMinorVersion() {
    return target.getMinorVersion();
  }

  @Override
  public boolean jdbcCompliant() {
    return target.jdbcCompliant();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }
}
