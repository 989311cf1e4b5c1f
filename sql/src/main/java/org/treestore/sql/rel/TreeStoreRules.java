package org.treestore.sql.rel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mapping;
import org.apache.calcite.util.mapping.MappingType;
import org.apache.calcite.util.mapping.Mappings;
import org.treestore.sql.schema.Access;
import org.treestore.sql.schema.Column;

/**
 * The planner rules that turn full scans of TreeStore tables into index accesses, in steps:
 * <ol>
 *   <li>{@link #FILTER_INDEX}: a filter whose conjuncts bind an access's key columns (equality,
 *       {@code LIKE} on the path, {@code <=}/{@code >=} on the pages) selects that access; the
 *       conjuncts the access answers exactly are dropped, the rest stay in a filter above.</li>
 *   <li>{@link #PROJECT}, {@link #PROJECT_FILTER}: only the columns used above are read (so a
 *       node's text is read only when selected).</li>
 *   <li>{@link #LIMIT}: a LIMIT directly over a scan (no sort, or a sort the access already
 *       yields) stops the scan.</li>
 *   <li>{@link #LOOKUP_JOIN}: an inner join whose conditions bind a table's key becomes an index
 *       nested-loop join ({@link TreeStoreLookupJoin}).</li>
 * </ol>
 * Values are literals or parameters, passed to the scan and read at run time.
 */
@SuppressWarnings("deprecation") // RelOptRule's operand builders: plain, and enough for these shapes
public final class TreeStoreRules {
  private TreeStoreRules() {}

  public static final RelOptRule FILTER_INDEX = new FilterIndexRule();
  public static final RelOptRule PROJECT = new ProjectRule(false);
  public static final RelOptRule PROJECT_FILTER = new ProjectRule(true);
  public static final RelOptRule LIMIT = new LimitRule();
  public static final RelOptRule LOOKUP_JOIN = new LookupJoinRule(false);
  public static final RelOptRule LOOKUP_JOIN_PROJECT = new LookupJoinRule(true);

  public static List<RelOptRule> all() {
    return List.of(FILTER_INDEX, PROJECT, PROJECT_FILTER, LIMIT, LOOKUP_JOIN, LOOKUP_JOIN_PROJECT,
        TreeStoreModifyRule.INSTANCE);
  }

  /** The table column read into position {@code i} of the scan's rows. */
  private static int tableColumn(TreeStoreScan scan, int i) {
    return scan.projection == null ? i : scan.projection[i];
  }

