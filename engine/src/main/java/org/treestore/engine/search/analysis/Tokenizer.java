package org.treestore.engine.search.analysis;

import static org.treestore.engine.search.analysis.CharKind.APOSTROPHE;
import static org.treestore.engine.search.analysis.CharKind.CJK;
import static org.treestore.engine.search.analysis.CharKind.DIGIT;
import static org.treestore.engine.search.analysis.CharKind.IGNORABLE;
import static org.treestore.engine.search.analysis.CharKind.LETTER;
import static org.treestore.engine.search.analysis.CharKind.MARK;
import static org.treestore.engine.search.analysis.CharKind.NUMBER_SEPARATOR;

import java.nio.CharBuffer;
import java.text.Normalizer;
import java.util.Arrays;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;

/**
 * The working state of one analysis: a scanner over the code points of a copy of the text, the
 * term buffers and the stemmer. Not thread-safe; {@link Analyzer} keeps one per thread.
 *
 * <p>The scanner looks at the original text only, so offsets are exact; normalisation (NFKC) and
 * folding run afterwards on each word's chars. Only the term strings handed to the sink are
 * allocated for ASCII text, and only on a term cache miss; a non-ASCII word costs a few more
 * small objects in the JDK's normaliser.
 */
final class Tokenizer {

  /** Input copies up to this many chars are kept for the next call; longer ones are dropped. */
  private static final int RETAINED_INPUT = 1 << 16;
  /** Stream-safe text (UAX #15) caps non-starters at 30; a CJK unit is a letter and its marks. */
  private static final int MAX_UNIT_CHARS = 32;
  /**
   * Term cache: sets (a power of two) of two entries each, and the longest term it holds. Two
   * ways, not one: with one slot per word a vocabulary as large as the cache thrashes (a uniform
   * 4,096-word vocabulary misses on about 37 % of its tokens in 4,096 direct-mapped slots, by a
   * Poisson estimate of words sharing a slot), and a miss costs the stemmer. Two ways of 4,096
   * sets miss only in sets that three or more of its words share.
   */
  private static final int CACHE_SETS = 4096;
  private static final int CACHE_MAX_KEY = 24;

  /** Entry {@code 2 * set + way}. */
  private final char[][] cacheKeys = new char[2 * CACHE_SETS][];
  private final String[] cacheTerms = new String[2 * CACHE_SETS];
  private final boolean[] cacheStemmed = new boolean[2 * CACHE_SETS];
  /** Per set, the way used last: a miss replaces the other one. */
  private final byte[] cacheRecent = new byte[CACHE_SETS];

  private final boolean stopWords;
  private final SnowballStemmer stemmer;

  private char[] input = new char[1024];
  private char[] term = new char[64];
  private int termLength;
  private char[] stem = new char[64];
  private char[] previousUnit = new char[8];
  private int previousUnitLength;
  private char[] unit = new char[8];
  private int unitLength;

  private TokenSink sink;
  private int position;
  boolean busy;

  Tokenizer(boolean stopWords, boolean stemming) {
    this.stopWords = stopWords;
    this.stemmer = stemming ? new EnglishStemmer() : null;
  }

  void analyze(CharSequence text, TokenSink out) {
    int n = text.length();
    char[] c = load(text, n);
    sink = out;
    position = 0;
    try {
      int i = 0;
      while (i < n) {
        char ch = c[i];
        if (ch < 0x80) {                                    // fast path: ASCII outside words
          if (Character.isLetterOrDigit(ch)) {
            i = word(c, i, n);
          } else {
            i++;
          }
          continue;
        }
        int cp = Character.codePointAt(c, i, n);
        int kind = CharKind.kind(CharKind.of(cp));
        if (kind == LETTER || kind == DIGIT) {
          i = word(c, i, n);
        } else if (kind == CJK) {
          i = cjk(c, i, n);
        } else {
          i += Character.charCount(cp);    // separators, and marks or format chars with no base
        }
      }
    } finally {
      sink = null;
      if (input.length > RETAINED_INPUT) {
        input = new char[1024];
      }
    }
  }

