package org.treestore.engine.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The conflict tracker against a reference that remembers every commit's keys: a transaction
 * conflicts exactly when a commit after its snapshot wrote one of its keys, whether that commit is
 * still held as a write set or was copied into the key map, and the newest such commit is named
 * while it is among the recent ones.
 */
class ConflictTrackerTest {
  private static final String[] TREES = {"a", "b"};

  private record Commit(long seq, Set<String> keys) {}

  @Test
  void agreesWithEveryCommitsKeys() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 200; trial++) {
      // some trials copy every commit of more than three keys at once (as a bulk load's)
      ConflictTracker tracker = trial % 3 == 0 ? new ConflictTracker(3) : new ConflictTracker();
      List<Commit> commits = new ArrayList<>();
      long horizon = 0;
      long seq = 0;
      int steps = 5 + rnd.nextInt(40);
      for (int step = 0; step < steps; step++) {
        int what = rnd.nextInt(10);
        if (what < 6) {
          seq++;
          WriteSet ws = randomWrites(rnd);
          tracker.record(ws, seq);
          commits.add(new Commit(seq, keysOf(ws)));
        } else if (what < 7) {
          horizon = horizon + rnd.nextInt((int) (seq - horizon) + 1);
          tracker.prune(horizon);
        } else {
          // a transaction on a snapshot no older than the horizon (prune's promise to the tracker)
          long snapshot = horizon + rnd.nextInt((int) (seq - horizon) + 1);
          WriteSet ws = randomWrites(rnd);
          Set<String> mine = keysOf(ws);
          long newest = -1;
          for (Commit c : commits) {
            if (c.seq > snapshot && c.keys.stream().anyMatch(mine::contains)) {
              newest = Math.max(newest, c.seq);
            }
          }
          ConflictException e = tracker.findConflict(ws, snapshot);
          if (newest < 0) {
            assertNull(e, "trial " + trial + ": no commit after " + snapshot + " wrote these keys");
            continue;
          }
          assertNotNull(e, "trial " + trial + ": commit " + newest + " wrote one of these keys");
          long named = e.conflictingCommit();
          assertTrue(named > snapshot, e.getMessage());
          Commit c = commits.get((int) named - 1);
          assertTrue(c.keys.stream().anyMatch(mine::contains), "commit " + named + " wrote none of them");
          if (newest > seq - ConflictTracker.MAX_RECENT && trial % 3 != 0) {
            assertEquals(newest, named, "the newest conflicting commit is named while it is recent");
          }
        }
      }
    }
  }

  @Test
  void oneWriterAtATimeCopiesNothing() {
    ConflictTracker tracker = new ConflictTracker();
    Random rnd = new Random(7);
    for (long seq = 1; seq <= 1000; seq++) {
      tracker.record(randomWrites(rnd), seq);
      tracker.prune(seq - 1); // the committer's own commit is not yet visible when it prunes
    }
    assertTrue(tracker.size() <= 16, "only the last write set is held: " + tracker.size());
  }

  private static WriteSet randomWrites(Random rnd) {
    WriteSet ws = new WriteSet();
    int n = 1 + rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      byte[] key = {(byte) rnd.nextInt(24)};
      ws.write(TREES[rnd.nextInt(TREES.length)], key, rnd.nextBoolean() ? new byte[] {1} : WriteSet.TOMBSTONE);
    }
    return ws;
  }

  private static Set<String> keysOf(WriteSet ws) {
    Set<String> keys = new HashSet<>();
    ws.trees().forEach((tree, m) -> m.keySet().forEach(k -> keys.add(tree + ":" + k[0])));
    return keys;
  }
}
