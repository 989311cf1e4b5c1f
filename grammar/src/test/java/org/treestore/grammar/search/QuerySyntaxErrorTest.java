package org.treestore.grammar.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of mistake throws at the right position, saying what was expected there. */
class QuerySyntaxErrorTest {

  private static final String CLAUSE = "a term, a phrase or '('";
  private static final String CLAUSE_OR_END = "a term, a phrase, '(' or end of query";
  private static final String POSITIVE = "a term that is not negated";
  private static final String DOC_ID = "a document id (a term or a quoted string)";
  private static final String PATH = "a path like /0001/0003";

  /** Query, position, expected words, a part of the message. */
  static Stream<Arguments> errors() {
    return Stream.of(
        // Unclosed quote: reported at the end, naming where the phrase starts.
        Arguments.of("\"copper pipe", 12, "a closing '\"'", "the phrase that starts at position 0 is never closed"),
        Arguments.of("lead \"copper \\\"", 15, "a closing '\"'", "starts at position 5"),
        // Unclosed and stray parentheses.
        Arguments.of("(lead OR copper", 15, "')'", "found end of query (to close the '(' at position 0)"),
        Arguments.of("lead (a (b) c", 13, "')'", "to close the '(' at position 5"),
        Arguments.of("lead)", 4, CLAUSE_OR_END, "found ')' (there is no '(' to close)"),
        Arguments.of(")", 0, CLAUSE_OR_END, "found ')'"),
        Arguments.of("lead ()", 6, CLAUSE, "after '(', found ')'"),
        // Dangling operators.
        Arguments.of("lead AND", 8, CLAUSE, "after 'AND', found end of query"),
        Arguments.of("lead OR", 7, CLAUSE, "after 'OR', found end of query"),
        Arguments.of("lead AND OR copper", 9, CLAUSE, "after 'AND', found 'OR'"),
        Arguments.of("AND lead", 0, CLAUSE_OR_END, "found 'AND' (AND and OR go between two terms"),
        Arguments.of("(OR lead)", 1, CLAUSE, "after '(', found 'OR'"),
        Arguments.of("lead NOT", 8, CLAUSE, "after 'NOT', found end of query"),
        Arguments.of("NOT", 3, CLAUSE, "after 'NOT', found end of query"),
        Arguments.of("NOT NOT lead", 4, CLAUSE, "after 'NOT', found 'NOT'"),
        Arguments.of("lead -", 6, CLAUSE, "after '-', found end of query"),
        Arguments.of("--lead", 1, CLAUSE, "after '-', found '-'"),
        Arguments.of("lead - copper", 5, "a term, a phrase or '(' right after '-'", "found '-' followed by a space"),
        // A field scope with nothing to apply to.
        Arguments.of("title:", 6, CLAUSE, "after 'title:', found end of query"),
        Arguments.of("summary: ", 9, CLAUSE, "after 'summary:', found end of query"),
        Arguments.of("text:)", 5, CLAUSE, "after 'text:', found ')'"),
        Arguments.of("title:-lead", 6, CLAUSE, "after 'title:', found '-'"),
        // '*' anywhere but at the end of a term.
        Arguments.of("*", 0, "a term before '*'", "found '*'"),
        Arguments.of("lead *", 5, "a term before '*'", "found '*'"),
        Arguments.of("*pipe", 0, "a term before '*'", "found '*pipe'"),
        Arguments.of("pi*pe", 0, "'*' only at the end of a term", "found 'pi*pe'"),
        Arguments.of("pipe**", 0, "'*' only at the end of a term", "found 'pipe**'"),
        // Filters out of place, twice, negated, or with a bad value.
        Arguments.of("(lead doc:x)", 6, "')'", "found 'doc:' (doc: and under: apply to the whole query"),
        Arguments.of("(doc:x)", 1, CLAUSE, "after '(', found 'doc:'"),
        Arguments.of("lead AND doc:x", 9, CLAUSE, "after 'AND', found 'doc:'"),
        Arguments.of("lead OR under:/0001", 8, CLAUSE, "found 'under:'"),
        Arguments.of("doc:x OR lead", 6, CLAUSE_OR_END, "filters apply to the whole query and cannot be joined"),
        Arguments.of("-doc:x lead", 1, CLAUSE, "after '-', found 'doc:'"),
        Arguments.of("lead NOT under:/0001", 9, CLAUSE, "after 'NOT', found 'under:'"),
        Arguments.of("doc:a lead doc:b", 11, "at most one doc: filter", "the first is at position 0"),
        Arguments.of("under:/1 x under:/2", 11, "at most one under: filter", "the first is at position 0"),
        Arguments.of("doc:", 4, DOC_ID, "after 'doc:', found end of query"),
        Arguments.of("doc:foo* lead", 4, DOC_ID, "found 'foo*'"),
        Arguments.of("doc:(a) lead", 4, DOC_ID, "found '('"),
        Arguments.of("doc:\"\" lead", 4, DOC_ID, "found an empty one"),
        Arguments.of("under: lead", 7, PATH, "found 'lead'"),
        Arguments.of("under:0001/0003", 6, PATH, "found '0001/0003'"),
        Arguments.of("under:/0001/ x", 6, PATH, "no '/' at the end"),
        Arguments.of("under:/0001//0003", 6, PATH, "found '/0001//0003'"),
        Arguments.of("under:/", 6, PATH, "found '/'"),
        // Only negated clauses.
        Arguments.of("-lead", 0, POSITIVE, "a query needs at least one term that is not negated"),
        Arguments.of("-lead NOT copper", 0, POSITIVE, "a query needs at least one term that is not negated"),
        Arguments.of("doc:x NOT lead", 6, POSITIVE, "a query needs at least one term that is not negated"),
        Arguments.of("NOT a AND NOT b", 0, POSITIVE, "a query needs at least one term"),
        Arguments.of("lead (-copper)", 5, POSITIVE, "a group in parentheses needs at least one term"),
        Arguments.of("lead -(-copper)", 6, POSITIVE, "a group in parentheses needs"),
        // An empty phrase.
        Arguments.of("lead \"\"", 5, "a phrase with at least one character", "found '\"\"'"),
        // Positions count chars: U+20000 is two of them.
        Arguments.of("𠀀 AND", 6, CLAUSE, "after 'AND', found end of query"),
        Arguments.of("𠀀 )", 3, CLAUSE_OR_END, "found ')'"),
        // The first mistake is the one reported.
        Arguments.of("lead AND ) \"open", 9, CLAUSE, "found ')'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void reportsPositionAndExpected(String query, int position, String expected, String part) {
    QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query));
    assertEquals(position, e.position(), e.getMessage());
    assertEquals(expected, e.expected(), e.getMessage());
    assertTrue(e.getMessage().startsWith("syntax error at position " + position + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void wholeMessages() {
    assertEquals("syntax error at position 8: expected a term, a phrase or '(' after 'AND', found end of query",
        message("lead AND"));
    assertEquals("syntax error at position 15: expected ')' after 'copper', found end of query"
        + " (to close the '(' at position 0)", message("(lead OR copper"));
    assertEquals("syntax error at position 0: a query needs at least one term that is not negated",
        message("-foo"));
    assertEquals("syntax error at position 40: expected " + CLAUSE_OR_END + " after '\"a very long phrase that"
        + " goes ...', found ')' (there is no '(' to close)", message("\"a very long phrase that goes on and on\")"));
  }

  private static String message(String query) {
    return assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query)).getMessage();
  }

  @Test
  void nestingIsBounded() {
    int max = QueryParser.MAX_DEPTH;
    String deepest = "(".repeat(max) + "a" + ")".repeat(max);
    assertEquals("AND(x, NOT(a))", QueryParser.parse("x -" + deepest).root().toString());
    String tooDeep = "x " + "(".repeat(max + 1) + "a" + ")".repeat(max + 1);
    QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(tooDeep));
    assertEquals(2 + max, e.position());
    assertEquals("at most " + max + " nested parentheses", e.expected());
    // Far deeper than any stack: still a syntax error, not a StackOverflowError.
    assertThrows(QuerySyntaxException.class, () -> QueryParser.parse("(".repeat(200_000)));
    // Depth counts open groups, not every '(' of the query.
    QueryNode wide = QueryParser.parse("(a) ".repeat(3 * max)).root();
    assertEquals(3 * max, ((OrQuery) wide).clauses().size());
  }

  @Test
  void isAnIllegalArgumentException() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QueryParser.parse("("));
    assertTrue(e instanceof QuerySyntaxException);
  }

  @Test
  void nothingIsPrinted() {
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
    try {
      System.setErr(capture);
      System.setOut(capture);
      errors().forEach(args -> {
        String query = (String) args.get()[0];
        assertThrows(QuerySyntaxException.class, () -> QueryParser.parse(query));
      });
      QueryParser.parse("title:(lead OR copper) pipe* -\"copper pipe\" doc:x under:/0001");
    } finally {
      System.setErr(err);
      System.setOut(out);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
