package org.treestore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    List<SqlScript.Statement> s = SqlScript.split(
        "-- a comment; not a statement\n"
        + "SELECT 'a;b', \"x;y\" FROM t;\n"
        + "/* block; comment */ SELECT 'it''s; ok';\n"
        + "\n"
        + "SELECT 3");
    assertEquals(3, s.size());
    assertEquals("SELECT 'a;b', \"x;y\" FROM t", s.get(0).sql());
    assertEquals(2, s.get(0).line());
    assertEquals("SELECT 'it''s; ok'", s.get(1).sql());
    assertEquals(3, s.get(1).line());
    assertEquals("SELECT 3", s.get(2).sql());
    assertEquals(5, s.get(2).line());
  }

  @Test
  void blankAndCommentOnlyScriptsHaveNoStatements() {
    assertEquals(List.of(), SqlScript.split(" ;; -- nothing\n /* at all */ "));
  }
}
