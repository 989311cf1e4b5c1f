package org.treestore.engine.search;

import java.util.Arrays;
import java.util.List;

/**
 * A phrase in one field: the nodes where the phrase's terms occur at consecutive positions (at the
 * offsets the analyzer gave them). Scored as BM25 with the phrase's frequency as tf and the sum of
 * its terms' IDFs as IDF, as Lucene scores phrases.
 */
final class PhraseIterator extends DocIterator {
  private final PostingCursor[] terms;
  private final int[] offsets;
  private final int[][] positions;
  private final double weight;
  private int doc = -1;
  private int freq;

  /**
   * @param terms the cursors of the phrase's terms in one field, in phrase order (a repeated term
   *     has a cursor per occurrence)
   * @param offsets each term's position within the phrase
   */
  PhraseIterator(List<PostingCursor> terms, int[] offsets) {
    this.terms = terms.toArray(new PostingCursor[0]);
    this.offsets = offsets.clone();
    this.positions = new int[this.terms.length][8];
    double w = 0;
    for (PostingCursor c : this.terms) {
      w += c.weight();
    }
    this.weight = w;
  }

  @Override
  int doc() {
    return doc;
  }

  @Override
  int next() {
    return advance(doc + 1);
  }

  @Override
  int advance(int target) {
    if (target <= doc) {
      return doc;
    }
    int candidate = target;
    while (true) {
      boolean all = true;
      for (PostingCursor c : terms) {
        int d = c.advance(candidate); // also positions a cursor that has not moved yet
        if (d == END) {
          return doc = END;
        }
        if (d != candidate) {
          candidate = d;
          all = false;
          break;
        }
      }
      if (!all) {
        continue;
      }
      freq = countPhrases();
      if (freq > 0) {
        return doc = candidate;
      }
      candidate++;
    }
  }

  private int countPhrases() {
    int[] lengths = new int[terms.length];
    for (int i = 0; i < terms.length; i++) {
      positions[i] = terms[i].positions(positions[i]);
      lengths[i] = terms[i].tf();
    }
    int count = 0;
    for (int a = 0; a < lengths[0]; a++) {
      int start = positions[0][a] - offsets[0];
      boolean match = true;
      for (int i = 1; i < terms.length && match; i++) {
        match = Arrays.binarySearch(positions[i], 0, lengths[i], start + offsets[i]) >= 0;
      }
      count += match ? 1 : 0;
    }
    return count;
  }

  @Override
  double score() {
    return weight * Bm25.tfPart(freq, terms[0].length(), terms[0].averageLength());
  }

  @Override
  long cost() {
    long min = Long.MAX_VALUE;
    for (PostingCursor c : terms) {
      min = Math.min(min, c.docFreq);
    }
    return min;
  }
}
