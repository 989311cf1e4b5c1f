package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Connection.getMetaData()} as a browsing tool uses it: every DatabaseMetaData method
 * DBeaver calls when it connects and browses a schema answers without an exception, with the
 * result set columns the JDBC documentation names, and with TreeStore's real tables, keys,
 * indexes, references and functions. Also the ResultSetMetaData of a query.
 */
class DatabaseMetaDataTest {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private Connection c;
  private DatabaseMetaData md;

  @BeforeEach
  void open() throws SQLException {
    c = DriverManager.getConnection("jdbc:treestore:mem:dbmeta" + NAMES.incrementAndGet() + ";durability=OFF");
    md = c.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  // ---- helpers ----

  private static List<String> columnNames(ResultSet rs) throws SQLException {
    ResultSetMetaData m = rs.getMetaData();
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= m.getColumnCount(); i++) {
      out.add(m.getColumnLabel(i));
    }
    return out;
  }

  /** Every row as column label → value, and asserts the result set's columns are {@code expected}. */
  private static List<Map<String, Object>> rows(ResultSet rs, String expectedColumns) throws SQLException {
    try (rs) {
      assertEquals(List.of(expectedColumns.split(",\\s*")), columnNames(rs));
      List<Map<String, Object>> out = new ArrayList<>();
      ResultSetMetaData m = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          row.put(m.getColumnLabel(i), rs.getObject(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  private static List<Object> column(List<Map<String, Object>> rows, String name) {
    List<Object> out = new ArrayList<>();
    rows.forEach(r -> out.add(r.get(name)));
    return out;
  }

  private static final String TABLES = "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, TABLE_TYPE, REMARKS, TYPE_CAT, "
      + "TYPE_SCHEM, TYPE_NAME, SELF_REFERENCING_COL_NAME, REF_GENERATION";
  private static final String COLUMNS = "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, DATA_TYPE, TYPE_NAME, "
      + "COLUMN_SIZE, BUFFER_LENGTH, DECIMAL_DIGITS, NUM_PREC_RADIX, NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, "
      + "SQL_DATETIME_SUB, CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE, SCOPE_CATALOG, SCOPE_SCHEMA, "
      + "SCOPE_TABLE, SOURCE_DATA_TYPE, IS_AUTOINCREMENT, IS_GENERATEDCOLUMN";
  private static final String PKS = "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, COLUMN_NAME, KEY_SEQ, PK_NAME";
  private static final String INDEXES = "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, NON_UNIQUE, INDEX_QUALIFIER, "
      + "INDEX_NAME, TYPE, ORDINAL_POSITION, COLUMN_NAME, ASC_OR_DESC, CARDINALITY, PAGES, FILTER_CONDITION";
  private static final String KEYS = "PKTABLE_CAT, PKTABLE_SCHEM, PKTABLE_NAME, PKCOLUMN_NAME, FKTABLE_CAT, "
      + "FKTABLE_SCHEM, FKTABLE_NAME, FKCOLUMN_NAME, KEY_SEQ, UPDATE_RULE, DELETE_RULE, FK_NAME, PK_NAME, "
      + "DEFERRABILITY";
  private static final String BEST_ROW = "SCOPE, COLUMN_NAME, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, BUFFER_LENGTH, "
      + "DECIMAL_DIGITS, PSEUDO_COLUMN";
  private static final String FUNCTION_COLUMNS = "FUNCTION_CAT, FUNCTION_SCHEM, FUNCTION_NAME, COLUMN_NAME, "
      + "COLUMN_TYPE, DATA_TYPE, TYPE_NAME, PRECISION, LENGTH, SCALE, RADIX, NULLABLE, REMARKS, CHAR_OCTET_LENGTH, "
      + "ORDINAL_POSITION, IS_NULLABLE, SPECIFIC_NAME";

  // ---- identity, connection, flags ----

  @Test
  void productDriverAndConnection() throws SQLException {
    assertEquals("TreeStore", md.getDatabaseProductName());
    assertFalse(md.getDatabaseProductVersion().isEmpty());
    assertEquals("TreeStore JDBC Driver", md.getDriverName());
    assertFalse(md.getDriverVersion().isEmpty());
    assertEquals(0, md.getDatabaseMajorVersion());
    assertEquals(4, md.getJDBCMajorVersion());
    assertTrue(md.getJDBCMinorVersion() >= 0);
    assertTrue(md.getURL().startsWith("jdbc:treestore:mem:dbmeta"), md.getURL());
    assertTrue(md.getURL().endsWith(";durability=OFF"), md.getURL());
    assertNotNull(md.getUserName());
    assertSame(c, md.getConnection());
    assertEquals(0, md.getMaxConnections());
    assertFalse(md.usesLocalFiles()); // in memory
    assertEquals("\"", md.getIdentifierQuoteString());
    assertFalse(md.getSQLKeywords().isEmpty());
    assertFalse(md.getNumericFunctions().isEmpty());
    assertFalse(md.getStringFunctions().isEmpty());
    assertFalse(md.getTimeDateFunctions().isEmpty());
    assertEquals("\\", md.getSearchStringEscape());
    assertNotNull(md.getExtraNameCharacters());
    assertEquals("schema", md.getSchemaTerm());
  }

  @Test
  void flagsTellTheTruth() throws SQLException {
    assertTrue(md.supportsTransactions());
    assertEquals(Connection.TRANSACTION_REPEATABLE_READ, md.getDefaultTransactionIsolation());
    assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ));
    assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED));
    assertFalse(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
    assertFalse(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE));
    assertTrue(md.supportsMultipleTransactions());
    assertTrue(md.supportsDataManipulationTransactionsOnly());
    assertFalse(md.supportsDataDefinitionAndDataManipulationTransactions());
    assertTrue(md.supportsBatchUpdates());
    assertFalse(md.supportsSavepoints());
    assertFalse(md.supportsGetGeneratedKeys());
    assertFalse(md.supportsStoredProcedures());
    assertFalse(md.supportsCatalogsInDataManipulation());
    assertTrue(md.supportsSchemasInDataManipulation());
    assertTrue(md.storesLowerCaseIdentifiers());
    assertFalse(md.storesUpperCaseIdentifiers());
    assertFalse(md.storesMixedCaseIdentifiers());
    assertTrue(md.supportsMixedCaseQuotedIdentifiers());
    assertTrue(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
    assertTrue(md.supportsResultSetConcurrency(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
    assertTrue(md.supportsResultSetHoldability(md.getResultSetHoldability()));
    assertFalse(md.ownUpdatesAreVisible(ResultSet.TYPE_FORWARD_ONLY)); // Avatica throws here
    assertFalse(md.insertsAreDetected(ResultSet.TYPE_FORWARD_ONLY));
    assertTrue(md.supportsOuterJoins());
    assertTrue(md.supportsNonNullableColumns());
    assertEquals(DatabaseMetaData.sqlStateSQL, md.getSQLStateType());
    assertFalse(md.isReadOnly());
    c.setReadOnly(true);
    assertTrue(md.isReadOnly());
    c.setReadOnly(false);
    assertFalse(md.isReadOnly());
  }

  @Test
  void readOnlyUrlOptionIsReported() throws SQLException {
    try (Connection ro = DriverManager.getConnection("jdbc:treestore:mem:dbmeta_ro" + NAMES.incrementAndGet()
        + ";read_only=true")) {
      assertTrue(ro.getMetaData().isReadOnly());
      assertTrue(ro.getMetaData().getURL().endsWith(";read_only=true"));
    }
  }

  @Test
  void nullsSortHighAsReported() throws SQLException {
    insertDocument("d1");
    assertTrue(md.nullsAreSortedHigh());
    assertFalse(md.nullsAreSortedAtEnd());
    try (ResultSet rs = c.createStatement().executeQuery("SELECT parent_id FROM nodes ORDER BY parent_id")) {
      Object last = null;
      while (rs.next()) {
        last = rs.getObject(1);
      }
      assertNull(last); // NULL after every value ascending: sorted high
    }
  }

  // ---- catalogs, schemas, tables, columns ----

  @Test
  void catalogsSchemasAndTableTypes() throws SQLException {
    assertEquals(List.of(), rows(md.getCatalogs(), "TABLE_CAT"));
    List<Map<String, Object>> schemas = rows(md.getSchemas(), "TABLE_SCHEM, TABLE_CATALOG");
    assertEquals(List.of("treestore"), column(schemas, "TABLE_SCHEM")); // Calcite's metadata schema hidden
    assertEquals(1, rows(md.getSchemas(null, "tree%"), "TABLE_SCHEM, TABLE_CATALOG").size());
    assertEquals(1, rows(md.getSchemas("", "treestore"), "TABLE_SCHEM, TABLE_CATALOG").size());
    assertEquals(0, rows(md.getSchemas(null, "metadata"), "TABLE_SCHEM, TABLE_CATALOG").size());
    assertEquals(0, rows(md.getSchemas("other", null), "TABLE_SCHEM, TABLE_CATALOG").size());
    assertEquals(List.of("TABLE"), column(rows(md.getTableTypes(), "TABLE_TYPE"), "TABLE_TYPE"));
  }

  @Test
  void tablesWithPatternsTypesAndRemarks() throws SQLException {
    List<Map<String, Object>> all = rows(md.getTables(null, null, null, null), TABLES);
    assertEquals(List.of("children", "documents", "nodes", "paths"), column(all, "TABLE_NAME"));
    for (Map<String, Object> t : all) {
      assertEquals("TABLE", t.get("TABLE_TYPE"));
      assertEquals("treestore", t.get("TABLE_SCHEM"));
      assertNull(t.get("TABLE_CAT"));
      assertNotNull(t.get("REMARKS"), t.toString());
    }
    assertEquals(List.of("nodes"), column(rows(md.getTables(null, "treestore", "no_es", new String[] {"TABLE"}),
        TABLES), "TABLE_NAME"));
    assertEquals(List.of("documents", "nodes"),
        column(rows(md.getTables("", "%", "%o%s", null), TABLES), "TABLE_NAME"));
    assertEquals(0, rows(md.getTables(null, null, "%", new String[] {"VIEW", "SYSTEM TABLE"}), TABLES).size());
    assertEquals(0, rows(md.getTables(null, "metadata", "%", null), TABLES).size());
    assertEquals(0, rows(md.getTables(null, null, "NODES", null), TABLES).size()); // names are lower case
  }

  @Test
  void columnsWithTypesSizesNullabilityAndRemarks() throws SQLException {
    List<Map<String, Object>> nodes = rows(md.getColumns(null, "treestore", "nodes", "%"), COLUMNS);
    assertEquals(List.of("doc_id", "node_id", "parent_id", "ordinal", "depth", "path", "title", "start_page",
        "end_page", "span_end", "summary", "text", "metadata"), column(nodes, "COLUMN_NAME"));
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> col = nodes.get(i);
      assertEquals(i + 1, col.get("ORDINAL_POSITION"));
      assertNotNull(col.get("REMARKS"), col.toString());
      assertEquals("NO", col.get("IS_AUTOINCREMENT"));
      int size = (Integer) col.get("COLUMN_SIZE");
      assertTrue(size > 0, col.toString());
    }
    Map<String, Object> docId = nodes.get(0);
    assertEquals(Types.VARCHAR, docId.get("DATA_TYPE"));
    assertEquals("VARCHAR", docId.get("TYPE_NAME"));
    assertEquals(Integer.MAX_VALUE, docId.get("COLUMN_SIZE")); // unbounded, not Calcite's 65536
    assertEquals(DatabaseMetaData.columnNoNulls, docId.get("NULLABLE"));
    assertEquals("NO", docId.get("IS_NULLABLE"));
    assertEquals("NO", docId.get("IS_GENERATEDCOLUMN"));
    Map<String, Object> parent = nodes.get(2);
    assertEquals(DatabaseMetaData.columnNullable, parent.get("NULLABLE"));
    assertEquals("YES", parent.get("IS_NULLABLE"));
    Map<String, Object> ordinal = nodes.get(3);
    assertEquals(Types.INTEGER, ordinal.get("DATA_TYPE"));
    assertEquals("INTEGER", ordinal.get("TYPE_NAME"));
    assertEquals(10, ordinal.get("COLUMN_SIZE"));
    assertEquals(10, ordinal.get("NUM_PREC_RADIX"));
    assertEquals("NO", ordinal.get("IS_GENERATEDCOLUMN")); // an INSERT may give the position
    for (String generated : List.of("depth", "path", "span_end")) {
      assertEquals("YES", nodes.get(column(nodes, "COLUMN_NAME").indexOf(generated)).get("IS_GENERATEDCOLUMN"));
    }

    List<Map<String, Object>> docs = rows(md.getColumns(null, null, "documents", null), COLUMNS);
    Map<String, Object> created = docs.get(7);
    assertEquals("created_at", created.get("COLUMN_NAME"));
    assertEquals(Types.TIMESTAMP, created.get("DATA_TYPE"));
    assertEquals("YES", created.get("IS_GENERATEDCOLUMN"));
    assertTrue((Integer) created.get("COLUMN_SIZE") >= 19);
    assertEquals("YES", docs.get(4).get("IS_GENERATEDCOLUMN")); // node_count
    assertEquals("NO", docs.get(6).get("IS_GENERATEDCOLUMN")); // tree: given at INSERT

    List<Map<String, Object>> all = rows(md.getColumns(null, null, null, null), COLUMNS);
    assertEquals(8 + 13 + 4 + 4, all.size());
    for (Map<String, Object> col : all) {
      assertNotNull(col.get("REMARKS"), col.toString());
    }
    assertEquals(List.of("node_id"), column(rows(md.getColumns(null, null, "%", "node\\_id"), COLUMNS), "COLUMN_NAME")
        .subList(0, 1));
    assertEquals(3, rows(md.getColumns(null, null, "%", "node\\_id"), COLUMNS).size()); // nodes, children, paths
  }

  // ---- keys and indexes ----

  @Test
  void primaryKeys() throws SQLException {
    assertPk("documents", "doc_id");
    assertPk("nodes", "doc_id", "node_id");
    assertPk("children", "doc_id", "node_id");
    assertPk("paths", "doc_id", "ancestor_id", "node_id");
    assertEquals(0, rows(md.getPrimaryKeys(null, "treestore", "nothing"), PKS).size());
  }

  private void assertPk(String table, String... columns) throws SQLException {
    List<Map<String, Object>> pk = rows(md.getPrimaryKeys(null, "treestore", table), PKS);
    assertEquals(columns.length, pk.size(), table);
    // JDBC orders by COLUMN_NAME; KEY_SEQ gives the key order
    List<String> byName = new ArrayList<>(List.of(columns));
    byName.sort(null);
    assertEquals(byName, column(pk, "COLUMN_NAME"));
    for (Map<String, Object> r : pk) {
      int seq = List.of(columns).indexOf(r.get("COLUMN_NAME")) + 1;
      assertEquals((short) seq, r.get("KEY_SEQ"));
      assertEquals(table + ".key", r.get("PK_NAME"));
      assertEquals(table, r.get("TABLE_NAME"));
    }
  }

  @Test
  void indexInfoFromTheAccesses() throws SQLException {
    List<Map<String, Object>> nodes = rows(md.getIndexInfo(null, "treestore", "nodes", false, true), INDEXES);
    Map<String, List<String>> byIndex = new LinkedHashMap<>();
    for (Map<String, Object> r : nodes) {
      List<String> cols = byIndex.computeIfAbsent((String) r.get("INDEX_NAME"), k -> new ArrayList<>());
      cols.add((String) r.get("COLUMN_NAME"));
      assertEquals((short) cols.size(), r.get("ORDINAL_POSITION"));
      assertEquals(DatabaseMetaData.tableIndexOther, r.get("TYPE"));
      assertEquals(!r.get("INDEX_NAME").equals("nodes.key"), r.get("NON_UNIQUE"));
    }
    assertEquals(Map.of("nodes.key", List.of("doc_id", "node_id"),
        "nodes.children", List.of("doc_id", "parent_id", "ordinal"),
        "nodes.path_prefix", List.of("doc_id", "path"),
        "nodes.page", List.of("doc_id", "start_page", "end_page")), byIndex);
    assertEquals("nodes.key", nodes.get(0).get("INDEX_NAME")); // unique first

    List<Map<String, Object>> unique = rows(md.getIndexInfo(null, null, "nodes", true, false), INDEXES);
    assertEquals(List.of("doc_id", "node_id"), column(unique, "COLUMN_NAME"));

    List<Map<String, Object>> children = rows(md.getIndexInfo(null, null, "children", false, false), INDEXES);
    assertEquals(List.of("doc_id", "node_id", "doc_id", "parent_id", "ordinal"), column(children, "COLUMN_NAME"));

    List<Map<String, Object>> paths = rows(md.getIndexInfo(null, null, "paths", false, false), INDEXES);
    Map<String, Object> distance = paths.get(paths.size() - 1);
    assertEquals("distance", distance.get("COLUMN_NAME"));
    assertEquals("D", distance.get("ASC_OR_DESC")); // ancestors come nearest first

    List<Map<String, Object>> documents = rows(md.getIndexInfo(null, null, "documents", false, false), INDEXES);
    assertEquals(List.of("doc_id"), column(documents, "COLUMN_NAME"));
    assertEquals(false, documents.get(0).get("NON_UNIQUE"));
  }

  @Test
  void importedExportedAndCrossReferences() throws SQLException {
    List<Map<String, Object>> nodesImported = rows(md.getImportedKeys(null, "treestore", "nodes"), KEYS);
    // ordered by the referenced table: documents first, then the parent reference to nodes itself
    assertEquals(List.of("documents", "nodes", "nodes"), column(nodesImported, "PKTABLE_NAME"));
    assertEquals(List.of("doc_id", "doc_id", "parent_id"), column(nodesImported, "FKCOLUMN_NAME"));
    assertEquals(List.of("doc_id", "doc_id", "node_id"), column(nodesImported, "PKCOLUMN_NAME"));
    assertEquals(List.of((short) 1, (short) 1, (short) 2), column(nodesImported, "KEY_SEQ"));
    assertEquals(List.of("nodes.document", "nodes.parent", "nodes.parent"), column(nodesImported, "FK_NAME"));
    assertEquals(List.of("documents.key", "nodes.key", "nodes.key"), column(nodesImported, "PK_NAME"));
    for (Map<String, Object> r : nodesImported) {
      assertEquals((short) DatabaseMetaData.importedKeyCascade, r.get("DELETE_RULE"));
      assertEquals((short) DatabaseMetaData.importedKeyNotDeferrable, r.get("DEFERRABILITY"));
      assertEquals("treestore", r.get("FKTABLE_SCHEM"));
    }

    List<Map<String, Object>> docsExported = rows(md.getExportedKeys(null, "treestore", "documents"), KEYS);
    assertEquals(List.of("children", "nodes", "paths"), column(docsExported, "FKTABLE_NAME"));
    assertEquals(List.of("doc_id", "doc_id", "doc_id"), column(docsExported, "FKCOLUMN_NAME"));
    assertEquals(0, rows(md.getImportedKeys(null, null, "documents"), KEYS).size());

    List<Map<String, Object>> cross = rows(md.getCrossReference(null, "treestore", "documents", null, "treestore",
        "paths"), KEYS);
    assertEquals(1, cross.size());
    assertEquals("paths.document", cross.get(0).get("FK_NAME"));
    List<Map<String, Object>> pathsToNodes = rows(md.getCrossReference(null, null, "nodes", null, null, "paths"),
        KEYS);
    assertEquals(List.of("paths.ancestor", "paths.ancestor", "paths.node", "paths.node"),
        column(pathsToNodes, "FK_NAME"));
    assertEquals(List.of("doc_id", "ancestor_id", "doc_id", "node_id"), column(pathsToNodes, "FKCOLUMN_NAME"));
    assertEquals(0, rows(md.getCrossReference(null, null, "nodes", null, null, "documents"), KEYS).size());
  }

  @Test
  void bestRowIdentifierIsThePrimaryKey() throws SQLException {
    List<Map<String, Object>> best = rows(md.getBestRowIdentifier(null, "treestore", "paths",
        DatabaseMetaData.bestRowSession, true), BEST_ROW);
    assertEquals(List.of("doc_id", "ancestor_id", "node_id"), column(best, "COLUMN_NAME"));
    assertEquals(Types.VARCHAR, best.get(0).get("DATA_TYPE"));
    assertEquals((short) DatabaseMetaData.bestRowNotPseudo, best.get(0).get("PSEUDO_COLUMN"));
  }

  // ---- types and functions ----

  @Test
  void typeInfo() throws SQLException {
    List<Map<String, Object>> types = rows(md.getTypeInfo(), "TYPE_NAME, DATA_TYPE, PRECISION, LITERAL_PREFIX, "
        + "LITERAL_SUFFIX, CREATE_PARAMS, NULLABLE, CASE_SENSITIVE, SEARCHABLE, UNSIGNED_ATTRIBUTE, "
        + "FIXED_PREC_SCALE, AUTO_INCREMENT, LOCAL_TYPE_NAME, MINIMUM_SCALE, MAXIMUM_SCALE, SQL_DATA_TYPE, "
        + "SQL_DATETIME_SUB, NUM_PREC_RADIX");
    List<Object> names = column(types, "TYPE_NAME");
    for (String used : List.of("VARCHAR", "INTEGER", "DOUBLE", "TIMESTAMP", "BIGINT", "BOOLEAN")) {
      assertTrue(names.contains(used), used);
    }
    int previous = Integer.MIN_VALUE;
    for (Map<String, Object> t : types) {
      int type = (Integer) t.get("DATA_TYPE");
      assertTrue(type >= previous, "ordered by DATA_TYPE"); // JDBC orders by DATA_TYPE
      previous = type;
    }
    Map<String, Object> varchar = types.get(names.indexOf("VARCHAR"));
    assertEquals(Types.VARCHAR, varchar.get("DATA_TYPE"));
    assertEquals("'", varchar.get("LITERAL_PREFIX"));
    assertEquals(true, varchar.get("CASE_SENSITIVE"));
    assertEquals(Types.INTEGER, types.get(names.indexOf("INTEGER")).get("DATA_TYPE"));
  }

  @Test
  void tableFunctionsAndTheirColumns() throws SQLException {
    List<Map<String, Object>> functions = rows(md.getFunctions(null, null, null), "FUNCTION_CAT, FUNCTION_SCHEM, "
        + "FUNCTION_NAME, REMARKS, FUNCTION_TYPE, SPECIFIC_NAME");
    assertEquals(List.of("ancestors", "nodes_at_page", "search", "subtree"), column(functions, "FUNCTION_NAME"));
    for (Map<String, Object> f : functions) {
      assertEquals((short) DatabaseMetaData.functionReturnsTable, f.get("FUNCTION_TYPE"));
      assertNotNull(f.get("REMARKS"));
      assertEquals("treestore", f.get("FUNCTION_SCHEM"));
    }
    assertEquals(1, rows(md.getFunctions(null, "treestore", "sub%"), "FUNCTION_CAT, FUNCTION_SCHEM, "
        + "FUNCTION_NAME, REMARKS, FUNCTION_TYPE, SPECIFIC_NAME").size());

    List<Map<String, Object>> search = rows(md.getFunctionColumns(null, null, "search", null), FUNCTION_COLUMNS);
    List<String> described = new ArrayList<>();
    for (Map<String, Object> r : search) {
      described.add(r.get("COLUMN_TYPE") + ":" + r.get("COLUMN_NAME") + ":" + r.get("TYPE_NAME") + ":"
          + r.get("ORDINAL_POSITION"));
      assertNotNull(r.get("REMARKS"), r.toString());
    }
    assertEquals(List.of(
        DatabaseMetaData.functionColumnIn + ":query:VARCHAR:1",
        DatabaseMetaData.functionColumnIn + ":limit:INTEGER:2",
        DatabaseMetaData.functionColumnResult + ":doc_id:VARCHAR:1",
        DatabaseMetaData.functionColumnResult + ":node_id:VARCHAR:2",
        DatabaseMetaData.functionColumnResult + ":score:DOUBLE:3",
        DatabaseMetaData.functionColumnResult + ":rank:INTEGER:4"), described);
    assertEquals((short) DatabaseMetaData.functionNoNulls, search.get(4).get("NULLABLE"));

    List<Map<String, Object>> subtree = rows(md.getFunctionColumns(null, null, "subtree", "%"), FUNCTION_COLUMNS);
    assertEquals(2 + 13 + 1, subtree.size());
    assertEquals(List.of("doc_id", "node_id"), column(subtree, "COLUMN_NAME").subList(0, 2));
    assertEquals("rel_depth", subtree.get(subtree.size() - 1).get("COLUMN_NAME"));
    List<Map<String, Object>> page = rows(md.getFunctionColumns(null, null, "nodes_at_page", "page"),
        FUNCTION_COLUMNS);
    assertEquals(1, page.size());
    assertEquals(Types.INTEGER, page.get(0).get("DATA_TYPE"));
    for (Map<String, Object> r : rows(md.getFunctionColumns(null, null, null, null), FUNCTION_COLUMNS)) {
      assertNotNull(r.get("REMARKS"), r.toString());
    }
  }

  // ---- absent features: empty, never an exception ----

  @Test
  void absentFeaturesAreEmpty() throws SQLException {
    assertEquals(0, rows(md.getProcedures(null, null, null), "PROCEDURE_CAT, PROCEDURE_SCHEM, PROCEDURE_NAME, "
        + "RESERVED1, RESERVED2, RESERVED3, REMARKS, PROCEDURE_TYPE, SPECIFIC_NAME").size());
    assertEquals(0, rows(md.getProcedureColumns(null, null, null, null), "PROCEDURE_CAT, PROCEDURE_SCHEM, "
        + "PROCEDURE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, TYPE_NAME, PRECISION, LENGTH, SCALE, RADIX, "
        + "NULLABLE, REMARKS, COLUMN_DEF, SQL_DATA_TYPE, SQL_DATETIME_SUB, CHAR_OCTET_LENGTH, ORDINAL_POSITION, "
        + "IS_NULLABLE, SPECIFIC_NAME").size());
    assertEquals(0, rows(md.getUDTs(null, null, null, null), "TYPE_CAT, TYPE_SCHEM, TYPE_NAME, CLASS_NAME, "
        + "DATA_TYPE, REMARKS, BASE_TYPE").size());
    assertEquals(0, rows(md.getClientInfoProperties(), "NAME, MAX_LEN, DEFAULT_VALUE, DESCRIPTION").size());
    assertEquals(0, rows(md.getSuperTables(null, null, "%"), "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, SUPERTABLE_NAME")
        .size());
    assertEquals(0, rows(md.getSuperTypes(null, null, "%"), "TYPE_CAT, TYPE_SCHEM, TYPE_NAME, SUPERTYPE_CAT, "
        + "SUPERTYPE_SCHEM, SUPERTYPE_NAME").size());
    assertEquals(0, rows(md.getTablePrivileges(null, null, "%"), "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, GRANTOR, "
        + "GRANTEE, PRIVILEGE, IS_GRANTABLE").size());
    assertEquals(0, rows(md.getColumnPrivileges(null, null, "nodes", "%"), "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, "
        + "COLUMN_NAME, GRANTOR, GRANTEE, PRIVILEGE, IS_GRANTABLE").size());
    assertEquals(0, rows(md.getVersionColumns(null, null, "nodes"), BEST_ROW).size());
    assertEquals(0, rows(md.getPseudoColumns(null, null, "%", "%"), "TABLE_CAT, TABLE_SCHEM, TABLE_NAME, "
        + "COLUMN_NAME, DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS, NUM_PREC_RADIX, COLUMN_USAGE, REMARKS, "
        + "CHAR_OCTET_LENGTH, IS_NULLABLE").size());
    assertEquals(0, rows(md.getAttributes(null, null, "%", "%"), "TYPE_CAT, TYPE_SCHEM, TYPE_NAME, ATTR_NAME, "
        + "DATA_TYPE, ATTR_TYPE_NAME, ATTR_SIZE, DECIMAL_DIGITS, NUM_PREC_RADIX, NULLABLE, REMARKS, ATTR_DEF, "
        + "SQL_DATA_TYPE, SQL_DATETIME_SUB, CHAR_OCTET_LENGTH, ORDINAL_POSITION, IS_NULLABLE, SCOPE_CATALOG, "
        + "SCOPE_SCHEMA, SCOPE_TABLE, SOURCE_DATA_TYPE").size());
  }

  @Test
  void metadataResultSetsBehaveLikeResultSets() throws SQLException {
    try (ResultSet rs = md.getPrimaryKeys(null, null, "nodes")) {
      assertNull(rs.getStatement());
      assertTrue(rs.next());
      assertEquals("doc_id", rs.getString("column_name")); // labels are case-insensitive
      assertEquals(1, rs.getInt("KEY_SEQ"));
      assertEquals(Short.valueOf((short) 1), rs.getObject("KEY_SEQ", Short.class));
      assertNull(rs.getString("TABLE_CAT"));
      assertTrue(rs.wasNull());
      assertEquals(4, rs.findColumn("COLUMN_NAME"));
      assertEquals(Types.SMALLINT, rs.getMetaData().getColumnType(5));
      assertTrue(rs.next());
      assertFalse(rs.next());
    }
  }

  // ---- ResultSetMetaData of queries ----

  @Test
  void queryResultMetaData() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM nodes")) {
      ResultSetMetaData m = rs.getMetaData();
      assertEquals(13, m.getColumnCount());
      assertEquals("doc_id", m.getColumnName(1));
      assertEquals("nodes", m.getTableName(1));
      assertEquals("treestore", m.getSchemaName(1));
      assertEquals(Types.VARCHAR, m.getColumnType(1));
      assertEquals(ResultSetMetaData.columnNoNulls, m.isNullable(1));
      assertEquals(ResultSetMetaData.columnNullable, m.isNullable(3));
      assertEquals(Integer.MAX_VALUE, m.getPrecision(1));
      assertEquals(Types.INTEGER, m.getColumnType(4));
      assertEquals(10, m.getPrecision(4));
      assertTrue(m.isSearchable(1));
      assertFalse(m.isSigned(1));
      assertTrue(m.isSigned(4));
      assertTrue(m.isWritable(7)); // title
      assertFalse(m.isReadOnly(7));
      assertTrue(m.isReadOnly(6)); // path: computed
      assertFalse(m.isDefinitelyWritable(7));
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT p.node_id, count(*) AS n FROM paths p GROUP BY p.node_id")) {
      ResultSetMetaData m = rs.getMetaData();
      assertEquals("paths", m.getTableName(1));
      assertTrue(m.isReadOnly(1)); // paths cannot be written
      assertEquals("n", m.getColumnLabel(2));
      assertEquals("", m.getTableName(2));
      assertEquals(Types.BIGINT, m.getColumnType(2));
      assertTrue(m.isReadOnly(2));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT title FROM documents WHERE doc_id = ?")) {
      ResultSetMetaData m = ps.getMetaData();
      assertEquals("documents", m.getTableName(1));
      assertTrue(m.isReadOnly(1)); // documents.title comes from the tree
    }
  }

  private void insertDocument(String docId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      ps.setString(1, docId);
      ps.setString(2, "{\"structure\":[{\"title\":\"A\",\"node_id\":\"0001\",\"start_index\":1,\"end_index\":2,"
          + "\"nodes\":[{\"title\":\"B\",\"node_id\":\"0002\",\"start_index\":2,\"end_index\":2}]}]}");
      assertEquals(1, ps.executeUpdate());
    }
  }

  @Test
  void batchUpdatesWork() throws SQLException {
    // supportsBatchUpdates() is true: check it
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO documents (doc_id, tree) VALUES (?, ?)")) {
      for (String id : List.of("b1", "b2")) {
        ps.setString(1, id);
        ps.setString(2, "{\"structure\":[{\"title\":\"A\",\"node_id\":\"0001\",\"start_index\":1,\"end_index\":1}]}");
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      assertEquals(2, counts.length);
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM documents")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
    }
  }
}
