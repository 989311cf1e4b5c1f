package org.treestore.sql;

import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.rel.TreeStoreRules;
import org.treestore.sql.text.ReservedNames;

/**
 * Calcite's statement preparation with TreeStore's planner rules: index access, projection and
 * limit pushdown, and {@code TreeStoreModify} in place of Calcite's table-modify implementation.
 */
public final class TreeStorePrepare extends CalcitePrepareImpl {
  /** Quotes TreeStore's names that the parser reserves (see {@link ReservedNames}) before parsing. */
  @Override
  public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context, CalcitePrepare.Query<T> query,
      java.lang.reflect.Type elementType, long maxRowCount) {
    if (query.sql != null) {
      String sql = ReservedNames.quote(query.sql);
      if (!sql.equals(query.sql)) {
        query = CalcitePrepare.Query.of(sql);
      }
    }
    return super.prepareSql(context, query, elementType, maxRowCount);
  }

  /**
   * Metadata through reflective proxies instead of Janino-generated handlers: Calcite would
   * otherwise compile a handler class per kind of metadata on first use, a large part of the
   * first statement in a fresh JVM. Planning is rare once plans are cached.
   */
  @Override
  protected RelOptCluster createCluster(RelOptPlanner planner, RexBuilder rexBuilder) {
    RelOptCluster cluster = super.createCluster(planner, rexBuilder);
    cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(METADATA));
    return cluster;
  }

  private static final MetadataHandlerProvider METADATA =
      new ProxyingMetadataHandlerProvider(DefaultRelMetadataProvider.INSTANCE);

  @Override
  protected RelOptPlanner createPlanner(CalcitePrepare.Context prepareContext,
      org.apache.calcite.plan.@Nullable Context externalContext, @Nullable RelOptCostFactory costFactory) {
    RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
    for (RelOptRule rule : TreeStoreRules.all()) {
      planner.addRule(rule);
    }
    return planner;
  }
}
