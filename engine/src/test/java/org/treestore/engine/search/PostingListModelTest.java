package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * The stored posting lists against a model (per term, a TreeMap from ordinal to positions) under
 * random adds and removes across transactions, some rolled back and some flushed early: every list
 * read with {@code next} and with random {@code advance} jumps equals the model, and every block
 * respects the layout (at most 128 postings, under the byte limit unless alone, ordinals inside
 * the key's bound and above the previous block's). Run with pending segments off, merged every few
 * flushes, and never merged, so lists are read stored, pending, and half of each.
 */
class PostingListModelTest {
  @TempDir Path dir;

  private static final String[] WORDS = {"a", "b", "c", "d", "e", "f", "g", "h"};

  private record Posting(int len, int[] positions) {}

  /** Most blocks seen in one list, and blocks closed by the byte limit: the test must reach both. */
  private int mostBlocks;
  private int closedBySize;
  private int changedInPlace;
  /** Lists compared while pending segments changed them. */
  private int sawPending;

  /**
   * Limits of the pending segments: 0 writes every flush to the main lists; small ones merge every
   * few flushes (lists are then partly stored, partly pending); huge ones never merge.
   */
  @ParameterizedTest(name = "at most {0} pending segments of {1} bytes")
  @CsvSource({"0, 0", "3, 200000", "2, 1000000000", "100000, 1000000000000"})
  void listsMatchTheModelUnderAddsAndRemoves(int maxSegments, long maxPendingBytes) {
    InvertedIndex index = new InvertedIndex(maxSegments, maxPendingBytes);
    boolean merges = maxSegments < 1000;
    for (int seed = 0; seed < 6; seed++) {
      Random rnd = new Random(seed);
      // model: field -> term -> ordinal -> posting; nodes: "doc/node" -> (ordinal, fields)
      Map<String, TreeMap<Integer, Posting>> model = new HashMap<>();
      Map<String, String[][]> nodes = new HashMap<>();
      Map<String, Integer> ords = new HashMap<>();
      int nextId = 0;
      try (Store store = Store.open(dir.resolve("m" + seed + ".db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
        for (int round = 0; round < 40; round++) {
          boolean rollback = rnd.nextInt(6) == 0;
          Map<String, TreeMap<Integer, Posting>> work = deepCopy(model);
          Map<String, String[][]> workNodes = new HashMap<>(nodes);
          Map<String, Integer> workOrds = new HashMap<>(ords);
          try (Transaction tx = store.begin()) {
            for (int step = 0; step < 3; step++) {
              List<InvertedIndex.NodeTerms> add = new ArrayList<>();
              int adds = rnd.nextInt(rnd.nextBoolean() ? 10 : 200);
              for (int i = 0; i < adds; i++) {
                String id = "n" + nextId++;
                String[][] f = {fieldTokens(rnd, 4), fieldTokens(rnd, 30), fieldTokens(rnd, rnd.nextInt(20) == 0 ? 3000 : 60)};
                add.add(new InvertedIndex.NodeTerms("d", id, f));
                workNodes.put(id, f);
              }
              index.add(tx, add);
              for (InvertedIndex.NodeTerms n : add) {
                int ord = index.ordinalOf(tx, "d", n.nodeId());
                workOrds.put(n.nodeId(), ord);
                apply(work, ord, n.fields(), true);
              }
              if (rnd.nextBoolean()) {
                change(index, tx, rnd, work, workNodes, workOrds); // also nodes added just now
              }
              List<InvertedIndex.NodeTerms> remove = new ArrayList<>();
              for (String id : new ArrayList<>(workNodes.keySet())) {
                if (rnd.nextInt(rnd.nextBoolean() ? 4 : 40) == 0) {
                  String[][] f = workNodes.remove(id);
                  remove.add(new InvertedIndex.NodeTerms("d", id, f));
                  apply(work, workOrds.remove(id), f, false);
                }
              }
              index.remove(tx, remove);
              change(index, tx, rnd, work, workNodes, workOrds);
              if (rnd.nextBoolean()) {
                InvertedIndex.flush(tx); // as a search in the transaction would
                compare(tx, work, workNodes, rnd, "seed " + seed + " round " + round + " step " + step + " (in the transaction)");
              }
            }
            if (rollback) {
              tx.rollback();
            } else {
              tx.commit();
              model = work;
              nodes = workNodes;
              ords = workOrds;
            }
          }
          try (Transaction tx = store.beginReadOnly()) {
            compare(tx, model, nodes, rnd, "seed " + seed + " round " + round);
          }
        }
      }
    }
    if (merges) {
      assertTrue(mostBlocks >= 10, "lists of many blocks: " + mostBlocks);
      assertTrue(closedBySize > 0, "blocks closed by the byte limit");
    } else {
      assertTrue(sawPending > 100, "lists read with pending changes: " + sawPending);
    }
    if (maxSegments > 0) {
      assertTrue(sawPending > 100, "lists read with pending changes: " + sawPending);
    }
    assertTrue(changedInPlace > 1000, "postings changed in place: " + changedInPlace);
  }

  @Test
  void changedPostingsSplitFullBlocksAndIsolateLargePostings() {
    InvertedIndex index = new InvertedIndex(0, 0); // no pending segments: the blocks are the lists
    Map<String, TreeMap<Integer, Posting>> model = new HashMap<>();
    Map<String, String[][]> nodes = new HashMap<>();
    String[] big = new String[2000]; // one posting over the byte limit on its own
    java.util.Arrays.fill(big, "a");
    try (Store store = Store.open(dir.resolve("split.db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      try (Transaction tx = store.begin()) {
        List<InvertedIndex.NodeTerms> add = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          String[][] f = {{i == 5 ? "b" : "a"}, null, {"c", "a"}};
          add.add(new InvertedIndex.NodeTerms("d", "n" + i, f));
          nodes.put("n" + i, f);
          apply(model, i, f, true);
        }
        index.add(tx, add);
        tx.commit();
      }
      try (Transaction tx = store.begin()) {
        assertEquals(List.of(128, 128, 43), blockSizes(tx, 0, "a"));
        assertEquals(List.of(128, 128, 44), blockSizes(tx, 2, "a"));
        String[][] was = nodes.get("n5");
        String[][] now = {{"a"}, null, big};
        index.change(tx, List.of(new InvertedIndex.NodeTerms("d", "n5", was)),
            List.of(new InvertedIndex.NodeTerms("d", "n5", now)));
        apply(model, 5, was, false);
        apply(model, 5, now, true);
        nodes.put("n5", now);
        tx.commit();
      }
      try (Transaction tx = store.beginReadOnly()) {
        compare(tx, model, nodes, new Random(1), "after the change");
        // Title: ordinal 5 went into the full first block, which split into halves.
        List<Integer> title = blockSizes(tx, 0, "a");
        assertEquals(4, title.size(), title.toString());
        assertTrue(title.get(0) >= 32 && title.get(1) >= 32, title.toString());
        // Text: ordinal 5's posting outgrew its block and sits alone between its neighbours.
        assertEquals(List.of(5, 1, 122, 128, 44), blockSizes(tx, 2, "a"));
      }
    }
  }

  private static List<Integer> blockSizes(Transaction tx, int f, String term) {
    byte[] prefix = InvertedIndex.termKey(f, term);
    byte[] end = KeyRanges.prefixEnd(prefix);
    List<Integer> sizes = new ArrayList<>();
    TransactionCursor c = tx.cursor(InvertedIndex.POSTINGS);
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      sizes.add(PostingsBlock.headerCount(c.value()));
    }
    return sizes;
  }

  /**
   * Changes the content of a few nodes in place: each field kept, replaced, cleared, set, or
   * edited by one token; sometimes unchanged fields are passed as null in both (as the full-text
   * index does). The model drops the old postings of every changed field and adds the new ones
   * under the same ordinal, which the index must keep.
   */
  private void change(InvertedIndex index, Transaction tx, Random rnd, Map<String, TreeMap<Integer, Posting>> work,
      Map<String, String[][]> workNodes, Map<String, Integer> workOrds) {
    List<String> ids = new ArrayList<>(workNodes.keySet());
    java.util.Collections.sort(ids);
    int n = ids.isEmpty() ? 0 : rnd.nextInt(Math.min(ids.size(), rnd.nextBoolean() ? 5 : 60) + 1);
    List<InvertedIndex.NodeTerms> before = new ArrayList<>();
    List<InvertedIndex.NodeTerms> after = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = ids.get(rnd.nextInt(ids.size()));
      if (before.stream().anyMatch(b -> b.nodeId().equals(id))) {
        continue; // one change per node and call: before must be what the node holds
      }
      String[][] was = workNodes.get(id);
      String[][] now = was.clone();
      int[] maxLen = {4, 30, 60};
      for (int f = 0; f < now.length; f++) {
        switch (rnd.nextInt(6)) {
          case 0 -> now[f] = fieldTokens(rnd, maxLen[f]);
          case 1 -> now[f] = null;
          case 2 -> now[f] = edit(rnd, now[f]);
          default -> { } // kept
        }
      }
      boolean partial = rnd.nextBoolean();
      String[][] b = was.clone();
      String[][] a = now.clone();
      for (int f = 0; f < now.length; f++) {
        if (partial && java.util.Arrays.equals(was[f], now[f])) {
          b[f] = null;
          a[f] = null;
        }
      }
      before.add(new InvertedIndex.NodeTerms("d", id, b));
      after.add(new InvertedIndex.NodeTerms("d", id, a));
      int ord = workOrds.get(id);
      for (int f = 0; f < now.length; f++) {
        if (!java.util.Arrays.equals(was[f], now[f])) {
          String[][] one = new String[now.length][];
          one[f] = was[f];
          apply(work, ord, one, false);
          one[f] = now[f];
          apply(work, ord, one, true);
          changedInPlace++;
        }
      }
      workNodes.put(id, now);
    }
    index.change(tx, before, after);
    for (InvertedIndex.NodeTerms a : after) {
      assertEquals(workOrds.get(a.nodeId()), index.ordinalOf(tx, "d", a.nodeId()), "a changed node keeps its ordinal");
    }
  }

