package org.treestore.sql.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A small, read-only, in-memory {@link ResultSet} for the answers of
 * {@link TreeStoreDatabaseMetaData}: a fixed list of typed columns ({@link Shape}) and rows built
 * before it is handed out.
 *
 * <p>It is a dynamic proxy like the rest of the JDBC layer ({@link JdbcProxy}): a metadata result
 * set needs only the navigation and getter methods, and a proxy answers those with one switch
 * instead of 190 mostly-unsupported methods. Updates, streams and LOBs throw
 * {@link SQLFeatureNotSupportedException}. Values are stored already converted to the Java class
 * JDBC prescribes for the column's type (a SMALLINT column holds {@code Short}), so
 * {@code getObject} gives what a spec-following tool expects; the numeric and string getters
 * convert. Scrolling is allowed (the rows are in memory anyway), so the type is
 * {@code TYPE_SCROLL_INSENSITIVE}.
 */
final class MetaResultSet implements InvocationHandler {
  /** A result set's columns: names as the JDBC method's documentation spells them, and java.sql.Types. */
  static final class Shape {
    final List<String> names = new ArrayList<>();
    final List<Integer> types = new ArrayList<>();

    /** {@code of("TABLE_CAT", Types.VARCHAR, "KEY_SEQ", Types.SMALLINT, ...)}. */
    static Shape of(Object... nameTypePairs) {
      Shape s = new Shape();
      for (int i = 0; i < nameTypePairs.length; i += 2) {
        s.names.add((String) nameTypePairs[i]);
        s.types.add((Integer) nameTypePairs[i + 1]);
      }
      return s;
    }

    int width() {
      return names.size();
    }

