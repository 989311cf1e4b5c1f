package org.apache.calcite.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.server.CalciteServerStatement;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;
import org.treestore.sql.plancache.CachedPlan;
import org.treestore.sql.plancache.LiteralExtractor;
import org.treestore.sql.plancache.PlanCache;
import org.treestore.sql.schema.TreeStoreSchema;

/**
 * Calcite's connection metadata and statement entry points with TreeStore's transactions and
 * error states. It lives in Calcite's package because {@link CalciteMetaImpl}'s constructor takes
 * the package-private connection class (a split package: fine on the class path, not as a JPMS
 * module).
 *
 * <p>Autocommit, read-only, commit and rollback go to the connection's {@link SqlSession}.
 * Errors from preparing or running a statement are translated to {@link SqlStateException}s
 * (SQLState classes 42, 22, 23, 25, 40, 08, XX) where their cause is known.
 *
 * <p><b>Plan cache.</b> Calcite prepares every {@code Statement.execute} from scratch (parse,
 * validate, plan, generate and compile code: 1-10 ms). Here a plain statement's text goes through
 * {@link LiteralExtractor}, and its plan comes from the database's {@link PlanCache}: first under
 * the text with literals replaced by {@code ?} (so {@code doc_id = 'd7'} and {@code doc_id = 'd8'}
 * share a plan and the literals are bound as parameter values), else under the exact text. A miss
 * prepares the parameterized text; if that fails, or the parameter types Calcite infers differ
 * from the literals' own types, the text is marked and the exact text is prepared and cached
 * instead. Each run gets a signature with this connection's root schema ({@link CachedPlan}), so
 * a plan prepared on one connection reads in the transaction of whichever connection runs it.
 * Prepared statements ({@code Connection.prepareStatement}) never go through here: they keep their
 * own plan. Connection properties: {@code plan_cache_size} (entries, default
 * {@value PlanCache#DEFAULT_CAPACITY}; 0 turns the cache off for the connection) and
 * {@code plan_cache_parameterize} ({@code false}: cache exact texts only).
 */
public final class TreeStoreMeta extends CalciteMetaImpl {
  /** See {@link #takeTap}. A connection runs one statement at a time on one thread. */
  private RowResultSet.@Nullable RowTap lastTap;
  /** Connection properties that do not change how SQL is parsed or planned (left out of the cache key). */
  private static final java.util.Set<String> NOT_PLANNING = java.util.Set.of("treestore.location", "user",
      "password", "cache_size", "durability", "read_only", "plan_cache_size", "plan_cache_parameterize");

  /**
   * Longer texts are prepared and run without being kept: the cache counts entries, not bytes, and
   * a huge text (a long IN list, many VALUES rows) is rarely repeated. Literals do not count, as
   * they are not part of a parameterized key: an INSERT of a large document is cached.
   */
  private static final int MAX_CACHED_TEXT = 16 * 1024;

  /** The plan cache this connection uses; resolved on the first statement (the schema exists only after init). */
  private @Nullable PlanCache planCache;
  private boolean planCacheResolved;
  private boolean parameterize = true;
  /** The connection settings that shape plans, as one string, part of every cache key. */
  private String settings = "";

  private TreeStoreMeta(CalciteConnectionImpl connection) {
    super(connection, CalciteMetaTableFactoryImpl.INSTANCE, CalciteMetaColumnFactoryImpl.INSTANCE);
  }

  /** The meta of a connection made by Calcite's driver machinery (a {@code CalciteConnectionImpl}). */
  public static Meta create(org.apache.calcite.avatica.AvaticaConnection connection) {
    return new TreeStoreMeta((CalciteConnectionImpl) connection);
  }

  private SqlSession session() {
    return TreeStoreSchema.session(getConnection().getRootSchema());
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    ConnectionProperties result = super.connectionSync(ch, connProps);
    if (connProps.isAutoCommit() != null) {
      run(() -> session().setAutoCommit(connProps.isAutoCommit()));
    }
    if (connProps.isReadOnly() != null) {
      run(() -> session().setReadOnly(connProps.isReadOnly()));
    }
    return result;
  }

