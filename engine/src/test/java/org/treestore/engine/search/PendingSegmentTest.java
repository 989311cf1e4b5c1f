package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.treestore.engine.CorruptionException;

/**
 * The pending segment codec: what the writer hands over decoded equals what decoding its bytes
 * gives, for random terms (non-ASCII too), puts with positions, removals and signed node counts;
 * malformed bytes are refused as corruption naming the segment; and several segments combine with
 * the newest change of an ordinal winning (checked against a TreeMap replay).
 */
class PendingSegmentTest {
  private static final int FIELDS = SearchField.values().length;

  private record Change(int ord, int len, int[] positions, int delta) {}

  private record Term(int field, String term, int nodesDelta, int maxTf, int minLen, List<Change> changes) {}

  @Test
  void writerAndDecoderAgree() {
    Random rnd = new Random(7);
    for (int round = 0; round < 200; round++) {
      List<Term> terms = randomTerms(rnd, rnd.nextInt(40), round % 2 == 0);
      int[] removed = rnd.ints(rnd.nextInt(20), 0, 1_000_000).sorted().toArray();
      PendingSegment.Writer w = write(removed, terms);
      byte[] bytes = w.toByteArray();
      PendingSegment written = w.toSegment(42, FIELDS);
      PendingSegment decoded = PendingSegment.decode(bytes, 42, FIELDS, "test segment");
      assertEquals(bytes.length, decoded.bytes);
      assertArrayEquals(removed, decoded.removedNodes);
      assertArrayEquals(removed, written.removedNodes);
      int[] touched = terms.stream().flatMap(t -> t.changes().stream()).mapToInt(Change::ord).distinct().sorted().toArray();
      assertArrayEquals(touched, written.touched);
      assertArrayEquals(touched, decoded.touched);
      assertEquals(terms.size(), written.all().size());
      assertEquals(terms.isEmpty(), w.isEmpty());
      for (Term t : terms) {
        for (PendingSegment s : List.of(written, decoded)) {
          PendingSegment.TermDelta d = s.term(t.field(), t.term());
          assertNotNull(d, t.term());
          assertEquals(t.nodesDelta(), d.nodesDelta);
          assertEquals(t.maxTf(), d.maxTf);
          assertEquals(t.minLen(), d.minLen);
          assertEquals(t.changes().size(), d.count);
          for (int i = 0; i < d.count; i++) {
            Change c = t.changes().get(i);
            assertEquals(c.ord(), d.ords[i]);
            assertEquals(c.len(), d.lens[i]);
            assertEquals(c.delta(), d.counts[i]);
            if (c.len() >= 0) {
              assertArrayEquals(c.positions(),
                  Arrays.copyOfRange(d.positions, d.posStart[i], d.posStart[i] + d.tfs[i]));
            } else {
              assertTrue(d.isRemoval(i));
            }
          }
        }
        String[] sorted = decoded.sortedTerms(t.field());
        assertTrue(Arrays.binarySearch(sorted, t.term()) >= 0);
      }
      assertNull(decoded.term(0, "never-written"));
    }
  }

  @Test
  void malformedBytesAreCorruption() {
    List<Term> terms = randomTerms(new Random(3), 5);
    byte[] good = write(new int[] {4, 9}, terms).toByteArray();
    CorruptionException e = assertThrows(CorruptionException.class,
        () -> PendingSegment.decode(Arrays.copyOf(good, good.length - 1), 1, FIELDS, "fts.pending segment 9"));
    assertTrue(e.getMessage().contains("fts.pending segment 9"), e.getMessage());
    byte[] version = good.clone();
    version[0] = 2;
    assertThrows(CorruptionException.class, () -> PendingSegment.decode(version, 1, FIELDS, "s"));
    byte[] field = {1, 0, 9, 1, 'a', 0, 0, 0, 0}; // field 9 does not exist
    assertThrows(CorruptionException.class, () -> PendingSegment.decode(field, 1, FIELDS, "s"));
    byte[] twice = {1, 0, 0, 1, 'a', 0, 0, 0, 0, 0, 1, 'a', 0, 0, 0, 0};
    assertEquals(1, PendingSegment.decode(Arrays.copyOf(twice, 9), 1, FIELDS, "s").sortedTerms(0).length);
    assertThrows(CorruptionException.class, () -> PendingSegment.decode(twice, 1, FIELDS, "s"));
  }

  @Test
  void writerRefusesMiscountedTerms() {
    PendingSegment.Writer w = new PendingSegment.Writer();
    w.term(0, "a", 1, 1, 3, 2);
    w.put(5, 3, 1, new int[] {0}, 0, 1);
    assertThrows(IllegalStateException.class, w::toByteArray);
    assertThrows(IllegalStateException.class, () -> w.term(0, "b", 0, 0, Integer.MAX_VALUE, 0));
    assertThrows(IllegalArgumentException.class, () -> w.remove(6, 1)); // a removal cannot add a node
    w.remove(6, -1);
    assertThrows(IllegalStateException.class, () -> w.remove(7, 0));
    assertThrows(IllegalArgumentException.class, () -> new PendingSegment.Writer(new int[] {3, 2}));
  }

