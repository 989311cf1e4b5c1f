package org.treestore.sql.rel;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.schema.TreeStoreTable;

/**
 * An index nested-loop join: for each row of the input, the rows of a TreeStore table found
 * through one of its accesses with key values taken from the input row (e.g. {@code paths JOIN
 * nodes ON (doc_id, node_id)} looks each node up by its key). The cost grows with the input, not
 * with the table; an inner join only (the planner rule keeps other conditions in a filter above).
 */
public final class TreeStoreLookupJoin extends SingleRel implements EnumerableRel {
  final TreeStoreScan right;
  /** For each key of the right scan's access, the input column that supplies it. */
  final int[] leftKeys;

  TreeStoreLookupJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, TreeStoreScan right, int[] leftKeys) {
    super(cluster, traits, left);
    this.right = right;
    this.leftKeys = leftKeys;
  }

  static TreeStoreLookupJoin create(RelNode left, TreeStoreScan right, int[] leftKeys) {
    RelOptCluster cluster = left.getCluster();
    return new TreeStoreLookupJoin(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), left, right, leftKeys);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new TreeStoreLookupJoin(getCluster(), traitSet, sole(inputs), right, leftKeys);
  }

  @Override
  protected RelDataType deriveRowType() {
    return SqlValidatorUtil.deriveJoinRowType(getInput().getRowType(), right.getRowType(),
        org.apache.calcite.rel.core.JoinRelType.INNER, getCluster().getTypeFactory(), null, List.of());
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("lookup", right.getTable().getQualifiedName())
        .item("access", right.accessPath().name()).item("inputKeys", java.util.Arrays.toString(leftKeys))
        .itemIf("columns", right.getRowType().getFieldNames(), right.projection != null);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return mq.getRowCount(getInput()) * right.accessPath().rows();
  }

  @Override
  public @Nullable RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double in = mq.getRowCount(getInput());
    double rows = in * right.accessPath().rows();
    return planner.getCostFactory().makeCost(rows, in + rows, in);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result left = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression rows = builder.append("left", left.block);
    if (left.physType.getFormat() != JavaRowFormat.ARRAY) {
      rows = builder.append("leftArrays", left.physType.convertTo(rows, JavaRowFormat.ARRAY));
    }
    Expression call = Expressions.call(right.getTable().getExpression(TreeStoreTable.class), "lookupJoin",
        implementor.getRootExpression(), Expressions.convert_(rows, org.apache.calcite.linq4j.Enumerable.class),
        Expressions.constant(right.access), Expressions.constant(leftKeys),
        right.projection == null ? Expressions.constant(null, int[].class) : Expressions.constant(right.projection));
    builder.add(Expressions.return_(null, call));
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
    return implementor.result(physType, builder.toBlock());
  }
}
