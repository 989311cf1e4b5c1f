package org.treestore.grammar.search;

import java.util.List;
import java.util.StringJoiner;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Writes queries back in query syntax, for logs, for "did you mean" rewrites and for tests.
 *
 * <p>For every tree {@link QueryParser} produces, parsing the output gives an equal tree. Output
 * is canonical rather than what the user typed: explicit {@code OR} and {@code AND}, {@code -} for
 * NOT, field scopes on each leaf, filters first. Trees built by hand that are not in the parser's
 * normal form (see {@link QueryNode}) are written as well as they can be but may not parse back to
 * the same tree.
 */
public final class QueryFormatter {

  private QueryFormatter() {}

  /** The query in query syntax; {@code ""} for an empty query. */
  public static String format(SearchQuery query) {
    StringJoiner parts = new StringJoiner(" ");
    if (query.docFilter() != null) {
      parts.add("doc:" + bareOrQuoted(query.docFilter()));
    }
    if (query.underFilter() != null) {
      parts.add("under:" + bareOrQuoted(query.underFilter()));
    }
    if (query.root() != null) {
      parts.add(format(query.root()));
    }
    return parts.toString();
  }

  /**
   * The query tree in query syntax.
   *
   * @throws IllegalArgumentException if a term or prefix cannot be written as one (it contains
   *     white space or syntax, or reads as an operator or a scope), which a parsed tree never has
   */
  public static String format(QueryNode node) {
    StringBuilder sb = new StringBuilder();
    orLevel(node, sb);
    return sb.toString();
  }

  // One method per precedence level: a node is put in parentheses only where its own operator
  // binds less tightly than the level it is written at.

  private static void orLevel(QueryNode node, StringBuilder sb) {
    if (node instanceof OrQuery or) {
      join(or.clauses(), " OR ", sb, QueryFormatter::andLevel);
    } else {
      andLevel(node, sb);
    }
  }

  private static void andLevel(QueryNode node, StringBuilder sb) {
    if (node instanceof AndQuery and) {
      join(and.clauses(), " AND ", sb, QueryFormatter::unaryLevel);
    } else {
      unaryLevel(node, sb);
    }
  }

  private static void unaryLevel(QueryNode node, StringBuilder sb) {
    if (node instanceof NotQuery not) {
      sb.append('-');
      primary(not.clause(), sb);
    } else {
      primary(node, sb);
    }
  }

  private static void primary(QueryNode node, StringBuilder sb) {
    if (node instanceof TermQuery term) {
      if (!isBare(term.text(), SearchQueryParser.TERM)) {
        throw new IllegalArgumentException("cannot be written as a term: " + term.text());
      }
      sb.append(term);
    } else if (node instanceof PrefixQuery prefix) {
      if (!isBare(prefix.prefix() + "*", SearchQueryParser.PREFIX)) {
        throw new IllegalArgumentException("cannot be written as a prefix: " + prefix.prefix());
      }
      sb.append(prefix);
    } else if (node instanceof PhraseQuery phrase) {
      sb.append(phrase);
    } else {
      sb.append('(');
      orLevel(node, sb);
      sb.append(')');
    }
  }

  private interface Level {
    void write(QueryNode node, StringBuilder sb);
  }

  private static void join(List<QueryNode> clauses, String operator, StringBuilder sb, Level level) {
    for (int i = 0; i < clauses.size(); i++) {
      if (i > 0) {
        sb.append(operator);
      }
      level.write(clauses.get(i), sb);
    }
  }

  private static String bareOrQuoted(String value) {
    return isBare(value, SearchQueryParser.TERM) ? value : PhraseQuery.quote(value);
  }

  /** Whether the grammar's own lexer reads {@code text} as exactly one token of {@code type}. */
  private static boolean isBare(String text, int type) {
    SearchQueryLexer lexer = new SearchQueryLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    List<? extends Token> tokens = lexer.getAllTokens();
    return tokens.size() == 1
        && tokens.get(0).getType() == type
        && tokens.get(0).getText().equals(text);
  }
}
