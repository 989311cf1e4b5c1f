package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * A deterministic generated corpus shaped like PageIndex output: documents of 50 nodes (5 chapters
 * of 1 + 9 sections), each node with a title of about 5 words, a summary of about 20 and a text of
 * about 80, words drawn from a Zipf distribution (exponent 1, as in English prose) over a
 * vocabulary of 50,000 pseudo-words. Frequent words are short, as in natural language: rank r is
 * r+1 written in bijective base 90 with consonant-vowel syllables ("ba", "be", ..., "baba", ...).
 */
final class ZipfCorpus {
  static final int VOCABULARY = 50_000;
  static final int NODES_PER_DOC = 50;
  private static final String CONSONANTS = "bcdfghjklmnprstvwz";
  private static final String VOWELS = "aeiou";
  private static final int SYLLABLES = CONSONANTS.length() * VOWELS.length();

  private final long seed;
  private final double[] cumulative = new double[VOCABULARY];
  private final String[] words = new String[VOCABULARY];

  ZipfCorpus(long seed) {
    this.seed = seed;
    double sum = 0;
    for (int r = 0; r < VOCABULARY; r++) {
      sum += 1.0 / (r + 1);
      cumulative[r] = sum;
      words[r] = word(r);
    }
    for (int r = 0; r < VOCABULARY; r++) {
      cumulative[r] /= sum;
    }
  }

  static String word(int rank) {
    StringBuilder sb = new StringBuilder();
    for (int n = rank + 1; n > 0; n = n / SYLLABLES) {
      n--;
      int s = n % SYLLABLES;
      sb.append(CONSONANTS.charAt(s / VOWELS.length())).append(VOWELS.charAt(s % VOWELS.length()));
    }
    return sb.toString();
  }

  private String draw(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    int lo = 0;
    int hi = VOCABULARY - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return words[lo];
  }

  /** About {@code mean} words (mean/2 .. 3*mean/2), as sentences of about 12 words. */
  private String words(SplittableRandom rnd, int mean) {
    int n = mean / 2 + rnd.nextInt(mean + 1);
    StringBuilder sb = new StringBuilder(n * 6);
    boolean sentenceStart = true;
    for (int i = 0; i < n; i++) {
      String w = draw(rnd);
      if (sentenceStart) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      } else {
        sb.append(w);
      }
      sentenceStart = rnd.nextInt(12) == 0;
      sb.append(i == n - 1 || sentenceStart ? ". " : rnd.nextInt(10) == 0 ? ", " : " ");
    }
    return sb.toString().trim();
  }

  private DocNode node(SplittableRandom rnd, int id) {
    DocNode n = new DocNode(String.format("%04d", id), words(rnd, 5)).setSummary(words(rnd, 20));
    return rnd.nextInt(10) == 0 ? n : n.setText(words(rnd, 80)); // some chapter-like nodes have no text
  }

  /** Document {@code d}: the same for the same seed and number. */
  PageIndexDocument document(int d) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + d);
    List<DocNode> chapters = new ArrayList<>();
    int id = 0;
    for (int c = 0; c < 5; c++) {
      DocNode chapter = node(rnd, id++);
      for (int s = 0; s < 9; s++) {
        chapter.addChild(node(rnd, id++));
      }
      chapters.add(chapter);
    }
    return PageIndexDocument.create("generated-" + d, null, chapters);
  }
}
