package org.treestore.sql.plancache;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.runtime.Bindable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.plancache.LiteralExtractor.Literal;

/**
 * A prepared plan held by the {@link PlanCache}, detached from the connection that prepared it.
 *
 * <p>Calcite's {@link CalcitePrepare.CalciteSignature} carries, besides the compiled code, the
 * root schema of the preparing connection (generated code finds TreeStore's tables through
 * {@code DataContext.getRootSchema()}, so that schema decides which connection's transaction a run
 * reads in) and the row limit of {@code Statement.setMaxRows}. A cached plan keeps neither: each
 * run gets a {@link Bound} signature with the running connection's root schema, its own row limit
 * and its literal values. That is what makes one plan valid for every connection of the database,
 * and keeps a closed connection's session from being held by the cache.
 *
 * <p>The compiled {@link Bindable} is read from the signature's private field by reflection
 * (Calcite offers no getter); should that fail with a future Calcite, plans keep a reference to
 * the original signature instead (correct, but a cached plan then pins its first connection's
 * schema objects until it is evicted).
 */
public final class CachedPlan {
  private static final @Nullable Field BINDABLE = bindableField();

  private final CalcitePrepare.CalciteSignature<Object> template;
  private final Bindable<Object> bindable;

  private CachedPlan(CalcitePrepare.CalciteSignature<Object> prepared) {
    this.bindable = bindableOf(prepared);
    this.template = new CalcitePrepare.CalciteSignature<>(prepared.sql, prepared.parameters,
        prepared.internalParameters, prepared.rowType, prepared.columns, prepared.cursorFactory, null,
        prepared.getCollationList(), -1, bindable, prepared.statementType);
  }

  /**
   * A plan from a signature Calcite prepared with no row limit ({@code maxRowCount} -1), or null
   * when the statement must not be cached: DDL (Calcite runs it while preparing, so a cached plan
   * would skip it) and anything else that is not a query or DML.
   */
  public static @Nullable CachedPlan of(CalcitePrepare.CalciteSignature<Object> prepared) {
    Meta.StatementType type = prepared.statementType;
    if (type == null) {
      return null;
    }
    return switch (type) {
      case SELECT, INSERT, UPDATE, DELETE, UPSERT, MERGE, OTHER_DML, IS_DML -> new CachedPlan(prepared);
      default -> null;
    };
  }

  /** The statement's parameters ({@code ?} of the parameterized text) with the types Calcite inferred. */
  public List<AvaticaParameter> parameters() {
    return template.parameters;
  }

