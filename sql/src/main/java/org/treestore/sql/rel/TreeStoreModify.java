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
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.schema.TreeStoreTable;

/**
 * INSERT, UPDATE and DELETE on a TreeStore table: the input rows (for UPDATE, the old row
 * followed by the new values) are handed to {@link TreeStoreTable#modify}, which writes them in
 * the connection's transaction (or its own, committed, in autocommit mode) and returns the update
 * count. Replaces Calcite's EnumerableTableModify, which handles neither UPDATE nor deletes of
 * array rows.
 */
public final class TreeStoreModify extends TableModify implements EnumerableRel {
  TreeStoreModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode input, Operation operation, @Nullable List<String> updateColumnList,
      @Nullable List<RexNode> sourceExpressionList, boolean flattened) {
    super(cluster, traits, table, catalogReader, input, operation, updateColumnList, sourceExpressionList, flattened);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new TreeStoreModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs), getOperation(),
        getUpdateColumnList(), getSourceExpressionList(), isFlattened());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression rows = builder.append("rows", input.block);
    if (input.physType.getFormat() != JavaRowFormat.ARRAY) {
      rows = builder.append("arrays", Expressions.call(TreeStoreModify.class, "toArrays", rows));
    }
    List<String> columns = getUpdateColumnList() == null ? List.of() : getUpdateColumnList();
    Expression count = Expressions.call(table.getExpression(TreeStoreTable.class), "modify",
        implementor.getRootExpression(), Expressions.constant(getOperation().name()),
        Expressions.convert_(rows, org.apache.calcite.linq4j.Enumerable.class),
        Expressions.call(java.util.Arrays.class, "asList", Expressions.newArrayInit(String.class,
            columns.stream().map(c -> (Expression) Expressions.constant(c)).toList())));
    builder.add(Expressions.return_(null,
        Expressions.call(org.apache.calcite.linq4j.Linq4j.class, "singletonEnumerable",
            Expressions.convert_(count, Object.class))));
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.SCALAR);
    return implementor.result(physType, builder.toBlock());
  }

  /** Run time: rows of one column come as bare values; the table wants arrays. */
  public static org.apache.calcite.linq4j.Enumerable<Object[]> toArrays(org.apache.calcite.linq4j.Enumerable<?> rows) {
    return rows.select(r -> r instanceof Object[] a ? a : new Object[] {r});
  }

  static TreeStoreModify of(TableModify m, RelNode input) {
    return new TreeStoreModify(m.getCluster(), m.getTraitSet().replace(EnumerableConvention.INSTANCE), m.getTable(),
        m.getCatalogReader(), input, m.getOperation(), m.getUpdateColumnList(), m.getSourceExpressionList(),
        m.isFlattened());
  }
}
