package org.treestore.engine.search.analysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tokenizing speed, printed and not asserted (machines differ): node-sized texts as the index
 * build will see them, English with a Zipf word distribution and the real PageIndex texts, with
 * the JDK's word BreakIterator over the same English for scale.
 */
class AnalyzerSpeedTest {

  private static final String[] SYLLABLES = {"re", "port", "fi", "nan", "cial", "in", "come",
      "state", "ment", "tion", "al", "con", "sol", "i", "dat", "ed", "rev", "e", "nue", "mar",
      "ket", "ing", "er", "ly", "pro", "ject", "an", "nu", "ter", "est", "op", "ra", "ce"};

  @Test
  void printTokensPerSecond() throws IOException {
    List<String> english = zipfNodes(new Random(7), 10_000);
    List<String> real = AnalyzerPropertiesTest.realTexts();
    measure("english, default (stem=english)", Analyzer.builder().build(), english, 6);
    measure("english, stop=on stem=english", Analyzer.builder().stopWords(true).build(), english, 6);
    measure("english, stem=none", Analyzer.builder().stemming(false).build(), english, 6);
    if (!real.isEmpty()) {
      // 1.8 MB in many scripts (and PDF mojibake) takes ~20 rounds before the JIT settles.
      measure("real PageIndex texts, default", Analyzer.builder().build(), real, 24);
    }
    measureBreakIterator(english);
  }

  /** ~80 words a node drawn with probability 1/rank from 20,000 made-up words, with numbers. */
  private static List<String> zipfNodes(Random r, int nodes) {
    int vocabulary = 20_000;
    String[] words = new String[vocabulary];
    for (int i = 0; i < vocabulary; i++) {
      StringBuilder w = new StringBuilder();
      for (int s = 1 + r.nextInt(4); s > 0; s--) {
        w.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
      }
      words[i] = w.toString();
    }
    double[] cumulative = new double[vocabulary];
    double sum = 0;
    for (int i = 0; i < vocabulary; i++) {
      cumulative[i] = sum += 1.0 / (i + 1);
    }
    List<String> out = new ArrayList<>();
    for (int n = 0; n < nodes; n++) {
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < 80; k++) {
        int i = java.util.Arrays.binarySearch(cumulative, r.nextDouble() * sum);
        String w = words[i < 0 ? -i - 1 : i];
        if (k % 12 == 0) {
          text.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        } else if (k % 17 == 0) {
          text.append(r.nextInt(10_000)).append('.').append(r.nextInt(100));
        } else {
          text.append(w);
        }
        text.append(k % 9 == 8 ? ". " : k % 5 == 4 ? ", " : " ");
      }
      out.add(text.toString());
    }
    return out;
  }

  private static void measure(String label, Analyzer a, List<String> texts, int rounds) {
    long chars = texts.stream().mapToLong(String::length).sum();
    long[] tokens = new long[1];
    TokenSink sink = (term, position, start, end) -> tokens[0] += term.length() > 0 ? 1 : 0;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < rounds; round++) {      // the first rounds warm the JIT up
      tokens[0] = 0;
      long t0 = System.nanoTime();
      for (String t : texts) {
        a.analyze(t, sink);
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    assertTrue(tokens[0] > 0);
    System.out.printf(Locale.ROOT, "analyzer speed: %-34s %6.1f MB chars, %9d tokens, "
            + "%6.2f M tokens/s, %6.1f M chars/s%n", label, chars / 1e6, tokens[0],
        tokens[0] / best / 1e6, chars / best / 1e6);
  }

  private static void measureBreakIterator(List<String> texts) {
    long chars = texts.stream().mapToLong(String::length).sum();
    BreakIterator it = BreakIterator.getWordInstance(Locale.ROOT);
    double best = Double.MAX_VALUE;
    long words = 0;
    for (int round = 0; round < 4; round++) {
      words = 0;
      long t0 = System.nanoTime();
      for (String t : texts) {
        it.setText(t);
        for (int s = it.first(), e = it.next(); e != BreakIterator.DONE; s = e, e = it.next()) {
          if (Character.isLetterOrDigit(t.codePointAt(s))) {
            words++;
          }
        }
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    System.out.printf(Locale.ROOT, "analyzer speed: %-34s %6.1f MB chars, %9d words,  "
            + "%6.2f M words/s,  %6.1f M chars/s (segmentation only)%n",
        "JDK BreakIterator, for scale", chars / 1e6, words, words / best / 1e6, chars / best / 1e6);
  }
}