  /** The tokens with one of them replaced, added or dropped. */
  private static String[] edit(Random rnd, String[] tokens) {
    List<String> t = new ArrayList<>(tokens == null ? List.of() : List.of(tokens));
    int at = rnd.nextInt(t.size() + 1);
    String w = WORDS[rnd.nextInt(WORDS.length)];
    switch (t.isEmpty() ? 0 : rnd.nextInt(3)) {
      case 0 -> t.add(at, w);
      case 1 -> t.set(Math.min(at, t.size() - 1), w);
      default -> t.remove(Math.min(at, t.size() - 1));
    }
    return t.isEmpty() ? null : t.toArray(new String[0]);
  }

  private static String[] fieldTokens(Random rnd, int maxLen) {
    if (rnd.nextInt(5) == 0) {
      return null;
    }
    String[] t = new String[1 + rnd.nextInt(maxLen)];
    for (int i = 0; i < t.length; i++) {
      t[i] = WORDS[Math.min(WORDS.length - 1, (int) (Math.pow(rnd.nextDouble(), 2) * WORDS.length))];
    }
    return t;
  }

  private static void apply(Map<String, TreeMap<Integer, Posting>> model, int ord, String[][] fields, boolean add) {
    for (int f = 0; f < fields.length; f++) {
      String[] tokens = fields[f];
      if (tokens == null) {
        continue;
      }
      Map<String, List<Integer>> pos = new HashMap<>();
      for (int p = 0; p < tokens.length; p++) {
        pos.computeIfAbsent(tokens[p], k -> new ArrayList<>()).add(p);
      }
      for (Map.Entry<String, List<Integer>> e : pos.entrySet()) {
        TreeMap<Integer, Posting> list = model.computeIfAbsent(f + "#" + e.getKey(), k -> new TreeMap<>());
        if (add) {
          list.put(ord, new Posting(tokens.length, e.getValue().stream().mapToInt(Integer::intValue).toArray()));
        } else {
          list.remove(ord);
        }
      }
    }
  }

