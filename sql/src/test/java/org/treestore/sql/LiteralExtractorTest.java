package org.treestore.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.treestore.sql.plancache.LiteralExtractor;
import org.treestore.sql.plancache.LiteralExtractor.Literal;
import org.treestore.sql.plancache.LiteralExtractor.Mode;

/** Which literals of a statement become parameters, on tricky lexical inputs. */
class LiteralExtractorTest {
  /** The extracted text, then each literal as kind code and value: {@code "x = ?", "S:d7"}. */
  private static void check(String sql, String text, String... literals) {
    LiteralExtractor.Result r = LiteralExtractor.extract(sql);
    assertEquals(Mode.PARAMETERIZE, r.mode(), sql);
    assertEquals(text, r.text(), sql);
    List<String> got = new ArrayList<>();
    for (Literal l : r.literals()) {
      got.add(l.kind().name().charAt(0) + ":" + l.value());
    }
    assertEquals(List.of(literals), got, sql);
  }

  /** Parameterizable statement, but nothing in it is replaced. */
  private static void unchanged(String sql) {
    check(sql, sql);
  }

  @Test
  void stringsAndNumbersInComparisons() {
    check("SELECT * FROM nodes WHERE doc_id = 'd7' AND node_id = '0003'",
        "SELECT * FROM nodes WHERE doc_id = ? AND node_id = ?", "S:d7", "S:0003");
    check("select x from t where a<>'b' or c!=3 or d>=4.5 or e<=1e3",
        "select x from t where a<>? or c!=? or d>=? or e<=?", "S:b", "I:3", "D:4.5", "A:1e3");
    check("SELECT a FROM t WHERE b BETWEEN 1 AND 10", "SELECT a FROM t WHERE b BETWEEN ? AND ?", "I:1", "I:10");
    check("SELECT a FROM t WHERE b LIKE 'x%' ESCAPE '!'", "SELECT a FROM t WHERE b LIKE ? ESCAPE '!'", "S:x%");
    check("SELECT a FROM t WHERE b ILIKE 'x%'", "SELECT a FROM t WHERE b ILIKE ?", "S:x%");
  }

  @Test
  void quotesCommentsAndIdentifiers() {
    check("SELECT * FROM t WHERE s = 'it''s -- not a comment'", "SELECT * FROM t WHERE s = ?",
        "S:it's -- not a comment");
    check("SELECT * FROM t WHERE s = '' AND u = ''''", "SELECT * FROM t WHERE s = ? AND u = ?", "S:", "S:'");
    check("SELECT * FROM t -- where x = 'a'\nWHERE y = 'b'", "SELECT * FROM t -- where x = 'a'\nWHERE y = ?", "S:b");
    check("SELECT /* x = 1 */ a FROM t WHERE b = /* 2 */ 3", "SELECT /* x = 1 */ a FROM t WHERE b = /* 2 */ ?", "I:3");
    check("SELECT \"a = 'b'\" FROM t WHERE \"it's\" = 'x'", "SELECT \"a = 'b'\" FROM t WHERE \"it's\" = ?", "S:x");
    check("SELECT \"1\", t1.c2 FROM t1 WHERE c3 = 4", "SELECT \"1\", t1.c2 FROM t1 WHERE c3 = ?", "I:4");
    // unterminated string: left to the parser to report
    unchanged("SELECT * FROM t WHERE s = 'open");
  }

  @Test
  void numbers() {
    check("SELECT * FROM t WHERE a = 1.5e-3 AND b = .5 AND c = 7. AND d = 2E10",
        "SELECT * FROM t WHERE a = ? AND b = ? AND c = ? AND d = ?", "A:1.5e-3", "D:.5", "D:7.", "A:2E10");
    check("SELECT * FROM t WHERE a = -1 AND b > -2.5 AND c IN (-3, 4)",
        "SELECT * FROM t WHERE a = ? AND b > ? AND c IN (?, ?)", "I:-1", "D:-2.5", "I:-3", "I:4");
    // binary minus stays an operator; "- -1" has a sign on the second
    check("SELECT a FROM t WHERE a-1 > b - -2", "SELECT a FROM t WHERE a-? > b - ?", "I:1", "I:-2");
    check("SELECT a FROM t WHERE a = 99999999999999999999", "SELECT a FROM t WHERE a = ?", "I:99999999999999999999");
    // after SELECT a number is not an operand; after a unary minus there it is, but the sign
    // stays an operator ("SELECT -?" then fails to prepare and the exact text is used)
    unchanged("SELECT 1");
    check("SELECT -1 FROM t", "SELECT -? FROM t", "I:1");
  }

  @Test
  void typedAndPrefixedLiteralsStay() {
    unchanged("SELECT * FROM t WHERE d = DATE '2020-01-01'");
    unchanged("SELECT * FROM t WHERE ts > TIMESTAMP '2020-01-01 10:00:00'");
    unchanged("SELECT * FROM t WHERE ts > CURRENT_TIMESTAMP - INTERVAL '1' DAY");
    unchanged("SELECT * FROM t WHERE s = E'a\\nb' OR s = N'x' OR b = X'FF' OR u = U&'\\0041' UESCAPE '!'");
    unchanged("SELECT * FROM t WHERE s = _latin1'x'");
    unchanged("SELECT * FROM t WHERE s = 'a' 'b'");
    unchanged("SELECT * FROM t WHERE s = 'a' COLLATE \"C\"");
  }