  private char[] load(CharSequence text, int n) {
    if (input.length < n) {
      input = new char[Math.max(n, Math.min(2 * input.length, RETAINED_INPUT))];
    }
    if (text instanceof String s) {
      s.getChars(0, n, input, 0);
    } else if (text instanceof StringBuilder sb) {
      sb.getChars(0, n, input, 0);
    } else {
      for (int i = 0; i < n; i++) {
        input[i] = text.charAt(i);
      }
    }
    return input;
  }

  // ---- words (every script but CJK) ----

  /**
   * Scans one word from {@code start} (a letter or digit) and emits it; returns where scanning
   * goes on. A word is letters and digits with their marks; an apostrophe between letters or a
   * period or comma between digits stays inside; a letter of another script ends it.
   */
  private int word(char[] c, int start, int n) {
    int i = start;
    int end = start;
    int script = 0;
    int lastBase = 0;
    while (i < n) {
      int cp = Character.codePointAt(c, i, n);
      int len = Character.charCount(cp);
      if (i + len - start > Analyzer.MAX_TERM_LENGTH) {
        break;                                   // an over-long run goes on as a new word
      }
      int info = CharKind.of(cp);
      int kind = CharKind.kind(info);
      if (kind == LETTER) {
        int s = CharKind.script(info);
        if (s != 0) {
          if (script == 0) {
            script = s;
          } else if (s != script) {
            break;
          }
        }
        lastBase = LETTER;
        end = i += len;
      } else if (kind == DIGIT) {
        lastBase = DIGIT;
        end = i += len;
      } else if (kind == MARK) {
        end = i += len;
      } else if (kind == IGNORABLE) {
        i += len;                                // inside only if a base follows
      } else if (kind == APOSTROPHE && lastBase == LETTER && nextKind(c, i + len, n) == LETTER
          || kind == NUMBER_SEPARATOR && lastBase == DIGIT && nextKind(c, i + len, n) == DIGIT) {
        i += len;
        lastBase = 0;
      } else {
        break;
      }
    }
    foldWord(c, start, end, script == CharKind.LATIN);
    return end;
  }

  private static int nextKind(char[] c, int i, int n) {
    return i < n ? CharKind.kind(CharKind.of(Character.codePointAt(c, i, n))) : -1;
  }

  /** Lower-cases ASCII words in one pass; anything else goes through NFKC and case folding. */
  private void foldWord(char[] c, int start, int end, boolean latin) {
    int len = end - start;
    if (term.length < len) {
      term = new char[Math.max(len, 2 * term.length)];
    }
    for (int i = 0; i < len; i++) {
      char ch = c[start + i];
      if (ch >= 0x80) {
        foldUnicode(c, start, end, latin);
        return;
      }
      term[i] = ch >= 'A' && ch <= 'Z' ? (char) (ch + ('a' - 'A')) : ch;
    }
    emitWord(0, len, latin, start, end);
  }

  private void foldUnicode(char[] c, int start, int end, boolean latin) {
    CharSequence source = CharBuffer.wrap(c, start, end - start);
    if (!Normalizer.isNormalized(source, Normalizer.Form.NFKC)) {
      source = Normalizer.normalize(source, Normalizer.Form.NFKC);
    }
    termLength = 0;
    boolean foldedNonAscii = false;
    for (int i = 0; i < source.length(); ) {
      int cp = Character.codePointAt(source, i);
      i += Character.charCount(cp);
      int type = Character.getType(cp);
      if (type == Character.FORMAT || CharKind.isVariationSelector(cp)) {
        continue;                                 // ZWJ, ZWNJ, soft hyphen: invisible, not meaning
      }
      if (cp == 0x2019) {
        cp = '\'';                               // typographic apostrophe, which NFKC keeps
      } else if (type == Character.DECIMAL_DIGIT_NUMBER && cp >= 0x80) {
        cp = '0' + Character.digit(cp, 10);      // ২০২৪ and 2024 are the same year
      }
      // Simple case folding: upper then lower maps final sigma, long s and the like together.
      int folded = Character.toLowerCase(Character.toUpperCase(cp));
      foldedNonAscii |= folded != cp && folded >= 0x80;
      appendTerm(folded);
    }
    if (foldedNonAscii) {
      CharSequence f = CharBuffer.wrap(term, 0, termLength);
      if (!Normalizer.isNormalized(f, Normalizer.Form.NFKC)) {
        String again = Normalizer.normalize(f, Normalizer.Form.NFKC);
        termLength = 0;
        again.codePoints().forEach(this::appendTerm);
      }
    }
    emitPieces(latin, start, end);
  }