    /** 1-based position of a column, or 0. JDBC column labels are case-insensitive. */
    int find(String label) {
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).equalsIgnoreCase(label)) {
          return i + 1;
        }
      }
      return 0;
    }
  }

  /** Collects the rows of one answer, then sorts them as the JDBC method prescribes. */
  static final class Builder {
    private final Shape shape;
    private final List<Object[]> rows = new ArrayList<>();

    Builder(Shape shape) {
      this.shape = shape;
    }

    /** Adds a row; values are given in column order and converted to their column's Java class. */
    Builder row(Object... values) {
      if (values.length != shape.width()) {
        throw new IllegalArgumentException("row of " + values.length + " values for " + shape.width() + " columns");
      }
      Object[] r = new Object[values.length];
      for (int i = 0; i < values.length; i++) {
        r[i] = normalize(values[i], shape.types.get(i));
      }
      rows.add(r);
      return this;
    }

    /** Sorts the rows by the named columns, NULL first (a null catalog sorts before any name). */
    Builder sortBy(String... columns) {
      Comparator<Object[]> order = null;
      for (String c : columns) {
        int i = shape.find(c) - 1;
        if (i < 0) {
          throw new IllegalArgumentException("no column " + c);
        }
        Comparator<Object[]> by = Comparator.comparing(r -> (Comparable<Object>) comparable(r[i]),
            Comparator.nullsFirst(Comparator.naturalOrder()));
        order = order == null ? by : order.thenComparing(by);
      }
      if (order != null) {
        rows.sort(order);
      }
      return this;
    }

    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Object v) {
      return (Comparable<Object>) v;
    }

    ResultSet build() {
      return (ResultSet) Proxy.newProxyInstance(MetaResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class},
          new MetaResultSet(shape, List.copyOf(rows)));
    }
  }

  static Builder builder(Shape shape) {
    return new Builder(shape);
  }

  /** A result set with the shape's columns and no rows: the answer where a feature is absent. */
  static ResultSet empty(Shape shape) {
    return builder(shape).build();
  }

  private static Object normalize(Object v, int type) {
    if (v == null) {
      return null;
    }
    switch (type) {
      case Types.SMALLINT:
        return ((Number) v).shortValue();
      case Types.INTEGER:
        return ((Number) v).intValue();
      case Types.BIGINT:
        return ((Number) v).longValue();
      case Types.BOOLEAN:
        return (Boolean) v;
      case Types.VARCHAR:
        return v.toString();
      default:
        return v;
    }
  }

  private final Shape shape;
  private final List<Object[]> rows;
  /** 0 before the first row, rows.size() + 1 after the last. */
  private int position;
  private boolean closed;
  private boolean lastWasNull;
  private int fetchSize;

  private MetaResultSet(Shape shape, List<Object[]> rows) {
    this.shape = shape;
    this.rows = rows;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (ProxyObjectMethods.handles(method)) {
      return ProxyObjectMethods.answer(proxy, method, args, "TreeStore metadata result set " + shape.names);
    }
    switch (name) {
      case "close":
        closed = true;
        return null;
      case "isClosed":
        return closed;
      case "unwrap":
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return proxy;
        }
        throw new SQLException("not a wrapper for " + args[0]);
      case "isWrapperFor":
        return ((Class<?>) args[0]).isInstance(proxy);
      default:
        break;
    }
    if (closed) {
      throw new SQLException("result set is closed", "24000");
    }
    switch (name) {
      case "getMetaData":
        return new Columns(shape);
      case "getStatement":
        return null; // metadata answers come from no statement
      case "getType":
        return ResultSet.TYPE_SCROLL_INSENSITIVE;
      case "getConcurrency":
        return ResultSet.CONCUR_READ_ONLY;
      case "getHoldability":
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
      case "getFetchDirection":
        return ResultSet.FETCH_FORWARD;
      case "setFetchDirection":
        return null;
      case "getFetchSize":
        return fetchSize;
      case "setFetchSize":
        fetchSize = (Integer) args[0];
        return null;
      case "getWarnings":
        return null;
      case "clearWarnings":
        return null;
      case "findColumn":
        return column(args[0]);
      case "wasNull":
        return lastWasNull;
      case "next":
        return moveTo(position + 1);
      case "previous":
        return moveTo(position - 1);
      case "first":
        return moveTo(1);
      case "last":
        return moveTo(rows.size());
      case "beforeFirst":
        position = 0;
        return null;
      case "afterLast":
        position = rows.size() + 1;
        return null;
      case "absolute": {
        int row = (Integer) args[0];
        return moveTo(row >= 0 ? row : rows.size() + 1 + row);
      }
      case "relative":
        return moveTo(position + (Integer) args[0]);
      case "getRow":
        return position >= 1 && position <= rows.size() ? position : 0;
      case "isBeforeFirst":
        return position == 0 && !rows.isEmpty();
      case "isAfterLast":
        return position > rows.size() && !rows.isEmpty();
      case "isFirst":
        return position == 1 && !rows.isEmpty();
      case "isLast":
        return position == rows.size() && !rows.isEmpty();
      default:
        break;
    }
    if (name.startsWith("get") && args != null && args.length >= 1
        && (args[0] instanceof Integer || args[0] instanceof String)) {
      Object v = value(column(args[0]));
      lastWasNull = v == null;
      return convert(v, name, method.getReturnType(), args);
    }
    throw new SQLFeatureNotSupportedException("ResultSet." + name + " is not supported on a TreeStore metadata result",
        "0A000");
  }

  private boolean moveTo(int row) {
    position = Math.max(0, Math.min(row, rows.size() + 1));
    return position >= 1 && position <= rows.size();
  }

  private int column(Object indexOrLabel) throws SQLException {
    int i = indexOrLabel instanceof Integer n ? n : shape.find((String) indexOrLabel);
    if (i < 1 || i > shape.width()) {
      throw new SQLException("no column " + indexOrLabel + " in " + shape.names, "42703");
    }
    return i;
  }

  private Object value(int column) throws SQLException {
    if (position < 1 || position > rows.size()) {
      throw new SQLException("the result set is not on a row", "24000");
    }
    return rows.get(position - 1)[column - 1];
  }

  /** The value as the getter's return type (JDBC: a NULL is 0 or false for primitives). */
  private static Object convert(Object v, String getter, Class<?> returns, Object[] args) throws SQLException {
    if (getter.equals("getObject") && args.length == 2 && args[1] instanceof Class<?> wanted) {
      returns = wanted;
    } else if (getter.equals("getObject") || getter.equals("getString")) {
      return getter.equals("getString") && v != null ? v.toString() : v;
    }
    if (v == null) {
      if (!returns.isPrimitive()) {
        return null;
      }
      return returns == boolean.class ? Boolean.FALSE : convert(0, "getNumber", returns, new Object[0]);
    }
    if (returns == String.class) {
      return v.toString();
    }
    if (returns == boolean.class || returns == Boolean.class) {
      if (v instanceof Boolean b) {
        return b;
      }
      if (v instanceof Number n) {
        return n.intValue() != 0;
      }
      String s = v.toString().trim().toLowerCase(Locale.ROOT);
      return s.equals("true") || s.equals("yes") || s.equals("1");
    }
    Number n;
    if (v instanceof Number num) {
      n = num;
    } else if (v instanceof Boolean b) {
      n = b ? 1 : 0;
    } else {
      try {
        n = new BigDecimal(v.toString().trim());
      } catch (NumberFormatException e) {
        throw new SQLException("'" + v + "' is not a number", "22018");
      }
    }
    if (returns == int.class || returns == Integer.class) {
      return n.intValue();
    }
    if (returns == long.class || returns == Long.class) {
      return n.longValue();
    }
    if (returns == short.class || returns == Short.class) {
      return n.shortValue();
    }
    if (returns == byte.class || returns == Byte.class) {
      return n.byteValue();
    }
    if (returns == double.class || returns == Double.class) {
      return n.doubleValue();
    }
    if (returns == float.class || returns == Float.class) {
      return n.floatValue();
    }
    if (returns == BigDecimal.class) {
      return new BigDecimal(n.toString());
    }
    if (returns.isInstance(v)) {
      return v;
    }
    throw new SQLFeatureNotSupportedException("cannot read a " + v.getClass().getSimpleName() + " as "
        + returns.getSimpleName(), "0A000");
  }

  /** The result set's own metadata: every column nullable, read-only, of no table. */
  private record Columns(Shape shape) implements ResultSetMetaData {
    @Override
    public int getColumnCount() {
      return shape.width();
    }

    @Override
    public boolean isAutoIncrement(int column) {
      return false;
    }

    @Override
    public boolean isCaseSensitive(int column) {
      return shape.types.get(column - 1) == Types.VARCHAR;
    }

    @Override
    public boolean isSearchable(int column) {
      return false;
    }

    @Override
    public boolean isCurrency(int column) {
      return false;
    }

    @Override
    public int isNullable(int column) {
      return columnNullable;
    }

    @Override
    public boolean isSigned(int column) {
      int t = shape.types.get(column - 1);
      return t == Types.SMALLINT || t == Types.INTEGER || t == Types.BIGINT;
    }

    @Override
    public int getColumnDisplaySize(int column) {
      return getPrecision(column);
    }

    @Override
    public String getColumnLabel(int column) {
      return shape.names.get(column - 1);
    }

    @Override
    public String getColumnName(int column) {
      return shape.names.get(column - 1);
    }

    @Override
    public String getSchemaName(int column) {
      return "";
    }

    @Override
    public int getPrecision(int column) {
      return switch (shape.types.get(column - 1)) {
        case Types.SMALLINT -> 5;
        case Types.INTEGER -> 10;
        case Types.BIGINT -> 19;
        case Types.BOOLEAN -> 1;
        default -> Integer.MAX_VALUE;
      };
    }

    @Override
    public int getScale(int column) {
      return 0;
    }

    @Override
    public String getTableName(int column) {
      return "";
    }

    @Override
    public String getCatalogName(int column) {
      return "";
    }

    @Override
    public int getColumnType(int column) {
      return shape.types.get(column - 1);
    }

    @Override
    public String getColumnTypeName(int column) {
      return switch (shape.types.get(column - 1)) {
        case Types.SMALLINT -> "SMALLINT";
        case Types.INTEGER -> "INTEGER";
        case Types.BIGINT -> "BIGINT";
        case Types.BOOLEAN -> "BOOLEAN";
        default -> "VARCHAR";
      };
    }

    @Override
    public boolean isReadOnly(int column) {
      return true;
    }

    @Override
    public boolean isWritable(int column) {
      return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) {
      return false;
    }

    @Override
    public String getColumnClassName(int column) {
      return switch (shape.types.get(column - 1)) {
        case Types.SMALLINT -> Short.class.getName();
        case Types.INTEGER -> Integer.class.getName();
        case Types.BIGINT -> Long.class.getName();
        case Types.BOOLEAN -> Boolean.class.getName();
        default -> String.class.getName();
      };
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }
  }
}
