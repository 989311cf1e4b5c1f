/*
 * The TreeStore search query language (user reference: docs/search-query.md).
 *
 * The parser only checks the form. QueryBuilder turns the parse tree into the query tree and
 * applies the rules a context-free grammar states badly: a '-x' clause excludes for its whole
 * sequence, every sequence needs a clause that is not negated, at most one filter of each kind,
 * the form of an under: path.
 *
 * The lexer never fails: characters that cannot be used become error tokens (UNCLOSED_PHRASE,
 * LONE_STAR, MISPLACED_STAR, LONE_MINUS, UNEXPECTED_CHAR) that no parser rule accepts, so every
 * mistake is reported by the parser, at its place in the text, in left-to-right order.
 */
grammar SearchQuery;

@lexer::members {
  /** Names that, followed by ':', start a field scope or a filter, and their token types. */
  private static final String[] SCOPE_NAMES = {"title:", "summary:", "text:", "doc:", "under:"};
  private static final int[] SCOPE_TYPES = {TITLE, SUMMARY, TEXT, DOC, UNDER};

  /**
   * Splits a scope name off the front of a term. Terms may contain ':' (URLs, times, foo:bar),
   * so longest match reads 'title:lead' as one term; this makes it 'title:' then 'lead'. Done
   * here rather than with a lexer predicate, which would keep ANTLR from caching its lexer DFA
   * and make every query about ten times slower to parse.
   */
  @Override
  public Token nextToken() {
    Token token = super.nextToken();
    int type = token.getType();
    if (type != TERM && type != PREFIX && type != MISPLACED_STAR) {
      return token;
    }
    String text = token.getText();
    for (int i = 0; i < SCOPE_NAMES.length; i++) {
      if (text.startsWith(SCOPE_NAMES[i])) {
        int start = token.getStartIndex();
        int end = start + SCOPE_NAMES[i].length(); // ASCII: chars are code points
        _input.seek(end); // the rest is lexed again by the next call
        _hitEOF = false; // set if the term reached the end; the rest has not been returned yet
        return _factory.create(_tokenFactorySourcePair, SCOPE_TYPES[i], null,
            DEFAULT_TOKEN_CHANNEL, start, end - 1, token.getLine(), token.getCharPositionInLine());
      }
    }
    return token;
  }
}

// ---- Parser ----

// Filters and clauses may be mixed at the top level; all clauses form one sequence.
query    : item* EOF ;

item     : filter
         | orChain
         ;

// OR and juxtaposition mean the same; a sequence is the list of every andChain in it.
orChain  : andChain (OR andChain)* ;

andChain : unary (AND unary)* ;

// NOT and '-' bind tightest and apply to one primary: no double negation.
unary    : op=(NOT | MINUS)? primary ;

primary  : field? (TERM | PHRASE | PREFIX | group) ;

group    : LPAREN orChain+ RPAREN ;

field    : TITLE | SUMMARY | TEXT ;

filter   : name=(DOC | UNDER) value=(TERM | PHRASE) ;

// ---- Lexer ----

// Operators are upper case only; 'and', 'or', 'not' (and 'ANDROID') are terms.
AND     : 'AND' ;
OR      : 'OR' ;
NOT     : 'NOT' ;

LPAREN  : '(' ;
RPAREN  : ')' ;

TITLE   : 'title:' ;
SUMMARY : 'summary:' ;
TEXT    : 'text:' ;
DOC     : 'doc:' ;
UNDER   : 'under:' ;

MINUS   : '-' ;

// Only \" and \\ are escapes; any other backslash stays as it is ("C:\temp").
PHRASE  : '"' ( ~["\\] | '\\' . )* '"' ;

// nextToken() splits a leading scope name off these ('title:lead' is TITLE, then TERM).
PREFIX  : TERM_START TERM_CHAR* '*' ;

TERM    : TERM_START TERM_CHAR* ;

WS      : [\p{White_Space}]+ -> skip ;

// Error tokens. Each is longer than the valid tokens it competes with only when the input is
// wrong, so it never changes how valid input is read.

// A quote with no closing quote: it runs to the end of the query.
UNCLOSED_PHRASE : '"' ( ~["\\] | '\\' . )* '\\'? ;

// '*' inside a term ('a*b', 'a**'): only a final '*' (a prefix) is supported.
MISPLACED_STAR  : TERM_START TERM_CHAR* '*' ( TERM_CHAR | '*' )+ ;

// '*' with nothing before it ('*', '*foo'): a prefix needs at least one character.
LONE_STAR       : '*' ( TERM_CHAR | '*' )* ;

// '-' followed by a space: probably a dash in prose, not an exclusion; refuse rather than guess.
LONE_MINUS      : '-' [\p{White_Space}] ;

// Anything else (nothing today): kept so that the lexer can never skip a character silently.
UNEXPECTED_CHAR : . ;

// A term is any run of characters other than white space and ( ) " * ; it cannot start with
// '-' (that is the exclusion). The engine's analyser splits it into words later.
fragment TERM_CHAR  : ~[\p{White_Space}()"*] ;
fragment TERM_START : ~[\p{White_Space}()"*\-] ;
