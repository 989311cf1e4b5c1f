package org.treestore.sql.rel;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.treestore.sql.schema.TreeStoreTable;

/** Converts a logical INSERT, UPDATE or DELETE on a TreeStore table to {@link TreeStoreModify}. */
final class TreeStoreModifyRule extends ConverterRule {
  static final TreeStoreModifyRule INSTANCE = new TreeStoreModifyRule(Config.INSTANCE
      .withConversion(LogicalTableModify.class, m -> m.getTable().unwrap(TreeStoreTable.class) != null,
          Convention.NONE, EnumerableConvention.INSTANCE, "TreeStoreModifyRule"));

  private TreeStoreModifyRule(Config config) {
    super(config);
  }

  @Override
  public RelNode convert(RelNode rel) {
    LogicalTableModify m = (LogicalTableModify) rel;
    RelNode input = convert(m.getInput(), m.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE));
    return TreeStoreModify.of(m, input);
  }
}
