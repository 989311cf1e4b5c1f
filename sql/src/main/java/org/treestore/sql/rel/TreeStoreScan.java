package org.treestore.sql.rel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.util.BuiltInMethod;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.schema.Access;
import org.treestore.sql.schema.Column;
import org.treestore.sql.schema.TreeStoreTable;

/**
 * Reads a TreeStore table through one access path, in the Enumerable convention: the generated
 * code calls {@link TreeStoreTable#scan} with the access, the key values (literals, or parameters
 * read from the {@code DataContext} at run time), the columns to produce and a row limit.
 *
 * <p>A scan is created full ({@link #full}); {@link TreeStoreRules} derive narrower ones. An access
 * that yields rows in a column's order (a parent's children by ordinal, a node's ancestors by
 * distance descending) declares that collation, so the planner drops a matching ORDER BY.
 */
public final class TreeStoreScan extends TableScan implements EnumerableRel {
  final TreeStoreTable treeTable;
  final int access;
  final List<RexNode> keys;
  /** Table columns produced, in order; null: all. */
  final int @Nullable [] projection;
  /** Row limit: a literal or parameter, or null. */
  final @Nullable RexNode fetch;

  private TreeStoreScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, TreeStoreTable treeTable,
      int access, List<RexNode> keys, int @Nullable [] projection, @Nullable RexNode fetch) {
    super(cluster, traits, List.of(), table);
    this.treeTable = treeTable;
    this.access = access;
    this.keys = List.copyOf(keys);
    this.projection = projection;
    this.fetch = fetch;
  }

  public static TreeStoreScan full(RelOptCluster cluster, RelOptTable table, TreeStoreTable treeTable) {
    return create(cluster, table, treeTable, 0, List.of(), null, null);
  }

  static TreeStoreScan create(RelOptCluster cluster, RelOptTable table, TreeStoreTable treeTable, int access,
      List<RexNode> keys, int @Nullable [] projection, @Nullable RexNode fetch) {
    RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replaceIf(RelCollationTraitDef.INSTANCE, () -> collation(treeTable, access, projection));
    return new TreeStoreScan(cluster, traits, table, treeTable, access, keys, projection, fetch);
  }

  /** The order the access yields rows in, as a collation of the produced columns. */
  private static RelCollation collation(TreeStoreTable table, int access, int @Nullable [] projection) {
    Access a = table.accesses().get(access);
    if (a.orderedBy() == null) {
      return RelCollations.EMPTY;
    }
    int column = Column.indexOf(table.columns(), a.orderedBy());
    int produced = column;
    if (projection != null) {
      produced = -1;
      for (int i = 0; i < projection.length; i++) {
        if (projection[i] == column) {
          produced = i;
        }
      }
      if (produced < 0) {
        return RelCollations.EMPTY;
      }
    }
    return RelCollations.of(new RelFieldCollation(produced,
        a.descending() ? RelFieldCollation.Direction.DESCENDING : RelFieldCollation.Direction.ASCENDING));
  }

  public Access accessPath() {
    return treeTable.accesses().get(access);
  }

  TreeStoreScan withAccess(int newAccess, List<RexNode> newKeys) {
    return create(getCluster(), getTable(), treeTable, newAccess, newKeys, projection, fetch);
  }

  TreeStoreScan withProjection(int[] newProjection) {
    return create(getCluster(), getTable(), treeTable, access, keys, newProjection, fetch);
  }

  TreeStoreScan withFetch(RexNode newFetch) {
    return create(getCluster(), getTable(), treeTable, access, keys, projection, newFetch);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    // The collation is the access's, whatever the caller's traits say (a collation of another
    // row shape would point past this scan's columns).
    RelTraitSet traits = traitSet.replaceIf(RelCollationTraitDef.INSTANCE, () -> collation(treeTable, access, projection));
    return new TreeStoreScan(getCluster(), traits, table, treeTable, access, keys, projection, fetch);
  }

  @Override
  public RelDataType deriveRowType() {
    RelDataType full = table.getRowType();
    if (projection == null) {
      return full;
    }
    List<RelDataTypeField> fields = full.getFieldList();
    var b = getCluster().getTypeFactory().builder();
    for (int p : projection) {
      b.add(fields.get(p));
    }
    return b.build();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    RelWriter w = super.explainTerms(pw).item("access", accessPath().name());
    if (!keys.isEmpty()) {
      List<String> k = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        k.add(accessPath().keys().get(i) + " " + keys.get(i));
      }
      w.item("keys", k);
    }
    if (projection != null) {
      w.item("columns", getRowType().getFieldNames());
    }
    return w.itemIf("fetch", fetch, fetch != null);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = accessPath().rows();
    if (fetch instanceof RexLiteral l && l.getValueAs(Long.class) != null) {
      rows = Math.min(rows, l.getValueAs(Long.class));
    } else if (fetch != null) {
      rows = Math.min(rows, 10);
    }
    return Math.max(rows, 1);
  }

  @Override
  public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = estimateRowCount(mq);
    int all = treeTable.columns().size();
    int produced = projection == null ? all : projection.length;
    // Narrower scans are cheaper, so projection pushdown wins; an access's rows dominate.
    double cpu = rows * (1 + produced) / (1.0 + all);
    return planner.getCostFactory().makeCost(rows, cpu, rows);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    JavaRowFormat format = getRowType().getFieldCount() == 1 ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY;
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), format);
    Expression root = implementor.getRootExpression();
    List<Expression> keyExprs = new ArrayList<>();
    for (RexNode k : keys) {
      keyExprs.add(Expressions.box(value(k, root)));
    }
    Expression fetchExpr = fetch == null
        ? Expressions.constant(-1L)
        : Expressions.call(TreeStoreScan.class, "toLong", Expressions.box(value(fetch, root)));
    Expression call = Expressions.call(
        table.getExpression(TreeStoreTable.class), "scan", root, Expressions.constant(access),
        Expressions.newArrayInit(Object.class, keyExprs),
        projection == null ? Expressions.constant(null, int[].class) : Expressions.constant(projection), fetchExpr);
    return implementor.result(physType, Blocks.toBlock(call));
  }

  /** Run time: a limit value (a bound parameter may come as any number). */
  public static long toLong(Object v) {
    return v == null ? -1 : ((Number) v).longValue();
  }

  /** Whether a scan can take {@code e} as a key value: a literal or a parameter, possibly cast. */
  static boolean isValue(RexNode e) {
    if (e instanceof RexLiteral || e instanceof RexDynamicParam) {
      return true;
    }
    return e.getKind() == SqlKind.CAST && isValue(((RexCall) e).getOperands().get(0));
  }

  /** The expression that yields key {@code e} at run time. */
  static Expression value(RexNode e, Expression root) {
    if (e instanceof RexDynamicParam p) {
      return Expressions.call(root, BuiltInMethod.DATA_CONTEXT_GET.method, Expressions.constant("?" + p.getIndex()));
    }
    if (e instanceof RexLiteral l) {
      if (l.isNull()) {
        return Expressions.constant(null);
      }
      if (SqlTypeFamily.CHARACTER.contains(l.getType())) {
        return Expressions.constant(l.getValueAs(String.class));
      }
      if (SqlTypeFamily.NUMERIC.contains(l.getType())) {
        BigDecimal d = l.getValueAs(BigDecimal.class);
        return d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0
            ? Expressions.constant(d.longValueExact()) : Expressions.constant(d.doubleValue());
      }
      return Expressions.constant(l.getValue2());
    }
    return value(((RexCall) e).getOperands().get(0), root);
  }
}