  private void appendTerm(int cp) {
    if (termLength + 2 > term.length) {
      char[] bigger = new char[2 * term.length];
      System.arraycopy(term, 0, bigger, 0, termLength);
      term = bigger;
    }
    termLength += Character.toChars(cp, term, termLength);
  }

  /**
   * NFKC can turn a word char into punctuation ({@code ½} is {@code 1⁄2}, {@code ⑴} is
   * {@code (1)}): such a folded word is split again, each piece keeping the word's offsets.
   */
  private void emitPieces(boolean latin, int start, int end) {
    int pieceStart = -1;
    int lastWordEnd = -1;
    for (int i = 0; i < termLength; ) {
      int cp = Character.codePointAt(term, i, termLength);
      int next = i + Character.charCount(cp);
      int kind = CharKind.kind(CharKind.of(cp));
      if (kind == LETTER || kind == DIGIT || kind == MARK || kind == CJK) {
        if (pieceStart < 0) {
          pieceStart = i;
        }
        lastWordEnd = next;
      } else if (kind != APOSTROPHE && kind != NUMBER_SEPARATOR || pieceStart < 0) {
        if (pieceStart >= 0) {
          emitWord(pieceStart, lastWordEnd - pieceStart, latin, start, end);
        }
        pieceStart = -1;
      }
      i = next;
    }
    if (pieceStart >= 0) {
      emitWord(pieceStart, lastWordEnd - pieceStart, latin, start, end);
    }
  }

  /** Applies the stop list and the stemmer (Latin words only) to {@code term[off, off + len)}. */
  private void emitWord(int off, int len, boolean latin, int start, int end) {
    if (latin && stopWords && StopWords.contains(term, off, len)) {
      return;
    }
    emit(term, off, len, latin && stemmer != null, start, end);
  }

  /**
   * Hands {@code buf[off, off + len)} (stemmed if asked) to the sink, through the term cache:
   * text with a Zipf word distribution repeats a few thousand words, so most tokens skip the
   * stemmer and reuse a string. Stemmed and plain entries are kept apart because the same chars
   * can be a Latin word and, from another script's compatibility form, a word never stemmed.
   */
  private void emit(char[] buf, int off, int len, boolean stemIt, int start, int end) {
    String t;
    if (len <= CACHE_MAX_KEY) {
      int h = 0;                       // same slot either way: the flag tells them apart
      for (int i = off; i < off + len; i++) {
        h = 31 * h + buf[i];
      }
      int set = (h ^ h >>> 12) & (CACHE_SETS - 1);
      int slot = set << 1;
      if (hit(slot, buf, off, len, stemIt)) {
        t = cacheTerms[slot];
        cacheRecent[set] = 0;
      } else if (hit(slot | 1, buf, off, len, stemIt)) {
        t = cacheTerms[slot | 1];
        cacheRecent[set] = 1;
      } else {
        t = stemIt ? stem(buf, off, len) : string(buf, off, len);
        int way = cacheRecent[set] ^ 1;
        cacheKeys[slot | way] = Arrays.copyOfRange(buf, off, off + len);
        cacheTerms[slot | way] = t;
        cacheStemmed[slot | way] = stemIt;
        cacheRecent[set] = (byte) way;
      }
    } else {
      t = stemIt ? stem(buf, off, len) : string(buf, off, len);
    }
    sink.token(t, position++, start, end);
  }

