package org.treestore.engine.search.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CJK runs: overlapping bigrams with consecutive positions and exact offsets. */
class CjkBigramTest {

  private static final Analyzer A = Analyzer.builder().build();

  @Test
  void aRunGivesOverlappingBigramsWithConsecutivePositionsAndOffsets() {
    assertEquals(List.of(
        new Token("中华", 0, 0, 2),
        new Token("华人", 1, 1, 3),
        new Token("人民", 2, 2, 4)), A.tokens("中华人民"));
  }

  @Test
  void aLoneCharacterIsOneUnigram() {
    assertEquals(List.of(new Token("书", 0, 2, 3)), A.tokens("《 书 》"));
    assertEquals(List.of(
        new Token("我", 0, 0, 1),
        new Token("你", 1, 2, 3)), A.tokens("我，你"));
  }

  @Test
  void positionsRunOnAcrossWordsAndBigramsInMixedText() {
    // PageIndex是一个, then an English word, then a Chinese run of three characters.
    String text = "PageIndex是一个 tool 用于检索";
    assertEquals(List.of(
        new Token("pageindex", 0, 0, 9),
        new Token("是一", 1, 9, 11),
        new Token("一个", 2, 10, 12),
        new Token("tool", 3, 13, 17),
        new Token("用于", 4, 18, 20),
        new Token("于检", 5, 19, 21),
        new Token("检索", 6, 20, 22)), A.tokens(text));
  }

  @Test
  void punctuationEndsARun() {
    // 贾赦：贾母长子 from a real tree: the full-width colon splits the runs.
    assertEquals(List.of("贾赦", "贾母", "母长", "长子"), terms("贾赦：贾母长子"));
  }

  @Test
  void kanaRunsIncludingTheLengthMarkAndMixedKanjiAreBigrammed() {
    assertEquals(List.of("コー", "ーヒ", "ヒー"), terms("コーヒー"));
    assertEquals(List.of("ー"), terms("ー"));                // the mark alone: a unigram
    assertEquals(List.of("abc", "ー"), terms("abcー"));       // and kana, not part of a Latin word
    List<Token> t = A.tokens("ｶﾞｷﾞ");                         // half-width, voiced: 4 chars, 2 units
    assertEquals(List.of(new Token("ガギ", 0, 0, 4)), t);
  }

  @Test
  void hangulSyllablesAndConjoiningJamoUnits() {
    assertEquals(List.of(new Token("한국", 0, 0, 2), new Token("국어", 1, 1, 3)), A.tokens("한국어"));
    String jamo = "\u1112\u1161\u11AB\u1100\u1173\u11AF";      // 한글 decomposed: two units
    assertEquals(List.of(new Token("한글", 0, 0, 6)), A.tokens(jamo));
  }

  @Test
  void supplementaryIdeographsAreOneUnitEach() {
    String text = "\uD842\uDFB7野家";                           // 𠮷野家: the first is outside the BMP
    assertEquals(List.of(
        new Token("\uD842\uDFB7野", 0, 0, 3),
        new Token("野家", 1, 2, 4)), A.tokens(text));
  }

  @Test
  void cjkIsNeverStemmedNorStopped() {
    Analyzer all = Analyzer.builder().stopWords(true).stemming(true).build();
    assertEquals(terms("的是在了"), all.tokens("的是在了").stream().map(Token::term).toList());
  }

  private static List<String> terms(String text) {
    return A.tokens(text).stream().map(Token::term).toList();
  }
}
