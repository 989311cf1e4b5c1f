package org.treestore.bench.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * The generated corpus of the search benchmarks, deterministic: document {@code d} is the same in
 * every run and for every engine. A document has 50 nodes (5 chapters of 1 + 9 sections, ids
 * {@code 0000..0049}); a node has a title of about 5 words, a summary of about 20 and, in 9 nodes
 * of 10, a text of about 80 (each length uniform in [mean/2, 3*mean/2]), written as sentences of
 * about 12 words with capitals, commas and periods.
 *
 * <p>Words follow Zipf's law with exponent 1 (English prose) over {@value #VOCABULARY} pseudo-words:
 * the word of rank r (0 most frequent) has probability proportional to 1/(r+1). Frequent words are
 * short as in natural language: rank r is r+1 in bijective base 90 with consonant-vowel syllables
 * ("ba", "be", ..., "zu", "baba", ...): the 90 most frequent words have 2 letters, the next 8,100
 * have 4 and the rest 6. Only letters: every engine's tokenizer splits them the same way, and
 * the Snowball stemmer TreeStore and Lucene share changes few of them (a final "e" mostly).
 */
final class SearchCorpus {
  /** Bumped whenever the generated text changes (stored databases are then rebuilt). */
  static final int VERSION = 1;
  static final int VOCABULARY = 50_000;
  static final int NODES_PER_DOC = 50;
  private static final long SEED = 0x5EA4C4L;
  private static final String CONSONANTS = "bcdfghjklmnprstvwz";
  private static final String VOWELS = "aeiou";
  private static final int SYLLABLES = CONSONANTS.length() * VOWELS.length();

  private static final double[] CUMULATIVE = new double[VOCABULARY];
  private static final String[] WORDS = new String[VOCABULARY];

  static {
    double sum = 0;
    for (int r = 0; r < VOCABULARY; r++) {
      sum += 1.0 / (r + 1);
      CUMULATIVE[r] = sum;
      WORDS[r] = spell(r);
    }
    for (int r = 0; r < VOCABULARY; r++) {
      CUMULATIVE[r] /= sum;
    }
  }

  /** One node as the peers store it: a row with the document's and node's ids. */
  record Node(String docId, String nodeId, String title, String summary, String text) {}

  private SearchCorpus() {}

  /** The word of frequency rank {@code rank} (0 is the most frequent). */
  static String word(int rank) {
    return WORDS[rank];
  }

  private static String spell(int rank) {
    StringBuilder sb = new StringBuilder();
    for (int n = rank + 1; n > 0; n = n / SYLLABLES) {
      n--;
      int s = n % SYLLABLES;
      sb.append(CONSONANTS.charAt(s / VOWELS.length())).append(VOWELS.charAt(s % VOWELS.length()));
    }
    return sb.toString();
  }

  /** The probability of the word of rank {@code rank}. */
  static double probability(int rank) {
    return rank == 0 ? CUMULATIVE[0] : CUMULATIVE[rank] - CUMULATIVE[rank - 1];
  }

  private static String draw(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    int lo = 0;
    int hi = VOCABULARY - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (CUMULATIVE[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return WORDS[lo];
  }

  static String words(SplittableRandom rnd, int mean) {
    int n = mean / 2 + rnd.nextInt(mean + 1);
    StringBuilder sb = new StringBuilder(n * 7);
    boolean sentenceStart = true;
    for (int i = 0; i < n; i++) {
      String w = draw(rnd);
      if (sentenceStart) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
      } else {
        sb.append(w);
      }
      sentenceStart = rnd.nextInt(12) == 0;
      if (i < n - 1) {
        sb.append(sentenceStart ? ". " : rnd.nextInt(10) == 0 ? ", " : " ");
      }
    }
    return sb.append('.').toString();
  }

  static String docId(int d) {
    return String.format("doc-%07d", d);
  }

  /** Document {@code d} as a PageIndex tree, for TreeStore's document store. */
  static PageIndexDocument document(int d) {
    SplittableRandom rnd = new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + d);
    List<DocNode> chapters = new ArrayList<>();
    int id = 0;
    for (int c = 0; c < 5; c++) {
      DocNode chapter = node(rnd, id++);
      for (int s = 0; s < 9; s++) {
        chapter.addChild(node(rnd, id++));
      }
      chapters.add(chapter);
    }
    return PageIndexDocument.create(docId(d), null, chapters);
  }

  private static DocNode node(SplittableRandom rnd, int id) {
    DocNode n = new DocNode(String.format("%04d", id), words(rnd, 5)).setSummary(words(rnd, 20));
    return rnd.nextInt(10) == 0 ? n : n.setText(words(rnd, 80));
  }

  /** The nodes of document {@code d} in pre-order, as rows for the peers. */
  static List<Node> nodes(int d, PageIndexDocument doc) {
    List<Node> out = new ArrayList<>(NODES_PER_DOC);
    for (DocNode n : doc.nodesInPreOrder()) {
      out.add(new Node(docId(d), n.nodeId(), n.title(), n.summary(), n.text()));
    }
    return out;
  }
}
