package org.treestore.cli;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a result set for people ({@link Format#TABLE}: a boxed table, numbers right-aligned, NULL
 * spelled out, line breaks shown as spaces, a row count) or for programs ({@link Format#CSV} per
 * RFC 4180 and {@link Format#TSV}, with a header line and values as they are).
 *
 * <p>A table needs every width before its first line, so its rows are held in memory; CSV and TSV
 * stream. A maximum column width cuts longer values with an ellipsis (the demo uses it; one-shot
 * SQL prints values whole by default).
 */
final class ResultPrinter {
  /** How rows are written. */
  enum Format { TABLE, CSV, TSV }

  private final PrintStream out;
  private final Format format;
  private final int maxWidth;

  ResultPrinter(PrintStream out, Format format, int maxWidth) {
    this.out = out;
    this.format = format;
    this.maxWidth = maxWidth;
  }

  /** Prints the rows and returns how many there were. */
  long print(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String[] names = new String[n];
    boolean[] numeric = new boolean[n];
    for (int i = 0; i < n; i++) {
      names[i] = md.getColumnLabel(i + 1);
      numeric[i] = isNumeric(md.getColumnType(i + 1));
    }
    return format == Format.TABLE ? table(rs, names, numeric) : delimited(rs, names);
  }

  /** Prints the outcome of a statement that returned no rows. */
  void printUpdateCount(long count) {
    if (format == Format.TABLE) {
      out.println(count == 1 ? "1 row affected" : count + " rows affected");
    }
  }

  private long table(ResultSet rs, String[] names, boolean[] numeric) throws SQLException {
    int n = names.length;
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = width(names[i] = clip(names[i]));
    }
    List<String[]> rows = new ArrayList<>();
    while (rs.next()) {
      String[] row = new String[n];
      for (int i = 0; i < n; i++) {
        String v = rs.getString(i + 1);
        row[i] = v == null ? "NULL" : clip(flatten(v));
        widths[i] = Math.max(widths[i], width(row[i]));
      }
      rows.add(row);
    }
    String rule = rule(widths);
    out.println(rule);
    line(names, widths, new boolean[n]);
    out.println(rule);
    for (String[] row : rows) {
      line(row, widths, numeric);
    }
    out.println(rule);
    out.println(rows.size() == 1 ? "(1 row)" : "(" + rows.size() + " rows)");
    return rows.size();
  }

  private long delimited(ResultSet rs, String[] names) throws SQLException {
    char sep = format == Format.CSV ? ',' : '\t';
    int n = names.length;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : sep).append(field(names[i]));
    }
    out.println(b);
    long count = 0;
    while (rs.next()) {
      b.setLength(0);
      for (int i = 0; i < n; i++) {
        String v = rs.getString(i + 1);
        b.append(i == 0 ? "" : sep).append(v == null ? "" : field(v));
      }
      out.println(b);
      count++;
    }
    return count;
  }

  private String field(String v) {
    if (format == Format.TSV) {
      // TSV has no quoting: tabs and line breaks inside a value would break the row.
      return v.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  private void line(String[] cells, int[] widths, boolean[] right) {
    StringBuilder b = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(widths[i] - width(cells[i]));
      b.append(' ').append(right[i] ? pad + cells[i] : cells[i] + pad).append(" |");
    }
    out.println(b);
  }

  private static String rule(int[] widths) {
    StringBuilder b = new StringBuilder("+");
    for (int w : widths) {
      b.append("-".repeat(w + 2)).append('+');
    }
    return b.toString();
  }

  private String clip(String v) {
    if (maxWidth <= 0 || width(v) <= maxWidth) {
      return v;
    }
    return v.substring(0, v.offsetByCodePoints(0, Math.max(1, maxWidth - 1))) + "…";
  }

  /** Line breaks and tabs would tear the table apart. */
  private static String flatten(String v) {
    StringBuilder b = null;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < ' ') {
        if (b == null) {
          b = new StringBuilder(v.substring(0, i));
        }
        b.append(' ');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? v : b.toString();
  }

  private static int width(String s) {
    return s.codePointCount(0, s.length());
  }

  private static boolean isNumeric(int type) {
    switch (type) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC:
        return true;
      default:
        return false;
    }
  }
}
