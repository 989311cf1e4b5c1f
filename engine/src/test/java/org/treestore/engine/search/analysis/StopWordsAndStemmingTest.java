package org.treestore.engine.search.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.treestore.engine.search.analysis.SegmentationTest.terms;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional steps, the defaults and the configuration string. */
class StopWordsAndStemmingTest {

  @Test
  void defaultsAreStopWordsOffAndEnglishStemmingOn() {
    Analyzer a = Analyzer.builder().build();
    assertFalse(a.stopWords());
    assertTrue(a.stemming());
    assertEquals("v1;stop=off;stem=english", a.describe());
    assertEquals(List.of("the", "cat", "is", "run"), terms(a, "The cat is running"));
  }

  @Test
  void stopWordsAreDroppedWithoutPositionGaps() {
    Analyzer on = Analyzer.builder().stopWords(true).stemming(false).build();
    assertEquals(List.of(
        new Token("bank", 0, 4, 8),
        new Token("america", 1, 12, 19),
        new Token("not", 2, 23, 26),
        new Token("open", 3, 27, 31)), on.tokens("The Bank of America is not open"));
    Analyzer off = Analyzer.builder().stopWords(false).stemming(false).build();
    assertEquals(List.of("the", "bank", "of", "america", "is", "not", "open"),
        terms(off, "The Bank of America is not open"));
    assertEquals(List.of(), on.tokens("to be, or the"));          // all stop words: nothing
  }

  @Test
  void stopWordsApplyToLatinWordsOnlyAndBeforeStemming() {
    Analyzer on = Analyzer.builder().stopWords(true).stemming(true).build();
    // 'theses' stems to a stop word yet stays; 'ís' keeps its accent and is no stop word.
    assertEquals(List.of("these", "ís"), terms(on, "theses ís"));
    assertEquals(List.of("à"), terms(on, "À"));
    for (String w : Analyzer.englishStopWords()) {
      assertEquals(List.of(), on.tokens(w.toUpperCase(java.util.Locale.ROOT)), w);
    }
    assertFalse(Analyzer.englishStopWords().contains("not"));
  }

  @Test
  void englishStemmingIsPorter2() {
    Analyzer a = Analyzer.builder().build();
    assertEquals(List.of("run", "run", "studi", "studi", "generous", "consolid", "statement",
        "john", "o'brien"),
        terms(a, "running runs studies study generously consolidated statements John's O'Brien"));
    assertEquals(List.of("run", "studi"), terms(a, "RUNNING Studies"));   // folded first
    assertEquals(List.of("financ", "financ"), terms(a, "ﬁnances financing"));
  }

  @Test
  void onlyLatinScriptWordsAreStemmed() {
    Analyzer stem = Analyzer.builder().build();
    Analyzer plain = Analyzer.builder().stemming(false).build();
    for (String text : List.of("জন্মগ্রহণ করেন সেবাসমূহ", "машины работали", "中华人民共和国",
        "ひらがな", "1999s 2023", "λόγους")) {
      assertEquals(terms(plain, text), terms(stem, text), text);
    }
    assertEquals(List.of("2023s"), terms(stem, "2023s"));
  }

  @Test
  void everyStemEqualsTheSnowballLibrarysOwnAnswerWhateverTheCacheHolds() {
    // 20,000 distinct words seen three times in random order: cache hits, misses and collisions.
    java.util.Random r = new java.util.Random(11);
    List<String> words = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder w = new StringBuilder();
      for (int k = 2 + r.nextInt(10); k > 0; k--) {
        w.append((char) ('a' + r.nextInt(26)));
      }
      words.add(w.toString());
    }
    List<String> text = new java.util.ArrayList<>();
    for (int round = 0; round < 3; round++) {
      text.addAll(words);
    }
    java.util.Collections.shuffle(text, r);
    org.tartarus.snowball.ext.EnglishStemmer library = new org.tartarus.snowball.ext.EnglishStemmer();
    List<String> expected = new java.util.ArrayList<>();
    for (String w : text) {
      library.setCurrent(w);
      library.stem();
      expected.add(library.getCurrent());
    }
    assertEquals(expected, terms(Analyzer.builder().build(), String.join(" ", text)));
  }

  @Test
  void theSameCharsAreStemmedAsALatinWordOnlyWhateverCameFirst() {
    // Mathematical Fraktur letters have no script: NFKC makes them ASCII, but they stay unstemmed.
    String fraktur = "\uD835\uDD25\uD835\uDD22\uD835\uDD29\uD835\uDD29\uD835\uDD2C\uD835\uDD30";
    Analyzer a = Analyzer.builder().build();
    assertEquals(List.of("hellos", "hello", "hellos", "hello"),
        terms(a, fraktur + " hellos " + fraktur + " hellos"));
  }

  @Test
  void describeIsStableAndRoundTrips() {
    for (boolean stop : new boolean[] {false, true}) {
      for (boolean stem : new boolean[] {false, true}) {
        Analyzer a = Analyzer.builder().stopWords(stop).stemming(stem).build();
        Analyzer back = Analyzer.forDescription(a.describe());
        assertEquals(a.describe(), back.describe());
        assertEquals(a, back);
        assertEquals(a.hashCode(), back.hashCode());
        assertEquals(stop, back.stopWords());
        assertEquals(stem, back.stemming());
        String text = "The runners ran to the 中华人民 offices";
        assertEquals(a.tokens(text), back.tokens(text));
      }
    }
    assertFalse(Analyzer.builder().build().equals(Analyzer.builder().stemming(false).build()));
    assertEquals("v1;stop=on;stem=none",
        Analyzer.builder().stopWords(true).stemming(false).build().describe());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Analyzer.forDescription("v2;stop=off;stem=english"));
    assertTrue(e.getMessage().contains("v2;stop=off;stem=english"), e.getMessage());
  }
}
