package org.treestore.sql.jdbc;

import static java.sql.Types.BIGINT;
import static java.sql.Types.BOOLEAN;
import static java.sql.Types.INTEGER;
import static java.sql.Types.SMALLINT;
import static java.sql.Types.VARCHAR;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.treestore.sql.jdbc.MetaCatalog.Index;
import org.treestore.sql.jdbc.MetaCatalog.Parameter;
import org.treestore.sql.jdbc.MetaCatalog.Reference;
import org.treestore.sql.jdbc.MetaCatalog.TableFunctionInfo;
import org.treestore.sql.jdbc.MetaCatalog.TypeFacts;
import org.treestore.sql.schema.TreeStoreTable;

/**
 * {@link DatabaseMetaData} of a TreeStore connection, complete enough for browsing tools
 * (DBeaver, sqlline, HikariCP): a dynamic proxy over Calcite's (Avatica's) metadata object that
 * answers itself every method returning a result set and every flag Avatica gets wrong for
 * TreeStore, and passes the rest (keyword and function lists, limits, grammar flags) through.
 *
 * <p>Result sets are built in memory ({@link MetaResultSet}) from {@link MetaCatalog}, which reads
 * the schema classes; their columns are named and typed as the JDBC documentation of each method
 * says, and sorted as it prescribes. A feature TreeStore does not have (procedures, user types,
 * privileges, catalogs) gives an empty result set, never an exception.
 *
 * <p>Decisions:
 * <ul>
 * <li>Only schema {@code treestore} is reported. Calcite's {@code metadata} schema (its own view of
 * the catalog, queryable as {@code "metadata"."TABLES"}) and its built-in functions are hidden: they
 * are not part of TreeStore's SQL contract, and their answers would contradict these (Calcite's
 * types, no keys). Built-in functions are listed by {@code getStringFunctions} and the like.
 * <li>No catalogs: {@code getCatalogs} is empty and every TABLE_CAT is NULL.
 * <li>Transactions: snapshot isolation, reported as REPEATABLE_READ (the default); READ_COMMITTED
 * and READ_UNCOMMITTED are supported in that a snapshot gives at least their guarantees;
 * SERIALIZABLE is not (snapshot isolation allows write skew).
 * </ul>
 */
