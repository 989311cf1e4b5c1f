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
 * decoding postings.
 *
 * <p><b>Pending changes.</b> A term's changes still in pending segments ({@link PendingPostings})
 * come as an overlay: ordinals in ascending order, each a posting put or removed. The cursor walks
 * the main blocks and the overlay together; on an ordinal both hold, the overlay wins (its put
 * replaces the stored posting, its removal hides it). A block's score bound is then the larger of
 * the block's and the overlay's, and skipping a block skips the overlay's entries up to its key
 * bound, so block-max pruning stays sound. Without an overlay the cursor is the plain block walk.
 * Not thread-safe.
 */
final class PostingCursor {
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
  /** The current ordinal of the merged walk. */
  private int ord = -1;
  /** The main blocks' current ordinal (equal to {@link #ord} without an overlay). */
  private int mord = -1;
  /** The pending changes of the term, or null. */
  private final PendingSegment.TermDelta overlay;
  private int ovIndex;
  /** Whether the current posting comes from the overlay. */
  private boolean onOverlay;
  /** Upper bound of the overlay's scores. */
  private final double overlayBound;
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
    this(tx, field, term, stats, weight, avgLen, slot, clause, null);
  }

  /** A cursor over the stored list with {@code overlay} (the term's pending changes, or null) applied. */
  PostingCursor(Transaction tx, int field, String term, InvertedIndex.TermStats stats, double weight, double avgLen,
      int slot, int clause, PendingSegment.TermDelta overlay) {
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
    this.overlay = overlay == null || overlay.count == 0 ? null : overlay;
    this.overlayBound = this.overlay == null || this.overlay.maxTf == 0 ? 0
        : weight * Bm25.bound(this.overlay.maxTf, this.overlay.minLen, avgLen);
  }

  /** The current ordinal; -1 before the first move, {@link #END} when exhausted. */
  int ord() {
    return ord;
  }

  /** Moves to the first posting. */
  int first() {
    int m = mainFirst();
    if (overlay == null) {
      return ord = m;
    }
    ovIndex = 0;
    return settle();
  }

  /** Moves to the next posting. */
  int next() {
    if (ord == END) {
      return END;
    }
    if (overlay == null) {
      return ord = mainNext();
    }
    if (!onOverlay || mord == ord) {
      mainNext(); // an overlay put on a stored ordinal replaces that posting: pass both
    }
    if (onOverlay) {
      ovIndex++;
    }
    return settle();
  }

  /** Moves to the first posting at or after {@code target} (never backwards). */
  int advance(int target) {
    if (target <= ord) {
      return ord;
    }
    if (overlay == null) {
      return ord = mainAdvance(target);
    }
    if (ord == END) {
      return END;
    }
    mainAdvance(target);
    ovIndex = overlay.ceiling(ovIndex, target);
    return settle();
  }

  /**
   * Positions the merged walk on the smaller of the main and overlay ordinals, skipping overlay
   * removals and the stored postings they hide.
   */
  private int settle() {
    while (true) {
      int o = ovIndex < overlay.count ? overlay.ords[ovIndex] : END;
      if (o == END && mord == END) {
        onOverlay = false;
        return ord = END;
      }
      if (o <= mord) {
        if (overlay.isRemoval(ovIndex)) {
          if (o == mord) {
            mainNext();
          }
          ovIndex++;
          continue;
        }
        onOverlay = true;
        return ord = o;
      }
      onOverlay = false;
      return ord = mord;
    }
  }

  /** Moves the main walk to its first posting. */
  private int mainFirst() {
    return seekBlock(0);
  }

  /** Moves the main walk to its next posting. */
  private int mainNext() {
    if (mord == END) {
      return END;
    }
    decode();
    if (++index < block.count) {
      return mord = block.ords[index];
    }
    return cursor.next() ? loadCurrent() : (mord = END);
  }

  /** Moves the main walk to its first posting at or after {@code target} (never backwards). */
  private int mainAdvance(int target) {
    if (target <= mord) {
      return mord;
    }
    if (mord == -1) {
      return seekBlock(target);
    }
    if (mord == END) {
      return END;
    }
    if (target > blockLast) {
      // Most advances that leave the block land in the next one: try it before seeking.
      if (!cursor.next() || loadCurrent() == END) {
        return mord = END;
      }
      if (target <= mord) {
        return mord;
      }
      if (target > blockLast) {
        return seekBlock(target);
      }
    }
    decode();
    index = block.ceiling(index, target);
    if (index < block.count) {
      return mord = block.ords[index];
    }
    // The bound was above the block's last posting (removals keep keys): the next block.
    return cursor.next() ? loadCurrent() : (mord = END);
  }

  /** The score of the current posting. */
  double score() {
    if (onOverlay) {
      return weight * Bm25.tfPart(overlay.tfs[ovIndex], overlay.lens[ovIndex], avgLen);
    }
    decode();
    return weight * Bm25.tfPart(block.tfs[index], block.lens[index], avgLen);
  }

  /** Term frequency of the current posting. */
  int tf() {
    if (onOverlay) {
      return overlay.tfs[ovIndex];
    }
    decode();
    return block.tfs[index];
  }

  /** Field length of the current posting. */
  int length() {
    if (onOverlay) {
      return overlay.lens[ovIndex];
    }
    decode();
    return block.lens[index];
  }

  /**
   * The positions of the current posting (ascending), copied into {@code into} (grown if needed);
   * decodes the block's positions on first use.
   */
  int[] positions(int[] into) {
    if (onOverlay) {
      int tf = overlay.tfs[ovIndex];
      int[] out = into.length >= tf ? into : new int[Math.max(tf, into.length * 2)];
      System.arraycopy(overlay.positions, overlay.posStart[ovIndex], out, 0, tf);
      return out;
    }
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

  /** Upper bound of the scores in the current block (and the overlay entries up to its bound). */
  double blockMaxScore() {
    if (overlay != null) {
      return mord == END ? overlayBound : Math.max(mainBlockMaxScore(), overlayBound);
    }
    return mainBlockMaxScore();
  }

  private double mainBlockMaxScore() {
    if (Double.isNaN(blockBound)) {
      blockBound = weight * Bm25.bound(headerMaxTf, headerMinLen, avgLen);
    }
    return blockBound;
  }

  /**
   * Skips the rest of the current block without decoding it: to the first posting of the next.
   * With an overlay, the overlay entries up to the block's key bound go too (after the last
   * block, the rest of the overlay is the block).
   */
  int nextBlock() {
    if (ord == END) {
      return END;
    }
    if (overlay == null) {
      return ord = mainNextBlock();
    }
    if (mord == END) {
      ovIndex = overlay.count;
      return settle();
    }
    int last = blockLast;
    mainNextBlock();
    ovIndex = last == Integer.MAX_VALUE ? overlay.count : overlay.ceiling(ovIndex, last + 1);
    return settle();
  }

  private int mainNextBlock() {
    if (mord == END) {
      return END;
    }
    return cursor.next() ? loadCurrent() : (mord = END);
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
      return mord = END;
    }
    if (target <= mord) {
      return mord;
    }
    decode();
    index = block.ceiling(0, target);
    if (index < block.count) {
      return mord = block.ords[index];
    }
    return cursor.next() ? loadCurrent() : (mord = END);
  }

  private int loadCurrent() {
    if (end != null && cursor.compareKeyTo(end) >= 0) {
      return mord = END;
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
    return mord = h[3];
  }
}