  private boolean hit(int slot, char[] buf, int off, int len, boolean stemIt) {
    char[] key = cacheKeys[slot];
    return key != null && cacheStemmed[slot] == stemIt && Arrays.equals(key, 0, key.length, buf, off, off + len);
  }

  private String stem(char[] buf, int off, int len) {
    if (stem.length < len) {
      stem = new char[Math.max(len, 2 * stem.length)];
    }
    System.arraycopy(buf, off, stem, 0, len);
    stemmer.setCurrent(stem, len);
    stemmer.stem();
    stem = stemmer.getCurrentBuffer();            // the stemmer may have grown it
    int stemmed = stemmer.getCurrentBufferLength();
    return stemmed > 0 ? string(stem, 0, stemmed) : string(buf, off, len);
  }

  private static String string(char[] buf, int off, int len) {
    if (len > Analyzer.MAX_TERM_LENGTH) {        // NFKC can lengthen a word (U+FDFA is 18 chars)
      len = Analyzer.MAX_TERM_LENGTH;
      if (Character.isHighSurrogate(buf[off + len - 1])) {
        len--;
      }
    }
    return new String(buf, off, len);
  }

  // ---- CJK runs ----

  /**
   * Scans a run of CJK units from {@code start} and emits its overlapping bigrams, or the unit
   * alone when the run has one. A unit is a letter (or the katakana length mark) with the marks
   * that modify it (including half-width sound marks and conjoining jamo), normalised by NFKC on
   * its own.
   */
  private int cjk(char[] c, int start, int n) {
    int i = start;
    int units = 0;
    int previousStart = start;
    while (i < n) {
      int cp = Character.codePointAt(c, i, n);
      if (CharKind.kind(CharKind.of(cp)) != CJK) {
        break;
      }
      int unitStart = i;
      i += Character.charCount(cp);
      boolean hangul = CharKind.isHangul(cp);
      boolean plain = CharKind.isPlainCjk(cp);
      while (i < n && i - unitStart < MAX_UNIT_CHARS) {
        int e = Character.codePointAt(c, i, n);
        if (CharKind.kind(CharKind.of(e)) != MARK && !CharKind.extendsCjkUnit(e, hangul)) {
          break;
        }
        i += Character.charCount(e);
        plain = false;
      }
      normalizeUnit(c, unitStart, i, plain);
      if (units > 0) {
        emitBigram(previousStart, i);
      }
      char[] swap = previousUnit;
      previousUnit = unit;
      previousUnitLength = unitLength;
      unit = swap;
      previousStart = unitStart;
      units++;
    }
    if (units == 1) {
      emit(previousUnit, 0, previousUnitLength, false, start, i);
    }
    return i;
  }

  private void normalizeUnit(char[] c, int start, int end, boolean plain) {
    int len = end - start;
    if (plain) {                                       // one BMP char NFKC keeps: copy it
      unit[0] = c[start];
      unitLength = 1;
      return;
    }
    String nf = Normalizer.normalize(CharBuffer.wrap(c, start, len), Normalizer.Form.NFKC);
    if (unit.length < nf.length()) {
      unit = new char[Math.max(nf.length(), 2 * unit.length)];
    }
    nf.getChars(0, nf.length(), unit, 0);
    unitLength = nf.length();
  }

  private void emitBigram(int start, int end) {
    int len = previousUnitLength + unitLength;
    if (term.length < len) {
      term = new char[Math.max(len, 2 * term.length)];
    }
    System.arraycopy(previousUnit, 0, term, 0, previousUnitLength);
    System.arraycopy(unit, 0, term, previousUnitLength, unitLength);
    emit(term, 0, len, false, start, end);
  }
}
