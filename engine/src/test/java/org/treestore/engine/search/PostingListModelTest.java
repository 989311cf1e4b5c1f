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
 * the key's bound and above the previous block's).
 */
class PostingListModelTest {
  @TempDir Path dir;

  private static final String[] WORDS = {"a", "b", "c", "d", "e", "f", "g", "h"};

  private record Posting(int len, int[] positions) {}

  /** Most blocks seen in one list, and blocks closed by the byte limit: the test must reach both. */
  private int mostBlocks;
  private int closedBySize;

  @Test
  void listsMatchTheModelUnderAddsAndRemoves() {
    InvertedIndex index = new InvertedIndex();
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
              List<InvertedIndex.NodeTerms> remove = new ArrayList<>();
              for (String id : new ArrayList<>(workNodes.keySet())) {
                if (rnd.nextInt(rnd.nextBoolean() ? 4 : 40) == 0) {
                  String[][] f = workNodes.remove(id);
                  remove.add(new InvertedIndex.NodeTerms("d", id, f));
                  apply(work, workOrds.remove(id), f, false);
                }
              }
              index.remove(tx, remove);
              if (rnd.nextBoolean()) {
                InvertedIndex.flush(tx); // as a search in the transaction would
                compare(tx, work, rnd, "seed " + seed + " round " + round + " step " + step + " (in the transaction)");
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
            compare(tx, model, rnd, "seed " + seed + " round " + round);
          }
        }
      }
    }
    assertTrue(mostBlocks >= 10, "lists of many blocks: " + mostBlocks);
    assertTrue(closedBySize > 0, "blocks closed by the byte limit");
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

  private void compare(Transaction tx, Map<String, TreeMap<Integer, Posting>> model, Random rnd, String where) {
    for (int f = 0; f < SearchField.values().length; f++) {
      for (String term : WORDS) {
        TreeMap<Integer, Posting> want = model.getOrDefault(f + "#" + term, new TreeMap<>());
        String at = where + " list " + f + "#" + term;
        checkBlocks(tx, f, term, want.size(), at);
        InvertedIndex.TermStats stats = InvertedIndex.TermStats.read(tx.get(InvertedIndex.TERMS, InvertedIndex.termKey(f, term)));
        if (want.isEmpty()) {
          assertEquals(null, stats, at);
          continue;
        }
        assertEquals(want.size(), stats.nodes(), at);
        // The whole list, posting by posting.
        PostingCursor c = new PostingCursor(tx, f, term, stats, 1, 10, 0, 0);
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
        PostingCursor j = new PostingCursor(tx, f, term, stats, 1, 10, 0, 0);
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
      assertTrue(block.lastOrd() <= last, at + ": block " + last + " holds " + block.lastOrd());
      previousLast = last;
      total += block.count;
      blocks++;
      if (block.count < PostingsBlock.MAX_POSTINGS && value.length > PostingsBlock.MAX_BYTES - 200) {
        closedBySize++;
      }
    }
    mostBlocks = Math.max(mostBlocks, blocks);
    assertEquals(expectedPostings, total, at);
  }
}