  /**
   * Whether literals of these kinds can stand for the parameters at all (see {@link #bind}); a
   * parameterized text whose plan fails this is never used.
   */
  public boolean accepts(List<Literal> literals) {
    List<AvaticaParameter> ps = template.parameters;
    if (ps.size() != literals.size()) {
      return false;
    }
    for (int i = 0; i < ps.size(); i++) {
      if (!accepts(ps.get(i).parameterType, literals.get(i).kind())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Which parameter types give a literal of each kind the same meaning it has in the text. The
   * parameter's type comes from the context ({@code depth = ?} is INTEGER), the literal's from
   * itself ({@code 2.5} is DECIMAL(2, 1)), and the result type of an expression follows from its
   * operands' types: {@code depth / 2.0} is a DECIMAL division, {@code depth / ?} an INTEGER one.
   * So a string must meet VARCHAR, an integer INTEGER, BIGINT or DOUBLE (where Calcite would widen
   * it anyway), a decimal or approximate number DOUBLE. DECIMAL parameters are refused: their scale
   * would change the scale of results.
   */
  private static boolean accepts(int sqlType, LiteralExtractor.LiteralKind kind) {
    return switch (kind) {
      case STRING -> sqlType == Types.VARCHAR;
      case INTEGER -> sqlType == Types.INTEGER || sqlType == Types.BIGINT || sqlType == Types.DOUBLE
          || sqlType == Types.FLOAT;
      case DECIMAL, APPROXIMATE -> sqlType == Types.DOUBLE || sqlType == Types.FLOAT;
    };
  }

  /**
   * The parameter values for these literals, or null when one of them does not fit its parameter
   * (a string longer than the VARCHAR, an integer out of the INTEGER range, an integer a DOUBLE
   * cannot hold exactly): such a statement runs from its exact text instead.
   */
  public @Nullable List<TypedValue> bind(List<Literal> literals) {
    List<AvaticaParameter> ps = template.parameters;
    if (!accepts(literals)) {
      return null;
    }
    List<TypedValue> values = new ArrayList<>(literals.size());
    for (int i = 0; i < literals.size(); i++) {
      TypedValue v = value(ps.get(i), literals.get(i));
      if (v == null) {
        return null;
      }
      values.add(v);
    }
    return values;
  }

  private static @Nullable TypedValue value(AvaticaParameter p, Literal lit) {
    String s = lit.value();
    switch (lit.kind()) {
      case STRING:
        // Calcite reports an unbounded VARCHAR with a large precision; a literal longer than a
        // bounded one would compare differently as a parameter.
        return p.precision > 0 && s.length() > p.precision ? null : TypedValue.ofLocal(ColumnMetaData.Rep.STRING, s);
      case INTEGER: {
        BigInteger n = new BigInteger(s);
        if (p.parameterType == Types.INTEGER) {
          return n.bitLength() < 32 ? TypedValue.ofLocal(ColumnMetaData.Rep.INTEGER, n.intValue()) : null;
        }
        if (p.parameterType == Types.BIGINT) {
          return n.bitLength() < 64 ? TypedValue.ofLocal(ColumnMetaData.Rep.LONG, n.longValue()) : null;
        }
        // DOUBLE: exact up to 2^53; beyond that the literal (a BIGINT or DECIMAL) would round differently.
        return n.bitLength() <= 53 ? TypedValue.ofLocal(ColumnMetaData.Rep.DOUBLE, n.doubleValue()) : null;
      }
      case DECIMAL:
        // As Calcite casts a DECIMAL literal to DOUBLE.
        return TypedValue.ofLocal(ColumnMetaData.Rep.DOUBLE, new BigDecimal(s).doubleValue());
      case APPROXIMATE:
        return TypedValue.ofLocal(ColumnMetaData.Rep.DOUBLE, Double.parseDouble(s));
      default:
        return null;
    }
  }

  /**
   * The signature for one run: this plan with the running connection's root schema, the
   * statement's own text and row limit ({@code -1}: none), and the literal values as parameter
   * values. The statement itself has no parameters, so none are declared.
   */
  public Bound bound(String sql, CalciteSchema rootSchema, long maxRowCount, List<TypedValue> literalValues) {
    return new Bound(this, sql, rootSchema, maxRowCount, literalValues);
  }

  /** The signature of one run of a cached plan; it carries the literal values the run binds. */
  public static final class Bound extends CalcitePrepare.CalciteSignature<Object> {
    private final List<TypedValue> literalValues;

    Bound(CachedPlan plan, String sql, CalciteSchema rootSchema, long maxRowCount, List<TypedValue> literalValues) {
      super(sql, List.of(), plan.template.internalParameters, plan.template.rowType, plan.template.columns,
          plan.template.cursorFactory, rootSchema, plan.template.getCollationList(), maxRowCount, plan.bindable,
          plan.template.statementType);
      this.literalValues = literalValues;
    }

    /** The values of the literals that stand for the plan's parameters (empty for an exact-text plan). */
    public List<TypedValue> literalValues() {
      return literalValues;
    }
  }

  @SuppressWarnings("unchecked")
  private static Bindable<Object> bindableOf(CalcitePrepare.CalciteSignature<Object> prepared) {
    if (BINDABLE != null) {
      try {
        Object b = BINDABLE.get(prepared);
        if (b != null) {
          return (Bindable<Object>) b;
        }
      } catch (IllegalAccessException | RuntimeException e) {
        // fall through to the wrapping bindable
      }
    }
    return prepared::enumerable;
  }

  private static @Nullable Field bindableField() {
    try {
      Field f = CalcitePrepare.CalciteSignature.class.getDeclaredField("bindable");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
