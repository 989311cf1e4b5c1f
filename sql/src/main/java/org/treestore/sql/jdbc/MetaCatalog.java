package org.treestore.sql.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.sql.type.SqlTypeName;
import org.treestore.sql.schema.Access;
import org.treestore.sql.schema.TreeStoreSchema;
import org.treestore.sql.schema.TreeStoreTable;

/**
 * TreeStore's SQL schema described in the terms of {@link DatabaseMetaData}: tables, columns,
 * keys, indexes, references and table functions of one connection's {@code treestore} schema.
 *
 * <p>Structure comes from the schema classes themselves, so it cannot drift from what queries
 * see: columns and their types from the tables' row types, primary keys from
 * {@link TreeStoreTable#primaryKey()}, indexes from {@link TreeStoreTable#accesses()}, function
 * parameters and result columns from Calcite's function objects, whether a table can be written
 * from whether it implements {@code modify}. What the schema classes do not say is declared here:
 * the one-line descriptions (REMARKS), which columns TreeStore computes (generated columns), and
 * the references between tables (foreign keys, which the engine maintains by construction:
 * deleting a document removes its nodes, deleting a node its subtree). Each declaration names
 * columns that are checked against the schema when used, and the tests check that every table,
 * column and function has its description.
 */
final class MetaCatalog {
  static final String SCHEMA = TreeStoreSchema.NAME;

  /** Calcite caps every VARCHAR at this precision; for TreeStore it means "no limit". */
  static final int CALCITE_MAX_VARCHAR = 65536;

  private static final Map<String, String> TABLE_REMARKS = Map.of(
      "documents", "One row per document: its PageIndex tree and what TreeStore derives from it",
      "nodes", "One row per node of a document tree; INSERT, UPDATE and DELETE change the trees",
      "children", "One row per parent-to-child edge, in sibling order (read-only; change nodes)",
      "paths", "One row per (ancestor, descendant) pair, distance 0 for the node itself (read-only, computed)");

  private static final Map<String, String> COLUMN_REMARKS = Map.ofEntries(
      Map.entry("documents.doc_id", "Document id, given at INSERT"),
      Map.entry("documents.title", "Title of the document, from its tree"),
      Map.entry("documents.description", "Description of the document, from its tree"),
      Map.entry("documents.source", "Where the document came from; may be given at INSERT"),
      Map.entry("documents.node_count", "Number of nodes in the document"),
      Map.entry("documents.metadata", "The tree's top-level JSON keys TreeStore does not model, as JSON text"),
      Map.entry("documents.tree", "The whole document as PageIndex JSON: given at INSERT, exported when selected"),
      Map.entry("documents.created_at", "When the document was inserted"),
      Map.entry("nodes.doc_id", "Document of the node"),
      Map.entry("nodes.node_id", "Node id, unique within its document"),
      Map.entry("nodes.parent_id", "node_id of the parent; NULL for a top-level node"),
      Map.entry("nodes.ordinal", "0-based position among its siblings (NULL at INSERT: last)"),
      Map.entry("nodes.depth", "0 for a top-level node, parent's depth + 1 otherwise"),
      Map.entry("nodes.path", "'/' then the node ids from the top-level ancestor down to the node, e.g. /0001/0003"),
      Map.entry("nodes.title", "Title of the node"),
      Map.entry("nodes.start_page", "First page of the node (PageIndex start_index, 1-based)"),
      Map.entry("nodes.end_page", "Last page of the node, inclusive (PageIndex end_index)"),
      Map.entry("nodes.span_end", "Largest end_page in the node's subtree"),
      Map.entry("nodes.summary", "Summary of the node"),
      Map.entry("nodes.text", "Full text of the node (read only when selected)"),
      Map.entry("nodes.metadata", "The node's JSON keys TreeStore does not model, as JSON text"),
      Map.entry("children.doc_id", "Document of the edge"),
      Map.entry("children.parent_id", "The parent's node_id; NULL for top-level nodes"),
      Map.entry("children.node_id", "The child's node_id"),
      Map.entry("children.ordinal", "0-based position of the child among its siblings"),
      Map.entry("paths.doc_id", "Document of the pair"),
      Map.entry("paths.ancestor_id", "node_id of the ancestor (the node itself at distance 0)"),
      Map.entry("paths.node_id", "node_id of the descendant"),
      Map.entry("paths.distance", "Levels between ancestor and node; 0 for the node itself"),
      // result columns of the table functions that are not nodes columns
      Map.entry("search.doc_id", "Document of the hit"),
      Map.entry("search.node_id", "Node of the hit"),
      Map.entry("search.score", "BM25 score, higher is better"),
      Map.entry("search.rank", "1 for the best hit, then 2, 3, ..."),
      Map.entry("subtree.rel_depth", "Depth below the subtree's root (0 for the root)"));

