package org.treestore.grammar.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tree each construct of the language parses to, written in the compact AST form. */
class QueryParserTest {

  static Stream<Arguments> queries() {
    return Stream.of(
        // Terms: any run of non-syntax characters, in any script, raw.
        Arguments.of("lead", "lead"),
        Arguments.of("lead pipes", "OR(lead, pipes)"),
        Arguments.of("水管 鉛", "OR(水管, 鉛)"),
        Arguments.of("সীসা পাইপ", "OR(সীসা, পাইপ)"),
        Arguments.of("e-mail 3.5 o'brien", "OR(e-mail, 3.5, o'brien)"),
        Arguments.of("foo:bar http://example.org/a?b=1 10:30", "OR(foo:bar, http://example.org/a?b=1, 10:30)"),
        Arguments.of("c++ x- naïve 𠀀", "OR(c++, x-, naïve, 𠀀)"),
        // Operators are upper case only, and only as whole words.
        Arguments.of("and or not", "OR(and, or, not)"),
        Arguments.of("ANDROID NOTE ORB Or", "OR(ANDROID, NOTE, ORB, Or)"),
        // Phrases and prefixes.
        Arguments.of("\"copper pipe\"", "\"copper pipe\""),
        Arguments.of("\"AND (title:x) -y*\"", "\"AND (title:x) -y*\""),
        Arguments.of("pipe*", "pipe*"),
        Arguments.of("水* AND*", "OR(水*, AND*)"),
        // Each operator.
        Arguments.of("a AND b", "AND(a, b)"),
        Arguments.of("a OR b", "OR(a, b)"),
        Arguments.of("a NOT b", "AND(a, NOT(b))"),
        Arguments.of("a -b", "AND(a, NOT(b))"),
        Arguments.of("a -\"b c\" -(d OR e)", "AND(a, NOT(\"b c\"), NOT(OR(d, e)))"),
        // The '-' rule: a negated clause standing alone excludes for its whole sequence.
        Arguments.of("a b -c", "AND(OR(a, b), NOT(c))"),
        Arguments.of("-c a b", "AND(OR(a, b), NOT(c))"),
        Arguments.of("a OR -b", "AND(a, NOT(b))"),
        Arguments.of("a b AND c -d", "AND(OR(a, AND(b, c)), NOT(d))"),
        Arguments.of("NOT a AND NOT b c", "AND(c, NOT(a), NOT(b))"),
        // Precedence: NOT, then AND, then OR and juxtaposition.
        Arguments.of("a AND b OR c", "OR(AND(a, b), c)"),
        Arguments.of("a OR b AND c", "OR(a, AND(b, c))"),
        Arguments.of("a b AND c d", "OR(a, AND(b, c), d)"),
        Arguments.of("a AND NOT b", "AND(a, NOT(b))"),
        Arguments.of("NOT a AND b", "AND(NOT(a), b)"),
        Arguments.of("a AND -b OR c", "OR(AND(a, NOT(b)), c)"),
        Arguments.of("title:lead OR pipe* AND -\"copper pipe\"", "OR(title:lead, AND(pipe*, NOT(\"copper pipe\")))"),
        // Grouping, and flattening of what grouping nests.
        Arguments.of("(a OR b) AND c", "AND(OR(a, b), c)"),
        Arguments.of("a AND (b OR c)", "AND(a, OR(b, c))"),
        Arguments.of("(a b) c", "OR(a, b, c)"),
        Arguments.of("a AND (b AND c)", "AND(a, b, c)"),
        Arguments.of("(a -b) AND c", "AND(a, NOT(b), c)"),
        Arguments.of("-(a b) c", "AND(c, NOT(OR(a, b)))"),
        Arguments.of("a -(b -c)", "AND(a, NOT(AND(b, NOT(c))))"),
        Arguments.of("((a))", "a"),
        Arguments.of("NOT(a)b", "AND(b, NOT(a))"),
        // Field scopes, on leaves and on groups; the innermost wins.
        Arguments.of("title:lead", "title:lead"),
        Arguments.of("title:\"lead pipe\" summary:pipe* text:copper", "OR(title:\"lead pipe\", summary:pipe*, text:copper)"),
        Arguments.of("title:(lead OR copper) pipe*", "OR(title:lead, title:copper, pipe*)"),
        Arguments.of("title:(lead -\"copper pipe\")", "AND(title:lead, NOT(title:\"copper pipe\"))"),
        Arguments.of("title:(a summary:b (c))", "OR(title:a, summary:b, title:c)"),
        Arguments.of("-title:lead pipe", "AND(pipe, NOT(title:lead))"),
        Arguments.of("title: lead", "title:lead"),
        Arguments.of("Title:lead titles:x xtitle:y", "OR(Title:lead, titles:x, xtitle:y)"),
        // White space of any kind separates.
        Arguments.of("\ta\u3000b\u00a0c\n", "OR(a, b, c)"),
        // Filters are not part of the tree.
        Arguments.of("doc:report-2024 lead -copper under:/0001", "AND(lead, NOT(copper))"));
  }

