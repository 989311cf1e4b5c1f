package org.treestore.engine.tx;

import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import org.treestore.engine.btree.Cursor;

/**
 * A position in one tree as a {@link Transaction} sees it: the snapshot's entries merged with the
 * transaction's own writes, in unsigned key order, in both directions. An own write hides the
 * snapshot's entry for the same key; an own delete hides it altogether. Writes the transaction
 * makes while the cursor is open are seen from the cursor's next move on.
 *
 * <p><b>How it merges.</b> The snapshot cursor is kept at the nearest snapshot key at or beyond the
 * current key in the direction of travel; each move compares it with the nearest own write beyond
 * the current key ({@code higherEntry} / {@code lowerEntry} of the write set) and takes the closer,
 * skipping own deletes. Changing direction re-positions the snapshot cursor once.
 *
 * <p>Moves return false (and make the cursor invalid) past either end. Not thread-safe; valid only
 * while its transaction is open.
 */
public final class TransactionCursor {
  private final Transaction tx;
  private final String tree;
  /** The snapshot's cursor, null if the tree did not exist in the snapshot. */
  private final Cursor base;
  private boolean baseValid;
  /** +1 after a forward move, -1 after a backward one: the side of the current key the base is on. */
  private int dir;
  private boolean valid;
  private byte[] key;
  /** The current entry's own value, or null when it comes from the snapshot. */
  private byte[] ownValue;

  TransactionCursor(Transaction tx, String tree, Cursor base) {
    this.tx = tx;
    this.tree = tree;
    this.base = base;
  }

  /** Whether the cursor is on an entry. */
  public boolean isValid() {
    return valid;
  }

  /** The current key (a copy). */
  public byte[] key() {
    requireValid();
    return key.clone();
  }

  /** The current value (a copy). */
  public byte[] value() {
    requireValid();
    if (ownValue != null) {
      return ownValue.clone();
    }
    long stamp = tx.enter();
    try {
      byte[] v = base.value();
      tx.exit(stamp);
      return v;
    } catch (RuntimeException e) {
      throw tx.failed(stamp, e);
    }
  }

  /**
   * The current value between the returned buffer's position and limit, read-only and, for a
   * snapshot entry stored inline, without copying. The buffer is reused: valid until the cursor's
   * next call.
   */
  public java.nio.ByteBuffer valueView() {
    requireValid();
    if (ownValue != null) {
      return java.nio.ByteBuffer.wrap(ownValue).asReadOnlyBuffer();
    }
    long stamp = tx.enter();
    try {
      java.nio.ByteBuffer v = base.valueView();
      tx.exit(stamp);
      return v;
    } catch (RuntimeException e) {
      throw tx.failed(stamp, e);
    }
  }

  /** Compares the current key with {@code other} as unsigned bytes. */
  public int compareKeyTo(byte[] other) {
    requireValid();
    return Arrays.compareUnsigned(key, other);
  }

  /** Moves to the smallest key; false if there is none. */
  public boolean first() {
    return position(null, true, true);
  }

  /** Moves to the largest key; false if there is none. */
  public boolean last() {
    return position(null, true, false);
  }

  /** Moves to the smallest key at or above {@code target}; false if there is none. */
  public boolean seek(byte[] target) {
    return position(target.clone(), true, true);
  }

  /** Moves to the largest key at or below {@code target}; false if there is none. */
  public boolean seekFloor(byte[] target) {
    return position(target.clone(), true, false);
  }

  /** Moves to the next key; false (and invalid) past the last one. */
  public boolean next() {
    requireValid();
    return step(true);
  }

  /** Moves to the previous key; false (and invalid) before the first one. */
  public boolean prev() {
    requireValid();
    return step(false);
  }

  /**
   * Ends the cursor's use: its snapshot cursor lends its leaf buffer to the next cursor of this
   * thread (see {@code Cursor.close}). Later moves and reads throw. Optional.
   */
  public void close() {
    valid = false;
    if (base != null) {
      base.close();
    }
  }

  private void requireValid() {
    tx.checkOpen();
    if (!valid) {
      throw new IllegalStateException("the cursor is not on an entry");
    }
  }

  private boolean position(byte[] bound, boolean inclusive, boolean forward) {
    long stamp = tx.enter();
    try {
      if (base == null) {
        baseValid = false;
      } else if (bound == null) {
        baseValid = forward ? base.first() : base.last();
      } else {
        baseValid = forward ? base.seek(bound) : base.seekFloor(bound);
      }
      dir = forward ? 1 : -1;
      boolean ok = settle(bound, inclusive, forward);
      tx.exit(stamp);
      return ok;
    } catch (RuntimeException e) {
      valid = false;
      throw tx.failed(stamp, e);
    }
  }

  private boolean step(boolean forward) {
    long stamp = tx.enter();
    try {
      int want = forward ? 1 : -1;
      if (dir == want && ownValue == null && baseValid && tx.writes().tree(tree) == null) {
        // Fast path: no own writes in this tree, so the base sits on the current key; step it.
        baseValid = forward ? base.next() : base.prev();
        valid = baseValid;
        key = baseValid ? base.key() : null;
        tx.exit(stamp);
        return valid;
      }
      if (dir != want && base != null) {
        // The base sits on the other side of the current key: put it at or beyond it on this side.
        baseValid = forward ? base.seek(key) : base.seekFloor(key);
        dir = want;
      }
      boolean ok = settle(key, false, forward);
      tx.exit(stamp);
      return ok;
    } catch (RuntimeException e) {
      valid = false;
      throw tx.failed(stamp, e);
    }
  }

  /**
   * With the base at the nearest snapshot key at or beyond {@code bound} in the direction of travel
   * (any key when {@code bound} is null), moves to the nearest visible key beyond {@code bound}
   * ({@code inclusive}: at or beyond).
   */
  private boolean settle(byte[] bound, boolean inclusive, boolean forward) {
    while (true) {
      if (!inclusive && baseValid && base.compareKeyTo(bound) == 0) {
        baseValid = forward ? base.next() : base.prev();
      }
      Map.Entry<byte[], byte[]> own = ownBeyond(bound, inclusive, forward);
      if (own == null && !baseValid) {
        valid = false;
        key = null;
        ownValue = null;
        return false;
      }
      // order < 0: the own entry comes first in the direction of travel; 0: same key (own wins).
      int order;
      if (own == null) {
        order = 1;
      } else if (!baseValid) {
        order = -1;
      } else {
        int c = -base.compareKeyTo(own.getKey());
        order = forward ? c : -c;
      }
      if (order <= 0) {
        if (own.getValue() == WriteSet.TOMBSTONE) {
          bound = own.getKey(); // deleted by this transaction: skip it (and the snapshot's entry)
          inclusive = false;
          continue;
        }
        key = own.getKey();
        ownValue = own.getValue();
      } else {
        key = base.key();
        ownValue = null;
      }
      valid = true;
      return true;
    }
  }

  private Map.Entry<byte[], byte[]> ownBeyond(byte[] bound, boolean inclusive, boolean forward) {
    NavigableMap<byte[], byte[]> own = tx.writes().tree(tree);
    if (own == null) {
      return null;
    }
    if (bound == null) {
      return forward ? own.firstEntry() : own.lastEntry();
    }
    if (forward) {
      return inclusive ? own.ceilingEntry(bound) : own.higherEntry(bound);
    }
    return inclusive ? own.floorEntry(bound) : own.lowerEntry(bound);
  }
}