  /**
   * Columns TreeStore computes: an INSERT must leave them NULL (the table refuses a value) and
   * UPDATE cannot set them. nodes.ordinal is not one: an INSERT may give the position.
   */
  private static final Set<String> GENERATED = Set.of("documents.title", "documents.description",
      "documents.node_count", "documents.metadata", "documents.created_at", "nodes.depth", "nodes.path",
      "nodes.span_end");

  private static final Map<String, String> FUNCTION_REMARKS = Map.of(
      "search", "Full-text search (BM25): the best nodes for a query, best first",
      "subtree", "A node and its descendants in pre-order, with rel_depth",
      "ancestors", "The ancestors of a node, top-level first, the node itself last",
      "nodes_at_page", "The nodes whose [start_page, end_page] holds a page");

  /**
   * Names and descriptions of the table functions' parameters, by position. Calcite knows only the
   * names the Java methods carry ({@code arg0} unless annotated), and arguments are positional in
   * any case, so the documented SQL names are reported where Calcite has none.
   */
  private static final Map<String, List<String[]>> PARAMETERS = Map.of(
      "search", List.of(new String[] {"query", "Query in TreeStore's search language"},
          new String[] {"limit", "Most hits to return (optional, default 10)"}),
      "subtree", List.of(new String[] {"doc_id", "Document of the root"}, new String[] {"node_id", "The root node"}),
      "ancestors", List.of(new String[] {"doc_id", "Document of the node"}, new String[] {"node_id", "The node"}),
      "nodes_at_page", List.of(new String[] {"doc_id", "The document"}, new String[] {"page", "The page (1-based)"}));

  /** A reference from columns of one table to the primary key of another (a foreign key). */
  record Reference(String name, String table, List<String> columns, String referenced) {}

  /**
   * The references TreeStore keeps true by construction: a node, edge or pair exists only with its
   * document, a node's parent is a node of the same document (parent_id NULL for top-level nodes,
   * which a foreign key does not check), and deleting a document or node removes everything that
   * refers to it.
   */
  private static final List<Reference> REFERENCES = List.of(
      new Reference("nodes.document", "nodes", List.of("doc_id"), "documents"),
      new Reference("nodes.parent", "nodes", List.of("doc_id", "parent_id"), "nodes"),
      new Reference("children.document", "children", List.of("doc_id"), "documents"),
      new Reference("children.node", "children", List.of("doc_id", "node_id"), "nodes"),
      new Reference("children.parent", "children", List.of("doc_id", "parent_id"), "nodes"),
      new Reference("paths.document", "paths", List.of("doc_id"), "documents"),
      new Reference("paths.ancestor", "paths", List.of("doc_id", "ancestor_id"), "nodes"),
      new Reference("paths.node", "paths", List.of("doc_id", "node_id"), "nodes"));

  /** An index as JDBC describes it: its columns in key order, with their direction. */
  record Index(String name, boolean unique, List<String> columns, List<Boolean> descending) {}

  /** A table function: its parameters (name, type, optional, description) and its result row. */
  record TableFunctionInfo(String name, List<Parameter> parameters, RelDataType result) {}

  record Parameter(String name, RelDataType type, boolean optional, String remarks) {}

  /** The facts about a SQL type that DatabaseMetaData reports, for a column of that type. */
  record TypeFacts(int jdbcType, String name, Integer size, Integer decimalDigits, Integer radix,
      Integer octetLength) {}

  private final CalciteConnection connection;
  private final TreeStoreSchema schema;

  private MetaCatalog(CalciteConnection connection, TreeStoreSchema schema) {
    this.connection = connection;
    this.schema = schema;
  }

  /** The catalog of a Calcite connection made by TreeStore's driver. */
  static MetaCatalog of(Connection calcite) throws SQLException {
    CalciteConnection c = calcite.unwrap(CalciteConnection.class);
    SchemaPlus s = c.getRootSchema().subSchemas().get(SCHEMA);
    if (s == null) {
      throw new SQLException("the connection has no " + SCHEMA + " schema", "08003");
    }
    return new MetaCatalog(c, s.unwrap(TreeStoreSchema.class));
  }

  RelDataTypeFactory typeFactory() {
    return connection.getTypeFactory();
  }

