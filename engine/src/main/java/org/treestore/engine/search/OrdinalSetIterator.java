package org.treestore.engine.search;

import java.util.Arrays;

/** A fixed, sorted set of ordinals (the nodes of a document or subtree): a non-scoring filter. */
final class OrdinalSetIterator extends DocIterator {
  private final int[] ords;
  private int index = -1;
  private int doc = -1;

  /** @param ords ascending, without duplicates */
  OrdinalSetIterator(int[] ords) {
    this.ords = ords;
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
    int i = Arrays.binarySearch(ords, Math.max(index, 0), ords.length, target);
    index = i >= 0 ? i : -i - 1;
    return doc = index < ords.length ? ords[index] : END;
  }

  @Override
  double score() {
    return 0;
  }

  @Override
  long cost() {
    return ords.length;
  }
}
