package org.treestore.engine.search;

import java.util.List;

/** Matches what any child matches; the score is the sum of the children that match. */
final class OrIterator extends DocIterator {
  private final DocIterator[] children;
  private int doc = -1;

  OrIterator(List<DocIterator> children) {
    this.children = children.toArray(new DocIterator[0]);
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
    int min = END;
    for (DocIterator c : children) {
      int d = c.doc() >= target ? c.doc() : c.advance(target);
      min = Math.min(min, d);
    }
    return doc = min;
  }

  @Override
  double score() {
    double s = 0;
    for (DocIterator c : children) {
      if (c.doc() == doc) {
        s += c.score();
      }
    }
    return s;
  }

  @Override
  long cost() {
    long n = 0;
    for (DocIterator c : children) {
      n += c.cost();
    }
    return n;
  }
}
