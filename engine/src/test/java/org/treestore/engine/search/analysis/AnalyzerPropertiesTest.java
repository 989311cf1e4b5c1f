package org.treestore.engine.search.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexReader;

/**
 * Properties every analysis must have, on random Unicode and on the real PageIndex trees:
 * consecutive positions, offsets that point at the token's source, no exceptions, the same
 * tokens from every thread, and a phrase analysing to a consecutive run of its document's tokens.
 */
class AnalyzerPropertiesTest {

  private static final List<Analyzer> CONFIGS = List.of(
      Analyzer.builder().build(),
      Analyzer.builder().stemming(false).build(),
      Analyzer.builder().stopWords(true).stemming(true).build());

  /** Code point ranges the random texts draw from: every kind the scanner tells apart. */
  private static final int[][] POOLS = {
      {0x20, 0x7E}, {0x20, 0x7E}, {0x41, 0x5A}, {0x27, 0x2E},        // ASCII, letters, ' ( ) * + , - .
      {0xC0, 0x24F}, {0x300, 0x36F}, {0x370, 0x3FF}, {0x400, 0x4FF},  // Latin, marks, Greek, Cyrillic
      {0x980, 0x9FF}, {0x980, 0x9FF}, {0x660, 0x66C}, {0xE00, 0xE7F}, // Bengali, Arabic digits, Thai
      {0x4E00, 0x9FFF}, {0x3040, 0x30FF}, {0xFF61, 0xFF9F},           // Han, kana, half-width kana
      {0xAC00, 0xD7A3}, {0x1100, 0x11FF}, {0xD7B0, 0xD7FF},           // Hangul, conjoining jamo
      {0x200B, 0x200F}, {0xAD, 0xAD}, {0xFEFF, 0xFEFF}, {0xFE00, 0xFE0F}, // format, variation sel.
      {0x2018, 0x201F}, {0xFB00, 0xFB06}, {0xFF01, 0xFF5E}, {0xFDFA, 0xFDFA}, // quotes, ligatures
      {0xF900, 0xFAFF}, {0x2150, 0x24FF}, {0x3200, 0x32FF}, {0x2E80, 0x2FDF}, // compat, numbers
      {0x1F300, 0x1FAFF}, {0x1D400, 0x1D7FF}, {0x20000, 0x2A6DF},     // emoji, math, Han ext. B
      {0xD800, 0xDFFF}, {0x0, 0x10FFFF},                              // lone surrogates, anything
  };

