package org.treestore.sql.rel;

import java.lang.ref.WeakReference;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Typed;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlKind;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.schema.Column;
import org.treestore.sql.schema.TreeStoreTable;

/**
 * Queries whose whole plan is one {@link TreeStoreScan}, planned and run without Calcite's Volcano
 * planner and without generated code: a lookup through an index whose keys are bound by
 * equalities (or {@code IS NULL}), producing table columns in table order under their own names,
 * such as {@code SELECT title FROM nodes WHERE doc_id = ? AND node_id = ?}.
 *
 * <p>Why: in a fresh JVM, the first statement pays for creating Calcite's few hundred planner rules
 * and for Janino compiling the generated Java, mostly in class loading. Statements of this shape
 * (point reads by key, a parent's children, a document's nodes) need neither. The plan is the one
 * the planner reaches through {@link TreeStoreRules} (the same index choice; tests compare both
 * with {@link #verifying()} on), and the run is what the generated code would do: call
 * {@link TreeStoreTable#scan} on the table of the running connection's schema.
 *
 * <p>{@link #plan} returns null for anything else (expressions, aliases, reordered or repeated
 * columns, a condition an index does not answer exactly, ORDER BY, LIMIT, joins, aggregates,
 * DML), which the planner plans as before. {@link #bindable} runs any plan that came out as a lone
 * scan (e.g. an ORDER BY that the access's order satisfies); other plans are compiled as before.
 */
public final class DirectScans {
  private static volatile boolean enabled = true;
  /** Set by the build for this module's tests, so that every direct plan there is checked. */
  private static volatile boolean verify = Boolean.getBoolean("treestore.sql.direct.verify");

  private DirectScans() {}

  /** Turns the direct path on or off (tests compare both); returns the previous setting. */
  public static boolean setEnabled(boolean on) {
    boolean was = enabled;
    enabled = on;
    return was;
  }

  /**
   * Makes every direct plan also go through the full planner, and fail with an
   * {@link AssertionError} when the plans differ (for tests); returns the previous setting.
   */
  public static boolean setVerifying(boolean on) {
    boolean was = verify;
    verify = on;
    return was;
  }

  public static boolean verifying() {
    return verify;
  }

  /** Fails when the planner's plan differs from the direct one ({@link #setVerifying}). */
  public static void verify(RelNode direct, RelNode planned) {
    String a = RelOptUtil.toString(direct, SqlExplainLevel.EXPPLAN_ATTRIBUTES);
    String b = RelOptUtil.toString(planned, SqlExplainLevel.EXPPLAN_ATTRIBUTES);
    if (!a.equals(b) || !direct.getRowType().getFullTypeString().equals(planned.getRowType().getFullTypeString())
        || !direct.getTraitSet().equals(planned.getTraitSet())) {
      throw new AssertionError("direct plan\n" + a + direct.getTraitSet() + "\ndiffers from the planner's\n" + b
          + planned.getTraitSet());
    }
  }

  /**
   * The plan of a query that is one scan (after sql-to-rel conversion and field trimming: projects
   * and filters over a full {@link TreeStoreScan}), or null when the planner must make it.
   */
  public static @Nullable RelNode plan(RelRoot root) {
    if (!enabled || root.kind != SqlKind.SELECT || !root.collation.getFieldCollations().isEmpty()
        || !root.isRefTrivial()) {
      return null;
    }
    RelNode rel = root.rel;
    RexBuilder rexBuilder = rel.getCluster().getRexBuilder();
    // The root's columns and the filters' conjuncts, rewritten down to the scan's columns.
    List<RexNode> outputs = new ArrayList<>();
    for (int i = 0; i < rel.getRowType().getFieldCount(); i++) {
      outputs.add(rexBuilder.makeInputRef(rel, i));
    }
    List<RexNode> conjuncts = new ArrayList<>();
    while (!(rel instanceof TreeStoreScan)) {
      if (rel instanceof LogicalProject p && p.getVariablesSet().isEmpty() && p.getHints().isEmpty()) {
        outputs = RelOptUtil.pushPastProject(outputs, p);
        conjuncts = new ArrayList<>(RelOptUtil.pushPastProject(conjuncts, p));
        rel = p.getInput();
      } else if (rel instanceof LogicalFilter f && f.getVariablesSet().isEmpty()) {
        conjuncts.addAll(RelOptUtil.conjunctions(f.getCondition()));
        rel = f.getInput();
      } else {
        return null;
      }
    }
    TreeStoreScan scan = (TreeStoreScan) rel;
    if (!scan.accessPath().isFull() || scan.fetch != null || scan.projection != null) {
      return null;
    }
    List<Column> columns = scan.treeTable.columns();
    List<String> names = root.validatedRowType.getFieldNames();
    int[] projection = new int[outputs.size()];
    for (int i = 0; i < projection.length; i++) {
      // Plain columns, each once, in table order, under their own names: otherwise the planner
      // keeps a projection above the scan, which is generated code.
      if (!(outputs.get(i) instanceof RexInputRef ref) || (i > 0 && ref.getIndex() <= projection[i - 1])
          || !columns.get(ref.getIndex()).name().equals(names.get(i))) {
        return null;
      }
      projection[i] = ref.getIndex();
    }
    if (projection.length == 0) {
      return null;
    }
    if (conjuncts.isEmpty() && projection.length == columns.size()) {
      // A whole table: the planner keeps an identity Calc over the scan here (SELECT * FROM nodes).
      return null;
    }
    TreeStoreScan result = scan;
    if (!conjuncts.isEmpty()) {
      TreeStoreRules.IndexChoice choice = TreeStoreRules.IndexChoice.of(conjuncts, scan);
      if (choice == null || !choice.residual.isEmpty() || !equalitiesOnly(choice.scan)) {
        return null;
      }
      result = choice.scan;
    }
    return projection.length == columns.size() ? result : result.withProjection(projection);
  }

