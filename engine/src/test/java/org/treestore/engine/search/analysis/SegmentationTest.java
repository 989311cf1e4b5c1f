package org.treestore.engine.search.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Word segmentation: where words start and end, per script and per kind of punctuation. Stemming
 * is off here so each expected term is the folded source word.
 */
class SegmentationTest {

  private static final Analyzer PLAIN = Analyzer.builder().stemming(false).build();

  static List<String> terms(Analyzer a, String text) {
    return a.tokens(text).stream().map(Token::term).collect(Collectors.toList());
  }

  private static void assertTerms(String text, String... expected) {
    assertEquals(List.of(expected), terms(PLAIN, text), "terms of \"" + text + "\"");
  }

  @Test
  void latinWordsSplitAtSpacesAndPunctuation() {
    assertTerms("Hello, world! How are you?", "hello", "world", "how", "are", "you");
    assertTerms("  \t\n(quoted) [brackets] {braces}; semi: colon", "quoted", "brackets", "braces",
        "semi", "colon");
    assertTerms("");
    assertTerms("   ...  !!! ");
  }

  @Test
  void digitsStayWithLettersAndJoinAcrossPeriodsAndCommasBetweenDigits() {
    assertTerms("Q1 FY2025 results", "q1", "fy2025", "results");
    assertTerms("grew 3.5% to $1,234.56 million", "grew", "3.5", "to", "1,234.56", "million");
    assertTerms("version v1.2.3 and 10.5.", "version", "v1.2.3", "and", "10.5");
    assertTerms("in 2023. Then 4,", "in", "2023", "then", "4");
    assertTerms("Fig.3 and 3.x", "fig", "3", "and", "3", "x");
  }

  @Test
  void apostrophesJoinLettersOnly() {
    assertTerms("O'Brien don't rock'n'roll", "o'brien", "don't", "rock'n'roll");
    assertTerms("the students' books, 'quoted' words", "the", "students", "books", "quoted", "words");
    assertTerms("it’s", "it's");                                      // typographic apostrophe
    assertTerms("a''b 5'6", "a", "b", "5", "6");
    assertTerms("the 1990's boom", "the", "1990", "s", "boom");      // a digit is not a letter
    assertTerms("cafe\u0301's", "café's");                            // marks keep the letter before
  }

  @Test
  void hyphensUnderscoresAndPeriodsBetweenLettersSplit() {
    assertTerms("e-mail state-of-the-art", "e", "mail", "state", "of", "the", "art");
    assertTerms("node_id __init__", "node", "id", "init");
    assertTerms("e.g. U.S.A.", "e", "g", "u", "s", "a");
  }

  @Test
  void urlsAndEmailAddressesBecomeTheirParts() {
    assertTerms("see https://www.example.com/docs/page-2?q=a&x=1#top",
        "see", "https", "www", "example", "com", "docs", "page", "2", "q", "a", "x", "1", "top");
    assertTerms("mail jane.doe@example.org", "mail", "jane", "doe", "example", "org");
  }

  @Test
  void emojiAndSymbolsSeparate() {
    assertTerms("good👍work 😀 🇧🇩 👨‍👩‍👧 © ™ ±", "good", "work");
    assertTerms("I❤️NY", "i", "ny");
  }

  @Test
  void supplementaryLettersAreWholeCodePointsAndLoneSurrogatesSeparate() {
    String math = "\uD835\uDC00\uD835\uDC01c";       // MATHEMATICAL BOLD A, B then c: NFKC ab
    assertTerms(math, "abc");
    assertTerms("\uD801\uDC00\uD801\uDC01", "\uD801\uDC28\uD801\uDC29");   // Deseret, case-folded
    assertTerms("ab\uD800cd\uDC00ef", "ab", "cd", "ef");                  // unpaired halves
    List<Token> t = PLAIN.tokens("x \uD840\uDC0B\uD840\uDC0Cy");            // two Han (Ext. B) + y
    assertEquals("\uD840\uDC0B\uD840\uDC0C", t.get(1).term());
    assertEquals(2, t.get(1).start());
    assertEquals(6, t.get(1).end());
  }

  @Test
  void combiningMarksStayInsideTheirWord() {
    assertTerms("cafe\u0301 nai\u0308ve", "café", "naïve");      // NFKC composes them
    assertTerms("x\u0301\u0327\u0323y", "x\u0327\u0323\u0301y");  // canonical order
    assertTerms("\u0301alone", "alone");                           // a mark with no base separates
  }

  @Test
  void bengaliVowelSignsViramaAndZeroWidthJoinersNeverSplitAWord() {
    // "Rabindranath Tagore was born in Kolkata": conjuncts with virama, vowel signs, anusvara.
    assertTerms("রবীন্দ্রনাথ ঠাকুর কলকাতায় জন্মগ্রহণ করেন।",
        "রবীন্দ্রনাথ", "ঠাকুর", "কলকাতায়", "জন্মগ্রহণ", "করেন");
    assertTerms("ক্ষমতা শক্তি", "ক্ষমতা", "শক্তি");
    // র + ZWNJ + virama + য (the "ra-phala" spelling): one word, the ZWNJ dropped from the term.
    assertTerms("র\u200C্যাব", "র্যাব");
    // Bengali digits are decimal digits: folded to ASCII, and one token with the year.
    assertTerms("২০২৪ সালে", "2024", "সালে");
  }

  @Test
  void chineseJapaneseAndKoreanRunsAreCjk() {
    assertTerms("中华人民", "中华", "华人", "人民");
    assertTerms("ひらがな カタカナ", "ひら", "らが", "がな", "カタ", "タカ", "カナ");
    assertTerms("한국어 텍스트", "한국", "국어", "텍스", "스트");
    assertTerms("東京で日本語を勉強する", "東京", "京で", "で日", "日本", "本語", "語を", "を勉", "勉強",
        "強す", "する");
  }

  @Test
  void scriptChangesSplitWords() {
    assertTerms("PageIndex是一个文档", "pageindex", "是一", "一个", "个文", "文档");
    assertTerms("2023年报告", "2023", "年报", "报告");
    assertTerms("PDFফাইল", "pdf", "ফাইল");
    assertTerms("Москваcity", "москва", "city");
    assertTerms("abc123ধ", "abc123", "ধ");                   // digits go with the word before
  }

  @Test
  void formatCharactersInsideWordsAreSkippedOutsideSeparate() {
    assertTerms("co\u00ADoperate", "cooperate");               // soft hyphen
    assertTerms("\uFEFF红楼梦", "红楼", "楼梦");                  // byte order mark, as in a real file
    assertTerms("word\u200Bnext", "word", "next");             // zero width space is a boundary
    assertTerms("end\u200D ", "end");
  }

  @Test
  void overLongRunsAreCutIntoSeveralWords() {
    String longWord = "a".repeat(600);
    List<Token> t = PLAIN.tokens(longWord);
    assertEquals(3, t.size());
    assertEquals("a".repeat(Analyzer.MAX_TERM_LENGTH), t.get(0).term());
    assertEquals(Analyzer.MAX_TERM_LENGTH, t.get(1).start());
    assertEquals(600 - 2 * Analyzer.MAX_TERM_LENGTH, t.get(2).term().length());
    // One character whose NFKC form is 18 chars, repeated: the term is cut, not the text.
    String expands = "\uFDFA".repeat(20);
    for (Token k : PLAIN.tokens(expands)) {
      assertEquals(true, k.term().length() <= Analyzer.MAX_TERM_LENGTH);
    }
  }
}