  /** Filter over a full scan: pick the cheapest access whose keys the conjuncts bind. */
  private static final class FilterIndexRule extends RelOptRule {
    FilterIndexRule() {
      super(operand(LogicalFilter.class, operand(TreeStoreScan.class, none())), "TreeStoreFilterIndexRule");
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
      TreeStoreScan scan = call.rel(1);
      return scan.accessPath().isFull() && scan.fetch == null;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      TreeStoreScan scan = call.rel(1);
      IndexChoice choice = IndexChoice.of(filter, scan);
      if (choice == null) {
        return;
      }
      RelNode result = choice.scan;
      if (!choice.residual.isEmpty()) {
        // Created, not copied: the old traits (e.g. a collation) may not fit the new input.
        result = LogicalFilter.create(result,
            RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), choice.residual));
      }
      call.transformTo(result);
    }
  }

  /** The best index access for a filter's conjuncts over a full scan, and the conjuncts left over. */
  static final class IndexChoice {
    final TreeStoreScan scan;
    final List<RexNode> residual;

    private IndexChoice(TreeStoreScan scan, List<RexNode> residual) {
      this.scan = scan;
      this.residual = residual;
    }

    /** Null when no access's keys are bound. */
    static IndexChoice of(LogicalFilter filter, TreeStoreScan scan) {
      return of(RelOptUtil.conjunctions(filter.getCondition()), scan);
    }

    /** The same for conjuncts over the scan's columns (null when no access's keys are bound). */
    static IndexChoice of(List<RexNode> conjuncts, TreeStoreScan scan) {
      List<Column> columns = scan.treeTable.columns();
      // key name ("doc_id", "path LIKE", "start_page<=") -> (value, conjunct)
      Map<String, RexNode> values = new HashMap<>();
      Map<String, RexNode> sources = new HashMap<>();
      for (RexNode c : conjuncts) {
        if (c.getKind() == SqlKind.IS_NULL && strip(((RexCall) c).getOperands().get(0)) instanceof RexInputRef ref) {
          String key = columns.get(tableColumn(scan, ref.getIndex())).name() + " IS NULL";
          values.putIfAbsent(key, scan.getCluster().getRexBuilder().makeLiteral(true));
          sources.putIfAbsent(key, c);
          continue;
        }
        if (!(c instanceof RexCall rc) || rc.getOperands().size() != 2) {
          continue;
        }
        RexNode a = strip(rc.getOperands().get(0));
        RexNode b = rc.getOperands().get(1);
        SqlKind kind = rc.getKind();
        if (!(a instanceof RexInputRef) && strip(b) instanceof RexInputRef && kind != SqlKind.LIKE) {
          a = strip(b);
          b = rc.getOperands().get(0);
          kind = kind.reverse();
        }
        if (!(a instanceof RexInputRef ref) || !TreeStoreScan.isValue(b)) {
          continue;
        }
        String column = columns.get(tableColumn(scan, ref.getIndex())).name();
        String key = switch (kind) {
          case EQUALS -> column;
          // only the case-sensitive LIKE: ILIKE and NOT LIKE share its kind but not its answer
          case LIKE -> rc.getOperator().getName().equals("LIKE") ? column + " LIKE" : null;
          case LESS_THAN_OR_EQUAL -> column + "<=";
          case GREATER_THAN_OR_EQUAL -> column + ">=";
          default -> null;
        };
        if (key != null && !values.containsKey(key)) {
          values.put(key, b);
          sources.put(key, c);
        }
      }
      List<Access> accesses = scan.treeTable.accesses();
      int best = -1;
      for (int i = 1; i < accesses.size(); i++) {
        if (values.keySet().containsAll(accesses.get(i).keys())
            && (best < 0 || accesses.get(i).rows() < accesses.get(best).rows())) {
          best = i;
        }
      }
      if (best < 0) {
        return null;
      }
      Access access = accesses.get(best);
      List<RexNode> keys = new ArrayList<>();
      List<RexNode> residual = new ArrayList<>(conjuncts);
      for (String k : access.keys()) {
        keys.add(values.get(k));
        if (answersExactly(k, values.get(k))) {
          residual.remove(sources.get(k));
        }
      }
      return new IndexChoice(scan.withAccess(best, keys), residual);
    }

    /**
     * Whether the access's rows satisfy the key's conjunct exactly, so it can be dropped: equality
     * always; LIKE when the pattern is a parameter (the access checks a bound pattern that is not a
     * plain prefix itself, see {@code NodesTable}) or a literal whose only wildcard is a final
     * {@code %}; page ranges never (the access reads a superset).
     */
    private static boolean answersExactly(String key, RexNode value) {
      if (key.endsWith(" LIKE")) {
        if (strip(value) instanceof RexDynamicParam) {
          return true;
        }
        if (!(strip(value) instanceof RexLiteral l) || l.getValueAs(String.class) == null) {
          return false;
        }
        String p = l.getValueAs(String.class);
        String head = p.substring(0, Math.max(0, p.length() - 1));
        return p.endsWith("%") && head.indexOf('%') < 0 && head.indexOf('_') < 0 && head.indexOf('\\') < 0;
      }
      return !key.endsWith("<=") && !key.endsWith(">=");
    }

    private static RexNode strip(RexNode e) {
      return e.getKind() == SqlKind.CAST ? strip(((RexCall) e).getOperands().get(0)) : e;
    }
  }

  /** Project (optionally over a filter) over a scan: read only the columns used. */
  private static final class ProjectRule extends RelOptRule {
    private final boolean withFilter;

    ProjectRule(boolean withFilter) {
      super(withFilter
          ? operand(LogicalProject.class, operand(LogicalFilter.class, operand(TreeStoreScan.class, none())))
          : operand(LogicalProject.class, operand(TreeStoreScan.class, none())),
          withFilter ? "TreeStoreProjectFilterRule" : "TreeStoreProjectRule");
      this.withFilter = withFilter;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      LogicalFilter filter = withFilter ? call.rel(1) : null;
      TreeStoreScan scan = call.rel(withFilter ? 2 : 1);
      RexNode condition = filter == null ? null : filter.getCondition();
      if (filter != null && scan.accessPath().isFull() && scan.fetch == null) {
        // Choose the index access here too, so that key columns the access answers exactly need
        // not be produced (the filter rule alone would narrow the scan before dropping them).
        IndexChoice choice = IndexChoice.of(filter, scan);
        if (choice != null) {
          scan = choice.scan;
          condition = choice.residual.isEmpty() ? null
              : RexUtil.composeConjunction(filter.getCluster().getRexBuilder(), choice.residual);
        }
      }
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), condition);
      int width = scan.getRowType().getFieldCount();
      if (used.cardinality() == width) {
        return; // every column is needed already
      }
      int[] projection = new int[used.cardinality()];
      Mapping mapping = Mappings.create(MappingType.INVERSE_SURJECTION, width, projection.length);
      int j = 0;
      for (int i : used) {
        projection[j] = tableColumn(scan, i);
        mapping.set(i, j);
        j++;
      }
      RelNode input = scan.withProjection(projection);
      RexPermuteInputsShuttle shuttle = new RexPermuteInputsShuttle(mapping, input);
      if (condition != null) {
        input = LogicalFilter.create(input, condition.accept(shuttle));
      }
      List<RexNode> exprs = new ArrayList<>();
      for (RexNode e : project.getProjects()) {
        exprs.add(e.accept(shuttle));
      }
      if (condition == null && RexUtil.isIdentity(exprs, input.getRowType())
          && input.getRowType().getFieldNames().equals(project.getRowType().getFieldNames())) {
        call.transformTo(input);
      } else {
        call.transformTo(LogicalProject.create(input, project.getHints(), exprs, project.getRowType()));
      }
    }
  }

  /** LIMIT over a scan whose order satisfies the sort (or no sort): the scan stops early. */
  private static final class LimitRule extends RelOptRule {
    LimitRule() {
      super(operand(Sort.class, operand(TreeStoreScan.class, none())), "TreeStoreLimitRule");
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
      Sort sort = call.rel(0);
      TreeStoreScan scan = call.rel(1);
      if (sort.fetch == null || sort.offset != null || scan.fetch != null || !TreeStoreScan.isValue(sort.fetch)) {
        return false;
      }
      RelCollation wanted = sort.getCollation();
      return wanted.getFieldCollations().isEmpty() || scan.getTraitSet().getCollation().satisfies(wanted);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Sort sort = call.rel(0);
      TreeStoreScan scan = call.rel(1);
      call.transformTo(scan.withFetch(sort.fetch));
    }
  }

  /**
   * Inner join whose right side is a full scan of a TreeStore table and whose equi-conditions bind
   * the keys of one of its accesses (e.g. {@code nodes} on (doc_id, node_id)): an index
   * nested-loop join, so {@code paths JOIN nodes} costs in proportion to the answer. The join
   * condition stays in a filter above (equality re-checked per row: cheap, and exact whatever the
   * access returns).
   */
  private static final class LookupJoinRule extends RelOptRule {
    private final boolean withProject;

    LookupJoinRule(boolean withProject) {
      // The right input is often a projection of the scan (field trimming runs before this
      // planner); the projection's input is then the scan, visible to the operand.
      super(withProject
          ? operand(LogicalJoin.class, operand(RelNode.class, any()),
              operand(LogicalProject.class, operand(TreeStoreScan.class, none())))
          : operand(LogicalJoin.class, operand(RelNode.class, any()), operand(TreeStoreScan.class, none())),
          withProject ? "TreeStoreLookupJoinProjectRule" : "TreeStoreLookupJoinRule");
      this.withProject = withProject;
    }

    @Override
    public boolean matches(RelOptRuleCall call) {
      LogicalJoin join = call.rel(0);
      TreeStoreScan scan = call.rel(withProject ? 3 : 2);
      return join.getJoinType() == JoinRelType.INNER && scan.accessPath().isFull() && scan.fetch == null;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalJoin join = call.rel(0);
      TreeStoreScan scan = call.rel(withProject ? 3 : 2);
      // The table column behind each field of the join's right input.
      int width = join.getRight().getRowType().getFieldCount();
      int[] rightColumns = new int[width];
      for (int i = 0; i < width; i++) {
        if (withProject) {
          RexNode e = ((LogicalProject) call.rel(2)).getProjects().get(i);
          if (!(e instanceof RexInputRef ref)) {
            return;
          }
          rightColumns[i] = tableColumn(scan, ref.getIndex());
        } else {
          rightColumns[i] = tableColumn(scan, i);
        }
      }
      JoinInfo info = join.analyzeCondition();
      Map<String, Integer> bound = new HashMap<>();
      for (int i = 0; i < info.leftKeys.size(); i++) {
        String column = scan.treeTable.columns().get(rightColumns[info.rightKeys.get(i)]).name();
        bound.putIfAbsent(column, info.leftKeys.get(i));
      }
      List<Access> accesses = scan.treeTable.accesses();
      int best = -1;
      for (int i = 1; i < accesses.size(); i++) {
        if (bound.keySet().containsAll(accesses.get(i).keys())
            && (best < 0 || accesses.get(i).rows() < accesses.get(best).rows())) {
          best = i;
        }
      }
      if (best < 0) {
        return;
      }
      List<String> keys = accesses.get(best).keys();
      int[] leftKeys = new int[keys.size()];
      for (int i = 0; i < leftKeys.length; i++) {
        leftKeys[i] = bound.get(keys.get(i));
      }
      RelNode left = convert(join.getLeft(), join.getLeft().getTraitSet().replace(EnumerableConvention.INSTANCE));
      TreeStoreScan lookup = TreeStoreScan.create(scan.getCluster(), scan.getTable(), scan.treeTable, best, List.of(),
          rightColumns, null);
      call.transformTo(LogicalFilter.create(TreeStoreLookupJoin.create(left, lookup, leftKeys), join.getCondition()));
    }
  }
}
