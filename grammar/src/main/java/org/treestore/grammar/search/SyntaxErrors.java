package org.treestore.grammar.search;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The parser's error strategy: the first error throws a {@link QuerySyntaxException} worded for
 * people. ANTLR's default would report to stderr and recover, parsing a query the user did not
 * write.
 */
final class SyntaxErrors extends DefaultErrorStrategy {

  static final String CLAUSE = "a term, a phrase or '('";
  static final String CLAUSE_OR_END = "a term, a phrase, '(' or end of query";
  static final String DOC_ID = "a document id (a term or a quoted string)";
  static final String PATH = "a path like /0001/0003";

  private static final int MAX_SHOWN = 30;

  private final String text;
  private final TokenStream tokens;

  SyntaxErrors(String text, TokenStream tokens) {
    this.text = text;
    this.tokens = tokens;
  }

  // Generated rules call reportError, then recover; recoverInline is for a failed match().
  @Override
  public void reportError(Parser parser, RecognitionException e) {
    throw error(parser, e);
  }

  @Override
  public void recover(Parser parser, RecognitionException e) {
    throw error(parser, e);
  }

  @Override
  public Token recoverInline(Parser parser) {
    throw error(parser, new InputMismatchException(parser));
  }

  @Override
  public void sync(Parser parser) {
    // Errors are found where a token is matched, which is where the best message is known.
  }

  private QuerySyntaxException error(Parser parser, RecognitionException e) {
    Token found = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
    IntervalSet expected = e.getExpectedTokens();
    int index = found.getTokenIndex();
    Token before = index > 0 ? tokens.get(index - 1) : null;
    int type = found.getType();

    switch (type) {
      case SearchQueryParser.UNCLOSED_PHRASE:
        int quote = offset(text, found.getStartIndex());
        return new QuerySyntaxException(text.length(), "a closing '\"'",
            "expected a closing '\"', found end of query (the phrase that starts at position "
                + quote + " is never closed; write \\\" for a quote inside a phrase)");
      // The other lexical mistakes have one fix each, whatever the parser expected there.
      case SearchQueryParser.LONE_STAR:
        return lexical(found, "a term before '*'", "a prefix search is written like pipe*");
      case SearchQueryParser.MISPLACED_STAR:
        return lexical(found, "'*' only at the end of a term",
            "a prefix search is written like pipe*; '*' inside a term is not supported");
      case SearchQueryParser.LONE_MINUS:
        return lexical(found, "a term, a phrase or '(' right after '-'",
            "to exclude something, write '-' right before it, as in -copper");
      default:
        break;
    }

    int beforeType = before == null ? Token.INVALID_TYPE : before.getType();
    String what;
    String hint = hint(type, before);
    if (beforeType == SearchQueryParser.DOC) {
      what = DOC_ID;
    } else if (beforeType == SearchQueryParser.UNDER) {
      what = PATH;
    } else if (expected.contains(Token.EOF)) {
      what = CLAUSE_OR_END; // between items at the top level
      if (type == SearchQueryParser.RPAREN) {
        hint = "there is no '(' to close";
      }
    } else if (expected.contains(SearchQueryParser.RPAREN)
        && !expected.contains(SearchQueryParser.TERM)) {
      what = "')'";
      if (hint == null) {
        hint = "to close the '(' at position " + openParen(parser);
      }
    } else if (expected.contains(SearchQueryParser.TERM)) {
      what = CLAUSE;
    } else {
      what = expected.toString(parser.getVocabulary()); // not reached by this grammar
    }

    String after = before == null ? "" : " after " + show(before.getText());
    return at(found, what, "expected " + what + after + ", found " + describe(found)
        + (hint == null ? "" : " (" + hint + ")"));
  }

  private QuerySyntaxException lexical(Token found, String what, String hint) {
    return at(found, what, "expected " + what + ", found " + describe(found) + " (" + hint + ")");
  }

  private QuerySyntaxException at(Token found, String what, String detail) {
    return new QuerySyntaxException(offset(text, found.getStartIndex()), what, detail);
  }

  /** Advice for a token that is wrong where it stands, or null. */
  private String hint(int type, Token before) {
    switch (type) {
      case SearchQueryParser.AND:
      case SearchQueryParser.OR:
        if (isFilterValue(before)) {
          return "filters apply to the whole query and cannot be joined with AND or OR";
        }
        return "AND and OR go between two terms; to search for the word, write it in quotes";
      case SearchQueryParser.DOC:
      case SearchQueryParser.UNDER:
        return "doc: and under: apply to the whole query: write them at the top level, outside"
            + " parentheses, without NOT, '-', AND or OR";
      default:
        return null;
    }
  }

  private boolean isFilterValue(Token token) {
    if (token == null || token.getTokenIndex() == 0) {
      return false;
    }
    int previous = tokens.get(token.getTokenIndex() - 1).getType();
    return previous == SearchQueryParser.DOC || previous == SearchQueryParser.UNDER;
  }

  /** The position of the '(' whose group the parser is in. */
  private int openParen(Parser parser) {
    for (ParseTree node = parser.getContext(); node != null; node = node.getParent()) {
      if (node instanceof SearchQueryParser.GroupContext group) {
        return offset(text, group.getStart().getStartIndex());
      }
    }
    return -1; // not reached: ')' is only expected inside a group
  }

  private static String describe(Token token) {
    if (token.getType() == Token.EOF) {
      return "end of query";
    }
    if (token.getType() == SearchQueryParser.LONE_MINUS) {
      return "'-' followed by a space";
    }
    return show(token.getText());
  }

  /** The text in quotes, shortened so that a long phrase does not swamp the message. */
  static String show(String tokenText) {
    int count = tokenText.codePointCount(0, tokenText.length());
    if (count > MAX_SHOWN) {
      tokenText = tokenText.substring(0, tokenText.offsetByCodePoints(0, MAX_SHOWN)) + "...";
    }
    return "'" + tokenText + "'";
  }

  /** ANTLR counts code points; positions reported to users count chars, as Java strings do. */
  static int offset(String text, int codePointIndex) {
    int count = text.codePointCount(0, text.length());
    return text.offsetByCodePoints(0, Math.min(codePointIndex, count));
  }
}
