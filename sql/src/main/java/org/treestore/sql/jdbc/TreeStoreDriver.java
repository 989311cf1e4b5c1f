package org.treestore.sql.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The embedded JDBC driver: {@code jdbc:treestore:<path>} and {@code jdbc:treestore:mem:<name>},
 * options after {@code ;} (see {@link ConnectionUrl}). Registered with {@code DriverManager} through
 * {@code META-INF/services/java.sql.Driver}.
 *
 * <p>This class loads no Calcite class until the first connection: its static initializer first
 * sets Calcite's default character set to UTF-8 (system properties
 * {@code calcite.default.charset}, {@code calcite.default.nationalcharset},
 * {@code calcite.default.collation.name}, unless already set), because Calcite reads them once, when
 * its configuration class loads, and with its default ISO-8859-1 a string literal such as
 * {@code '港口'} could not be used. The work is done by {@link CalciteDriver}.
 */
public final class TreeStoreDriver implements Driver {
  public static final String VERSION = "0.1.0";
  public static final int MAJOR = 0;
  public static final int MINOR = 1;

  static {
    setIfAbsent("calcite.default.charset", "UTF-8");
    setIfAbsent("calcite.default.nationalcharset", "UTF-8");
    setIfAbsent("calcite.default.collation.name", "UTF-8$en_US");
    try {
      DriverManager.registerDriver(new TreeStoreDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /** Created on first use, so that Calcite loads after the defaults are set. */
  private static final class Holder {
    static final CalciteDriver DRIVER = new CalciteDriver();
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    // Before Calcite loads: the classes it needs start loading on a second thread now.
    ClassPreloader.start();
    return Holder.DRIVER.connect(url, info == null ? new Properties() : info);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(ConnectionUrl.PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    java.util.Map<String, String> given = new java.util.HashMap<>();
    if (info != null) {
      info.stringPropertyNames().forEach(k -> given.put(k, info.getProperty(k)));
    }
    if (acceptsURL(url)) {
      try {
        given.putAll(ConnectionUrl.parse(url).options());
      } catch (IllegalArgumentException e) {
        // a malformed URL: describe the options anyway
      }
    }
    DriverPropertyInfo cache = property("cache_size", given,
        "Buffer pool size of the database, e.g. 256MB or 1GB (applies when this connection opens the database)");
    DriverPropertyInfo durability = property("durability", given,
        "FULL: a commit returns after fsync (default); NORMAL: after the log write; OFF: for bulk loads");
    durability.choices = new String[] {"FULL", "NORMAL", "OFF"};
    DriverPropertyInfo readOnly = property("read_only", given,
        "true: the connection starts read-only and refuses writes (SQLState 25006)");
    readOnly.choices = new String[] {"true", "false"};
    DriverPropertyInfo planCache = property("plan_cache_size", given,
        "Plans of plain Statements kept per database (default 256; 0 turns the plan cache off)");
    DriverPropertyInfo parameterize = property("plan_cache_parameterize", given,
        "true (default): statements that differ only in literals share one cached plan; false: exact texts only");
    parameterize.choices = new String[] {"true", "false"};
    return new DriverPropertyInfo[] {cache, durability, readOnly, planCache, parameterize};
  }

  private static DriverPropertyInfo property(String name, java.util.Map<String, String> given, String description) {
    DriverPropertyInfo p = new DriverPropertyInfo(name, given.get(name));
    p.description = description;
    p.required = false;
    return p;
  }

  @Override
  public int getMajorVersion() {
    return MAJOR;
  }

  @Override
  public int getMinorVersion() {
    return MINOR;
  }

  /** Not claimed: TreeStore has not been run through the JDBC compliance tests. */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("TreeStore does not log through java.util.logging");
  }
}
