package org.treestore.grammar.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical query syntax written for trees, and the checks of the tree types. */
class QueryFormatterTest {

  @Test
  void writesCanonicalSyntax() {
    assertEquals("", format(""));
    assertEquals("lead OR pipes", format("lead pipes"));
    assertEquals("(a OR b) AND -c", format("a b -c"));
    assertEquals("(a OR b AND c) AND -d", format("a b AND c -d"));
    assertEquals("a AND -b OR c", format("a AND NOT b OR c"));
    assertEquals("title:lead OR title:copper OR pipe*", format("title:(lead OR copper) pipe*"));
    assertEquals("a AND -(b AND -c)", format("a NOT (b -c)"));
    assertEquals("\"say \\\"hi\\\" \\\\o/\"", format("\"say \\\"hi\\\" \\\\o/\""));
    assertEquals("doc:\"annual report\" under:/0001/0003 lead", format("lead under:/0001/0003 doc:\"annual report\""));
    assertEquals("doc:\"title:x\" under:\"/a b\"", format("under:\"/a b\" doc:\"title:x\""));
  }

  private static String format(String query) {
    return QueryFormatter.format(QueryParser.parse(query));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "AND", "OR", "NOT", "-x", "title:x", "doc:x", "(x", "x)", "a\"b", "x*", "*"})
  void refusesTermsThatAreNotOneTerm(String text) {
    assertThrows(IllegalArgumentException.class, () -> QueryFormatter.format(new TermQuery(null, text)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "-x", "title:x", "x*", "a(b"})
  void refusesPrefixesThatAreNotOneTerm(String text) {
    assertThrows(IllegalArgumentException.class, () -> QueryFormatter.format(new PrefixQuery(Field.TEXT, text)));
  }

  @Test
  void treeTypesCheckTheirParts() {
    assertThrows(IllegalArgumentException.class, () -> new TermQuery(null, ""));
    assertThrows(NullPointerException.class, () -> new PhraseQuery(Field.TITLE, null));
    assertThrows(IllegalArgumentException.class, () -> new PrefixQuery(null, ""));
    assertThrows(IllegalArgumentException.class, () -> new AndQuery(List.of()));
    assertThrows(NullPointerException.class, () -> new NotQuery(null));
    List<QueryNode> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> new OrQuery(withNull));
    assertThrows(IllegalArgumentException.class, () -> new SearchQuery(null, "", null));
    for (String path : new String[] {"", "/", "0001", "/0001/", "//0001", "/a//b"}) {
      assertThrows(IllegalArgumentException.class, () -> new SearchQuery(null, null, path), path);
    }
    assertEquals("/a b/c", new SearchQuery(null, null, "/a b/c").underFilter());
  }

  @Test
  void clausesAreCopied() {
    List<QueryNode> clauses = new ArrayList<>(List.of(new TermQuery(null, "a"), new TermQuery(null, "b")));
    AndQuery and = new AndQuery(clauses);
    clauses.clear();
    assertEquals(2, and.clauses().size());
    assertThrows(UnsupportedOperationException.class, () -> and.clauses().add(new TermQuery(null, "c")));
  }
}