final class TreeStoreDatabaseMetaData implements InvocationHandler {
  // ---- result set shapes, as the JDBC documentation of each method names the columns ----
  static final MetaResultSet.Shape CATALOGS = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR);
  static final MetaResultSet.Shape SCHEMAS = MetaResultSet.Shape.of("TABLE_SCHEM", VARCHAR, "TABLE_CATALOG", VARCHAR);
  static final MetaResultSet.Shape TABLE_TYPES = MetaResultSet.Shape.of("TABLE_TYPE", VARCHAR);
  static final MetaResultSet.Shape TABLES = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM", VARCHAR,
      "TABLE_NAME", VARCHAR, "TABLE_TYPE", VARCHAR, "REMARKS", VARCHAR, "TYPE_CAT", VARCHAR, "TYPE_SCHEM", VARCHAR,
      "TYPE_NAME", VARCHAR, "SELF_REFERENCING_COL_NAME", VARCHAR, "REF_GENERATION", VARCHAR);
  static final MetaResultSet.Shape COLUMNS = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM", VARCHAR,
      "TABLE_NAME", VARCHAR, "COLUMN_NAME", VARCHAR, "DATA_TYPE", INTEGER, "TYPE_NAME", VARCHAR,
      "COLUMN_SIZE", INTEGER, "BUFFER_LENGTH", INTEGER, "DECIMAL_DIGITS", INTEGER, "NUM_PREC_RADIX", INTEGER,
      "NULLABLE", INTEGER, "REMARKS", VARCHAR, "COLUMN_DEF", VARCHAR, "SQL_DATA_TYPE", INTEGER,
      "SQL_DATETIME_SUB", INTEGER, "CHAR_OCTET_LENGTH", INTEGER, "ORDINAL_POSITION", INTEGER, "IS_NULLABLE", VARCHAR,
      "SCOPE_CATALOG", VARCHAR, "SCOPE_SCHEMA", VARCHAR, "SCOPE_TABLE", VARCHAR, "SOURCE_DATA_TYPE", SMALLINT,
      "IS_AUTOINCREMENT", VARCHAR, "IS_GENERATEDCOLUMN", VARCHAR);
  static final MetaResultSet.Shape PRIMARY_KEYS = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM",
      VARCHAR, "TABLE_NAME", VARCHAR, "COLUMN_NAME", VARCHAR, "KEY_SEQ", SMALLINT, "PK_NAME", VARCHAR);
  static final MetaResultSet.Shape INDEX_INFO = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM", VARCHAR,
      "TABLE_NAME", VARCHAR, "NON_UNIQUE", BOOLEAN, "INDEX_QUALIFIER", VARCHAR, "INDEX_NAME", VARCHAR,
      "TYPE", SMALLINT, "ORDINAL_POSITION", SMALLINT, "COLUMN_NAME", VARCHAR, "ASC_OR_DESC", VARCHAR,
      "CARDINALITY", BIGINT, "PAGES", BIGINT, "FILTER_CONDITION", VARCHAR);
  static final MetaResultSet.Shape KEYS = MetaResultSet.Shape.of("PKTABLE_CAT", VARCHAR, "PKTABLE_SCHEM", VARCHAR,
      "PKTABLE_NAME", VARCHAR, "PKCOLUMN_NAME", VARCHAR, "FKTABLE_CAT", VARCHAR, "FKTABLE_SCHEM", VARCHAR,
      "FKTABLE_NAME", VARCHAR, "FKCOLUMN_NAME", VARCHAR, "KEY_SEQ", SMALLINT, "UPDATE_RULE", SMALLINT,
      "DELETE_RULE", SMALLINT, "FK_NAME", VARCHAR, "PK_NAME", VARCHAR, "DEFERRABILITY", SMALLINT);
  static final MetaResultSet.Shape BEST_ROW = MetaResultSet.Shape.of("SCOPE", SMALLINT, "COLUMN_NAME", VARCHAR,
      "DATA_TYPE", INTEGER, "TYPE_NAME", VARCHAR, "COLUMN_SIZE", INTEGER, "BUFFER_LENGTH", INTEGER,
      "DECIMAL_DIGITS", SMALLINT, "PSEUDO_COLUMN", SMALLINT);
  static final MetaResultSet.Shape VERSION_COLUMNS = BEST_ROW;
  static final MetaResultSet.Shape TYPE_INFO = MetaResultSet.Shape.of("TYPE_NAME", VARCHAR, "DATA_TYPE", INTEGER,
      "PRECISION", INTEGER, "LITERAL_PREFIX", VARCHAR, "LITERAL_SUFFIX", VARCHAR, "CREATE_PARAMS", VARCHAR,
      "NULLABLE", SMALLINT, "CASE_SENSITIVE", BOOLEAN, "SEARCHABLE", SMALLINT, "UNSIGNED_ATTRIBUTE", BOOLEAN,
      "FIXED_PREC_SCALE", BOOLEAN, "AUTO_INCREMENT", BOOLEAN, "LOCAL_TYPE_NAME", VARCHAR, "MINIMUM_SCALE", SMALLINT,
      "MAXIMUM_SCALE", SMALLINT, "SQL_DATA_TYPE", INTEGER, "SQL_DATETIME_SUB", INTEGER, "NUM_PREC_RADIX", INTEGER);
  static final MetaResultSet.Shape FUNCTIONS = MetaResultSet.Shape.of("FUNCTION_CAT", VARCHAR, "FUNCTION_SCHEM",
      VARCHAR, "FUNCTION_NAME", VARCHAR, "REMARKS", VARCHAR, "FUNCTION_TYPE", SMALLINT, "SPECIFIC_NAME", VARCHAR);
  static final MetaResultSet.Shape FUNCTION_COLUMNS = MetaResultSet.Shape.of("FUNCTION_CAT", VARCHAR,
      "FUNCTION_SCHEM", VARCHAR, "FUNCTION_NAME", VARCHAR, "COLUMN_NAME", VARCHAR, "COLUMN_TYPE", SMALLINT,
      "DATA_TYPE", INTEGER, "TYPE_NAME", VARCHAR, "PRECISION", INTEGER, "LENGTH", INTEGER, "SCALE", SMALLINT,
      "RADIX", SMALLINT, "NULLABLE", SMALLINT, "REMARKS", VARCHAR, "CHAR_OCTET_LENGTH", INTEGER,
      "ORDINAL_POSITION", INTEGER, "IS_NULLABLE", VARCHAR, "SPECIFIC_NAME", VARCHAR);
  static final MetaResultSet.Shape PROCEDURES = MetaResultSet.Shape.of("PROCEDURE_CAT", VARCHAR, "PROCEDURE_SCHEM",
      VARCHAR, "PROCEDURE_NAME", VARCHAR, "RESERVED1", VARCHAR, "RESERVED2", VARCHAR, "RESERVED3", VARCHAR,
      "REMARKS", VARCHAR, "PROCEDURE_TYPE", SMALLINT, "SPECIFIC_NAME", VARCHAR);
  static final MetaResultSet.Shape PROCEDURE_COLUMNS = MetaResultSet.Shape.of("PROCEDURE_CAT", VARCHAR,
      "PROCEDURE_SCHEM", VARCHAR, "PROCEDURE_NAME", VARCHAR, "COLUMN_NAME", VARCHAR, "COLUMN_TYPE", SMALLINT,
      "DATA_TYPE", INTEGER, "TYPE_NAME", VARCHAR, "PRECISION", INTEGER, "LENGTH", INTEGER, "SCALE", SMALLINT,
      "RADIX", SMALLINT, "NULLABLE", SMALLINT, "REMARKS", VARCHAR, "COLUMN_DEF", VARCHAR, "SQL_DATA_TYPE", INTEGER,
      "SQL_DATETIME_SUB", INTEGER, "CHAR_OCTET_LENGTH", INTEGER, "ORDINAL_POSITION", INTEGER, "IS_NULLABLE", VARCHAR,
      "SPECIFIC_NAME", VARCHAR);
  static final MetaResultSet.Shape UDTS = MetaResultSet.Shape.of("TYPE_CAT", VARCHAR, "TYPE_SCHEM", VARCHAR,
      "TYPE_NAME", VARCHAR, "CLASS_NAME", VARCHAR, "DATA_TYPE", INTEGER, "REMARKS", VARCHAR, "BASE_TYPE", SMALLINT);
  static final MetaResultSet.Shape SUPER_TYPES = MetaResultSet.Shape.of("TYPE_CAT", VARCHAR, "TYPE_SCHEM", VARCHAR,
      "TYPE_NAME", VARCHAR, "SUPERTYPE_CAT", VARCHAR, "SUPERTYPE_SCHEM", VARCHAR, "SUPERTYPE_NAME", VARCHAR);
  static final MetaResultSet.Shape SUPER_TABLES = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM",
      VARCHAR, "TABLE_NAME", VARCHAR, "SUPERTABLE_NAME", VARCHAR);
  static final MetaResultSet.Shape ATTRIBUTES = MetaResultSet.Shape.of("TYPE_CAT", VARCHAR, "TYPE_SCHEM", VARCHAR,
      "TYPE_NAME", VARCHAR, "ATTR_NAME", VARCHAR, "DATA_TYPE", INTEGER, "ATTR_TYPE_NAME", VARCHAR, "ATTR_SIZE",
      INTEGER, "DECIMAL_DIGITS", INTEGER, "NUM_PREC_RADIX", INTEGER, "NULLABLE", INTEGER, "REMARKS", VARCHAR,
      "ATTR_DEF", VARCHAR, "SQL_DATA_TYPE", INTEGER, "SQL_DATETIME_SUB", INTEGER, "CHAR_OCTET_LENGTH", INTEGER,
      "ORDINAL_POSITION", INTEGER, "IS_NULLABLE", VARCHAR, "SCOPE_CATALOG", VARCHAR, "SCOPE_SCHEMA", VARCHAR,
      "SCOPE_TABLE", VARCHAR, "SOURCE_DATA_TYPE", SMALLINT);
  static final MetaResultSet.Shape TABLE_PRIVILEGES = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM",
      VARCHAR, "TABLE_NAME", VARCHAR, "GRANTOR", VARCHAR, "GRANTEE", VARCHAR, "PRIVILEGE", VARCHAR,
      "IS_GRANTABLE", VARCHAR);
  static final MetaResultSet.Shape COLUMN_PRIVILEGES = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM",
      VARCHAR, "TABLE_NAME", VARCHAR, "COLUMN_NAME", VARCHAR, "GRANTOR", VARCHAR, "GRANTEE", VARCHAR,
      "PRIVILEGE", VARCHAR, "IS_GRANTABLE", VARCHAR);
  static final MetaResultSet.Shape PSEUDO_COLUMNS = MetaResultSet.Shape.of("TABLE_CAT", VARCHAR, "TABLE_SCHEM",
      VARCHAR, "TABLE_NAME", VARCHAR, "COLUMN_NAME", VARCHAR, "DATA_TYPE", INTEGER, "COLUMN_SIZE", INTEGER,
      "DECIMAL_DIGITS", INTEGER, "NUM_PREC_RADIX", INTEGER, "COLUMN_USAGE", VARCHAR, "REMARKS", VARCHAR,
      "CHAR_OCTET_LENGTH", INTEGER, "IS_NULLABLE", VARCHAR);
  static final MetaResultSet.Shape CLIENT_INFO = MetaResultSet.Shape.of("NAME", VARCHAR, "MAX_LEN", INTEGER,
      "DEFAULT_VALUE", VARCHAR, "DESCRIPTION", VARCHAR);

  private static final String TABLE = "TABLE";

  /** The SQL types a statement can use (in CAST, literals, parameters), ordered by DATA_TYPE. */
  private static final List<SqlTypeName> TYPES = List.of(SqlTypeName.BOOLEAN, SqlTypeName.TINYINT,
      SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT, SqlTypeName.DECIMAL, SqlTypeName.REAL,
      SqlTypeName.DOUBLE, SqlTypeName.CHAR, SqlTypeName.VARCHAR, SqlTypeName.BINARY, SqlTypeName.VARBINARY,
      SqlTypeName.DATE, SqlTypeName.TIME, SqlTypeName.TIMESTAMP);

  private final DatabaseMetaData calcite;
  private final Connection connection;
  private final Connection calciteConnection;

  private TreeStoreDatabaseMetaData(DatabaseMetaData calcite, Connection connection, Connection calciteConnection) {
    this.calcite = calcite;
    this.connection = connection;
    this.calciteConnection = calciteConnection;
  }

  /**
   * The metadata object handed to the application.
   *
   * @param calcite Calcite's metadata object
   * @param connection the connection the application holds (returned by {@code getConnection})
   * @param calciteConnection Calcite's connection behind it (its schema and properties)
   */
  static DatabaseMetaData wrap(DatabaseMetaData calcite, Connection connection, Connection calciteConnection) {
    return (DatabaseMetaData) Proxy.newProxyInstance(TreeStoreDatabaseMetaData.class.getClassLoader(),
        new Class<?>[] {DatabaseMetaData.class}, new TreeStoreDatabaseMetaData(calcite, connection, calciteConnection));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (ProxyObjectMethods.handles(method)) {
      return ProxyObjectMethods.answer(proxy, method, args, "TreeStore metadata of " + connection);
    }
    try {
      Object answer = answer(proxy, name, args == null ? new Object[0] : args);
      if (answer != PASS) {
        return answer;
      }
      return method.invoke(calcite, args);
    } catch (InvocationTargetException e) {
      throw JdbcErrors.translate(e.getCause());
    } catch (SQLException e) {
      throw e;
    } catch (RuntimeException e) {
      throw JdbcErrors.translate(e);
    }
  }

  /** Marks a method left to Calcite's object. */
  private static final Object PASS = new Object();

  private Object answer(Object proxy, String name, Object[] a) throws SQLException {
    switch (name) {
      // ---- the connection ----
      case "getConnection": return connection;
      case "getURL": return url();
      case "getUserName": return properties().getProperty("user", "");
      case "isReadOnly": return connection.isReadOnly();
      case "usesLocalFiles": return !location().startsWith("mem:");
      case "usesLocalFilePerTable": return false;
      case "unwrap":
        return ((Class<?>) a[0]).isInstance(proxy) ? proxy : calcite.unwrap((Class<?>) a[0]);
      case "isWrapperFor":
        return ((Class<?>) a[0]).isInstance(proxy) || calcite.isWrapperFor((Class<?>) a[0]);

      // ---- transactions: snapshot isolation, reported as REPEATABLE_READ ----
      case "supportsTransactions": return true;
      case "getDefaultTransactionIsolation": return Connection.TRANSACTION_REPEATABLE_READ;
      case "supportsTransactionIsolationLevel": {
        int level = (Integer) a[0];
        return level == Connection.TRANSACTION_READ_UNCOMMITTED || level == Connection.TRANSACTION_READ_COMMITTED
            || level == Connection.TRANSACTION_REPEATABLE_READ;
      }
      case "supportsMultipleTransactions": return true; // connections run transactions side by side
      case "supportsDataManipulationTransactionsOnly": return true; // there is no DDL
      case "supportsDataDefinitionAndDataManipulationTransactions": return false;
      case "dataDefinitionCausesTransactionCommit": return false;
      case "dataDefinitionIgnoredInTransactions": return false;
      case "supportsSavepoints": return false;
      case "supportsGetGeneratedKeys": return false;
      case "generatedKeyAlwaysReturned": return false;
      case "supportsBatchUpdates": return true;
      case "supportsResultSetHoldability": return (Integer) a[0] == calcite.getResultSetHoldability();

      // ---- result set visibility (Avatica throws "todo"): forward-only, read-only results ----
      case "ownUpdatesAreVisible", "ownDeletesAreVisible", "ownInsertsAreVisible", "othersUpdatesAreVisible",
          "othersDeletesAreVisible", "othersInsertsAreVisible", "updatesAreDetected", "deletesAreDetected",
          "insertsAreDetected":
        return false;

      // ---- no catalogs, one schema, no DDL, no procedures ----
      case "supportsCatalogsInDataManipulation", "supportsCatalogsInProcedureCalls",
          "supportsCatalogsInTableDefinitions", "supportsCatalogsInIndexDefinitions",
          "supportsCatalogsInPrivilegeDefinitions":
        return false;
      case "supportsSchemasInProcedureCalls", "supportsSchemasInTableDefinitions",
          "supportsSchemasInIndexDefinitions", "supportsSchemasInPrivilegeDefinitions":
        return false;
      case "supportsStoredProcedures", "supportsStoredFunctionsUsingCallSyntax", "allProceduresAreCallable":
        return false;
      case "supportsANSI92IntermediateSQL", "supportsANSI92FullSQL": return false;
      // Calcite's default null collation is HIGH: NULL sorts last ascending, first descending.
      case "nullsAreSortedHigh": return true;
      case "nullsAreSortedLow", "nullsAreSortedAtStart", "nullsAreSortedAtEnd": return false;

      // ---- result sets ----
      case "getCatalogs": return MetaResultSet.empty(CATALOGS);
      case "getSchemas": return schemas(a.length == 0 ? null : (String) a[0], a.length == 0 ? null : (String) a[1]);
      case "getTableTypes": return MetaResultSet.builder(TABLE_TYPES).row(TABLE).build();
      case "getTables": return tables((String) a[0], (String) a[1], (String) a[2], (String[]) a[3]);
      case "getColumns": return columns((String) a[0], (String) a[1], (String) a[2], (String) a[3]);
      case "getPrimaryKeys": return primaryKeys((String) a[0], (String) a[1], (String) a[2]);
      case "getIndexInfo": return indexInfo((String) a[0], (String) a[1], (String) a[2], (Boolean) a[3]);
      case "getImportedKeys": return keys(null, null, null, (String) a[0], (String) a[1], (String) a[2], false);
      case "getExportedKeys": return keys((String) a[0], (String) a[1], (String) a[2], null, null, null, true);
      case "getCrossReference":
        return keys((String) a[0], (String) a[1], (String) a[2], (String) a[3], (String) a[4], (String) a[5], true);
      case "getBestRowIdentifier": return bestRow((String) a[0], (String) a[1], (String) a[2]);
      case "getVersionColumns": return MetaResultSet.empty(VERSION_COLUMNS); // no row versions
      case "getTypeInfo": return typeInfo();
      case "getFunctions": return functions((String) a[0], (String) a[1], (String) a[2]);
      case "getFunctionColumns": return functionColumns((String) a[0], (String) a[1], (String) a[2], (String) a[3]);
      case "getProcedures": return MetaResultSet.empty(PROCEDURES);
      case "getProcedureColumns": return MetaResultSet.empty(PROCEDURE_COLUMNS);
      case "getUDTs": return MetaResultSet.empty(UDTS);
      case "getSuperTypes": return MetaResultSet.empty(SUPER_TYPES);
      case "getSuperTables": return MetaResultSet.empty(SUPER_TABLES);
      case "getAttributes": return MetaResultSet.empty(ATTRIBUTES);
      // no users, hence no privileges to list: every connection may do everything
      case "getTablePrivileges": return MetaResultSet.empty(TABLE_PRIVILEGES);
      case "getColumnPrivileges": return MetaResultSet.empty(COLUMN_PRIVILEGES);
      case "getPseudoColumns": return MetaResultSet.empty(PSEUDO_COLUMNS);
      case "getClientInfoProperties": return MetaResultSet.empty(CLIENT_INFO);
      default: return PASS;
    }
  }

  // ---- the connection's URL and properties ----

  private Properties properties() throws SQLException {
    return calciteConnection.unwrap(CalciteConnection.class).getProperties();
  }

  private String location() throws SQLException {
    return properties().getProperty(CalciteDriver.LOCATION, "");
  }

  /** The URL that opens this database with this connection's options (Avatica gives only the prefix). */
  private String url() throws SQLException {
    Properties p = properties();
    StringBuilder url = new StringBuilder(ConnectionUrl.PREFIX).append(location());
    Driver driver = new TreeStoreDriver();
    for (DriverPropertyInfo option : driver.getPropertyInfo(null, null)) {
      String value = p.getProperty(option.name);
      if (value != null) {
        url.append(';').append(option.name).append('=').append(value);
      }
    }
    return url.toString();
  }

  // ---- pattern matching of catalog, schema and name arguments ----

  /** Catalog argument: null matches anything; "" matches objects without a catalog (all of ours). */
  private static boolean catalogMatches(String catalog) {
    return catalog == null || catalog.isEmpty();
  }

  private static boolean schemaMatches(String pattern) {
    return pattern == null || likeMatches(pattern, MetaCatalog.SCHEMA);
  }

  private static boolean nameMatches(String pattern, String name) {
    return pattern == null || likeMatches(pattern, name);
  }

  /** An exact name argument (getPrimaryKeys and the like); null is taken as "any", as many drivers do. */
  private static boolean exact(String given, String name) {
    return given == null || given.equals(name);
  }

  /** JDBC search pattern: {@code %} any run, {@code _} one character, {@code \} escapes the next. */
  static boolean likeMatches(String pattern, String s) {
    return like(pattern, 0, s, 0);
  }

  private static boolean like(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '%') {
        for (int k = si; k <= s.length(); k++) {
          if (like(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length()) {
        return false;
      }
      if (c == '\\' && pi + 1 < p.length()) {
        c = p.charAt(++pi);
        if (s.charAt(si) != c) {
          return false;
        }
      } else if (c != '_' && s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }

  private MetaCatalog catalog() throws SQLException {
    return MetaCatalog.of(calciteConnection);
  }

  // ---- answers ----

  private ResultSet schemas(String catalog, String schemaPattern) {
    MetaResultSet.Builder b = MetaResultSet.builder(SCHEMAS);
    if (catalogMatches(catalog) && schemaMatches(schemaPattern)) {
      b.row(MetaCatalog.SCHEMA, null);
    }
    return b.build();
  }

  private ResultSet tables(String catalog, String schemaPattern, String tablePattern, String[] types)
      throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(TABLES);
    boolean wantTables = types == null || List.of(types).contains(TABLE);
    if (catalogMatches(catalog) && schemaMatches(schemaPattern) && wantTables) {
      for (TreeStoreTable t : catalog().tables()) {
        if (nameMatches(tablePattern, t.name())) {
          b.row(null, MetaCatalog.SCHEMA, t.name(), TABLE, MetaCatalog.remarks(t), null, null, null, null, null);
        }
      }
    }
    return b.sortBy("TABLE_TYPE", "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME").build();
  }

  private ResultSet columns(String catalog, String schemaPattern, String tablePattern, String columnPattern)
      throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(COLUMNS);
    if (catalogMatches(catalog) && schemaMatches(schemaPattern)) {
      MetaCatalog cat = catalog();
      for (TreeStoreTable t : cat.tables()) {
        if (!nameMatches(tablePattern, t.name())) {
          continue;
        }
        int position = 0;
        for (RelDataTypeField f : cat.columns(t)) {
          position++;
          if (!nameMatches(columnPattern, f.getName())) {
            continue;
          }
          TypeFacts type = MetaCatalog.facts(f.getType());
          boolean nullable = f.getType().isNullable();
          b.row(null, MetaCatalog.SCHEMA, t.name(), f.getName(), type.jdbcType(), type.name(), type.size(), null,
              type.decimalDigits(), type.radix(), nullable ? DatabaseMetaData.columnNullable
                  : DatabaseMetaData.columnNoNulls, MetaCatalog.remarks(t.name(), f.getName()), null, null, null,
              type.octetLength(), position, nullable ? "YES" : "NO", null, null, null, null, "NO",
              MetaCatalog.isGenerated(t.name(), f.getName()) ? "YES" : "NO");
        }
      }
    }
    return b.sortBy("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "ORDINAL_POSITION").build();
  }

  /** The tables an exact (catalog, schema, table) argument triple names. */
  private List<TreeStoreTable> named(MetaCatalog cat, String catalog, String schema, String table) {
    List<TreeStoreTable> out = new ArrayList<>();
    if (catalogMatches(catalog) && exact(schema, MetaCatalog.SCHEMA)) {
      for (TreeStoreTable t : cat.tables()) {
        if (exact(table, t.name())) {
          out.add(t);
        }
      }
    }
    return out;
  }

  private ResultSet primaryKeys(String catalog, String schema, String table) throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(PRIMARY_KEYS);
    MetaCatalog cat = catalog();
    for (TreeStoreTable t : named(cat, catalog, schema, table)) {
      List<String> key = cat.primaryKey(t);
      for (int i = 0; i < key.size(); i++) {
        b.row(null, MetaCatalog.SCHEMA, t.name(), key.get(i), i + 1, cat.primaryKeyName(t));
      }
    }
    return b.sortBy("COLUMN_NAME").build();
  }

  private ResultSet indexInfo(String catalog, String schema, String table, boolean uniqueOnly) throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(INDEX_INFO);
    MetaCatalog cat = catalog();
    for (TreeStoreTable t : named(cat, catalog, schema, table)) {
      for (Index index : cat.indexes(t)) {
        if (uniqueOnly && !index.unique()) {
          continue;
        }
        for (int i = 0; i < index.columns().size(); i++) {
          // B+tree indexes; "other" is JDBC's word for any index that is not hashed or clustered
          b.row(null, MetaCatalog.SCHEMA, t.name(), !index.unique(), null, index.name(),
              DatabaseMetaData.tableIndexOther, i + 1, index.columns().get(i),
              index.descending().get(i) ? "D" : "A", null, null, null);
        }
      }
    }
    return b.sortBy("NON_UNIQUE", "TYPE", "INDEX_NAME", "ORDINAL_POSITION").build();
  }

  /**
   * References between the named tables: by the referenced (primary key) table, the referencing
   * (foreign key) table, or both; a null table name leaves that side open.
   */
  private ResultSet keys(String pkCatalog, String pkSchema, String pkTable, String fkCatalog, String fkSchema,
      String fkTable, boolean byReferencing) throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(KEYS);
    MetaCatalog cat = catalog();
    boolean pkSide = pkTable == null || (catalogMatches(pkCatalog) && exact(pkSchema, MetaCatalog.SCHEMA));
    boolean fkSide = fkTable == null || (catalogMatches(fkCatalog) && exact(fkSchema, MetaCatalog.SCHEMA));
    if (pkSide && fkSide) {
      for (Reference r : cat.references()) {
        if (!exact(pkTable, r.referenced()) || !exact(fkTable, r.table())) {
          continue;
        }
        TreeStoreTable to = cat.table(r.referenced());
        List<String> pk = cat.primaryKey(to);
        for (int i = 0; i < pk.size(); i++) {
          // Keys cannot be updated at all (RESTRICT); deleting a document or node removes what refers to it.
          b.row(null, MetaCatalog.SCHEMA, r.referenced(), pk.get(i), null, MetaCatalog.SCHEMA, r.table(),
              r.columns().get(i), i + 1, DatabaseMetaData.importedKeyRestrict, DatabaseMetaData.importedKeyCascade,
              r.name(), cat.primaryKeyName(to), DatabaseMetaData.importedKeyNotDeferrable);
        }
      }
    }
    // JDBC orders imported keys by the referenced table, exported keys and cross references by the
    // referencing one; FK_NAME keeps the columns of two references between the same tables apart.
    return byReferencing
        ? b.sortBy("FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FK_NAME", "KEY_SEQ").build()
        : b.sortBy("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "FK_NAME", "KEY_SEQ").build();
  }

  /** The primary key identifies a row for as long as the session lasts (keys are never updated). */
  private ResultSet bestRow(String catalog, String schema, String table) throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(BEST_ROW);
    MetaCatalog cat = catalog();
    for (TreeStoreTable t : named(cat, catalog, schema, table)) {
      List<RelDataTypeField> fields = cat.columns(t);
      for (int i : t.primaryKey()) {
        RelDataTypeField f = fields.get(i);
        TypeFacts type = MetaCatalog.facts(f.getType());
        b.row(DatabaseMetaData.bestRowSession, f.getName(), type.jdbcType(), type.name(), type.size(), null,
            type.decimalDigits(), DatabaseMetaData.bestRowNotPseudo);
      }
    }
    return b.build();
  }

  private ResultSet typeInfo() throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(TYPE_INFO);
    var typeFactory = catalog().typeFactory();
    for (SqlTypeName t : TYPES) {
      RelDataType widest = t.allowsPrecNoScale()
          ? typeFactory.createSqlType(t, typeFactory.getTypeSystem().getMaxPrecision(t))
          : typeFactory.createSqlType(t);
      if (t == SqlTypeName.TIME || t == SqlTypeName.TIMESTAMP) {
        widest = typeFactory.createSqlType(t, 3); // milliseconds, what TreeStore stores
      }
      TypeFacts f = MetaCatalog.facts(widest);
      boolean text = t == SqlTypeName.CHAR || t == SqlTypeName.VARCHAR;
      boolean numeric = f.radix() != null;
      String prefix = switch (t) {
        case CHAR, VARCHAR -> "'";
        case BINARY, VARBINARY -> "X'";
        case DATE -> "DATE '";
        case TIME -> "TIME '";
        case TIMESTAMP -> "TIMESTAMP '";
        default -> null;
      };
      String createParams = switch (t) {
        case CHAR, VARCHAR, BINARY, VARBINARY -> "length";
        case DECIMAL -> "precision,scale";
        default -> null;
      };
      int maxScale = t == SqlTypeName.DECIMAL ? typeFactory.getTypeSystem().getMaxNumericScale()
          : t == SqlTypeName.TIME || t == SqlTypeName.TIMESTAMP ? 3 : 0;
      b.row(t.getName(), f.jdbcType(), f.size(), prefix, prefix == null ? null : "'", createParams,
          DatabaseMetaData.typeNullable, text, DatabaseMetaData.typeSearchable, numeric ? false : null, false, false,
          t.getName(), 0, maxScale, null, null, f.radix());
    }
    return b.sortBy("DATA_TYPE").build();
  }

  private ResultSet functions(String catalog, String schemaPattern, String functionPattern) throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(FUNCTIONS);
    if (catalogMatches(catalog) && schemaMatches(schemaPattern)) {
      for (TableFunctionInfo f : catalog().functions()) {
        if (nameMatches(functionPattern, f.name())) {
          b.row(null, MetaCatalog.SCHEMA, f.name(), MetaCatalog.functionRemarks(f.name()),
              DatabaseMetaData.functionReturnsTable, f.name());
        }
      }
    }
    return b.sortBy("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "SPECIFIC_NAME").build();
  }

  /** Each function's parameters (COLUMN_TYPE in), then its result columns (COLUMN_TYPE result). */
  private ResultSet functionColumns(String catalog, String schemaPattern, String functionPattern,
      String columnPattern) throws SQLException {
    MetaResultSet.Builder b = MetaResultSet.builder(FUNCTION_COLUMNS);
    if (catalogMatches(catalog) && schemaMatches(schemaPattern)) {
      for (TableFunctionInfo f : catalog().functions()) {
        if (!nameMatches(functionPattern, f.name())) {
          continue;
        }
        int position = 0;
        for (Parameter p : f.parameters()) {
          position++;
          if (nameMatches(columnPattern, p.name())) {
            // a NULL argument is accepted (the call gives no rows), so parameters are nullable
            functionColumn(b, f.name(), p.name(), DatabaseMetaData.functionColumnIn, p.type(), true,
                p.remarks(), position);
          }
        }
        position = 0;
        for (RelDataTypeField c : f.result().getFieldList()) {
          position++;
          if (nameMatches(columnPattern, c.getName())) {
            functionColumn(b, f.name(), c.getName(), DatabaseMetaData.functionColumnResult, c.getType(),
                c.getType().isNullable(), MetaCatalog.functionColumnRemarks(f.name(), c.getName()), position);
          }
        }
      }
    }
    return b.build(); // already by function name, parameters then result columns in order
  }

  private static void functionColumn(MetaResultSet.Builder b, String function, String column, int columnType,
      RelDataType type, boolean nullable, String remarks, int position) {
    TypeFacts f = MetaCatalog.facts(type);
    b.row(null, MetaCatalog.SCHEMA, function, column, columnType, f.jdbcType(), f.name(), f.size(),
        f.octetLength() != null ? f.octetLength() : f.size(), f.decimalDigits(), f.radix(),
        nullable ? DatabaseMetaData.functionNullable : DatabaseMetaData.functionNoNulls, remarks, f.octetLength(),
        position, nullable ? "YES" : "NO", function);
  }
}
