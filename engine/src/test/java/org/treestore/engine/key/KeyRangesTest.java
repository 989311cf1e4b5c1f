package org.treestore.engine.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link KeyRanges}: prefix ends, checked by example and exhaustively over a small alphabet. */
class KeyRangesTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void prefixEndIncrementsTheLastNonFfByteAndDropsTheRest() {
    assertArrayEquals(bytes(0x02), KeyRanges.prefixEnd(bytes(0x01)));
    assertArrayEquals(bytes(0x01, 0x03), KeyRanges.prefixEnd(bytes(0x01, 0x02)));
    assertArrayEquals(bytes(0x02), KeyRanges.prefixEnd(bytes(0x01, 0xFF, 0xFF)));
    assertArrayEquals(bytes(0x00, 0x80), KeyRanges.prefixEnd(bytes(0x00, 0x7F)));
    assertArrayEquals(bytes(0xFF), KeyRanges.prefixEnd(bytes(0xFE, 0xFF)));
    assertArrayEquals(bytes(0x01), KeyRanges.prefixEnd(bytes(0x00)));
  }

  @Test
  void prefixEndIsNullWhenUnbounded() {
    assertNull(KeyRanges.prefixEnd(new byte[0]));
    assertNull(KeyRanges.prefixEnd(bytes(0xFF)));
    assertNull(KeyRanges.prefixEnd(bytes(0xFF, 0xFF, 0xFF)));
    assertThrows(NullPointerException.class, () -> KeyRanges.prefixEnd(null));
  }

  @Test
  void prefixEndDoesNotModifyItsArgument() {
    byte[] p = bytes(0x10, 0xFF);
    KeyRanges.prefixEnd(p);
    assertArrayEquals(bytes(0x10, 0xFF), p);
  }

  /**
   * Over all keys of length up to 4 from an alphabet of edge bytes: a key starts with the prefix
   * exactly when {@code prefix <= key < prefixEnd}, which makes prefixEnd the smallest upper bound.
   */
  @Test
  void prefixRangeHoldsExactlyTheKeysWithThePrefix() {
    int[] alphabet = {0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF};
    List<byte[]> keys = new ArrayList<>();
    keys.add(new byte[0]);
    for (int from = 0, len = 1; len <= 4; len++) {
      int to = keys.size();
      for (int i = from; i < to; i++) {
        for (int a : alphabet) {
          byte[] k = Arrays.copyOf(keys.get(i), len);
          k[len - 1] = (byte) a;
          keys.add(k);
        }
      }
      from = to;
    }
    for (byte[] prefix : keys) {
      if (prefix.length > 3) {
        continue; // longer prefixes add nothing but time
      }
      byte[] end = KeyRanges.prefixEnd(prefix);
      if (end != null) {
        assertFalse(KeyRanges.startsWith(end, prefix), () -> TupleModel.hex(prefix));
      }
      for (byte[] key : keys) {
        boolean inRange =
            KeyRanges.compare(key, prefix) >= 0 && (end == null || KeyRanges.compare(key, end) < 0);
        if (inRange != KeyRanges.startsWith(key, prefix)) {
          String endHex = end == null ? "null" : TupleModel.hex(end);
          fail("prefix " + TupleModel.hex(prefix) + ", end " + endHex + ", key "
              + TupleModel.hex(key) + ": in range " + inRange);
        }
      }
    }
  }

  @Test
  void startsWith() {
    assertTrue(KeyRanges.startsWith(bytes(1, 2, 3), bytes()));
    assertTrue(KeyRanges.startsWith(bytes(1, 2, 3), bytes(1, 2)));
    assertTrue(KeyRanges.startsWith(bytes(1, 2), bytes(1, 2)));
    assertFalse(KeyRanges.startsWith(bytes(1), bytes(1, 2)));
    assertFalse(KeyRanges.startsWith(bytes(1, 3), bytes(1, 2)));
  }

  @Test
  void compareIsUnsignedWithPrefixesFirst() {
    assertTrue(KeyRanges.compare(bytes(0x7F), bytes(0x80)) < 0);
    assertTrue(KeyRanges.compare(bytes(0xFF), bytes(0x00)) > 0);
    assertTrue(KeyRanges.compare(bytes(1), bytes(1, 0)) < 0);
    assertEquals(0, KeyRanges.compare(bytes(1, 2), bytes(1, 2)));
    assertEquals(0, KeyRanges.compare(bytes(9, 1, 2), 1, 2, bytes(1, 2, 9), 0, 2));
    assertTrue(KeyRanges.compare(bytes(9, 0x80), 1, 1, bytes(0x7F, 0xFF), 0, 2) > 0);
    assertThrows(
        IndexOutOfBoundsException.class, () -> KeyRanges.compare(bytes(1), 0, 2, bytes(1), 0, 1));
  }

  /** The documented difference from String.compareTo: keys follow code points. */
  @Test
  void stringKeysOrderByCodePointNotByUtf16() {
    String bmpHigh = "\ue000";
    String supplementary = "\ud83d\ude00"; // U+1F600
    assertTrue(bmpHigh.compareTo(supplementary) > 0, "UTF-16 order puts the surrogate pair first");
    byte[] a = new KeyWriter().writeString(bmpHigh).toByteArray();
    byte[] b = new KeyWriter().writeString(supplementary).toByteArray();
    assertTrue(KeyRanges.compare(a, b) < 0, "code point order puts U+E000 first");
  }

  /** The motivating example: ("a", x) sorts before ("ab", y) whatever x and y are. */
  @Test
  void shorterStringSortsFirstWhateverFollows() {
    byte[] a = new KeyWriter().writeString("a").writeInt(Integer.MAX_VALUE).toByteArray();
    byte[] ab = new KeyWriter().writeString("ab").writeInt(Integer.MIN_VALUE).toByteArray();
    byte[] aNul = new KeyWriter().writeString("a\0").writeInt(Integer.MIN_VALUE).toByteArray();
    assertTrue(KeyRanges.compare(a, ab) < 0);
    assertTrue(KeyRanges.compare(a, aNul) < 0);
    assertTrue(KeyRanges.compare(aNul, ab) < 0);
  }
}
