package org.treestore.grammar.search;

import java.util.Objects;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * Parses search queries (the language is described in {@code docs/search-query.md}).
 *
 * <p>Stateless and thread-safe. Parsing is strict: the first mistake throws, nothing is guessed
 * or skipped, and nothing is printed.
 */
public final class QueryParser {

  /**
   * Deepest nesting of parentheses accepted. The parser recurses per level, so without a bound a
   * query of many thousand '(' would end in a StackOverflowError instead of a syntax error.
   */
  public static final int MAX_DEPTH = 100;

  private QueryParser() {}

  /**
   * Parses one query.
   *
   * @param text the query as typed; empty or only white space gives an empty query ({@link
   *     SearchQuery#isEmpty()}), not an error
   * @return the query tree, in the normal form described at {@link QueryNode}
   * @throws QuerySyntaxException if the text is not a valid query, naming the position and what
   *     was expected there
   */
  public static SearchQuery parse(String text) {
    Objects.requireNonNull(text, "text");
    SearchQueryLexer lexer = new SearchQueryLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners(); // the lexer has no errors (see the grammar); never print anyway
    CommonTokenStream tokens = new CommonTokenStream(lexer);
    checkDepth(text, tokens);
    SearchQueryParser parser = new SearchQueryParser(tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(new SyntaxErrors(text, tokens));
    return new QueryBuilder(text).build(parser.query());
  }

  private static void checkDepth(String text, CommonTokenStream tokens) {
    tokens.fill();
    int depth = 0;
    for (Token token : tokens.getTokens()) {
      if (token.getType() == SearchQueryParser.LPAREN && ++depth > MAX_DEPTH) {
        String expected = "at most " + MAX_DEPTH + " nested parentheses";
        throw new QuerySyntaxException(SyntaxErrors.offset(text, token.getStartIndex()), expected,
            "expected " + expected + ", found more");
      }
      if (token.getType() == SearchQueryParser.RPAREN && depth > 0) {
        depth--;
      }
    }
  }
}
