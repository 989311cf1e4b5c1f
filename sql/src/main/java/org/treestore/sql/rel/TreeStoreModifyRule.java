package org.treestore.sql.rel;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableModify;
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
    RelNode in = m.getInput();
    if (m.getOperation() == TableModify.Operation.DELETE) {
      // A DELETE needs the keys of the rows only: with the other columns projected away the scan
      // never reads them (for documents, never builds the tree's JSON).
      int[] key = m.getTable().unwrap(TreeStoreTable.class).primaryKey();
      in = RelOptUtil.createProject(in, java.util.Arrays.stream(key).boxed().toList());
    }
    RelNode input = convert(in, in.getTraitSet().replace(EnumerableConvention.INSTANCE));
    return TreeStoreModify.of(m, input);
  }
}
