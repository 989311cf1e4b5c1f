package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The postings block against a TreeMap model, through encode and decode after every change. */
class PostingsBlockTest {
  private record Posting(int len, int[] positions) {}

  @Test
  void randomEditsMatchTheModel() {
    for (int seed = 0; seed < 200; seed++) {
      Random rnd = new Random(seed);
      int base = rnd.nextInt(1 << 30);
      int range = rnd.nextBoolean() ? 128 : 1 << 20;
      TreeMap<Integer, Posting> model = new TreeMap<>();
      PostingsBlock block = new PostingsBlock().reset();
      for (int step = 0; step < 300; step++) {
        int ord = base + rnd.nextInt(range);
        if (rnd.nextInt(3) > 0) {
          int tf = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 40);
          int[] pos = new int[tf];
          int p = rnd.nextInt(5);
          for (int i = 0; i < tf; i++) {
            pos[i] = p;
            p += 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 100_000);
          }
          int len = p + rnd.nextInt(10);
          block.put(ord, len, pos, 0, tf);
          model.put(ord, new Posting(len, pos));
        } else {
          assertEquals(model.remove(ord) != null, block.remove(ord), "seed " + seed);
        }
        if (rnd.nextInt(4) == 0) {
          byte[] bytes = block.encode();
          assertEquals(bytes.length, block.encodedSize(), "seed " + seed);
          block = new PostingsBlock().decode(bytes, true);
          PostingsBlock scoring = new PostingsBlock().decode(bytes, false);
          assertEquals(model.size(), scoring.count);
          assertEquals(model.size(), PostingsBlock.headerCount(bytes));
          if (!model.isEmpty()) {
            assertEquals(model.firstKey(), PostingsBlock.headerFirstOrd(bytes), "seed " + seed);
          }
          int maxTf = model.values().stream().mapToInt(x -> x.positions().length).max().orElse(0);
          int minLen = model.values().stream().mapToInt(Posting::len).min().orElse(0);
          assertEquals(maxTf, PostingsBlock.headerMaxTf(bytes), "seed " + seed);
          assertEquals(minLen, PostingsBlock.headerMinLen(bytes), "seed " + seed);
        }
        assertMatches(model, block, "seed " + seed + " step " + step);
      }
    }
  }

  private static void assertMatches(TreeMap<Integer, Posting> model, PostingsBlock block, String where) {
    assertEquals(model.size(), block.count, where);
    int i = 0;
    for (Map.Entry<Integer, Posting> e : model.entrySet()) {
      assertEquals(e.getKey(), block.ords[i], where);
      assertEquals(e.getValue().len(), block.lens[i], where);
      assertEquals(e.getValue().positions().length, block.tfs[i], where);
      assertArrayEquals(e.getValue().positions(),
          Arrays.copyOfRange(block.positions, block.posStart[i], block.posStart[i] + block.tfs[i]), where);
      i++;
    }
  }

  @Test
  void appendSizeBoundsHoldAndBlocksStayUnderTheLimit() {
    for (int seed = 0; seed < 100; seed++) {
      Random rnd = new Random(seed);
      PostingsBlock block = new PostingsBlock().reset();
      int size = 0;
      int ord = rnd.nextInt(1000);
      int blocks = 0;
      for (int step = 0; step < 2000; step++) {
        ord += 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 100_000);
        int tf = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 300 : 4);
        int[] pos = new int[tf];
        int p = rnd.nextInt(3);
        for (int i = 0; i < tf; i++) {
          pos[i] = p;
          p += 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 5_000);
        }
        int grown = block.sizeAfterAppend(size, ord, p + 1, pos, 0, tf);
        if (grown < 0) {
          assertTrue(block.count == PostingsBlock.MAX_POSTINGS || size > PostingsBlock.MAX_BYTES / 2, "seed " + seed);
          block.reset();
          blocks++;
          grown = block.sizeAfterAppend(0, ord, p + 1, pos, 0, tf);
        }
        block.put(ord, p + 1, pos, 0, tf);
        int actual = block.encode().length;
        assertTrue(actual <= grown, "seed " + seed + ": bound " + grown + " below the size " + actual);
        assertTrue(block.count == 1 || actual <= PostingsBlock.MAX_BYTES, "seed " + seed);
        size = grown;
      }
      assertTrue(blocks > 0, "seed " + seed);
    }
  }

  @Test
  void rangesEncodeAsBlocksOfTheirOwn() {
    for (int seed = 0; seed < 200; seed++) {
      Random rnd = new Random(seed);
      TreeMap<Integer, Posting> model = new TreeMap<>();
      PostingsBlock block = new PostingsBlock().reset();
      int n = 1 + rnd.nextInt(200);
      for (int i = 0; i < n; i++) {
        int tf = 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 1000 : 4);
        int[] pos = new int[tf];
        for (int j = 0; j < tf; j++) {
          pos[j] = j == 0 ? rnd.nextInt(5) : pos[j - 1] + 1 + rnd.nextInt(3);
        }
        int ord = rnd.nextInt(1 << 20);
        int len = pos[tf - 1] + 1;
        block.put(ord, len, pos, 0, tf);
        model.put(ord, new Posting(len, pos));
      }
      Integer[] keys = model.keySet().toArray(new Integer[0]);
      for (int k = 0; k < 20; k++) {
        int from = rnd.nextInt(block.count);
        int to = from + 1 + rnd.nextInt(block.count - from);
        byte[] bytes = block.encode(from, to);
        String where = "seed " + seed + " range " + from + ".." + to;
        assertEquals(bytes.length, block.encodedSize(from, to), where);
        TreeMap<Integer, Posting> part = new TreeMap<>(model.subMap(keys[from], true, keys[to - 1], true));
        assertMatches(part, new PostingsBlock().decode(bytes, true), where);
        if (to - from >= 2) {
          int mid = block.middle(from, to);
          assertTrue(mid > from && mid < to, where + ": middle " + mid);
        }
      }
    }
  }

  @Test
  void varintsRoundTripAtTheirEdges() {
    byte[] b = new byte[5];
    for (int v : new int[] {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE, -1}) {
      int end = PostingsBlock.putVar(b, 0, v);
      int[] at = {0};
      assertEquals(v, PostingsBlock.getVar(b, at));
      assertEquals(end, at[0]);
    }
  }
}
