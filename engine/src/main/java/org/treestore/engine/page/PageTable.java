package org.treestore.engine.page;

import java.util.Arrays;

/**
 * A map from page number to frame index, open addressing with linear probing, sized once.
 *
 * <p>The buffer pool looks a page up on every pin; a {@code HashMap<Integer, Page>} would box the
 * page number on each of those lookups. Capacity is at least twice the number of frames, so probe
 * runs stay short and the table never fills. Deletion shifts later entries back instead of leaving
 * tombstones, so lookups never slow down over time. Not thread-safe: the pool's lock guards it.
 */
final class PageTable {
  private final int[] keys;
  private final int[] values;
  private final int mask;

  PageTable(int maxEntries) {
    int cap = Integer.highestOneBit(Math.max(4, maxEntries) * 2 - 1) << 1;
    keys = new int[cap];
    values = new int[cap];
    Arrays.fill(keys, -1);
    mask = cap - 1;
  }

  private int slot(int key) {
    int h = key * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }

  /** The frame of {@code pageNo}, or -1. */
  int get(int pageNo) {
    for (int i = slot(pageNo);; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == pageNo) {
        return values[i];
      }
      if (k == -1) {
        return -1;
      }
    }
  }

  /**
   * Like {@link #get}, but safe to call without the pool lock while another thread changes the
   * table: it may miss an entry or return a stale frame (the caller checks the frame it gets), and
   * it never loops more than once around the table.
   */
  int getRacy(int pageNo) {
    int i = slot(pageNo);
    for (int n = 0; n <= mask; n++, i = (i + 1) & mask) {
      int k = keys[i];
      if (k == pageNo) {
        return values[i];
      }
      if (k == -1) {
        return -1;
      }
    }
    return -1;
  }

  void put(int pageNo, int frame) {
    for (int i = slot(pageNo);; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == pageNo || k == -1) {
        keys[i] = pageNo;
        values[i] = frame;
        return;
      }
    }
  }

  void remove(int pageNo) {
    int i = slot(pageNo);
    while (keys[i] != pageNo) {
      if (keys[i] == -1) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later members of the probe run into the hole when their home
    // slot does not lie cyclically between the hole and their current slot.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != -1; j = (j + 1) & mask) {
      int home = slot(keys[j]);
      boolean between = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (!between) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = -1;
  }
}
