package org.treestore.engine.search.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.treestore.engine.search.analysis.SegmentationTest.terms;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Case folding and NFKC: spellings a reader takes for the same word give the same term. */
class FoldingTest {

  private static final Analyzer PLAIN = Analyzer.builder().stemming(false).build();

  private static void assertSame(String expected, String... spellings) {
    for (String s : spellings) {
      assertEquals(List.of(expected), terms(PLAIN, s), "term of \"" + s + "\"");
    }
  }

  @Test
  void caseIsFolded() {
    assertSame("hello", "hello", "Hello", "HELLO", "hElLo");
    assertSame("σίσυφοσ", "ΣΊΣΥΦΟΣ", "σίσυφος", "Σίσυφοσ");       // final sigma meets sigma
    assertSame("istanbul", "İstanbul", "ISTANBUL", "ıstanbul");
    assertSame("straße", "Straße", "STRAßE");                   // simple folding: ß is not ss
    assertSame("džemal", "Ǆemal", "ǅemal", "ǆemal", "DŽEMAL");   // NFKC splits the digraph
    assertSame("москва", "МОСКВА", "Москва");
  }

  @Test
  void foldingIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));                   // Turkish would lower I to ı
      assertSame("title", "TITLE");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void fullWidthAndHalfWidthFormsMatchTheirUsualForms() {
    assertSame("pageindex", "ＰａｇｅＩｎｄｅｘ", "PageIndex");
    assertSame("2024", "２０２４", "2024");
    assertEquals(terms(PLAIN, "カタカナ"), terms(PLAIN, "ｶﾀｶﾅ"));
    assertEquals(terms(PLAIN, "ガギ"), terms(PLAIN, "ｶﾞｷﾞ"));      // half-width voiced marks compose
    assertSame("it's", "it's", "it’s", "it＇s");
  }

  @Test
  void compatibilityFormsAndLigaturesAreExpanded() {
    assertSame("finance", "ﬁnance", "FINANCE");
    assertSame("office", "oﬃce");
    assertSame("xii", "Ⅻ");
    assertSame("x2", "x²");
    assertSame("h", "ℌ");
    assertEquals(List.of("1", "2"), terms(PLAIN, "½"));             // 1⁄2: split at the fraction slash
    assertEquals(terms(PLAIN, "豈更"), terms(PLAIN, "\uF900\uF901")); // compatibility ideographs
  }

  @Test
  void accentsAreKeptButComposedAndDecomposedFormsMatch() {
    assertSame("café", "café", "cafe\u0301", "CAFÉ");
    assertNotEquals(terms(PLAIN, "cafe"), terms(PLAIN, "café"));
    assertEquals(terms(PLAIN, "\u09AF\u09BC"), terms(PLAIN, "\u09DF"));   // Bengali য় both ways
    // 한글 as conjoining jamo (what some PDF extractors emit) and as syllables.
    assertEquals(terms(PLAIN, "한글"), terms(PLAIN, "\u1112\u1161\u11AB\u1100\u1173\u11AF"));
  }

  @Test
  void decimalDigitsOfEveryScriptFoldToAscii() {
    assertSame("2024", "২০২৪", "٢٠٢٤", "२०२४");
  }

  @Test
  void aFoldedTermAnalysesToItself() {
    for (String s : List.of("Hello", "ＰａｇｅＩｎｄｅｘ", "ﬁnance", "O’Brien", "3.5", "ΣΊΣΥΦΟΣ",
        "রবীন্দ্রনাথ", "র\u200C্যাব", "cafe\u0301", "中华", "ｶﾞｷﾞ", "২০২৪")) {
      for (Token t : PLAIN.tokens(s)) {
        assertEquals(List.of(t.term()), terms(PLAIN, t.term()), "re-analysing " + t.term());
      }
    }
  }
}
