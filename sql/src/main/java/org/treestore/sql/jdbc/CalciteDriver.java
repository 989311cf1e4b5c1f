package org.treestore.sql.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.TreeStoreMeta;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;
import org.treestore.sql.TreeStoreDatabase;
import org.treestore.sql.TreeStorePrepare;
import org.treestore.sql.schema.TreeStoreSchema;

/**
 * The machinery behind {@link TreeStoreDriver}: Calcite's driver with TreeStore's schema as the
 * default, PostgreSQL-friendly parsing (Babel parser: {@code ::} casts, {@code ILIKE}; unquoted
 * identifiers fold to lower case), TreeStore's planner rules and transactions. Not registered with
 * {@code DriverManager} itself: {@link TreeStoreDriver} is, and creates this one only when the
 * first connection is made (after it has set Calcite's defaults).
 */
final class CalciteDriver extends org.apache.calcite.jdbc.Driver {
  /** The property under which the database location travels from {@link #connect} to the handler. */
  static final String LOCATION = "treestore.location";

  CalciteDriver() {
    super(TreeStorePrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return ConnectionUrl.PREFIX;
  }

  /** Calcite's JDBC objects, with connections that parse their configuration once. */
  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return org.apache.calcite.jdbc.TreeStoreJdbcFactory.class.getName();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("TreeStore JDBC Driver", TreeStoreDriver.VERSION, "TreeStore", TreeStoreDriver.VERSION,
        false, TreeStoreDriver.MAJOR, TreeStoreDriver.MINOR, TreeStoreDriver.MAJOR, TreeStoreDriver.MINOR);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    ConnectionUrl parsed;
    try {
      parsed = ConnectionUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new SQLException(e.getMessage(), "08001", e);
    }
    Properties p = new Properties();
    // PostgreSQL-friendly defaults; the caller's properties may override them.
    p.setProperty("parserFactory", "org.apache.calcite.sql.parser.babel.SqlBabelParserImpl#FACTORY");
    p.setProperty("conformance", "DEFAULT");
    p.setProperty("fun", "standard,postgresql");
    p.setProperty("unquotedCasing", "TO_LOWER");
    p.setProperty("quotedCasing", "UNCHANGED");
    p.setProperty("caseSensitive", "true");
    p.setProperty("typeSystem", org.treestore.sql.TreeStoreTypeSystem.class.getName() + "#INSTANCE");
    if (info != null) {
      p.putAll(info);
    }
    p.putAll(parsed.options());
    p.setProperty(LOCATION, parsed.location());
    try {
      Connection c = super.connect(ConnectionUrl.PREFIX, p);
      return c == null ? null : JdbcProxy.connection(c);
    } catch (SQLException e) {
      throw JdbcErrors.translate(e);
    }
  }

  @Override
  protected Handler createHandler() {
    Handler calcite = super.createHandler();
    return new Handler() {
      @Override
      public void onConnectionInit(AvaticaConnection connection) throws SQLException {
        calcite.onConnectionInit(connection);
        CalciteConnection c = (CalciteConnection) connection;
        Properties props = c.getProperties();
        Map<String, String> options = new HashMap<>();
        for (String k : props.stringPropertyNames()) {
          options.put(k.toLowerCase(java.util.Locale.ROOT), props.getProperty(k));
        }
        TreeStoreDatabase db;
        try {
          db = TreeStoreDatabase.acquire(props.getProperty(LOCATION), ConnectionUrl.storeOptions(options));
        } catch (RuntimeException e) {
          SqlStateException s = SqlStates.translate(e);
          throw JdbcErrors.typed("cannot open TreeStore database " + props.getProperty(LOCATION) + ": "
              + e.getMessage(), s != null ? s.getSqlState() : "08001", e);
        }
        SqlSession session = new SqlSession(db);
        c.getRootSchema().add(TreeStoreSchema.NAME, new TreeStoreSchema(session));
        c.setSchema(TreeStoreSchema.NAME);
        c.setAutoCommit(true);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // snapshot isolation
        if (Boolean.parseBoolean(options.getOrDefault("read_only", "false"))) {
          c.setReadOnly(true);
        }
      }

      @Override
      public void onConnectionClose(AvaticaConnection connection) {
        calcite.onConnectionClose(connection);
        try {
          TreeStoreSchema.session(((CalciteConnection) connection).getRootSchema()).close();
        } catch (RuntimeException e) {
          // the schema was never added (connect failed): nothing to release
        }
      }

      @Override
      public void onStatementExecute(AvaticaStatement statement, ResultSink resultSink) {
        calcite.onStatementExecute(statement, resultSink);
      }

      @Override
      public void onStatementClose(AvaticaStatement statement) {
        calcite.onStatementClose(statement);
      }
    };
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return TreeStoreMeta.create(connection);
  }
}
