package org.treestore.grammar.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Randomized tests: random query trees in the parser's normal form, written with {@link
 * QueryFormatter}, must parse back to equal trees; random strings of syntax must either parse to a
 * tree that round-trips or throw a well-formed {@link QuerySyntaxException}, nothing else.
 *
 * <p>A few fixed seeds plus one fresh seed per run; failure messages start with the seed.
 * Reproduce one with {@code -Dtreestore.query.seed=<seed>}.
 */
class QueryRoundTripTest {

  private static final int TREES_PER_SEED = 2_000;
  private static final int STRINGS_PER_SEED = 5_000;

  /** Terms that stress the lexer: scripts, inner punctuation, words that look like syntax. */
  private static final String[] TERMS = {
    "lead", "pipes", "e-mail", "3.5", "o'brien", "水管", "鉛", "সীসা", "naïve", "𠀀", "foo:bar",
    "http://example.org/a?b=1", "10:30", "and", "or", "not", "Or", "ANDROID", "NOTE", "ORB", "c++",
    "x-", "a\\b", "Title:x", "titles:x", "xdoc:y", "AND:", "under", "/0001/0003", "{[^~!]}", "+a"
  };

  /** Phrase texts: spaces, quotes, backslashes and all the syntax, which quoting must protect. */
  private static final String[] PHRASES = {
    "copper pipe", "say \"hi\"", "C:\\temp\\", "AND OR NOT", "(a) -b *", "title:x doc:y",
    " ", "水管 鉛", "two\nlines", "\"", "\\", "x*", "under:/0001"
  };

  private static final String[] DOC_IDS = {"report-2024", "annual report", "title:x", "AND", "-x", "a\"b"};
  private static final String[] PATHS = {"/0001", "/0001/0003", "/sec 1/part 2", "/a:b/(c)"};

  static LongStream seeds() {
    String fixed = System.getProperty("treestore.query.seed");
    if (fixed != null) {
      return LongStream.of(Long.parseLong(fixed));
    }
    return LongStream.of(1L, 7L, 20240607L, System.nanoTime());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomTreesRoundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < TREES_PER_SEED; i++) {
      SearchQuery query = randomQuery(random);
      String text = QueryFormatter.format(query);
      SearchQuery parsed;
      try {
        parsed = QueryParser.parse(text);
      } catch (QuerySyntaxException e) {
        throw new AssertionError("seed " + seed + ": " + query + " written as " + text, e);
      }
      assertEquals(query, parsed, "seed " + seed + ": written as " + text);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomStringsParseOrFailCleanly(long seed) {
    String[] pieces = {
      "a", "b", "水", "বা", "𠀀", " ", " ", "(", ")", "\"", "\\", "*", "-", "AND", "OR", "NOT", "and",
      "title:", "summary:", "text:", "doc:", "under:", "/", "0001", ":", "'", "\t"
    };
    Random random = new Random(seed);
    int parsedCount = 0;
    for (int i = 0; i < STRINGS_PER_SEED; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      String context = "seed " + seed + ": query [" + text + "]";
      SearchQuery query;
      try {
        query = QueryParser.parse(text);
      } catch (QuerySyntaxException e) {
        assertTrue(e.position() >= 0 && e.position() <= text.length(), context + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("syntax error at position " + e.position() + ": "), context);
        // Words for people, never ANTLR's token names or sets.
        assertFalse(e.expected().isEmpty(), context);
        assertFalse(e.getMessage().matches(".*(TERM|LPAREN|PREFIX|EOF|<|\\{).*"), context + ": " + e.getMessage());
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError(context, e);
      }
      parsedCount++;
      assertEquals(query, QueryParser.parse(QueryFormatter.format(query)), context);
    }
    assertTrue(parsedCount > STRINGS_PER_SEED / 20, "seed " + seed + ": too few valid strings to mean anything");
  }

  private static SearchQuery randomQuery(Random random) {
    String doc = random.nextInt(4) == 0 ? pick(random, DOC_IDS) : null;
    String under = random.nextInt(4) == 0 ? pick(random, PATHS) : null;
    QueryNode root = random.nextInt(10) == 0 ? null : positive(random, 3);
    return new SearchQuery(root, doc, under);
  }

  /** A tree the parser could produce and that can stand where a positive clause is needed. */
  private static QueryNode positive(Random random, int depth) {
    int kind = depth == 0 ? 0 : random.nextInt(4);
    switch (kind) {
      case 1:
        return and(random, depth);
      case 2:
        return or(random, depth);
      default:
        return leaf(random);
    }
  }

  /** 2 to 4 clauses, no AND among them, at least one not negated. */
  private static QueryNode and(Random random, int depth) {
    List<QueryNode> clauses = new ArrayList<>();
    int size = 2 + random.nextInt(3);
    int positiveAt = random.nextInt(size);
    for (int i = 0; i < size; i++) {
      QueryNode clause = i == positiveAt || random.nextBoolean()
          ? nonAnd(random, depth - 1)
          : new NotQuery(positive(random, depth - 1));
      clauses.add(clause);
    }
    return new AndQuery(clauses);
  }

  /** 2 to 4 clauses, none an OR or negated. */
  private static QueryNode or(Random random, int depth) {
    List<QueryNode> clauses = new ArrayList<>();
    for (int i = 2 + random.nextInt(3); i > 0; i--) {
      QueryNode clause = depth > 1 && random.nextBoolean() ? and(random, depth - 1) : leaf(random);
      clauses.add(clause);
    }
    return new OrQuery(clauses);
  }

  private static QueryNode nonAnd(Random random, int depth) {
    return depth > 0 && random.nextInt(3) == 0 ? or(random, depth) : leaf(random);
  }

  private static QueryNode leaf(Random random) {
    Field[] fields = Field.values();
    Field field = random.nextInt(3) == 0 ? null : fields[random.nextInt(fields.length)];
    switch (random.nextInt(4)) {
      case 0:
        return new PhraseQuery(field, random.nextBoolean() ? pick(random, PHRASES) : randomText(random, true));
      case 1:
        return new PrefixQuery(field, random.nextBoolean() ? pick(random, TERMS) : randomText(random, false));
      default:
        return new TermQuery(field, random.nextBoolean() ? pick(random, TERMS) : randomText(random, false));
    }
  }

  /**
   * Random text for a term (no white space or syntax, not an operator, not starting with '-' or a
   * scope name: the rules the docs state, checked here independently of the lexer) or a phrase
   * (anything).
   */
  private static String randomText(Random random, boolean phrase) {
    String alphabet = phrase ? "ab水 -:\"\\()*'/é\t" : "ab水-:\\'/.é+𠀀";
    while (true) {
      StringBuilder sb = new StringBuilder();
      for (int n = 1 + random.nextInt(8); n > 0; n--) {
        int at = random.nextInt(alphabet.length());
        if (Character.isHighSurrogate(alphabet.charAt(at))) {
          sb.append(alphabet, at, at + 2);
        } else if (!Character.isLowSurrogate(alphabet.charAt(at))) {
          sb.append(alphabet.charAt(at));
        }
      }
      String s = sb.toString();
      if (phrase || isTermText(s)) {
        return s;
      }
    }
  }

  private static boolean isTermText(String s) {
    if (s.isEmpty() || s.startsWith("-") || s.equals("AND") || s.equals("OR") || s.equals("NOT")) {
      return false;
    }
    for (String name : new String[] {"title:", "summary:", "text:", "doc:", "under:"}) {
      if (s.startsWith(name)) {
        return false;
      }
    }
    return true;
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
