package org.treestore.sql.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * The result set handed to applications: Calcite's, with every error turned into a typed
 * {@code SQLException} with a SQLState ({@link JdbcErrors}; Calcite lets runtime exceptions out of
 * {@code next()}), the statement that made it as {@code getStatement()}, and TreeStore's
 * {@code ResultSetMetaData}. Plain delegation rather than a reflective proxy like the other JDBC
 * objects, because a result set's getters are called once per column and row: a proxy added
 * about 15 % to a small query.
 */
final class TreeStoreResultSet implements ResultSet {
  private final ResultSet d;
  private final Statement statement;

  TreeStoreResultSet(ResultSet delegate, Statement statement) {
    this.d = delegate;
    this.statement = statement;
  }

  @Override
  public Statement getStatement() throws SQLException {
    if (statement != null) {
      return statement;
    }
    try {
      return d.getStatement();
    } catch (SQLException | RuntimeException e) {
      throw JdbcErrors.translate(e);
    }
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    try {
      return QueryResultMetaData.wrap(d.getMetaData(), d);
    } catch (SQLException | RuntimeException e) {
      throw JdbcErrors.translate(e);
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : d.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || d.isWrapperFor(iface);
  }

  // ---- plain delegation, errors translated ----

  @Override
  public boolean next() throws SQLException {
    if (statement != null && statement.isClosed()) {
      throw new java.sql.SQLNonTransientConnectionException("the result set is closed: its statement or connection "
          + "was closed", org.treestore.sql.SqlStates.CONNECTION_CLOSED);
    }
    try { return d.next(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void close() throws SQLException {
    try { d.close(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean wasNull() throws SQLException {
    try { return d.wasNull(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String getString(int a0) throws SQLException {
    try { return d.getString(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean getBoolean(int a0) throws SQLException {
    try { return d.getBoolean(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public byte getByte(int a0) throws SQLException {
    try { return d.getByte(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public short getShort(int a0) throws SQLException {
    try { return d.getShort(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getInt(int a0) throws SQLException {
    try { return d.getInt(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long getLong(int a0) throws SQLException {
    try { return d.getLong(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public float getFloat(int a0) throws SQLException {
    try { return d.getFloat(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public double getDouble(int a0) throws SQLException {
    try { return d.getDouble(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
    try { return d.getBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public byte[] getBytes(int a0) throws SQLException {
    try { return d.getBytes(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Date getDate(int a0) throws SQLException {
    try { return d.getDate(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Time getTime(int a0) throws SQLException {
    try { return d.getTime(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Timestamp getTimestamp(int a0) throws SQLException {
    try { return d.getTimestamp(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.InputStream getAsciiStream(int a0) throws SQLException {
    try { return d.getAsciiStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.InputStream getUnicodeStream(int a0) throws SQLException {
    try { return d.getUnicodeStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.InputStream getBinaryStream(int a0) throws SQLException {
    try { return d.getBinaryStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String getString(String a0) throws SQLException {
    try { return d.getString(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean getBoolean(String a0) throws SQLException {
    try { return d.getBoolean(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public byte getByte(String a0) throws SQLException {
    try { return d.getByte(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public short getShort(String a0) throws SQLException {
    try { return d.getShort(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getInt(String a0) throws SQLException {
    try { return d.getInt(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long getLong(String a0) throws SQLException {
    try { return d.getLong(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public float getFloat(String a0) throws SQLException {
    try { return d.getFloat(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public double getDouble(String a0) throws SQLException {
    try { return d.getDouble(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
    try { return d.getBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public byte[] getBytes(String a0) throws SQLException {
    try { return d.getBytes(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Date getDate(String a0) throws SQLException {
    try { return d.getDate(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Time getTime(String a0) throws SQLException {
    try { return d.getTime(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Timestamp getTimestamp(String a0) throws SQLException {
    try { return d.getTimestamp(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.InputStream getAsciiStream(String a0) throws SQLException {
    try { return d.getAsciiStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.InputStream getUnicodeStream(String a0) throws SQLException {
    try { return d.getUnicodeStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.InputStream getBinaryStream(String a0) throws SQLException {
    try { return d.getBinaryStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try { return d.getWarnings(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void clearWarnings() throws SQLException {
    try { d.clearWarnings(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String getCursorName() throws SQLException {
    try { return d.getCursorName(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Object getObject(int a0) throws SQLException {
    try { return d.getObject(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Object getObject(String a0) throws SQLException {
    try { return d.getObject(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int findColumn(String a0) throws SQLException {
    try { return d.findColumn(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.Reader getCharacterStream(int a0) throws SQLException {
    try { return d.getCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.Reader getCharacterStream(String a0) throws SQLException {
    try { return d.getCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(int a0) throws SQLException {
    try { return d.getBigDecimal(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.math.BigDecimal getBigDecimal(String a0) throws SQLException {
    try { return d.getBigDecimal(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    try { return d.isBeforeFirst(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    try { return d.isAfterLast(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isFirst() throws SQLException {
    try { return d.isFirst(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isLast() throws SQLException {
    try { return d.isLast(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void beforeFirst() throws SQLException {
    try { d.beforeFirst(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void afterLast() throws SQLException {
    try { d.afterLast(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean first() throws SQLException {
    try { return d.first(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean last() throws SQLException {
    try { return d.last(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getRow() throws SQLException {
    try { return d.getRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean absolute(int a0) throws SQLException {
    try { return d.absolute(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean relative(int a0) throws SQLException {
    try { return d.relative(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean previous() throws SQLException {
    try { return d.previous(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    try { d.setFetchDirection(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    try { return d.getFetchDirection(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    try { d.setFetchSize(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getFetchSize() throws SQLException {
    try { return d.getFetchSize(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getType() throws SQLException {
    try { return d.getType(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getConcurrency() throws SQLException {
    try { return d.getConcurrency(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    try { return d.rowUpdated(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean rowInserted() throws SQLException {
    try { return d.rowInserted(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    try { return d.rowDeleted(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNull(int a0) throws SQLException {
    try { d.updateNull(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBoolean(int a0, boolean a1) throws SQLException {
    try { d.updateBoolean(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateByte(int a0, byte a1) throws SQLException {
    try { d.updateByte(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateShort(int a0, short a1) throws SQLException {
    try { d.updateShort(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateInt(int a0, int a1) throws SQLException {
    try { d.updateInt(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateLong(int a0, long a1) throws SQLException {
    try { d.updateLong(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateFloat(int a0, float a1) throws SQLException {
    try { d.updateFloat(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateDouble(int a0, double a1) throws SQLException {
    try { d.updateDouble(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    try { d.updateBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateString(int a0, String a1) throws SQLException {
    try { d.updateString(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBytes(int a0, byte[] a1) throws SQLException {
    try { d.updateBytes(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateDate(int a0, Date a1) throws SQLException {
    try { d.updateDate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateTime(int a0, Time a1) throws SQLException {
    try { d.updateTime(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateTimestamp(int a0, Timestamp a1) throws SQLException {
    try { d.updateTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    try { d.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    try { d.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
    try { d.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateObject(int a0, Object a1, int a2) throws SQLException {
    try { d.updateObject(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateObject(int a0, Object a1) throws SQLException {
    try { d.updateObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNull(String a0) throws SQLException {
    try { d.updateNull(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBoolean(String a0, boolean a1) throws SQLException {
    try { d.updateBoolean(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateByte(String a0, byte a1) throws SQLException {
    try { d.updateByte(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateShort(String a0, short a1) throws SQLException {
    try { d.updateShort(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateInt(String a0, int a1) throws SQLException {
    try { d.updateInt(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateLong(String a0, long a1) throws SQLException {
    try { d.updateLong(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateFloat(String a0, float a1) throws SQLException {
    try { d.updateFloat(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateDouble(String a0, double a1) throws SQLException {
    try { d.updateDouble(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
    try { d.updateBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateString(String a0, String a1) throws SQLException {
    try { d.updateString(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBytes(String a0, byte[] a1) throws SQLException {
    try { d.updateBytes(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateDate(String a0, Date a1) throws SQLException {
    try { d.updateDate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateTime(String a0, Time a1) throws SQLException {
    try { d.updateTime(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateTimestamp(String a0, Timestamp a1) throws SQLException {
    try { d.updateTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
    try { d.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws SQLException {
    try { d.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws SQLException {
    try { d.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateObject(String a0, Object a1, int a2) throws SQLException {
    try { d.updateObject(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateObject(String a0, Object a1) throws SQLException {
    try { d.updateObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void insertRow() throws SQLException {
    try { d.insertRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateRow() throws SQLException {
    try { d.updateRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void deleteRow() throws SQLException {
    try { d.deleteRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void refreshRow() throws SQLException {
    try { d.refreshRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    try { d.cancelRowUpdates(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    try { d.moveToInsertRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    try { d.moveToCurrentRow(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Object getObject(int a0, java.util.Map<String, Class<?>> a1) throws SQLException {
    try { return d.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Ref getRef(int a0) throws SQLException {
    try { return d.getRef(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Blob getBlob(int a0) throws SQLException {
    try { return d.getBlob(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Clob getClob(int a0) throws SQLException {
    try { return d.getClob(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Array getArray(int a0) throws SQLException {
    try { return d.getArray(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Object getObject(String a0, java.util.Map<String, Class<?>> a1) throws SQLException {
    try { return d.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Ref getRef(String a0) throws SQLException {
    try { return d.getRef(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Blob getBlob(String a0) throws SQLException {
    try { return d.getBlob(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Clob getClob(String a0) throws SQLException {
    try { return d.getClob(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Array getArray(String a0) throws SQLException {
    try { return d.getArray(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Date getDate(int a0, java.util.Calendar a1) throws SQLException {
    try { return d.getDate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Date getDate(String a0, java.util.Calendar a1) throws SQLException {
    try { return d.getDate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Time getTime(int a0, java.util.Calendar a1) throws SQLException {
    try { return d.getTime(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Time getTime(String a0, java.util.Calendar a1) throws SQLException {
    try { return d.getTime(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Timestamp getTimestamp(int a0, java.util.Calendar a1) throws SQLException {
    try { return d.getTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public Timestamp getTimestamp(String a0, java.util.Calendar a1) throws SQLException {
    try { return d.getTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.net.URL getURL(int a0) throws SQLException {
    try { return d.getURL(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.net.URL getURL(String a0) throws SQLException {
    try { return d.getURL(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateRef(int a0, Ref a1) throws SQLException {
    try { d.updateRef(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateRef(String a0, Ref a1) throws SQLException {
    try { d.updateRef(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBlob(int a0, Blob a1) throws SQLException {
    try { d.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBlob(String a0, Blob a1) throws SQLException {
    try { d.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateClob(int a0, Clob a1) throws SQLException {
    try { d.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateClob(String a0, Clob a1) throws SQLException {
    try { d.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateArray(int a0, Array a1) throws SQLException {
    try { d.updateArray(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateArray(String a0, Array a1) throws SQLException {
    try { d.updateArray(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public RowId getRowId(int a0) throws SQLException {
    try { return d.getRowId(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public RowId getRowId(String a0) throws SQLException {
    try { return d.getRowId(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateRowId(int a0, RowId a1) throws SQLException {
    try { d.updateRowId(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateRowId(String a0, RowId a1) throws SQLException {
    try { d.updateRowId(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int getHoldability() throws SQLException {
    try { return d.getHoldability(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public boolean isClosed() throws SQLException {
    // Closing a statement or connection closes its result sets.
    try { return d.isClosed() || (statement != null && statement.isClosed()); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNString(int a0, String a1) throws SQLException {
    try { d.updateNString(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNString(String a0, String a1) throws SQLException {
    try { d.updateNString(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNClob(int a0, NClob a1) throws SQLException {
    try { d.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNClob(String a0, NClob a1) throws SQLException {
    try { d.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public NClob getNClob(int a0) throws SQLException {
    try { return d.getNClob(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public NClob getNClob(String a0) throws SQLException {
    try { return d.getNClob(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public SQLXML getSQLXML(int a0) throws SQLException {
    try { return d.getSQLXML(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public SQLXML getSQLXML(String a0) throws SQLException {
    try { return d.getSQLXML(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateSQLXML(int a0, SQLXML a1) throws SQLException {
    try { d.updateSQLXML(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateSQLXML(String a0, SQLXML a1) throws SQLException {
    try { d.updateSQLXML(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String getNString(int a0) throws SQLException {
    try { return d.getNString(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public String getNString(String a0) throws SQLException {
    try { return d.getNString(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.Reader getNCharacterStream(int a0) throws SQLException {
    try { return d.getNCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public java.io.Reader getNCharacterStream(String a0) throws SQLException {
    try { return d.getNCharacterStream(a0); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateNCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateNCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try { d.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try { d.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try { d.updateAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try { d.updateBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
    try { d.updateBlob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBlob(String a0, java.io.InputStream a1, long a2) throws SQLException {
    try { d.updateBlob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateClob(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateNClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNClob(String a0, java.io.Reader a1, long a2) throws SQLException {
    try { d.updateNClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    try { d.updateNCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNCharacterStream(String a0, java.io.Reader a1) throws SQLException {
    try { d.updateNCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
    try { d.updateAsciiStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
    try { d.updateBinaryStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    try { d.updateCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateAsciiStream(String a0, java.io.InputStream a1) throws SQLException {
    try { d.updateAsciiStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBinaryStream(String a0, java.io.InputStream a1) throws SQLException {
    try { d.updateBinaryStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateCharacterStream(String a0, java.io.Reader a1) throws SQLException {
    try { d.updateCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBlob(int a0, java.io.InputStream a1) throws SQLException {
    try { d.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateBlob(String a0, java.io.InputStream a1) throws SQLException {
    try { d.updateBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateClob(int a0, java.io.Reader a1) throws SQLException {
    try { d.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateClob(String a0, java.io.Reader a1) throws SQLException {
    try { d.updateClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNClob(int a0, java.io.Reader a1) throws SQLException {
    try { d.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void updateNClob(String a0, java.io.Reader a1) throws SQLException {
    try { d.updateNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public <T> T getObject(int a0, Class<T> a1) throws SQLException {
    try { return d.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public <T> T getObject(String a0, Class<T> a1) throws SQLException {
    try { return d.getObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }
}