  private static Map<String, TreeMap<Integer, Posting>> deepCopy(Map<String, TreeMap<Integer, Posting>> m) {
    Map<String, TreeMap<Integer, Posting>> c = new HashMap<>();
    m.forEach((k, v) -> c.put(k, new TreeMap<>(v)));
    return c;
  }

  private void compare(Transaction tx, Map<String, TreeMap<Integer, Posting>> model, Map<String, String[][]> nodes,
      Random rnd, String where) {
    for (int f = 0; f < SearchField.values().length; f++) {
      // Field statistics are exact (BM25's N and average length).
      long withField = 0;
      long length = 0;
      for (String[][] fields : nodes.values()) {
        if (fields[f] != null && fields[f].length > 0) {
          withField++;
          length += fields[f].length;
        }
      }
      InvertedIndex.FieldStats fs = InvertedIndex.FieldStats.read(tx.get(InvertedIndex.STATS, InvertedIndex.statsKey(f)));
      assertEquals(withField, fs.nodes(), where + " field " + f + " nodes");
      assertEquals(length, fs.totalLength(), where + " field " + f + " length");
      for (String term : WORDS) {
        TreeMap<Integer, Posting> want = model.getOrDefault(f + "#" + term, new TreeMap<>());
        String at = where + " list " + f + "#" + term;
        PendingPostings pending = PendingPostings.of(tx);
        PendingSegment.TermDelta overlay = pending.overlay(f, term);
        // The stored blocks keep their layout; they hold the whole list once nothing is pending.
        checkBlocks(tx, f, term, overlay == null ? want.size() : -1, at);
        if (overlay != null) {
          sawPending++;
        }
        InvertedIndex.TermStats stats = pending.stats(f, term,
            InvertedIndex.TermStats.read(tx.get(InvertedIndex.TERMS, InvertedIndex.termKey(f, term))));
        if (want.isEmpty()) {
          assertEquals(null, stats, at);
          continue;
        }
        assertEquals(want.size(), stats.nodes(), at);
        // maxTf and minLen are bounds (used to prune): they must hold, need not be tight.
        int maxTf = want.values().stream().mapToInt(p -> p.positions().length).max().getAsInt();
        int minLen = want.values().stream().mapToInt(Posting::len).min().getAsInt();
        assertTrue(stats.maxTf() >= maxTf && stats.minLen() <= minLen, at + ": " + stats + " does not bound tf "
            + maxTf + ", length " + minLen);
        // The whole list, posting by posting.
        PostingCursor c = PostingCursor.of(tx, f, term, stats, 1, 10, 0, 0, overlay);
        int[] buf = new int[4];
        int ord = c.first();
        for (Map.Entry<Integer, Posting> e : want.entrySet()) {
          assertEquals(e.getKey(), ord, at);
          assertEquals(e.getValue().len(), c.length(), at);
          assertEquals(e.getValue().positions().length, c.tf(), at);
          buf = c.positions(buf);
          int[] got = java.util.Arrays.copyOf(buf, c.tf());
          assertArrayEquals(e.getValue().positions(), got, at);
          ord = c.next();
        }
        assertEquals(PostingCursor.END, ord, at);
        // Random jumps forward, as a conjunction or MaxScore would make them.
        PostingCursor j = PostingCursor.of(tx, f, term, stats, 1, 10, 0, 0, overlay);
        int target = rnd.nextInt(8);
        int last = want.lastKey();
        while (true) {
          Integer expect = want.ceilingKey(target);
          int got = j.advance(target);
          assertEquals(expect == null ? PostingCursor.END : expect, got, at + " advance(" + target + ")");
          if (expect == null) {
            break;
          }
          if (rnd.nextInt(4) == 0) {
            Integer nx = want.higherKey(got);
            assertEquals(nx == null ? PostingCursor.END : nx, j.next(), at + " next after " + got);
            if (nx == null) {
              break;
            }
            got = nx;
          }
          int jump = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(Math.max(1, last / 8));
          target = got + (rnd.nextBoolean() ? 0 : jump);
          if (target == got) {
            assertEquals(got, j.advance(target), at + " advance to the current");
            target = got + jump;
          }
        }
      }
    }
  }

