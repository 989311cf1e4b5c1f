package org.treestore.sql.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;

/**
 * The prepared statement handed to applications: Calcite's, checked and translated as
 * {@link TreeStoreStatement} says, with TreeStore's {@code ResultSetMetaData}.
 */
final class TreeStorePreparedStatement extends TreeStoreStatement implements PreparedStatement {
  private final PreparedStatement p;

  TreeStorePreparedStatement(PreparedStatement delegate, Connection connection) {
    super(delegate, connection);
    this.p = delegate;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    check();
    try {
      ResultSetMetaData m = p.getMetaData();
      return m == null ? null : QueryResultMetaData.wrap(m, p);
    } catch (SQLException | RuntimeException e) {
      throw JdbcErrors.translate(e);
    }
  }

  // ---- plain delegation, checked and translated ----

  @Override
  public boolean execute() throws SQLException {
    check();
    try { return p.execute(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBoolean(int a0, boolean a1) throws SQLException {
    check();
    try { p.setBoolean(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setByte(int a0, byte a1) throws SQLException {
    check();
    try { p.setByte(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setShort(int a0, short a1) throws SQLException {
    check();
    try { p.setShort(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setInt(int a0, int a1) throws SQLException {
    check();
    try { p.setInt(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setLong(int a0, long a1) throws SQLException {
    check();
    try { p.setLong(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setFloat(int a0, float a1) throws SQLException {
    check();
    try { p.setFloat(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setDouble(int a0, double a1) throws SQLException {
    check();
    try { p.setDouble(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setURL(int a0, java.net.URL a1) throws SQLException {
    check();
    try { p.setURL(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setArray(int a0, Array a1) throws SQLException {
    check();
    try { p.setArray(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setTime(int a0, Time a1, java.util.Calendar a2) throws SQLException {
    check();
    try { p.setTime(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setTime(int a0, Time a1) throws SQLException {
    check();
    try { p.setTime(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setDate(int a0, Date a1, java.util.Calendar a2) throws SQLException {
    check();
    try { p.setDate(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setDate(int a0, Date a1) throws SQLException {
    check();
    try { p.setDate(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    check();
    try { return results(p.executeQuery()); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public int executeUpdate() throws SQLException {
    check();
    try { return p.executeUpdate(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNull(int a0, int a1) throws SQLException {
    check();
    try { p.setNull(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNull(int a0, int a1, String a2) throws SQLException {
    check();
    try { p.setNull(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    check();
    try { p.setBigDecimal(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setString(int a0, String a1) throws SQLException {
    check();
    try { p.setString(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBytes(int a0, byte[] a1) throws SQLException {
    check();
    try { p.setBytes(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1, java.util.Calendar a2) throws SQLException {
    check();
    try { p.setTimestamp(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1) throws SQLException {
    check();
    try { p.setTimestamp(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1) throws SQLException {
    check();
    try { p.setAsciiStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    check();
    try { p.setAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setAsciiStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    check();
    try { p.setAsciiStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setUnicodeStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    check();
    try { p.setUnicodeStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1) throws SQLException {
    check();
    try { p.setBinaryStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, long a2) throws SQLException {
    check();
    try { p.setBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBinaryStream(int a0, java.io.InputStream a1, int a2) throws SQLException {
    check();
    try { p.setBinaryStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void clearParameters() throws SQLException {
    check();
    try { p.clearParameters(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setObject(int a0, Object a1) throws SQLException {
    check();
    try { p.setObject(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
    check();
    try { p.setObject(a0, a1, a2, a3); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
    check();
    try { p.setObject(a0, a1, a2, a3); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setObject(int a0, Object a1, SQLType a2) throws SQLException {
    check();
    try { p.setObject(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setObject(int a0, Object a1, int a2) throws SQLException {
    check();
    try { p.setObject(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void addBatch() throws SQLException {
    check();
    try { p.addBatch(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, int a2) throws SQLException {
    check();
    try { p.setCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    check();
    try { p.setCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    check();
    try { p.setCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setRef(int a0, Ref a1) throws SQLException {
    check();
    try { p.setRef(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBlob(int a0, Blob a1) throws SQLException {
    check();
    try { p.setBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1) throws SQLException {
    check();
    try { p.setBlob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setBlob(int a0, java.io.InputStream a1, long a2) throws SQLException {
    check();
    try { p.setBlob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setClob(int a0, Clob a1) throws SQLException {
    check();
    try { p.setClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    check();
    try { p.setClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setClob(int a0, java.io.Reader a1) throws SQLException {
    check();
    try { p.setClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    check();
    try { return p.getParameterMetaData(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setRowId(int a0, RowId a1) throws SQLException {
    check();
    try { p.setRowId(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNString(int a0, String a1) throws SQLException {
    check();
    try { p.setNString(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1) throws SQLException {
    check();
    try { p.setNCharacterStream(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNCharacterStream(int a0, java.io.Reader a1, long a2) throws SQLException {
    check();
    try { p.setNCharacterStream(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1, long a2) throws SQLException {
    check();
    try { p.setNClob(a0, a1, a2); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNClob(int a0, java.io.Reader a1) throws SQLException {
    check();
    try { p.setNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setNClob(int a0, NClob a1) throws SQLException {
    check();
    try { p.setNClob(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public void setSQLXML(int a0, SQLXML a1) throws SQLException {
    check();
    try { p.setSQLXML(a0, a1); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    check();
    try { return p.executeLargeUpdate(); } catch (SQLException | RuntimeException e) { throw JdbcErrors.translate(e); }
  }
}
