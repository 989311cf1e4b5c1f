package org.treestore.engine.search;

import java.util.List;

/** One query term over one or more fields: the union of its field lists, scores summed in field order. */
final class TermIterator extends DocIterator {
  private final PostingCursor[] lists;
  private int doc = -1;

  TermIterator(List<PostingCursor> lists) {
    this.lists = lists.toArray(new PostingCursor[0]);
  }

  @Override
  int doc() {
    return doc;
  }

  @Override
  int next() {
    if (doc == -1) {
      int min = END;
      for (PostingCursor c : lists) {
        min = Math.min(min, c.first());
      }
      return doc = min;
    }
    return advance(doc + 1);
  }

  @Override
  int advance(int target) {
    if (doc == -1) {
      next();
    }
    if (target <= doc) {
      return doc;
    }
    int min = END;
    for (PostingCursor c : lists) {
      min = Math.min(min, c.advance(target));
    }
    return doc = min;
  }

  @Override
  double score() {
    double s = 0;
    for (PostingCursor c : lists) {
      if (c.ord() == doc) {
        s += c.score();
      }
    }
    return s;
  }

  @Override
  long cost() {
    long n = 0;
    for (PostingCursor c : lists) {
      n += c.docFreq;
    }
    return n;
  }
}
