package org.treestore.sql.text;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;

/**
 * Lets TreeStore's own column and function names that the SQL parser reserves (such as
 * {@code ordinal}) be written unquoted, as the SQL contract uses them: before parsing, an
 * unquoted word that is one of these names, not followed by {@code (} (a function call such as
 * {@code ORDINAL(1)} keeps its keyword), is rewritten as a quoted lower-case identifier. The set
 * is computed from the parser's own reserved-word list, so it follows the parser.
 */
public final class ReservedNames {
  private static final Set<String> QUOTED;

  static {
    List<String> names = List.of("doc_id", "node_id", "parent_id", "ordinal", "depth", "path", "title", "start_page",
        "end_page", "span_end", "summary", "text", "metadata", "ancestor_id", "distance", "rel_depth", "score", "rank",
        "source", "description", "node_count", "tree", "created_at", "documents", "nodes", "children", "paths");
    SqlAbstractParserImpl.Metadata md =
        SqlBabelParserImpl.FACTORY.getParser(new java.io.StringReader("")).getMetadata();
    Set<String> reserved = new TreeSet<>();
    for (String n : names) {
      if (md.isReservedWord(n.toUpperCase(Locale.ROOT))) {
        reserved.add(n);
      }
    }
    QUOTED = Set.copyOf(reserved);
  }

  private ReservedNames() {}

  /** The names that are rewritten (for the docs and tests). */
  public static Set<String> quoted() {
    return QUOTED;
  }

  /** {@code sql} with TreeStore's reserved names quoted; the same string when there is nothing to do. */
  public static String quote(String sql) {
    if (QUOTED.isEmpty()) {
      return sql;
    }
    List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
    StringBuilder out = null;
    int copied = 0;
    for (int t = 0; t < tokens.size(); t++) {
      SqlLexer.Token tok = tokens.get(t);
      if (tok.kind() != SqlLexer.Kind.WORD) {
        continue;
      }
      String lower = tok.text(sql).toLowerCase(Locale.ROOT);
      if (!QUOTED.contains(lower) || nextIsOpenParen(sql, tokens, t)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(sql.length() + 8);
      }
      out.append(sql, copied, tok.start()).append('"').append(lower).append('"');
      copied = tok.end();
    }
    return out == null ? sql : out.append(sql, copied, sql.length()).toString();
  }

  private static boolean nextIsOpenParen(String sql, List<SqlLexer.Token> tokens, int t) {
    for (int i = t + 1; i < tokens.size(); i++) {
      SqlLexer.Token k = tokens.get(i);
      if (k.kind() == SqlLexer.Kind.SPACE || k.kind() == SqlLexer.Kind.COMMENT) {
        continue;
      }
      return k.kind() == SqlLexer.Kind.SYMBOL && sql.charAt(k.start()) == '(';
    }
    return false;
  }
}
