package org.apache.calcite.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Iterator;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's result set, with {@code getObject} and {@code getString} answered straight from the
 * current row where the row already holds what JDBC returns (strings, integers, doubles, longs,
 * booleans). Avatica goes through a per-column accessor, a type switch and a getter for every
 * value, each a call site that sees many classes: profiled at a third of a 10-row {@code SELECT *}.
 * Other types (timestamps, which rows hold as numbers) and other getters go through Avatica.
 *
 * <p>How the row is seen: {@link TreeStoreMeta} wraps the statement's rows in a {@link RowTap}
 * that remembers the row the cursor last took, and hands it to the result set being executed on
 * the same thread ({@link TreeStoreMeta#takeTap}). A result set without a tap (rows of another
 * shape) answers everything through Avatica.
 */
public final class RowResultSet extends CalciteResultSet {
  private static volatile boolean enabled = true;

  /** Turns answering from the row on or off (tests compare both); returns the previous setting. */
  public static boolean setEnabled(boolean on) {
    boolean was = enabled;
    enabled = on;
    return was;
  }

  private @Nullable RowTap tap;
  /** Per column (0-based): whether the row's value is the JDBC object. */
  private boolean[] direct = new boolean[0];
  /** Whether the last getter was answered from the row, and whether its value was null. */
  private boolean answered;
  private boolean lastNull;

  RowResultSet(AvaticaStatement statement, CalcitePrepare.CalciteSignature<?> signature,
      ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, signature, metaData, timeZone, firstFrame);
  }

  @Override
  protected CalciteResultSet execute() throws SQLException {
    CalciteResultSet r = super.execute();
    tap = TreeStoreMeta.takeTap(statement.connection);
    direct = new boolean[columnMetaDataList.size()];
    for (int i = 0; i < direct.length; i++) {
      ColumnMetaData c = columnMetaDataList.get(i);
      switch (c.type.id) {
        case Types.VARCHAR, Types.CHAR, Types.BOOLEAN, Types.DOUBLE -> direct[i] = true;
        case Types.INTEGER, Types.BIGINT -> direct[i] = c.signed;
        default -> direct[i] = false;
      }
    }
    return r;
  }

  /** The value of column {@code column} (1-based) of the current row, or {@link RowTap#NONE}. */
  private Object fromRow(int column) throws SQLException {
    RowTap t = tap;
    if (t == null || !enabled || column < 1 || column > direct.length || !direct[column - 1] || isClosed()) {
      return RowTap.NONE;
    }
    return t.value(column - 1);
  }

  @Override
  public Object getObject(int column) throws SQLException {
    Object v = fromRow(column);
    if (v == RowTap.NONE) {
      answered = false;
      return super.getObject(column);
    }
    answered = true;
    lastNull = v == null;
    return v;
  }

  @Override
  public String getString(int column) throws SQLException {
    Object v = fromRow(column);
    if (v == RowTap.NONE || (v != null && !(v instanceof String))) {
      answered = false;
      return super.getString(column);
    }
    answered = true;
    lastNull = v == null;
    return (String) v;
  }

  @Override
  public boolean wasNull() throws SQLException {
    if (answered) {
      checkOpen();
      return lastNull;
    }
    return super.wasNull();
  }

  /**
   * A statement's rows, remembering the one last handed out: {@code Object[]} rows (several
   * columns) or bare values (one column), as Calcite's cursor factory says.
   */
  static final class RowTap implements Iterable<Object> {
    /** Not a value: "ask Avatica". */
    static final Object NONE = new Object();
    private final Iterable<Object> rows;
    private final boolean arrays;
    private Object current = NONE;

    RowTap(Iterable<Object> rows, boolean arrays) {
      this.rows = rows;
      this.arrays = arrays;
    }

    /** Column {@code i} (0-based) of the current row, or {@link #NONE} when there is no current row. */
    Object value(int i) {
      Object row = current;
      if (row == NONE) {
        return NONE;
      }
      if (!arrays) {
        return i == 0 ? row : NONE;
      }
      Object[] a = (Object[]) row;
      return i < a.length ? a[i] : NONE;
    }

    @Override
    public Iterator<Object> iterator() {
      Iterator<Object> it = rows.iterator();
      current = NONE;
      return new Tapped(it);
    }

    /**
     * The rows' iterator, noting the current row. It must stay {@link AutoCloseable} like the
     * iterator it wraps: Avatica's cursor closes an iterator only if it is one, and closing is what
     * closes the statement's scans and gives their snapshot back (a wrapper that hid it leaked one
     * open transaction per execution).
     */
    private final class Tapped implements Iterator<Object>, AutoCloseable {
      private final Iterator<Object> it;

      Tapped(Iterator<Object> it) {
        this.it = it;
      }

      @Override
      public boolean hasNext() {
        if (it.hasNext()) {
          return true;
        }
        current = NONE; // after the last row: no current row, Avatica reports the error
        return false;
      }

      @Override
      public Object next() {
        Object row = it.next();
        current = row;
        return row;
      }

      @Override
      public void close() throws Exception {
        current = NONE;
        if (it instanceof AutoCloseable c) {
          c.close();
        }
      }
    }
  }
}
