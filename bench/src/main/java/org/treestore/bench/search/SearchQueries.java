package org.treestore.bench.search;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.search.analysis.Token;

/**
 * The precomputed queries of {@link SearchBenchmark}: {@value #SIZE} queries of 1, 2 or 3 distinct
 * words, the same for every engine. Words are drawn by frequency rank the way people pick search
 * words: mostly mid-frequency, some common, a few rare. Per word: 5 % one of the 10 most frequent
 * (which occur in most nodes' texts), 20 % ranks 10-99, 65 % ranks 100-9,999 log-uniformly (each
 * decade equally likely), 10 % ranks 10,000-49,999.
 *
 * <p>Each query has the words as written (for SQLite FTS5, which has its own tokenizer) and as
 * TreeStore's analyzer makes them (for TreeStore and Lucene, which index those terms).
 */
final class SearchQueries {
  static final int SIZE = 1024;

  /** One query: {@code words} as written, {@code terms} analysed (same order). */
  record Query(String[] words, String[] terms) {
    /** TreeStore's query language: juxtaposition is OR. */
    String text() {
      return String.join(" ", terms);
    }
  }

  final Query[] queries = new Query[SIZE];

  SearchQueries(int words, Analyzer analyzer) {
    SplittableRandom rnd = new SplittableRandom(0x9E4E5L + words);
    for (int q = 0; q < SIZE; q++) {
      String[] w = new String[words];
      String[] t = new String[words];
      for (int i = 0; i < words; ) {
        w[i] = SearchCorpus.word(rank(rnd));
        List<Token> tokens = analyzer.tokens(w[i]);
        if (tokens.size() != 1) {
          throw new IllegalStateException("'" + w[i] + "' analyses to " + tokens);
        }
        t[i] = tokens.get(0).term();
        if (!Arrays.asList(t).subList(0, i).contains(t[i])) { // distinct after stemming too
          i++;
        }
      }
      queries[q] = new Query(w, t);
    }
  }

  private static int rank(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    if (u < 0.05) {
      return rnd.nextInt(10);
    }
    if (u < 0.25) {
      return 10 + rnd.nextInt(90);
    }
    if (u < 0.90) {
      return (int) Math.pow(10, 2 + 2 * rnd.nextDouble()); // 100 .. 9,999
    }
    return 10_000 + rnd.nextInt(SearchCorpus.VOCABULARY - 10_000);
  }
}
