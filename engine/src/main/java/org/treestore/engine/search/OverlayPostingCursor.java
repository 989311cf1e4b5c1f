package org.treestore.engine.search;

import org.treestore.engine.tx.Transaction;

/**
 * A {@link PostingCursor} over a term whose changes are partly still in pending segments: it walks
 * the stored blocks (the superclass) and the overlay (the term's combined pending changes,
 * ascending ordinals, each a posting put or removed) together. On an ordinal both hold the
 * overlay wins: its put replaces the stored posting, its removal hides it. The score bound of a
 * block becomes the larger of the block's and the overlay's, and skipping a block also skips the
 * overlay's entries up to the block's key bound, so block-max pruning stays sound; after the last
 * block the rest of the overlay is one block. Not thread-safe.
 */
final class OverlayPostingCursor extends PostingCursor {
  private final PendingSegment.TermDelta overlay;
  /** Upper bound of the overlay's scores. */
  private final double overlayBound;
  private int ovIndex;
  /** The merged walk's current ordinal (the superclass's is the stored walk's). */
  private int cur = -1;
  /** Whether the current posting comes from the overlay. */
  private boolean onOverlay;

  OverlayPostingCursor(Transaction tx, int field, String term, InvertedIndex.TermStats stats, double weight,
      double avgLen, int slot, int clause, PendingSegment.TermDelta overlay) {
    super(tx, field, term, stats, weight, avgLen, slot, clause);
    this.overlay = overlay;
    this.overlayBound = overlay.maxTf == 0 ? 0 : weight * Bm25.bound(overlay.maxTf, overlay.minLen, avgLen);
  }

  @Override
  int ord() {
    return cur;
  }

  @Override
  int first() {
    super.first();
    ovIndex = 0;
    return settle();
  }

  @Override
  int next() {
    if (cur == END) {
      return END;
    }
    if (!onOverlay || super.ord() == cur) {
      super.next(); // an overlay put on a stored ordinal replaces that posting: pass both
    }
    if (onOverlay) {
      ovIndex++;
    }
    return settle();
  }

  @Override
  int advance(int target) {
    if (target <= cur) {
      return cur;
    }
    if (cur == END) {
      return END;
    }
    super.advance(target);
    ovIndex = overlay.ceiling(ovIndex, target);
    return settle();
  }

  @Override
  int nextBlock() {
    if (cur == END) {
      return END;
    }
    if (super.ord() == END) {
      ovIndex = overlay.count;
      return settle();
    }
    int last = blockLast();
    super.nextBlock();
    ovIndex = last == Integer.MAX_VALUE ? overlay.count : overlay.ceiling(ovIndex, last + 1);
    return settle();
  }

  @Override
  double blockMaxScore() {
    return super.ord() == END ? overlayBound : Math.max(super.blockMaxScore(), overlayBound);
  }

  @Override
  double score() {
    if (onOverlay) {
      return weight() * Bm25.tfPart(overlay.tfs[ovIndex], overlay.lens[ovIndex], averageLength());
    }
    return super.score();
  }

  @Override
  int tf() {
    return onOverlay ? overlay.tfs[ovIndex] : super.tf();
  }

  @Override
  int length() {
    return onOverlay ? overlay.lens[ovIndex] : super.length();
  }

  @Override
  int[] positions(int[] into) {
    if (!onOverlay) {
      return super.positions(into);
    }
    int tf = overlay.tfs[ovIndex];
    int[] out = into.length >= tf ? into : new int[Math.max(tf, into.length * 2)];
    System.arraycopy(overlay.positions, overlay.posStart[ovIndex], out, 0, tf);
    return out;
  }

  /**
   * Positions the merged walk on the smaller of the stored and overlay ordinals, skipping overlay
   * removals and the stored postings they hide.
   */
  private int settle() {
    while (true) {
      int o = ovIndex < overlay.count ? overlay.ords[ovIndex] : END;
      int m = super.ord();
      if (o == END && m == END) {
        onOverlay = false;
        return cur = END;
      }
      if (o <= m) {
        if (overlay.isRemoval(ovIndex)) {
          if (o == m) {
            super.next();
          }
          ovIndex++;
          continue;
        }
        onOverlay = true;
        return cur = o;
      }
      onOverlay = false;
      return cur = m;
    }
  }
}
