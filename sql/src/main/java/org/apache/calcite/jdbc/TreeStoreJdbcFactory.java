package org.apache.calcite.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's JDBC 4.1 objects, except that connections keep their parsed configuration. Calcite
 * builds a new configuration object on every {@code config()} call and parses the whole property
 * list again for every setting read; a statement execution reads several (time zone, locale, ...)
 * when it creates its data context, which profiled at about a third of a prepared point lookup.
 * In Calcite's package because the connection class's constructor is not public.
 */
public final class TreeStoreJdbcFactory extends CalciteFactory {
  private final CalciteJdbc41Factory delegate = new CalciteJdbc41Factory();

  public TreeStoreJdbcFactory() {
    super(4, 1);
  }

  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
      Properties info, @Nullable CalciteSchema rootSchema, @Nullable JavaTypeFactory typeFactory) {
    return new Connection((Driver) driver, factory, url, info, rootSchema, typeFactory);
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) {
    return delegate.newStatement(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return delegate.newPreparedStatement(connection, h, signature, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    ResultSetMetaData metaData = delegate.newResultSetMetaData(statement, signature);
    return new RowResultSet(statement, (CalcitePrepare.CalciteSignature<?>) signature, metaData, timeZone,
        firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return delegate.newDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature)
      throws SQLException {
    return delegate.newResultSetMetaData(statement, signature);
  }

  /** A Calcite connection whose configuration is parsed once (its properties do not change). */
  static final class Connection extends CalciteConnectionImpl {
    private volatile CalciteConnectionConfig config;

    Connection(Driver driver, AvaticaFactory factory, String url, Properties info, @Nullable CalciteSchema rootSchema,
        @Nullable JavaTypeFactory typeFactory) {
      super(driver, factory, url, info, rootSchema, typeFactory);
    }

    @Override
    public CalciteConnectionConfig config() {
      CalciteConnectionConfig c = config;
      if (c == null) {
        config = c = new MemoizedConfig(info);
      }
      return c;
    }

    @Override
    public DataContext createDataContext(Map<String, Object> parameterValues, @Nullable CalciteSchema rootSchema) {
      return new QueryDataContext(this, parameterValues, rootSchema);
    }

    DataContext calciteDataContext(Map<String, Object> parameterValues, @Nullable CalciteSchema rootSchema) {
      return super.createDataContext(parameterValues, rootSchema);
    }
  }

  /**
   * The data context of one statement execution. Calcite's own builds, for every execution, an
   * immutable map of a dozen variables (clocks, time zone, time frames, user, locale, the standard
   * streams) that a TreeStore plan reads none of: that was about a fifth of a prepared key lookup.
   * This one answers the statement's parameters, cancel flag and timeout from the map the
   * connection hands in, and creates Calcite's context only when a plan asks for anything else (a
   * query that uses {@code CURRENT_TIMESTAMP} then gets the time of that first request, the same
   * for the whole query). A null parameter is present in the map with a null value.
   */
  private static final class QueryDataContext implements DataContext {
    private final Connection connection;
    private final Map<String, Object> parameters;
    private final @Nullable CalciteSchema rootSchema;
    private @Nullable DataContext calcite;
    /** Variables only the connection's map can hold: absent there means absent. */
    private static final java.util.Set<String> CONNECTION_SET =
        java.util.Set.of(Variable.CANCEL_FLAG.camelName, Variable.TIMEOUT.camelName);

    QueryDataContext(Connection connection, Map<String, Object> parameters, @Nullable CalciteSchema rootSchema) {
      this.connection = connection;
      this.parameters = parameters;
      this.rootSchema = rootSchema;
    }

    @Override
    public @Nullable SchemaPlus getRootSchema() {
      return rootSchema == null ? null : rootSchema.plus();
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return connection.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
      return connection;
    }

    @Override
    public @Nullable Object get(String name) {
      Object o = parameters.get(name);
      if (o != null || parameters.containsKey(name) || CONNECTION_SET.contains(name)) {
        return o; // the timeout is in the map only when the statement has one; Calcite's context adds nothing
      }
      return calcite().get(name);
    }

    private synchronized DataContext calcite() {
      DataContext c = calcite;
      if (c == null) {
        calcite = c = connection.calciteDataContext(parameters, rootSchema);
      }
      return c;
    }
  }

  /** The settings a statement execution reads, each parsed once; and the connection's properties. */
  public static final class MemoizedConfig extends CalciteConnectionConfigImpl {
    private String timeZone;
    private String locale;
    private Boolean autoTemp;
    private Boolean spark;

    MemoizedConfig(Properties properties) {
      super(properties);
    }

    /** The connection's properties (read-only use: plan cache settings). */
    public Properties properties() {
      return properties;
    }

    @Override
    public String timeZone() {
      String t = timeZone;
      return t != null ? t : (timeZone = super.timeZone());
    }

    @Override
    public String locale() {
      String l = locale;
      return l != null ? l : (locale = super.locale());
    }

    @Override
    public boolean autoTemp() {
      Boolean b = autoTemp;
      return b != null ? b : (autoTemp = super.autoTemp());
    }

    @Override
    public boolean spark() {
      Boolean b = spark;
      return b != null ? b : (spark = super.spark());
    }
  }
}
