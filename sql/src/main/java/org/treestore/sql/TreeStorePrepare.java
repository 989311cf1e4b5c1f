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
import org.apache.calcite.jdbc.TreeStoreJdbcFactory;
import org.apache.calcite.jdbc.TreeStoreMeta;
import org.treestore.sql.plancache.CachedPlan;
import org.treestore.sql.plancache.PlanCache;
import org.treestore.sql.schema.TreeStoreSchema;
import org.treestore.sql.text.ReservedNames;

/**
 * Calcite's statement preparation with TreeStore's planner rules: index access, projection and
 * limit pushdown, and {@code TreeStoreModify} in place of Calcite's table-modify implementation.
 */
public final class TreeStorePrepare extends CalcitePrepareImpl {
  /**
   * Prepares a statement: from the database's plan cache when the same text was prepared before
   * (on any connection with the same settings), else by Calcite, after quoting TreeStore's names
   * that the parser reserves (see {@link ReservedNames}). Pools such as HikariCP close a
   * connection's statements when it is returned, so applications prepare the same texts again and
   * again; without the cache each prepare would parse, plan and compile (milliseconds).
   */
  /** Set while a plain Statement's plan is prepared: the statement path keeps its own cache entries. */
  private static final ThreadLocal<Boolean> FOR_STATEMENT = new ThreadLocal<>();

  /** Runs {@code prepare} (a plain Statement's preparation) without the prepared-plan cache. */
  public static <S> S forStatement(java.util.function.Supplier<S> prepare) {
    FOR_STATEMENT.set(Boolean.TRUE);
    try {
      return prepare.get();
    } finally {
      FOR_STATEMENT.remove();
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CalciteSignature<T> prepareSql(CalcitePrepare.Context context, CalcitePrepare.Query<T> query,
      java.lang.reflect.Type elementType, long maxRowCount) {
    if (query.sql == null) {
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
    String original = query.sql;
    PlanCache cache = null;
    PlanCache.Key key = null;
    if (maxRowCount < 0 && elementType == Object[].class && FOR_STATEMENT.get() == null
        && context.config() instanceof TreeStoreJdbcFactory.MemoizedConfig config) {
      key = TreeStoreMeta.preparedKey(original, String.join(".", context.getDefaultSchemaPath()), config.properties());
      if (key != null) {
        Object db = TreeStoreSchema.session(context.getRootSchema().plus()).database();
        cache = PlanCache.existing(db);
        if (cache == null) {
          cache = PlanCache.forDatabase(db, PlanCache.DEFAULT_CAPACITY); // the Meta resizes it to plan_cache_size
        }
        Object hit = cache.get(key);
        if (hit instanceof CachedPlan plan) {
          return (CalciteSignature<T>) plan.forPrepared(original, context.getRootSchema(), maxRowCount);
        }
      }
    }
    String sql = ReservedNames.quote(original);
    CalciteSignature<T> signature = super.prepareSql(context, sql.equals(original) ? query : CalcitePrepare.Query.of(sql),
        elementType, maxRowCount);
    if (cache != null) {
      CachedPlan plan = CachedPlan.of((CalciteSignature<Object>) signature);
      if (plan != null) {
        cache.put(key, plan);
      }
    }
    return signature;
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