  @Test
  void segmentsCombineNewestFirst() {
    Random rnd = new Random(11);
    for (int round = 0; round < 100; round++) {
      int n = 1 + rnd.nextInt(5);
      List<PendingSegment> segs = new ArrayList<>();
      TreeMap<Integer, Integer> model = new TreeMap<>(); // ordinal -> length of the newest change (-1 removal)
      int nodes = 0;
      for (int s = 0; s < n; s++) {
        List<Change> changes = new ArrayList<>();
        for (int ord = 0; ord < 30; ord++) {
          if (rnd.nextInt(3) == 0) {
            int len = rnd.nextInt(4) == 0 ? -1 : 1 + rnd.nextInt(50);
            changes.add(new Change(ord, len, len < 0 ? null : new int[] {rnd.nextInt(len)}, 0));
            model.put(ord, len);
          }
        }
        int delta = rnd.nextInt(7) - 3;
        nodes += delta;
        segs.add(write(new int[0], List.of(new Term(1, "t", delta, 1, 1, changes))).toSegment(s, FIELDS));
      }
      PendingSegment.TermDelta d = combine(segs).overlay(1, "t");
      assertEquals(nodes, d.nodesDelta);
      assertEquals(model.size(), d.count);
      int i = 0;
      for (var e : model.entrySet()) {
        assertEquals(e.getKey(), d.ords[i]);
        assertEquals(e.getValue(), d.lens[i]);
        i++;
      }
      assertNull(combine(segs).overlay(0, "t"));
    }
  }

  private static PendingPostings combine(List<PendingSegment> segs) {
    try {
      var c = PendingPostings.class.getDeclaredConstructor(List.class);
      c.setAccessible(true);
      return c.newInstance(segs);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static PendingSegment.Writer write(int[] removed, List<Term> terms) {
    PendingSegment.Writer w = new PendingSegment.Writer(removed);
    for (Term t : terms) {
      w.term(t.field(), t.term(), t.nodesDelta(), t.maxTf(), t.minLen(), t.changes().size());
      for (Change c : t.changes()) {
        if (c.len() < 0) {
          w.remove(c.ord(), c.delta());
        } else {
          w.put(c.ord(), c.len(), c.positions().length, c.positions(), 0, c.delta());
        }
      }
    }
    return w;
  }

  private static List<Term> randomTerms(Random rnd, int count) {
    return randomTerms(rnd, count, false);
  }

  /**
   * {@code dense}: every term's ordinals from one short run, as a document's nodes are (the
   * segment finds its distinct ordinals by a bitmap then, else by sorting).
   */
  private static List<Term> randomTerms(Random rnd, int count, boolean dense) {
    List<Term> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    String[] alphabets = {"abcdefg", "äöüß", "日本語中文", "xyz"};
    while (out.size() < count) {
      int field = rnd.nextInt(FIELDS);
      String alpha = alphabets[rnd.nextInt(alphabets.length)];
      StringBuilder b = new StringBuilder();
      for (int i = 0, n = 1 + rnd.nextInt(8); i < n; i++) {
        b.append(alpha.charAt(rnd.nextInt(alpha.length())));
      }
      if (!seen.add(field + "#" + b)) {
        continue;
      }
      List<Change> changes = new ArrayList<>();
      int ord = dense ? 1000 + rnd.nextInt(30) : rnd.nextInt(3);
      int maxTf = 0;
      int minLen = Integer.MAX_VALUE;
      for (int i = 0, n = rnd.nextInt(20); i < n; i++) {
        ord += 1 + rnd.nextInt(dense || rnd.nextBoolean() ? 3 : 100_000);
        if (rnd.nextInt(4) == 0) {
          changes.add(new Change(ord, -1, null, -rnd.nextInt(2)));
        } else {
          int tf = 1 + rnd.nextInt(6);
          int len = tf + rnd.nextInt(300);
          int[] pos = new int[tf];
          int p = rnd.nextInt(3);
          for (int k = 0; k < tf; k++) {
            pos[k] = p;
            p += 1 + rnd.nextInt(40);
          }
          changes.add(new Change(ord, len, pos, rnd.nextInt(2)));
          maxTf = Math.max(maxTf, tf);
          minLen = Math.min(minLen, len);
        }
      }
      out.add(new Term(field, b.toString(), rnd.nextInt(41) - 20, maxTf, minLen, changes));
    }
    return out;
  }
}
