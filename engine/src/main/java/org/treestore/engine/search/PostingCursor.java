package org.treestore.engine.search;

import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Walks the postings of one (field, term) in ordinal order, a block at a time, and scores them.
 * A block's key bounds its ordinals from above, so {@link #advance} knows from the key alone
 * whether the target lies in the current block; if not, it tries the next entry (in the B+Tree
 * cursor's copy of the leaf, no descent) and only then seeks, which the B+Tree cursor also
 * answers inside its current leaf when it can. Lists that only confirm candidates are thus read
 * sparsely. Block and list score bounds come from the headers and the term statistics without
 * decoding postings. A term with changes in pending segments gets an {@link OverlayPostingCursor},
 * which merges them in ({@link #of}); this class stays the plain block walk, so the search loop's
 * calls stay monomorphic while nothing is pending. Not thread-safe.
 */
class PostingCursor {
  static final int END = Integer.MAX_VALUE;

  private final TransactionCursor cursor;
  private final int field;
  private final String term;
  private final byte[] end;
  private final PostingsBlock block = new PostingsBlock();
  private final double weight;
  private final double avgLen;
  /** Upper bound of any score this list gives. */
  final double maxScore;
  /** Canonical position in the query (clause, then field): the order scores are summed in. */
  final int slot;
  final int clause;
  /** How many nodes hold the term in this field. */
  final int docFreq;
  private int index;
  private final int[] header = new int[4];
  private int ord = -1;
  /** The current block's encoded value: a view into the B+Tree cursor until decoded, then copied. */
  private java.nio.ByteBuffer blockView;
  private byte[] blockValue = new byte[256];
  private int headerMaxTf;
  private int headerMinLen;
  /** The current block's key bound: no ordinal in it is larger. */
  private int blockLast;
  /** The current block's score bound, NaN until asked for. */
  private double blockBound;
  /** Whether {@link #block} holds the current block's postings; skipped blocks are never decoded. */
  private boolean decoded;

  PostingCursor(Transaction tx, int field, String term, InvertedIndex.TermStats stats, double weight, double avgLen,
      int slot, int clause) {
    this.cursor = tx.cursor(InvertedIndex.POSTINGS);
    this.field = field;
    this.term = term;
    this.end = KeyRanges.prefixEnd(InvertedIndex.termKey(field, term));
    this.weight = weight;
    this.avgLen = avgLen;
    this.maxScore = weight * Bm25.bound(stats.maxTf(), stats.minLen(), avgLen);
    this.slot = slot;
    this.clause = clause;
    this.docFreq = stats.nodes();
  }

  /**
   * A cursor over the stored list of (field, term), with {@code overlay} (its pending changes, or
   * null) applied.
   */
  static PostingCursor of(Transaction tx, int field, String term, InvertedIndex.TermStats stats, double weight,
      double avgLen, int slot, int clause, PendingSegment.TermDelta overlay) {
    return overlay == null || overlay.count == 0
        ? new PostingCursor(tx, field, term, stats, weight, avgLen, slot, clause)
        : new OverlayPostingCursor(tx, field, term, stats, weight, avgLen, slot, clause, overlay);
  }

  /** The current ordinal; -1 before the first move, {@link #END} when exhausted. */
  int ord() {
    return ord;
  }

  /** Moves to the first posting. */
  int first() {
    return seekBlock(0);
  }

  /** Moves to the next posting. */
  int next() {
    if (ord == END) {
      return END;
    }
    decode();
    if (++index < block.count) {
      return ord = block.ords[index];
    }
    return cursor.next() ? loadCurrent() : (ord = END);
  }

  /** Moves to the first posting at or after {@code target} (never backwards). */
  int advance(int target) {
    if (target <= ord) {
      return ord;
    }
    if (ord == -1) {
      return seekBlock(target);
    }
    if (ord == END) {
      return END;
    }
    if (target > blockLast) {
      // Most advances that leave the block land in the next one: try it before seeking.
      if (!cursor.next() || loadCurrent() == END) {
        return ord = END;
      }
      if (target <= ord) {
        return ord;
      }
      if (target > blockLast) {
        return seekBlock(target);
      }
    }
    decode();
    index = block.ceiling(index, target);
    if (index < block.count) {
      return ord = block.ords[index];
    }
    // The bound was above the block's last posting (removals keep keys): the next block.
    return cursor.next() ? loadCurrent() : (ord = END);
  }

  /** The score of the current posting. */
  double score() {
    decode();
    return weight * Bm25.tfPart(block.tfs[index], block.lens[index], avgLen);
  }

  /** Term frequency of the current posting. */
  int tf() {
    decode();
    return block.tfs[index];
  }

  /** Field length of the current posting. */
  int length() {
    decode();
    return block.lens[index];
  }

  /**
   * The positions of the current posting (ascending), copied into {@code into} (grown if needed);
   * decodes the block's positions on first use.
   */
  int[] positions(int[] into) {
    decode();
    if (!block.hasPositions) {
      int keep = index;
      block.decode(blockValue, true);
      index = keep;
    }
    int tf = block.tfs[index];
    int[] out = into.length >= tf ? into : new int[Math.max(tf, into.length * 2)];
    System.arraycopy(block.positions, block.posStart[index], out, 0, tf);
    return out;
  }

  /** The weight (boost times IDF) the scores are multiplied by. */
  double weight() {
    return weight;
  }

  /** The mean field length the scores use. */
  double averageLength() {
    return avgLen;
  }

  /** The current block's key bound: no ordinal in it is larger. */
  final int blockLast() {
    return blockLast;
  }

  /** Upper bound of the scores in the current block. */
  double blockMaxScore() {
    if (Double.isNaN(blockBound)) {
      blockBound = weight * Bm25.bound(headerMaxTf, headerMinLen, avgLen);
    }
    return blockBound;
  }

  /** Skips the rest of the current block without decoding it: to the first posting of the next. */
  int nextBlock() {
    if (ord == END) {
      return END;
    }
    return cursor.next() ? loadCurrent() : (ord = END);
  }

  private void decode() {
    if (!decoded) {
      // Copied only now: blocks skipped by their bound, or passed by a seek, are never copied.
      int len = blockView.remaining();
      if (blockValue.length < len) {
        blockValue = new byte[Math.max(len, blockValue.length * 2)];
      }
      blockView.get(blockView.position(), blockValue, 0, len);
      block.decode(blockValue, false);
      decoded = true;
    }
  }

  /** Seeks the block that may hold {@code target} and moves to its first posting at or after it. */
  private int seekBlock(int target) {
    if (!cursor.seek(InvertedIndex.blockKey(field, term, target)) || loadCurrent() == END) {
      return ord = END;
    }
    if (target <= ord) {
      return ord;
    }
    decode();
    index = block.ceiling(0, target);
    if (index < block.count) {
      return ord = block.ords[index];
    }
    return cursor.next() ? loadCurrent() : (ord = END);
  }

  private int loadCurrent() {
    if (end != null && cursor.compareKeyTo(end) >= 0) {
      return ord = END;
    }
    blockLast = InvertedIndex.blockLast(cursor.key());
    java.nio.ByteBuffer v = cursor.valueView();
    blockView = v;
    int p = v.position();
    // Header: count, maxTf, minLen, firstOrd (varints).
    int[] h = header;
    for (int i = 0; i < 4; i++) {
      int x = 0;
      int shift = 0;
      byte b;
      do {
        b = v.get(p++);
        x |= (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0);
      h[i] = x;
    }
    headerMaxTf = h[1];
    headerMinLen = h[2];
    blockBound = Double.NaN;
    decoded = false;
    index = 0;
    return ord = h[3];
  }
}