  @ParameterizedTest(name = "{0}  ->  {1}")
  @MethodSource("queries")
  void parsesToTree(String query, String tree) {
    assertEquals(tree, String.valueOf(QueryParser.parse(query).root()));
  }

  @Test
  void leavesKeepTheRawText() {
    assertEquals(new TermQuery(null, "E-Mail"), QueryParser.parse("E-Mail").root());
    assertEquals(new PrefixQuery(Field.SUMMARY, "Pip"), QueryParser.parse("summary:Pip*").root());
    assertEquals(new PhraseQuery(Field.TEXT, "  Lead,  Pipe "), QueryParser.parse("text:\"  Lead,  Pipe \"").root());
  }

  @Test
  void phraseEscapes() {
    assertEquals("say \"hi\"", phrase("\"say \\\"hi\\\"\""));
    assertEquals("a \\ b", phrase("\"a \\\\ b\""));
    assertEquals("C:\\temp\\", phrase("\"C:\\temp\\\\\""), "other backslashes stay as they are");
    assertEquals("two\nlines", phrase("\"two\nlines\""));
  }

  private static String phrase(String query) {
    return ((PhraseQuery) QueryParser.parse(query).root()).text();
  }

  @Test
  void juxtapositionIsOr() {
    assertEquals(QueryParser.parse("lead OR pipes OR copper"), QueryParser.parse("lead pipes copper"));
    assertEquals(new OrQuery(List.of(new TermQuery(null, "lead"), new TermQuery(null, "pipes"))),
        QueryParser.parse("lead pipes").root());
  }

  @Test
  void notAndMinusAreTheSame() {
    assertEquals(QueryParser.parse("lead NOT copper"), QueryParser.parse("lead -copper"));
    assertEquals(QueryParser.parse("a AND NOT (b c)"), QueryParser.parse("a AND -(b c)"));
  }

  @Test
  void filters() {
    SearchQuery q = QueryParser.parse("doc:report-2024 under:/0001/0003 lead pipes");
    assertEquals("report-2024", q.docFilter());
    assertEquals("/0001/0003", q.underFilter());
    assertEquals("OR(lead, pipes)", q.root().toString());

    q = QueryParser.parse("lead under:/0003 doc:\"annual report \\\"24\\\"\"");
    assertEquals("annual report \"24\"", q.docFilter());
    assertEquals("/0003", q.underFilter());
    assertEquals("lead", q.root().toString());

    assertEquals("/sec 1/part 2", QueryParser.parse("under:\"/sec 1/part 2\" x").underFilter());
    assertEquals("title:x", QueryParser.parse("doc:\"title:x\" y").docFilter());
    assertEquals("x", QueryParser.parse("doc: x").docFilter());
  }

  @Test
  void filtersAlone() {
    SearchQuery q = QueryParser.parse("doc:x");
    assertNull(q.root());
    assertEquals("x", q.docFilter());
    assertFalse(q.isEmpty());

    q = QueryParser.parse(" under:/0001 ");
    assertNull(q.root());
    assertEquals("/0001", q.underFilter());
    assertFalse(q.isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n ", "\u3000\u00a0"})
  void blankQueryIsEmpty(String query) {
    SearchQuery q = QueryParser.parse(query);
    assertTrue(q.isEmpty());
    assertNull(q.root());
    assertNull(q.docFilter());
    assertNull(q.underFilter());
  }

  @Test
  void nonEmptyQueryIsNotEmpty() {
    assertFalse(QueryParser.parse("a").isEmpty());
  }
}
