package org.treestore.engine.search;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Matches what every required child matches and no excluded child does (leapfrog: the cheapest
 * child leads, the others are advanced to its candidates). Scores are the sum of the required
 * children's, in the order given; excluded and filter children score nothing.
 */
final class AndIterator extends DocIterator {
  private final DocIterator[] required;
  private final DocIterator[] byCost;
  private final DocIterator[] excluded;
  private final boolean[] scoring;
  private int doc = -1;

  /**
   * @param required must all match; the first {@code scoringCount} of them add to the score
   * @param excluded must not match
   */
  AndIterator(List<DocIterator> required, int scoringCount, List<DocIterator> excluded) {
    if (required.isEmpty()) {
      throw new IllegalArgumentException("a conjunction needs a required clause");
    }
    this.required = required.toArray(new DocIterator[0]);
    this.byCost = this.required.clone();
    Arrays.sort(byCost, Comparator.comparingLong(DocIterator::cost));
    this.excluded = excluded.toArray(new DocIterator[0]);
    this.scoring = new boolean[this.required.length];
    Arrays.fill(scoring, 0, scoringCount, true);
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
      candidate = byCost[0].advance(candidate);
      if (candidate == END) {
        return doc = END;
      }
      boolean all = true;
      for (int i = 1; i < byCost.length && all; i++) {
        int d = byCost[i].advance(candidate);
        if (d != candidate) {
          all = false;
          candidate = d;
        }
      }
      if (candidate == END) {
        return doc = END;
      }
      if (!all) {
        continue;
      }
      boolean out = false;
      for (DocIterator e : excluded) {
        if (e.advance(candidate) == candidate) {
          out = true;
          break;
        }
      }
      if (!out) {
        return doc = candidate;
      }
      candidate++;
    }
  }

  @Override
  double score() {
    double s = 0;
    for (int i = 0; i < required.length; i++) {
      if (scoring[i]) {
        s += required[i].score();
      }
    }
    return s;
  }

  @Override
  long cost() {
    return byCost[0].cost();
  }
}
