package org.treestore.engine.search.analysis;

import java.lang.Character.UnicodeScript;

/**
 * What a code point is to the tokenizer: a packed int with the kind in the low four bits and,
 * for letters of a specific script, {@code script.ordinal() + 1} above them (0 for letters of
 * no particular script, such as U+02BC or the katakana length mark).
 *
 * <p>Code points below U+3000 (Latin through Thai, Bengali, Cyrillic, ...: nearly all non-CJK
 * text) are looked up in a table filled at class load; the rest ask {@link Character}, whose
 * script lookup is a binary search.
 */
final class CharKind {

  /** Punctuation, symbols, spaces, emoji, unpaired surrogates: ends a token. */
  static final int OTHER = 0;
  /** A letter of a non-CJK script (L*, Nl). */
  static final int LETTER = 1;
  /** A digit or other number (Nd, No); belongs to no script so it joins any word. */
  static final int DIGIT = 2;
  /** A combining mark (Mn, Mc, Me): part of the word before it (Bengali vowel signs, virama). */
  static final int MARK = 3;
  /** A format char (Cf: soft hyphen, ZWJ, ZWNJ, BOM): skipped inside words, dropped from terms. */
  static final int IGNORABLE = 4;
  /** An apostrophe: joins two letters ({@code o'brien}, {@code don't}). */
  static final int APOSTROPHE = 5;
  /** A period or comma: joins two digits ({@code 3.5}, {@code 1,000}). */
  static final int NUMBER_SEPARATOR = 6;
  /** A Han, Hiragana, Katakana or Hangul letter: analysed as bigrams. */
  static final int CJK = 7;

  static final int KIND_MASK = 0xF;
  static final int SCRIPT_SHIFT = 4;

  private static final int TABLE_LIMIT = 0x3000;
  private static final char[] TABLE = new char[TABLE_LIMIT];

  static {
    for (int cp = 0; cp < TABLE_LIMIT; cp++) {
      TABLE[cp] = (char) compute(cp);
    }
  }

  private CharKind() {
  }

  static int of(int cp) {
    return cp < TABLE_LIMIT ? TABLE[cp] : compute(cp);
  }

  static int kind(int info) {
    return info & KIND_MASK;
  }

  /** The script tag of a letter, 0 when it has none; two letters of different nonzero tags split a word. */
  static int script(int info) {
    return info >>> SCRIPT_SHIFT;
  }

  /** The script tag of Latin letters: the only words that are stemmed and checked for stop words. */
  static final int LATIN = UnicodeScript.LATIN.ordinal() + 1;

  private static int compute(int cp) {
    switch (cp) {
      case '\'', 0x2019, 0xFF07:            // ASCII, right single quotation mark, full-width
        return APOSTROPHE;
      case '.', ',', 0xFF0E, 0xFF0C, 0x066B, 0x066C:   // also full-width and Arabic separators
        return NUMBER_SEPARATOR;
      case 0x200B:                         // zero width space marks a word boundary, unlike other Cf
        return OTHER;
      case 0x30FC, 0xFF70:                 // katakana length mark (Lm, no script): kana, コーヒー
        return CJK;
      default:
        break;
    }
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.LETTER_NUMBER:
        return letter(cp);
      case Character.DECIMAL_DIGIT_NUMBER, Character.OTHER_NUMBER:
        return DIGIT;
      case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK:
        return MARK;
      case Character.FORMAT:
        return IGNORABLE;
      default:
        return OTHER;             // includes '_' and '-': identifiers and compounds split
    }
  }

  private static int letter(int cp) {
    UnicodeScript script = UnicodeScript.of(cp);
    switch (script) {
      case HAN, HIRAGANA, KATAKANA, HANGUL:
        return CJK;
      case COMMON, INHERITED, UNKNOWN:
        return LETTER;
      default:
        return LETTER | (script.ordinal() + 1) << SCRIPT_SHIFT;
    }
  }

  /** Code points that continue a CJK unit rather than start one (besides marks). */
  static boolean extendsCjkUnit(int cp, boolean hangulBase) {
    return cp == 0xFF9E || cp == 0xFF9F                    // half-width (semi-)voiced sound marks
        || hangulBase && (cp >= 0x1160 && cp <= 0x11FF      // conjoining jamo vowels and finals
            || cp >= 0xD7B0 && cp <= 0xD7FF);             // compose with the syllable under NFKC
  }

  static boolean isHangul(int cp) {
    return cp >= 0xAC00 && cp <= 0xD7A3 || cp >= 0x1100 && cp <= 0x11FF
        || cp >= 0x3130 && cp <= 0x318F || cp >= 0xA960 && cp <= 0xA97F
        || cp >= 0xD7B0 && cp <= 0xD7FF || cp >= 0xFFA0 && cp <= 0xFFDC;
  }

  /** Code points that NFKC leaves alone and that need no folding: the bulk of CJK text. */
  static boolean isPlainCjk(int cp) {
    return cp >= 0x4E00 && cp <= 0x9FFF || cp >= 0x3041 && cp <= 0x3096
        || cp >= 0x30A1 && cp <= 0x30FA || cp >= 0xAC00 && cp <= 0xD7A3 || cp == 0x30FC;
  }

  /** Default-ignorable marks that NFKC keeps but a term should not: variation selectors. */
  static boolean isVariationSelector(int cp) {
    return cp >= 0xFE00 && cp <= 0xFE0F || cp >= 0xE0100 && cp <= 0xE01EF
        || cp >= 0x180B && cp <= 0x180D;
  }
}