  @Test
  void randomUnicodeNeverThrowsAndKeepsEveryInvariant() {
    for (int seed = 0; seed < 3000; seed++) {
      Random r = new Random(seed);
      StringBuilder sb = new StringBuilder();
      int length = r.nextInt(seed % 10 == 0 ? 700 : 60);
      int[] pool = POOLS[r.nextInt(POOLS.length)];
      while (sb.length() < length) {
        if (r.nextInt(8) == 0) {
          pool = POOLS[r.nextInt(POOLS.length)];       // runs from one pool, then a switch
        }
        int cp = pool[0] + r.nextInt(pool[1] - pool[0] + 1);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
          sb.append((char) cp);
        } else {
          sb.appendCodePoint(cp);
        }
      }
      String text = sb.toString();
      for (Analyzer a : CONFIGS) {
        checkInvariants(a, text, "seed " + seed);
      }
    }
  }

  /** Positions 0, 1, 2, ...; sane offsets; well-formed terms; a token's source analyses to it. */
  static void checkInvariants(Analyzer a, String text, String where) {
    List<Token> tokens;
    try {
      tokens = a.tokens(text);
    } catch (RuntimeException e) {
      throw new AssertionError(where + ": " + a + " threw on " + escape(text), e);
    }
    int lastStart = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      Supplier<String> at = () -> where + ", " + a + ", token " + t + " of " + escape(text);
      assertEquals(i, t.position(), at);
      assertTrue(t.start() >= lastStart && t.start() < t.end() && t.end() <= text.length(), at);
      assertFalse(splitsPair(text, t.start()) || splitsPair(text, t.end()), at);
      lastStart = t.start();
      String term = t.term();
      assertTrue(!term.isEmpty() && term.length() <= Analyzer.MAX_TERM_LENGTH, at);
      assertTrue(wellFormed(term), at);
      List<String> again = a.tokens(text.substring(t.start(), t.end())).stream()
          .map(Token::term).collect(Collectors.toList());
      assertTrue(again.contains(term), () -> at.get() + ": its source analyses to " + again);
    }
  }

  private static boolean splitsPair(String s, int i) {
    return i > 0 && i < s.length()
        && Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i));
  }

  private static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (++i >= s.length() || !Character.isLowSurrogate(s.charAt(i))) {
          return false;
        }
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c)
        : String.format("\\u%04X", c)));
    return b.append('"').toString();
  }

  @Test
  void everyKindOfCharSequenceGivesTheSameTokens() {
    String text = "Ｏ’Brien studied 中华人民 and জন্মগ্রহণ in 2023.";
    Analyzer a = CONFIGS.get(0);
    List<Token> expected = a.tokens(text);
    assertEquals(expected, a.tokens(new StringBuilder(text)));
    assertEquals(expected, a.tokens(CharBuffer.wrap(text)));
    assertThrows(NullPointerException.class, () -> a.tokens(null));
    assertThrows(NullPointerException.class, () -> a.analyze("x", null));
  }

  @Test
  void aSinkMayAnalyseAgainOnTheSameThread() {
    Analyzer a = CONFIGS.get(0);
    String outer = "Running reports on 中华人民 and more running";
    List<Token> seen = new ArrayList<>();
    a.analyze(outer, (term, position, start, end) -> {
      List<Token> inner = a.tokens("inner " + term);           // uses its own state
      assertEquals("inner", inner.get(0).term());
      seen.add(new Token(term, position, start, end));
    });
    assertEquals(a.tokens(outer), seen);
    // A sink that throws leaves the thread's state usable.
    assertThrows(IllegalStateException.class, () -> a.analyze("boom", (t, p, s, e) -> {
      throw new IllegalStateException("sink failed");
    }));
    assertEquals(a.tokens(outer), seen);
  }

  @Test
  void oneAnalyzerServesManyThreadsAtOnce() throws Exception {
    Analyzer a = CONFIGS.get(2);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      texts.add("Document " + i + " discusses consolidated statements of the year 20" + i
          + " 中华人民共和国第" + i + "届 রবীন্দ্রনাথ ঠাকুর ".repeat(1 + i % 7));
    }
    List<List<Token>> expected = texts.stream().map(a::tokens).collect(Collectors.toList());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        results.add(pool.submit(() -> {
          for (int round = 0; round < 400; round++) {
            int i = (round * 7 + offset) % texts.size();
            if (!a.tokens(texts.get(i)).equals(expected.get(i))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get(), "a thread saw tokens that differ from the single-threaded ones");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aPhraseAnalysesToAConsecutiveRunOfItsDocumentsTokens() {
    String doc = "In 2023, PageIndex是一个文档索引工具 that turned O’Brien's running notes "
        + "(state-of-the-art!) into trees; see রবীন্দ্রনাথ ঠাকুর's জন্মগ্রহণ records.";
    for (String phrase : List.of("pageindex 是一个文档", "索引工具", "o'brien's RUNNING notes",
        "state of the art", "ঠাকুর's জন্মগ্রহণ", "2023 PageIndex", "一个")) {
      for (Analyzer a : CONFIGS) {
        assertConsecutive(a, doc, phrase);
      }
    }
  }

  private static void assertConsecutive(Analyzer a, String doc, String phrase) {
    List<String> d = a.tokens(doc).stream().map(Token::term).collect(Collectors.toList());
    List<String> p = a.tokens(phrase).stream().map(Token::term).collect(Collectors.toList());
    assertFalse(p.isEmpty(), phrase);
    assertTrue(java.util.Collections.indexOfSubList(d, p) >= 0,
        a + ": phrase \"" + phrase + "\" " + p + " is not a run of " + d);
  }

  /**
   * The real trees: every title, summary and text keeps the invariants; a phrase cut from any
   * text at token boundaries analyses to that span of tokens; Bengali words never start with a
   * mark (a vowel sign or virama split off would).
   */
  @Test
  void realPageIndexTreesKeepTheInvariants() throws IOException {
    List<String> texts = realTexts();
    Assumptions.assumeTrue(!texts.isEmpty(),
        "skipped: ../shared/data/pageindex (the collected PageIndex files) is not present");
    Analyzer a = CONFIGS.get(0);
    Random r = new Random(42);
    int bengali = 0;
    int han = 0;
    for (int n = 0; n < texts.size(); n++) {
      String text = texts.get(n);
      List<Token> tokens = a.tokens(text);
      if (n % 8 == 0 || text.length() < 2000) {
        for (Analyzer c : CONFIGS) {
          checkInvariants(c, text, "real text " + n);
        }
      }
      for (Token t : tokens) {
        int first = t.term().codePointAt(0);
        if (Character.UnicodeScript.of(first) == Character.UnicodeScript.BENGALI) {
          bengali++;
          int type = Character.getType(first);
          if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK) {
            fail("a Bengali token starts with a mark: " + t + " in real text " + n);
          }
        } else if (Character.UnicodeScript.of(first) == Character.UnicodeScript.HAN) {
          han++;
        }
      }
      if (tokens.size() > 2) {
        int i = r.nextInt(tokens.size());
        int j = Math.min(tokens.size() - 1, i + r.nextInt(6));
        boolean cleanStart = i == 0 || tokens.get(i - 1).start() < tokens.get(i).start();
        boolean cleanEnd = j == tokens.size() - 1 || tokens.get(j + 1).end() > tokens.get(j).end();
        if (cleanStart && cleanEnd) {                    // not inside a word NFKC split
          String phrase = text.substring(tokens.get(i).start(), tokens.get(j).end());
          List<String> want = tokens.subList(i, j + 1).stream().map(Token::term)
              .collect(Collectors.toList());
          assertEquals(want, a.tokens(phrase).stream().map(Token::term)
              .collect(Collectors.toList()), "phrase " + escape(phrase));
        }
      }
    }
    assertTrue(bengali > 10_000, "Bengali tokens: " + bengali);
    assertTrue(han > 100, "Han tokens: " + han);
  }

  /** Titles, summaries and texts of every node of every collected file (none when absent). */
  static List<String> realTexts() throws IOException {
    Path dir = Path.of("..", "..", "shared", "data", "pageindex");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "shared", "data", "pageindex");
    }
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")
          && !p.getFileName().toString().equals("_meta.json")).sorted().collect(Collectors.toList());
    }
    for (Path f : files) {
      for (DocNode node : PageIndexReader.read(f).nodesInPreOrder()) {
        for (String s : new String[] {node.title(), node.summary(), node.text()}) {
          if (s != null && !s.isEmpty()) {
            out.add(s);
          }
        }
      }
    }
    return out;
  }
}
