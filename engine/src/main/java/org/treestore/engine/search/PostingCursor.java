package org.treestore.engine.search;

import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Walks the postings of one (field, term) in ordinal order, a block at a time, and scores them.
 * {@link #advance} jumps with one B+Tree seek to the block that may hold the target, so lists that
 * only confirm candidates are read sparsely. Block and list score bounds come from the headers and
 * the term statistics without decoding postings. Not thread-safe.
 */
final class PostingCursor {
  static final int END = Integer.MAX_VALUE;

  private final TransactionCursor cursor;
  private final int field;
  private final String term;
  private final byte[] end;
  private final KeyReader keyReader = new KeyReader(new byte[0]);
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
  private int ord = -1;
  private byte[] blockValue;
  private int blockNo;
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

  /** The current ordinal; -1 before the first move, {@link #END} when exhausted. */
  int ord() {
    return ord;
  }

  /** Moves to the first posting. */
  int first() {
    return loadFrom(0);
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
    if (ord >= 0 && ord != END && PostingsBlock.blockOf(target) == blockNo) {
      decode();
      int i = block.find(target);
      index = i >= 0 ? i : -i - 1;
      if (index < block.count) {
        return ord = block.ords[index];
      }
      return cursor.next() ? loadCurrent() : (ord = END);
    }
    int found = loadFrom(PostingsBlock.blockOf(target));
    while (found != END && found < target) {
      found = next();
    }
    return found;
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
      block.decode(PostingsBlock.blockOf(block.base), blockValue, true);
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

  /** Upper bound of the scores in the current block. */
  double blockMaxScore() {
    return weight * Bm25.bound(PostingsBlock.headerMaxTf(blockValue), PostingsBlock.headerMinLen(blockValue), avgLen);
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
      block.decode(blockNo, blockValue, false);
      decoded = true;
    }
  }

  private int loadFrom(int blockNo) {
    return cursor.seek(InvertedIndex.blockKey(field, term, blockNo)) ? loadCurrent() : (ord = END);
  }

  private int loadCurrent() {
    if (end != null && cursor.compareKeyTo(end) >= 0) {
      return ord = END;
    }
    byte[] key = cursor.key();
    keyReader.reset(key, 0, key.length);
    keyReader.readInt();
    keyReader.readString();
    blockValue = cursor.value();
    blockNo = keyReader.readInt();
    decoded = false;
    index = 0;
    return ord = PostingsBlock.headerFirstOrd(blockNo, blockValue);
  }
}