  @Override
  public void commit(ConnectionHandle ch) {
    run(() -> session().commit());
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    run(() -> session().rollback());
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    try {
      return super.prepare(ch, sql, maxRowCount);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    try {
      resetCancel(h);
      PlanCache cache = planCache();
      if (cache != null) {
        LiteralExtractor.Result x = parameterize ? LiteralExtractor.extract(sql) : exactOnly(sql);
        if (x.mode() != LiteralExtractor.Mode.NONE) {
          return executeCached(cache, h, sql, x, maxRowCount, callback);
        }
      }
      // Not cached here (DDL, a text with ?, the cache off): nor as a prepared plan.
      NoSuchStatementException[] missing = {null};
      ExecuteResult r = org.treestore.sql.TreeStorePrepare.forStatement(() -> {
        try {
          return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
        } catch (NoSuchStatementException e) {
          missing[0] = e;
          return null;
        }
      });
      if (missing[0] != null) {
        throw missing[0];
      }
      return r;
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  private static LiteralExtractor.Result exactOnly(String sql) {
    LiteralExtractor.Result x = LiteralExtractor.extract(sql);
    return x.mode() == LiteralExtractor.Mode.PARAMETERIZE ? new LiteralExtractor.Result(LiteralExtractor.Mode.EXACT,
        sql, List.of()) : x;
  }

  /** What {@code CalciteMetaImpl.prepareAndExecute} does, with the signature taken from the cache. */
  private ExecuteResult executeCached(PlanCache cache, StatementHandle h, String sql, LiteralExtractor.Result x,
      long maxRowCount, PrepareCallback callback) throws NoSuchStatementException {
    try {
      final CalcitePrepare.CalciteSignature<Object> signature;
      final int updateCount;
      synchronized (callback.getMonitor()) {
        callback.clear();
        CalciteServerStatement statement = getConnection().server.getStatement(h);
        signature = cachedSignature(cache, statement, sql, x, maxRowCount);
        statement.setSignature(signature);
        switch (signature.statementType) {
          case CREATE, DROP, ALTER, OTHER_DDL -> updateCount = 0; // DDL produces no result set
          default -> updateCount = -1; // a query or DML produces a result set
        }
        callback.assign(signature, null, updateCount);
      }
      callback.execute();
      MetaResultSet rs = MetaResultSet.create(h.connectionId, h.id, false, signature, null, updateCount);
      return new ExecuteResult(List.of(rs));
    } catch (SQLException e) {
      throw new RuntimeException(e);
    }
  }

  private CalcitePrepare.CalciteSignature<Object> cachedSignature(PlanCache cache, CalciteServerStatement statement,
      String sql, LiteralExtractor.Result x, long maxRowCount) {
    CalciteConnectionImpl connection = getConnection();
    String schema = String.valueOf(connProps.getSchema());
    if (!x.literals().isEmpty() && x.text().length() <= MAX_CACHED_TEXT) {
      PlanCache.Key key = new PlanCache.Key(true, x.text(), x.kinds(), schema, settings);
      Object entry = cache.get(key);
      if (entry == null) {
        entry = prepareParameterized(statement, x);
        cache.put(key, entry);
      }
      if (entry instanceof CachedPlan plan) {
        List<TypedValue> values = plan.bind(x.literals());
        if (values != null) {
          return plan.bound(sql, connection.rootSchema, maxRowCount, values);
        }
      }
      // Not parameterizable, or these literals do not fit the parameters: the exact text's plan.
    }
    PlanCache.Key key = new PlanCache.Key(false, sql, "", schema, settings);
    Object entry = cache.get(key);
    if (entry instanceof CachedPlan plan) {
      return plan.bound(sql, connection.rootSchema, maxRowCount, List.of());
    }
    CalcitePrepare.CalciteSignature<Object> prepared = org.treestore.sql.TreeStorePrepare.forStatement(
        () -> connection.parseQuery(CalcitePrepare.Query.of(sql), statement.createPrepareContext(), -1));
    CachedPlan plan = CachedPlan.of(prepared);
    if (plan == null) {
      // Not cacheable (DDL, already run by preparing it); a statement without a result set.
      return prepared;
    }
    if (sql.length() <= MAX_CACHED_TEXT) {
      cache.put(key, plan);
    }
    return plan.bound(sql, connection.rootSchema, maxRowCount, List.of());
  }

  /** The plan of the parameterized text, or {@link PlanCache#NOT_PARAMETERIZABLE}. */
  private Object prepareParameterized(CalciteServerStatement statement, LiteralExtractor.Result x) {
    CalcitePrepare.CalciteSignature<Object> prepared;
    try {
      prepared = org.treestore.sql.TreeStorePrepare.forStatement(
          () -> getConnection().parseQuery(CalcitePrepare.Query.of(x.text()), statement.createPrepareContext(), -1));
    } catch (RuntimeException | AssertionError e) {
      // A ? where Calcite wants a literal or cannot infer a type ("SELECT ?", "? = ?", "THEN ? ELSE ?"),
      // or a text that is wrong anyway: the exact text will tell.
      return PlanCache.NOT_PARAMETERIZABLE;
    }
    CachedPlan plan = CachedPlan.of(prepared);
    return plan != null && plan.accepts(x.literals()) ? plan : PlanCache.NOT_PARAMETERIZABLE;
  }

  /**
   * Run time of a cached plan: a plain statement has no parameter values of its own, so the values
   * of the literals its plan took out are bound instead (for result sets, update counts, batches).
   */
  @Override
  Iterable<Object> _createIterable(StatementHandle handle, Signature signature,
      @Nullable List<TypedValue> parameterValues, @Nullable Frame firstFrame) {
    Iterable<Object> rows;
    if (signature instanceof CachedPlan.Bound b && (parameterValues == null || parameterValues.isEmpty())) {
      rows = super._createIterable(handle, signature, b.literalValues(), firstFrame);
    } else {
      rows = super._createIterable(handle, signature, parameterValues, firstFrame);
    }
    if (signature.statementType == null || !signature.statementType.canUpdate()) {
      rows = limited(rows, maxRows(handle));
    }
    Meta.Style style = signature.cursorFactory == null ? null : signature.cursorFactory.style;
    if (style == Meta.Style.ARRAY || style == Meta.Style.OBJECT) {
      RowResultSet.RowTap tap = new RowResultSet.RowTap(rows, style == Meta.Style.ARRAY);
      lastTap = tap;
      return tap;
    }
    lastTap = null;
    return rows;
  }

  /**
   * The statement's {@code setMaxRows} limit now (0: none). Calcite applies the limit it was given
   * when it prepared, so a limit set on a PreparedStatement after {@code prepareStatement} was
   * ignored; it is read at each execution instead.
   */
  private long maxRows(StatementHandle handle) {
    org.apache.calcite.avatica.AvaticaStatement st = getConnection().statementMap.get(handle.id);
    try {
      return st == null ? 0 : st.getLargeMaxRows();
    } catch (java.sql.SQLException e) {
      return 0; // a closed statement: its execution fails elsewhere
    }
  }

  /** At most {@code max} of {@code rows} (all when {@code max} is 0), still closing the rows' iterator. */
  private static Iterable<Object> limited(Iterable<Object> rows, long max) {
    if (max <= 0) {
      return rows;
    }
    return () -> new LimitedIterator(rows.iterator(), max);
  }

  /** The first rows of an iterator; closing it closes the wrapped one (which releases the scans). */
  private static final class LimitedIterator implements java.util.Iterator<Object>, AutoCloseable {
    private final java.util.Iterator<Object> it;
    private long left;

    LimitedIterator(java.util.Iterator<Object> it, long max) {
      this.it = it;
      this.left = max;
    }

    @Override
    public boolean hasNext() {
      return left > 0 && it.hasNext();
    }

    @Override
    public Object next() {
      if (left <= 0) {
        throw new java.util.NoSuchElementException();
      }
      left--;
      return it.next();
    }

    @Override
    public void close() throws Exception {
      if (it instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  /**
   * The rows {@link #_createIterable} made last on this connection, for the result set that is
   * executing them (the same thread, within its {@code execute}); null if none or already taken.
   */
  static RowResultSet.@Nullable RowTap takeTap(org.apache.calcite.avatica.AvaticaConnection connection) {
    if (!(connection instanceof TreeStoreJdbcFactory.Connection c) || !(c.meta() instanceof TreeStoreMeta m)) {
      return null;
    }
    RowResultSet.RowTap t = m.lastTap;
    m.lastTap = null;
    return t;
  }

  /** The cache and options of this connection, read from its properties on first use. */
  /**
   * The plan cache and settings key for a connection with these properties, for plans of
   * {@code PreparedStatement}s (see {@code TreeStorePrepare}); null when the cache is off.
   */
  public static PlanCache.@Nullable Key preparedKey(String sql, String schema, Properties props) {
    StringBuilder b = new StringBuilder();
    Map<String, String> byLowerName = new TreeMap<>();
    for (String k : props.stringPropertyNames()) {
      byLowerName.put(k.toLowerCase(Locale.ROOT), props.getProperty(k));
    }
    if ("0".equals(byLowerName.getOrDefault("plan_cache_size", "").trim())) {
      return null;
    }
    for (Map.Entry<String, String> e : byLowerName.entrySet()) {
      if (!NOT_PLANNING.contains(e.getKey())) {
        b.append(e.getKey()).append('=').append(e.getValue()).append(';');
      }
    }
    return sql.length() > MAX_CACHED_TEXT ? null : new PlanCache.Key(false, "PREPARE " + sql, "", schema, b.toString());
  }

  private @Nullable PlanCache planCache() {
    if (planCacheResolved) {
      return planCache;
    }
    Properties props = getConnection().getProperties();
    Map<String, String> byLowerName = new TreeMap<>();
    for (String k : props.stringPropertyNames()) {
      byLowerName.put(k.toLowerCase(Locale.ROOT), props.getProperty(k));
    }
    int size = PlanCache.DEFAULT_CAPACITY;
    String s = byLowerName.get("plan_cache_size");
    if (s != null) {
      try {
        size = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new SqlStateException("22023", "plan_cache_size '" + s + "' is not a number of entries");
      }
      if (size < 0) {
        throw new SqlStateException("22023", "plan_cache_size must be 0 (off) or more: " + s);
      }
    }
    parameterize = !"false".equalsIgnoreCase(byLowerName.getOrDefault("plan_cache_parameterize", "true").trim());
    // Quoting other than double quotes (brackets, back-ticks) is beyond the lexer: exact texts only.
    String quoting = byLowerName.get("quoting");
    if (quoting != null && !quoting.trim().equalsIgnoreCase("DOUBLE_QUOTE")) {
      parameterize = false;
    }
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> e : byLowerName.entrySet()) {
      if (!NOT_PLANNING.contains(e.getKey())) {
        b.append(e.getKey()).append('=').append(e.getValue()).append(';');
      }
    }
    settings = b.toString();
    planCache = size == 0 ? null : PlanCache.forDatabase(session().database(), size);
    planCacheResolved = true;
    return planCache;
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    try {
      resetCancel(h);
      return super.execute(h, parameterValues, maxRowsInFirstFrame);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  /**
   * A new execution starts uncanceled: Avatica sets a statement's cancel flag on {@code cancel()}
   * and never clears it, which would fail every later execution of the statement.
   */
  private void resetCancel(StatementHandle h) {
    try {
      getConnection().getCancelFlag(h).set(false);
    } catch (NoSuchStatementException e) {
      // not a statement of this connection: the execution itself will report it
    }
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount) throws NoSuchStatementException {
    try {
      return super.fetch(h, offset, fetchMaxRowCount);
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  private static void run(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      throw translated(e);
    }
  }

  private static RuntimeException translated(RuntimeException e) {
    SqlStateException s = SqlStates.translate(e);
    return s != null ? s : e;
  }
}
