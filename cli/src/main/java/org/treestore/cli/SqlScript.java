package org.treestore.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at the semicolons that end them, the way psql and sqlline
 * read scripts: a semicolon inside a string literal ({@code 'it''s; fine'}), a quoted identifier,
 * a {@code --} line comment or a {@code /* *&#47;} block comment does not end a statement. Each
 * statement keeps the line it starts on, for error messages. Comments and blank statements are
 * dropped; a last statement without a semicolon counts.
 */
final class SqlScript {
  /** One statement and the 1-based line of the script it starts on. */
  record Statement(String sql, int line) {}

  private SqlScript() {}

  static List<Statement> split(String script) {
    List<Statement> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int line = 1;
    int startLine = -1;
    int i = 0;
    int n = script.length();
    while (i < n) {
      char c = script.charAt(i);
      if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        while (i < n && script.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int end = script.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        for (int k = i; k < end; k++) {
          if (script.charAt(k) == '\n') {
            line++;
          }
        }
        current.append(' ');
        i = end;
        continue;
      }
      if (c == ';') {
        add(out, current, startLine);
        startLine = -1;
        i++;
        continue;
      }
      if (startLine < 0 && !Character.isWhitespace(c)) {
        startLine = line;
      }
      if (c == '\'' || c == '"') {
        // A quoted run ends at the next lone quote of the same kind; a doubled quote is an escape.
        int k = i + 1;
        while (k < n) {
          if (script.charAt(k) == c) {
            if (k + 1 < n && script.charAt(k + 1) == c) {
              k += 2;
              continue;
            }
            break;
          }
          k++;
        }
        int end = Math.min(k + 1, n);
        String quoted = script.substring(i, end);
        line += (int) quoted.chars().filter(ch -> ch == '\n').count();
        current.append(quoted);
        i = end;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      current.append(c);
      i++;
    }
    add(out, current, startLine);
    return out;
  }

  private static void add(List<Statement> out, StringBuilder current, int startLine) {
    String sql = current.toString().strip();
    if (!sql.isEmpty()) {
      out.add(new Statement(sql, startLine));
    }
    current.setLength(0);
  }
}