  @Test
  void castsAndTypeSpecs() {
    check("SELECT CAST(a AS VARCHAR(10)), CAST(b AS DECIMAL(10, 2)) FROM t WHERE c = 5",
        "SELECT CAST(a AS VARCHAR(10)), CAST(b AS DECIMAL(10, 2)) FROM t WHERE c = ?", "I:5");
    check("SELECT a::varchar(5) FROM t WHERE '5'::int = b AND c = 6",
        "SELECT a::varchar(5) FROM t WHERE '5'::int = b AND c = ?", "I:6");
    unchanged("SELECT CAST(a AS TIMESTAMP(3)), CAST(b AS CHARACTER VARYING(20)), CAST(c AS DOUBLE PRECISION) FROM t");
    unchanged("SELECT * FROM t WHERE i = INTERVAL '1.5' SECOND(3)");
  }

  @Test
  void functionArgumentsListsAndValues() {
    check("SELECT substring(title, 1, 3) FROM t WHERE x IN ('a', 'b', 'c')",
        "SELECT substring(title, ?, ?) FROM t WHERE x IN (?, ?, ?)", "I:1", "I:3", "S:a", "S:b", "S:c");
    check("SELECT node_id FROM TABLE(subtree('harbour', '0001'))", "SELECT node_id FROM TABLE(subtree(?, ?))",
        "S:harbour", "S:0001");
    check("INSERT INTO nodes (doc_id, node_id, title) VALUES ('d', 'n1', 'T'), ('d', 'n2', 'it''s')",
        "INSERT INTO nodes (doc_id, node_id, title) VALUES (?, ?, ?), (?, ?, ?)",
        "S:d", "S:n1", "S:T", "S:d", "S:n2", "S:it's");
    check("UPDATE nodes SET summary = 'x', ordinal = ordinal + 1 WHERE doc_id = 'd'",
        "UPDATE nodes SET summary = ?, ordinal = ordinal + ? WHERE doc_id = ?", "S:x", "I:1", "S:d");
    check("SELECT CASE WHEN a = 1 THEN 'one' ELSE 'other' END FROM t",
        "SELECT CASE WHEN a = ? THEN ? ELSE ? END FROM t", "I:1", "S:one", "S:other");
    check("SELECT a || '-' || b FROM t", "SELECT a || ? || b FROM t", "S:-");
  }

  @Test
  void limitsOffsetsAndPositions() {
    check("SELECT a FROM t ORDER BY 1 LIMIT 10 OFFSET 5", "SELECT a FROM t ORDER BY 1 LIMIT ? OFFSET ?", "I:10", "I:5");
    check("SELECT a, count(*) FROM t WHERE b = 'x' GROUP BY 1 HAVING count(*) > 2 ORDER BY 2 DESC, 1",
        "SELECT a, count(*) FROM t WHERE b = ? GROUP BY 1 HAVING count(*) > ? ORDER BY 2 DESC, 1", "S:x", "I:2");
    unchanged("SELECT a FROM t FETCH FIRST 5 ROWS ONLY");
    check("SELECT rank() OVER (PARTITION BY a ORDER BY b ROWS 2 PRECEDING), c + 1 FROM t ORDER BY a, 2",
        "SELECT rank() OVER (PARTITION BY a ORDER BY b ROWS 2 PRECEDING), c + ? FROM t ORDER BY a, 2", "I:1");
    // a window inside ORDER BY closes its own list, not the outer one
    unchanged("SELECT a FROM t ORDER BY rank() OVER (PARTITION BY a), 2");
    check("SELECT a FROM (SELECT a FROM t ORDER BY 1 LIMIT 3) s WHERE a > 4",
        "SELECT a FROM (SELECT a FROM t ORDER BY 1 LIMIT ?) s WHERE a > ?", "I:3", "I:4");
    check("SELECT string_agg(a, ',' ORDER BY 1) FROM t WHERE b = 2",
        "SELECT string_agg(a, ? ORDER BY 1) FROM t WHERE b = ?", "S:,", "I:2");
  }

  @Test
  void modes() {
    assertEquals(Mode.EXACT, LiteralExtractor.extract("EXPLAIN PLAN FOR SELECT * FROM t WHERE a = 1").mode());
    assertEquals(Mode.NONE, LiteralExtractor.extract("CREATE TABLE t (a INT)").mode());
    assertEquals(Mode.NONE, LiteralExtractor.extract("SET x = 1").mode());
    assertEquals(Mode.NONE, LiteralExtractor.extract("SELECT * FROM t WHERE a = ?").mode());
    assertEquals(Mode.NONE, LiteralExtractor.extract("   -- nothing\n").mode());
    assertEquals(Mode.PARAMETERIZE, LiteralExtractor.extract("(SELECT 1) UNION (SELECT 2)").mode());
    check("  /* hi */ with x AS (SELECT 1 AS a) SELECT a FROM x WHERE a = 1",
        "  /* hi */ with x AS (SELECT 1 AS a) SELECT a FROM x WHERE a = ?", "I:1");
    assertEquals("SIDE", LiteralExtractor.extract("SELECT * FROM t WHERE a = 'x' AND b = 1 AND c = 1.0 AND d = 1e0")
        .kinds());
  }
}