  /** Whether every key of the scan's access is bound by an equality or IS NULL (not a range or pattern). */
  private static boolean equalitiesOnly(TreeStoreScan scan) {
    for (String key : scan.accessPath().keys()) {
      if (key.endsWith(" LIKE") || key.endsWith("<=") || key.endsWith(">=")) {
        return false;
      }
    }
    return true;
  }

  /**
   * What runs a plan that is one scan, or null when it needs generated code. This is used for
   * such plans whichever way they were made.
   */
  public static @Nullable Bindable<Object> bindable(RelRoot root) {
    if (!enabled || !(root.rel instanceof TreeStoreScan scan) || !root.isRefTrivial()
        || root.kind.belongsTo(SqlKind.DML)) {
      return null;
    }
    List<Object> keys = new ArrayList<>();
    for (RexNode k : scan.keys) {
      keys.add(runValue(k));
    }
    Object fetch = scan.fetch == null ? null : runValue(scan.fetch);
    RelDataType rowType = scan.getRowType();
    Type elementType = rowType.getFieldCount() == 1
        ? ((JavaTypeFactory) scan.getCluster().getTypeFactory()).getJavaClass(rowType.getFieldList().get(0).getType())
        : Object[].class;
    return new ScanBindable(scan.getTable().getQualifiedName(), scan.access, keys, scan.projection, fetch, elementType);
  }

  /**
   * A key or limit as the run will see it: a parameter (read from the {@link DataContext} at run
   * time) or the value the generated code would have as a constant ({@link TreeStoreScan#value}).
   */
  private static Object runValue(RexNode e) {
    RexNode v = e;
    while (v.getKind() == SqlKind.CAST) {
      v = ((org.apache.calcite.rex.RexCall) v).getOperands().get(0);
    }
    if (v instanceof RexDynamicParam p) {
      return new Param("?" + p.getIndex());
    }
    RexLiteral l = (RexLiteral) v;
    if (l.isNull()) {
      return null;
    }
    if (org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER.contains(l.getType())) {
      return l.getValueAs(String.class);
    }
    if (org.apache.calcite.sql.type.SqlTypeFamily.NUMERIC.contains(l.getType())) {
      java.math.BigDecimal d = l.getValueAs(java.math.BigDecimal.class);
      return d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : d.doubleValue();
    }
    return l.getValue2();
  }

  /** A parameter's name in the {@link DataContext}. */
  private record Param(String name) {}

  /** Runs one scan: what the generated code of a plan that is only a {@link TreeStoreScan} does. */
  private static final class ScanBindable implements Bindable<Object>, Typed {
    private final List<String> tablePath;
    private final int access;
    private final List<Object> keys;
    private final int @Nullable [] projection;
    private final @Nullable Object fetch;
    private final Type elementType;

    ScanBindable(List<String> tablePath, int access, List<Object> keys, int @Nullable [] projection,
        @Nullable Object fetch, Type elementType) {
      this.tablePath = List.copyOf(tablePath);
      this.access = access;
      this.keys = keys;
      this.projection = projection == null ? null : projection.clone();
      this.fetch = fetch;
      this.elementType = elementType;
    }

    @Override
    public Enumerable<Object> bind(DataContext root) {
      // The table of the running connection's schema, as the generated code looks it up, so that
      // a cached plan reads in the transaction of whichever connection runs it.
      Table table = table(root.getRootSchema());
      Object[] keyValues = new Object[keys.size()];
      for (int i = 0; i < keyValues.length; i++) {
        keyValues[i] = value(keys.get(i), root);
      }
      long limit = fetch == null ? -1L : TreeStoreScan.toLong(value(fetch, root));
      return ((TreeStoreTable) table).scan(root, access, keyValues, projection, limit);
    }

    /**
     * The last connection's table, by its root schema: Calcite's name lookups (case-insensitive
     * maps, one per schema level) were a tenth of a point read's time. Weak, so that a plan cached
     * beyond its connection keeps neither the connection's schema nor its table.
     */
    private volatile @Nullable Resolved resolved;

    private record Resolved(WeakReference<CalciteSchema> root, WeakReference<Table> table) {}

    @SuppressWarnings("deprecation") // getTable(String): what the generated code calls (Schemas.tableExpression)
    private Table table(SchemaPlus rootSchema) {
      CalciteSchema key = CalciteSchema.from(rootSchema);
      Resolved r = resolved;
      if (r != null && r.root.get() == key) {
        Table t = r.table.get();
        if (t != null) {
          return t;
        }
      }
      SchemaPlus schema = rootSchema;
      for (int i = 0; i < tablePath.size() - 1; i++) {
        schema = schema.getSubSchema(tablePath.get(i));
      }
      Table table = schema.getTable(tablePath.get(tablePath.size() - 1));
      resolved = new Resolved(new WeakReference<>(key), new WeakReference<>(table));
      return table;
    }

    private static @Nullable Object value(@Nullable Object v, DataContext root) {
      return v instanceof Param p ? root.get(p.name()) : v;
    }

    /** As the generated code's: the column's Java class for one column (rows are values), else Object[]. */
    @Override
    public Type getElementType() {
      return elementType;
    }
  }
}