  private void checkBlocks(Transaction tx, int f, String term, int expectedPostings, String at) {
    byte[] prefix = InvertedIndex.termKey(f, term);
    byte[] end = KeyRanges.prefixEnd(prefix);
    TransactionCursor c = tx.cursor(InvertedIndex.POSTINGS);
    PostingsBlock block = new PostingsBlock();
    int previousLast = -1;
    int total = 0;
    int blocks = 0;
    for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
      int last = InvertedIndex.blockLast(c.key());
      byte[] value = c.value();
      block.decode(value, true);
      assertTrue(block.count > 0 && block.count <= PostingsBlock.MAX_POSTINGS, at + ": block of " + block.count);
      assertTrue(block.count == 1 || value.length <= PostingsBlock.MAX_BYTES, at + ": block of " + value.length + " bytes");
      assertTrue(block.ords[0] > previousLast, at + ": block overlaps the previous one");
      for (int i = 1; i < block.count; i++) {
        assertTrue(block.ords[i] > block.ords[i - 1], at + ": ordinals out of order in block " + last);
      }
      assertTrue(block.lastOrd() <= last, at + ": block " + last + " holds " + block.lastOrd());
      previousLast = last;
      total += block.count;
      blocks++;
      if (block.count < PostingsBlock.MAX_POSTINGS && value.length > PostingsBlock.MAX_BYTES - 200) {
        closedBySize++;
      }
    }
    mostBlocks = Math.max(mostBlocks, blocks);
    if (expectedPostings >= 0) {
      assertEquals(expectedPostings, total, at);
    }
  }
}
