package org.treestore.engine.search;

/**
 * A stream of matching node ordinals in ascending order, with the score of the current one: the
 * building block of boolean query evaluation (document at a time). {@link #END} marks the end.
 */
abstract class DocIterator {
  static final int END = PostingCursor.END;

  /** The current ordinal: -1 before the first move, {@link #END} at the end. */
  abstract int doc();

  /** Moves to the next match. */
  abstract int next();

  /** Moves to the first match at or after {@code target} (never backwards). */
  abstract int advance(int target);

  /** The score of the current match (0 for filters). */
  abstract double score();

  /** An estimate of how many matches there are, to pick the leader of a conjunction. */
  abstract long cost();
}
