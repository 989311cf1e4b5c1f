package org.treestore.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.treestore.engine.page.Bytes;

/** Deltas between page versions: applying one to its base gives the page back, whatever changed. */
class PageDeltaTest {
  private static final int PAGE = 8192;

  /** A random change of the kinds pages see: a few bytes, a shifted range, a rewritten stretch. */
  private static byte[] change(byte[] base, SplittableRandom r) {
    byte[] p = base.clone();
    int kinds = 1 + r.nextInt(4);
    for (int k = 0; k < kinds; k++) {
      switch (r.nextInt(4)) {
        case 0 -> p[r.nextInt(PAGE)] ^= (byte) (1 + r.nextInt(255)); // one byte
        case 1 -> { // a run shifted, as an insert into a slot array does
          int from = r.nextInt(PAGE - 64);
          int len = r.nextInt(Math.min(2000, PAGE - from - 8));
          System.arraycopy(p, from, p, from + 1 + r.nextInt(7), len);
        }
        case 2 -> { // a stretch rewritten
          int from = r.nextInt(PAGE);
          int len = r.nextInt(Math.min(PAGE - from, 1 + r.nextInt(3000)) + 1);
          for (int i = from; i < from + len && i < PAGE; i++) {
            p[i] = (byte) r.nextInt(256);
          }
        }
        default -> { // bytes that differ just under and over the gap apart
          int at = r.nextInt(PAGE - 40);
          p[at] ^= 1;
          p[at + PageDelta.GAP - 1 + r.nextInt(3)] ^= 1;
        }
      }
    }
    return p;
  }

  @Test
  void applyingADeltaToItsBaseGivesThePage() {
    SplittableRandom r = new SplittableRandom(42);
    byte[] out = new byte[PAGE / 2 + 8];
    int encoded = 0;
    int refused = 0;
    for (int trial = 0; trial < 3000; trial++) {
      byte[] base = new byte[PAGE];
      for (int i = 0; i < PAGE; i += 1 + r.nextInt(8)) {
        base[i] = (byte) r.nextInt(256);
      }
      byte[] page = trial % 50 == 0 ? base.clone() : change(base, r);
      int limit = trial % 7 == 0 ? 64 : PAGE / 2;
      int len = PageDelta.encode(base, page, PAGE, out, limit);
      int differing = 0;
      for (int i = 0; i < PAGE; i++) {
        differing += base[i] != page[i] ? 1 : 0;
      }
      if (len < 0) {
        refused++;
        assertTrue(differing > 0, "an identical page needs no bytes");
        continue;
      }
      encoded++;
      assertTrue(len <= limit, "within the limit");
      assertTrue(len >= differing, "every differing byte is carried");
      if (differing == 0) {
        assertEquals(0, len);
      }
      byte[] rebuilt = base.clone();
      assertNull(PageDelta.apply(out, 0, len, rebuilt, PAGE));
      assertArrayEquals(page, rebuilt, "trial " + trial);
    }
    assertTrue(encoded > 1500 && refused > 100, "both outcomes occurred: " + encoded + " / " + refused);
  }

  @Test
  void aSmallChangeGivesASmallDelta() {
    byte[] base = new byte[PAGE];
    Arrays.fill(base, (byte) 7);
    byte[] page = base.clone();
    page[100] = 1;
    page[104] = 2; // within the gap: one run
    page[5000] = 3;
    byte[] out = new byte[PAGE];
    int len = PageDelta.encode(base, page, PAGE, out, PAGE / 2);
    assertEquals(2 * PageDelta.RUN_HEADER + 5 + 1, len);
  }

  @Test
  void malformedRunsAreRefused() {
    byte[] page = new byte[PAGE];
    byte[] d = new byte[16];
    Bytes.putU16(d, 0, PAGE - 2);
    Bytes.putU16(d, 2, 4); // past the end of the page
    assertNotNull(PageDelta.apply(d, 0, 8, page, PAGE));
    Bytes.putU16(d, 0, 10);
    Bytes.putU16(d, 2, 0); // empty run
    assertNotNull(PageDelta.apply(d, 0, 8, page, PAGE));
    Bytes.putU16(d, 2, 12); // longer than the delta
    assertNotNull(PageDelta.apply(d, 0, 8, page, PAGE));
    assertNotNull(PageDelta.apply(d, 0, 3, page, PAGE), "a cut-off run header");
  }
}
