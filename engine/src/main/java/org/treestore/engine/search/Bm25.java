package org.treestore.engine.search;

/**
 * BM25 as DESIGN.md fixes it: k1 = 1.2, b = 0.75, IDF = ln(1 + (N - n + 0.5) / (n + 0.5)), exact
 * field lengths. The term score of a node is {@code boost * idf * tf * (k1 + 1) / (tf + k1 * (1 - b
 * + b * len / avgLen))} (the classic form; Lucene drops the constant {@code k1 + 1}, which changes
 * no ranking), and a node's score is the sum over query terms and fields.
 *
 * <p>N and avgLen are per field: the number of nodes whose field has at least one token, and their
 * mean length in tokens; n is the number of such nodes holding the term.
 */
final class Bm25 {
  static final double K1 = 1.2;
  static final double B = 0.75;

  private Bm25() {}

  static double idf(long nodes, long nodesWithTerm) {
    return Math.log(1 + (nodes - nodesWithTerm + 0.5) / (nodesWithTerm + 0.5));
  }

  /** The term-frequency part: grows with {@code tf}, shrinks as {@code len} grows. */
  static double tfPart(int tf, int len, double avgLen) {
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * len / avgLen));
  }

  /**
   * An upper bound of {@link #tfPart} over postings whose tf is at most {@code maxTf} and whose
   * length is at least {@code minLen}: the part is monotone in both, so their extreme pair bounds it.
   */
  static double bound(int maxTf, int minLen, double avgLen) {
    return tfPart(maxTf, minLen, avgLen);
  }
}