  /** The tables, by name. */
  List<TreeStoreTable> tables() {
    List<TreeStoreTable> out = new ArrayList<>();
    for (String name : schema.tables().getNames(LikePattern.any())) {
      Table t = schema.tables().get(name);
      if (t instanceof TreeStoreTable ts) {
        out.add(ts);
      }
    }
    out.sort(Comparator.comparing(TreeStoreTable::name));
    return out;
  }

  /** The named table, or null. */
  TreeStoreTable table(String name) {
    return name == null || !(schema.tables().get(name) instanceof TreeStoreTable t) ? null : t;
  }

  List<RelDataTypeField> columns(TreeStoreTable t) {
    return t.getRowType(typeFactory()).getFieldList();
  }

  static String remarks(TreeStoreTable t) {
    return TABLE_REMARKS.get(t.name());
  }

  static String remarks(String table, String column) {
    return COLUMN_REMARKS.get(table + "." + column);
  }

  static boolean isGenerated(String table, String column) {
    return GENERATED.contains(table + "." + column);
  }

  /**
   * Whether statements can change the table: TreeStoreTable refuses every change unless a table
   * overrides {@code modify}, so the override is the schema's own statement of writability.
   */
  static boolean isWritable(TreeStoreTable t) {
    try {
      return t.getClass().getMethod("modify", DataContext.class, String.class, Enumerable.class, List.class)
          .getDeclaringClass() != TreeStoreTable.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Whether a query result column of this table and name can be changed by a statement. */
  boolean isWritableColumn(String table, String column) {
    TreeStoreTable t = table(table);
    return t != null && isWritable(t) && !isGenerated(table, column);
  }

  List<String> primaryKey(TreeStoreTable t) {
    List<RelDataTypeField> fields = columns(t);
    List<String> out = new ArrayList<>();
    for (int i : t.primaryKey()) {
      out.add(fields.get(i).getName());
    }
    return out;
  }

  /** The name of the primary key: that of the access reading it, as plans show it. */
  String primaryKeyName(TreeStoreTable t) {
    for (Index i : indexes(t)) {
      if (i.unique()) {
        return i.name();
      }
    }
    return t.name() + ".key";
  }

  /**
   * The indexes behind a table's accesses, primary key first. An access's key columns (stripped of
   * their operators: {@code start_page<=}, {@code path LIKE}, {@code parent_id IS NULL}) followed by
   * the column it returns rows ordered by make the index's columns. Accesses over the same columns
   * are one index (the children of a parent and the top-level nodes read the same one), and an
   * access whose columns begin another index's (one document's nodes) reads a prefix of that
   * index, so it is not listed on its own. The full scan is not an index.
   */
  List<Index> indexes(TreeStoreTable t) {
    List<String> pk = primaryKey(t);
    Set<String> names = new java.util.HashSet<>();
    for (RelDataTypeField f : columns(t)) {
      names.add(f.getName());
    }
    Map<List<String>, Index> byColumns = new LinkedHashMap<>();
    for (Access a : t.accesses()) {
      if (a.isFull()) {
        continue;
      }
      List<String> cols = new ArrayList<>();
      List<Boolean> desc = new ArrayList<>();
      for (String key : a.keys()) {
        String c = leadingName(key);
        if (names.contains(c) && !cols.contains(c)) {
          cols.add(c);
          desc.add(false);
        }
      }
      if (a.orderedBy() != null && names.contains(a.orderedBy()) && !cols.contains(a.orderedBy())) {
        cols.add(a.orderedBy());
        desc.add(a.descending());
      }
      byColumns.putIfAbsent(cols, new Index(a.name(), cols.equals(pk), cols, desc));
    }
    if (byColumns.keySet().stream().noneMatch(pk::equals)) {
      // every table has its key; report it even if no access is named after it
      byColumns.put(pk, new Index(t.name() + ".key", true, pk, pk.stream().map(c -> false).toList()));
    }
    List<Index> out = new ArrayList<>();
    for (Index i : byColumns.values()) {
      boolean prefix = byColumns.keySet().stream()
          .anyMatch(other -> other.size() > i.columns().size() && other.subList(0, i.columns().size()).equals(i.columns()));
      if (i.unique() || !prefix) {
        out.add(i);
      }
    }
    out.sort(Comparator.comparing((Index i) -> !i.unique()));
    return out;
  }

  /** The column name an access key starts with: {@code path LIKE} gives {@code path}. */
  private static String leadingName(String key) {
    int end = 0;
    while (end < key.length() && (Character.isLetterOrDigit(key.charAt(end)) || key.charAt(end) == '_')) {
      end++;
    }
    return key.substring(0, end);
  }

  /** The declared references whose tables and columns exist, each with the referenced primary key. */
  List<Reference> references() {
    List<Reference> out = new ArrayList<>();
    for (Reference r : REFERENCES) {
      TreeStoreTable from = table(r.table());
      TreeStoreTable to = table(r.referenced());
      if (from == null || to == null || primaryKey(to).size() != r.columns().size()) {
        continue;
      }
      List<String> fromColumns = columns(from).stream().map(RelDataTypeField::getName).toList();
      if (fromColumns.containsAll(r.columns())) {
        out.add(r);
      }
    }
    return out;
  }

  /** The table functions of the schema, by name. */
  List<TableFunctionInfo> functions() {
    List<TableFunctionInfo> out = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(schema.getFunctionNames())) {
      for (Function f : schema.getFunctions(name)) {
        if (!(f instanceof TableFunction tf)) {
          continue;
        }
        List<Parameter> params = new ArrayList<>();
        List<String[]> documented = PARAMETERS.getOrDefault(name, List.of());
        List<FunctionParameter> given = f.getParameters();
        for (FunctionParameter p : given) {
          String[] doc = p.getOrdinal() < documented.size() ? documented.get(p.getOrdinal()) : null;
          String pname = p.getName().matches("arg\\d+") && doc != null ? doc[0] : p.getName();
          params.add(new Parameter(pname, p.getType(typeFactory()), p.isOptional(), doc == null ? null : doc[1]));
        }
        // A call with every argument NULL gives the result's row type without doing any work.
        List<Object> nulls = new ArrayList<>();
        given.forEach(p -> nulls.add(null));
        out.add(new TableFunctionInfo(name, params, tf.getRowType(typeFactory(), nulls)));
      }
    }
    return out;
  }

  static String functionRemarks(String function) {
    return FUNCTION_REMARKS.get(function);
  }

  /** A result column's description: its own, else that of the nodes column it repeats. */
  static String functionColumnRemarks(String function, String column) {
    String own = COLUMN_REMARKS.get(function + "." + column);
    return own != null ? own : COLUMN_REMARKS.get("nodes." + column);
  }

  /**
   * How DatabaseMetaData reports a type. Character types have no limit in TreeStore: Calcite's
   * cap of 65536 (and the MAX_VALUE the tables declare) become {@code Integer.MAX_VALUE}, as
   * PostgreSQL's driver reports its unbounded text. Datetime sizes are the length of their text
   * form (yyyy-mm-dd hh:mm:ss.fff).
   */
  static TypeFacts facts(RelDataType type) {
    SqlTypeName t = type.getSqlTypeName();
    int jdbc = t.getJdbcOrdinal();
    String name = t.getName();
    switch (t) {
      case CHAR:
      case VARCHAR:
      case BINARY:
      case VARBINARY: {
        int p = type.getPrecision();
        int size = p <= 0 || p >= CALCITE_MAX_VARCHAR ? Integer.MAX_VALUE : p;
        int octets = t == SqlTypeName.CHAR || t == SqlTypeName.VARCHAR
            ? (size > Integer.MAX_VALUE / 4 ? Integer.MAX_VALUE : size * 4) : size;
        return new TypeFacts(jdbc, name, size, null, null, octets);
      }
      case BOOLEAN:
        return new TypeFacts(jdbc, name, 1, null, null, null);
      case TINYINT:
        return new TypeFacts(jdbc, name, 3, 0, 10, null);
      case SMALLINT:
        return new TypeFacts(jdbc, name, 5, 0, 10, null);
      case INTEGER:
        return new TypeFacts(jdbc, name, 10, 0, 10, null);
      case BIGINT:
        return new TypeFacts(jdbc, name, 19, 0, 10, null);
      case DECIMAL:
        return new TypeFacts(jdbc, name, type.getPrecision(), Math.max(0, type.getScale()), 10, null);
      case REAL:
        return new TypeFacts(jdbc, name, 7, null, 10, null);
      case FLOAT:
      case DOUBLE:
        return new TypeFacts(Types.DOUBLE, SqlTypeName.DOUBLE.getName(), 15, null, 10, null);
      case DATE:
        return new TypeFacts(jdbc, name, 10, null, null, null);
      case TIME: {
        int fraction = Math.max(0, type.getPrecision());
        return new TypeFacts(jdbc, name, 8 + (fraction > 0 ? fraction + 1 : 0), fraction, null, null);
      }
      case TIMESTAMP: {
        int fraction = Math.max(0, type.getPrecision());
        return new TypeFacts(jdbc, name, 19 + (fraction > 0 ? fraction + 1 : 0), fraction, null, null);
      }
      default:
        return new TypeFacts(jdbc, name, null, null, null, null);
    }
  }
}
