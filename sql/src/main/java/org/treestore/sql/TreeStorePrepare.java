package org.treestore.sql;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.DataContexts;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.config.CalciteSystemProperty;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.TreeStoreJdbcFactory;
import org.apache.calcite.jdbc.TreeStoreMeta;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.ProxyingMetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.runtime.Typed;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.plancache.CachedPlan;
import org.treestore.sql.plancache.PlanCache;
import org.treestore.sql.rel.DirectScans;
import org.treestore.sql.rel.TreeStoreRules;
import org.treestore.sql.schema.TreeStoreSchema;
import org.treestore.sql.text.ReservedNames;

/**
 * Calcite's statement preparation with TreeStore's planner rules: index access, projection and
 * limit pushdown, and {@code TreeStoreModify} in place of Calcite's table-modify implementation.
 * Statements whose plan is a single scan skip the Volcano planner and code generation
 * ({@link DirectScans}); the planner's rules are created only for the statements that need them.
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
    addTreeStoreRules(planner);
    return planner;
  }

  private static void addTreeStoreRules(RelOptPlanner planner) {
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
    for (RelOptRule rule : TreeStoreRules.all()) {
      planner.addRule(rule);
    }
  }

  /**
   * The planner of {@link #prepareSql}: Calcite's Volcano planner as {@link #createPlanner} makes
   * it, but with its rules registered only when it is first used. Creating Calcite's default
   * rules (a few hundred, each with its own classes) is a large part of the first statement in a
   * fresh JVM, and a statement that {@link DirectScans} plans never needs them.
   */
  @Override
  protected java.util.List<Function1<CalcitePrepare.Context, RelOptPlanner>> createPlannerFactories() {
    return java.util.List.of(this::createDeferredPlanner);
  }

  private RelOptPlanner createDeferredPlanner(CalcitePrepare.Context prepareContext) {
    // What CalcitePrepareImpl.createPlanner does before it registers the rules.
    DeferredRulesPlanner planner = new DeferredRulesPlanner(Contexts.of(prepareContext.config()));
    planner.setExecutor(new RexExecutorImpl(DataContexts.EMPTY));
    planner.addRelTraitDef(ConventionTraitDef.INSTANCE);
    if (CalciteSystemProperty.ENABLE_COLLATION_TRAIT.value()) {
      planner.addRelTraitDef(RelCollationTraitDef.INSTANCE);
    }
    planner.setTopDownOpt(prepareContext.config().topDownOpt());
    planner.rules = () -> {
      // The rest of CalcitePrepareImpl.createPlanner (Spark is never enabled here), then TreeStore's.
      RelOptUtil.registerDefaultRules(planner, prepareContext.config().materializationsEnabled(), enableBindable);
      Hook.PLANNER.run(planner);
      addTreeStoreRules(planner);
    };
    return planner;
  }

  /** A Volcano planner that registers its rules before it first plans (or lists its rules). */
  static final class DeferredRulesPlanner extends VolcanoPlanner {
    private @Nullable Runnable rules;

    DeferredRulesPlanner(org.apache.calcite.plan.Context context) {
      super(null, context);
    }

    void ensureRules() {
      Runnable r = rules;
      if (r != null) {
        rules = null; // before running: registering calls addRule, which must not come back here
        r.run();
      }
    }

    @Override
    public void setRoot(RelNode rel) {
      ensureRules();
      super.setRoot(rel);
    }

    @Override
    public RelNode changeTraits(RelNode rel, RelTraitSet toTraits) {
      ensureRules();
      return super.changeTraits(rel, toTraits);
    }

    @Override
    public RelNode findBestExp() {
      ensureRules();
      return super.findBestExp();
    }

    @Override
    public java.util.List<RelOptRule> getRules() {
      ensureRules();
      return super.getRules();
    }
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(CalcitePrepare.Context context, java.lang.reflect.Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    // As CalcitePrepareImpl.getPreparingStmt, with the subclass that knows DirectScans.
    EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY
        : EnumerableRel.Prefer.CUSTOM;
    Convention convention = enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE;
    return new PreparingStmt(this, context, catalogReader, context.getTypeFactory(), context.getRootSchema(), prefer,
        createCluster(planner, new RexBuilder(context.getTypeFactory())), convention, createConvertletTable());
  }

  /**
   * Calcite's statement preparation, except that a plan that is a single TreeStore scan is made
   * and run by {@link DirectScans}: without the Volcano planner's rules and without generating
   * and compiling Java code.
   */
  static final class PreparingStmt extends CalcitePreparingStmt {
    PreparingStmt(CalcitePrepareImpl prepare, CalcitePrepare.Context context, CatalogReader catalogReader,
        RelDataTypeFactory typeFactory, CalciteSchema schema, EnumerableRel.Prefer prefer, RelOptCluster cluster,
        Convention resultConvention, SqlRexConvertletTable convertletTable) {
      super(prepare, context, catalogReader, typeFactory, schema, prefer, cluster, resultConvention, convertletTable);
    }

    @Override
    protected RelRoot optimize(RelRoot root, java.util.List<Materialization> materializations,
        java.util.List<CalciteSchema.LatticeEntry> lattices) {
      RelNode direct = resultConvention == EnumerableConvention.INSTANCE && materializations.isEmpty()
          && lattices.isEmpty() ? DirectScans.plan(root) : null;
      if (direct == null) {
        if (planner instanceof DeferredRulesPlanner deferred) {
          deferred.ensureRules();
        }
        return super.optimize(root, materializations, lattices);
      }
      if (DirectScans.verifying()) {
        DirectScans.verify(direct, super.optimize(root, materializations, lattices).rel);
      }
      return root.withRel(direct);
    }

    @Override
    protected PreparedResult implement(RelRoot root) {
      Bindable<Object> direct = resultConvention == EnumerableConvention.INSTANCE ? DirectScans.bindable(root) : null;
      if (direct == null) {
        return super.implement(root);
      }
      Hook.PLAN_BEFORE_IMPLEMENTATION.run(root);
      java.lang.reflect.Type elementType = ((Typed) direct).getElementType();
      return new PreparedResultImpl(root.rel.getRowType(), requireNonNull(parameterRowType, "parameterRowType"),
          requireNonNull(fieldOrigins, "fieldOrigins"),
          root.collation.getFieldCollations().isEmpty() ? java.util.List.of() : java.util.List.of(root.collation),
          root.rel, null, false) {
        @Override
        public String getCode() {
          throw new UnsupportedOperationException();
        }

        @Override
        public Bindable getBindable(Meta.CursorFactory cursorFactory) {
          return direct;
        }

        @Override
        public java.lang.reflect.Type getElementType() {
          return elementType;
        }
      };
    }
  }
}
