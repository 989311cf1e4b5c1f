package org.treestore.sql.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens, just far enough to rewrite it safely: string literals, quoted
 * identifiers, comments, numbers, words, parameters and punctuation are told apart, so a rewrite
 * never touches the inside of a string or a comment. It does not parse; unknown characters are
 * single-character punctuation. Follows PostgreSQL's lexical rules where Calcite's Babel parser
 * accepts them: {@code ''} inside strings, {@code ""} inside quoted identifiers, {@code --} and
 * {@code /* *}{@code /} comments, prefixed strings ({@code E'..'}, {@code N'..'}, {@code X'..'},
 * {@code U&'..'}), and {@code ::}.
 */
public final class SqlLexer {
  /** What a token is. */
  public enum Kind { SPACE, COMMENT, STRING, PREFIXED_STRING, QUOTED_IDENTIFIER, NUMBER, WORD, PARAMETER, SYMBOL }

  /** One token: {@code text.substring(start, end)}. */
  public record Token(Kind kind, int start, int end) {
    public String text(String sql) {
      return sql.substring(start, end);
    }
  }

  private SqlLexer() {}

  /** The tokens of {@code sql}, covering it completely (an unterminated string or comment runs to the end). */
  public static List<Token> tokens(String sql) {
    List<Token> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      Kind kind;
      if (Character.isWhitespace(c)) {
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
          i++;
        }
        kind = Kind.SPACE;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
        kind = Kind.COMMENT;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
        kind = Kind.COMMENT;
      } else if (c == '\'') {
        i = endOfQuoted(sql, i, '\'');
        kind = Kind.STRING;
      } else if (c == '"') {
        i = endOfQuoted(sql, i, '"');
        kind = Kind.QUOTED_IDENTIFIER;
      } else if (isPrefixedString(sql, i)) {
        i = endOfQuoted(sql, sql.indexOf('\'', i), '\'');
        kind = Kind.PREFIXED_STRING;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        i = endOfNumber(sql, i);
        kind = Kind.NUMBER;
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_' || sql.charAt(i) == '$')) {
          i++;
        }
        kind = Kind.WORD;
      } else if (c == '?') {
        i++;
        kind = Kind.PARAMETER;
      } else {
        i += (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') ? 2 : 1;
        kind = Kind.SYMBOL;
      }
      out.add(new Token(kind, start, i));
    }
    return out;
  }

  private static int endOfQuoted(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // doubled quote inside
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  private static boolean isPrefixedString(String sql, int i) {
    char c = Character.toUpperCase(sql.charAt(i));
    if ((c == 'E' || c == 'N' || c == 'X' || c == 'B') && i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
      return i == 0 || !isWordChar(sql.charAt(i - 1));
    }
    return c == 'U' && sql.startsWith("&'", i + 1) && (i == 0 || !isWordChar(sql.charAt(i - 1)));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  private static int endOfNumber(String sql, int i) {
    int n = sql.length();
    while (i < n && Character.isDigit(sql.charAt(i))) {
      i++;
    }
    if (i < n && sql.charAt(i) == '.' && !(i + 1 < n && sql.charAt(i + 1) == '.')) {
      i++;
      while (i < n && Character.isDigit(sql.charAt(i))) {
        i++;
      }
    }
    if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
      int j = i + 1;
      if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
        j++;
      }
      if (j < n && Character.isDigit(sql.charAt(j))) {
        i = j;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
      }
    }
    return i;
  }
}
