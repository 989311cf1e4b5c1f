package org.treestore.engine.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Exact byte layouts, argument checks and buffer handling of {@link KeyWriter}. */
class KeyWriterTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /** A fresh writer, so each expectation below fits on a line. */
  private static KeyWriter kw() {
    return new KeyWriter();
  }

  @Test
  void intsAreBigEndianWithSignBitFlipped() {
    assertArrayEquals(bytes(0x00, 0, 0, 0), kw().writeInt(Integer.MIN_VALUE).toByteArray());
    assertArrayEquals(bytes(0x7F, 0xFF, 0xFF, 0xFF), kw().writeInt(-1).toByteArray());
    assertArrayEquals(bytes(0x80, 0, 0, 0), kw().writeInt(0).toByteArray());
    assertArrayEquals(bytes(0x81, 0x02, 0x03, 0x04), kw().writeInt(0x01020304).toByteArray());
    assertArrayEquals(
        bytes(0xFF, 0xFF, 0xFF, 0xFF), kw().writeInt(Integer.MAX_VALUE).toByteArray());
  }

  @Test
  void longsAreBigEndianWithSignBitFlipped() {
    assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 0, 0), kw().writeLong(Long.MIN_VALUE).toByteArray());
    assertArrayEquals(bytes(0x80, 0, 0, 0, 0, 0, 0, 1), kw().writeLong(1).toByteArray());
    assertArrayEquals(
        bytes(0x81, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08),
        kw().writeLong(0x0102030405060708L).toByteArray());
  }

  @Test
  void booleansAreOneByte() {
    assertArrayEquals(bytes(0, 1), kw().writeBoolean(false).writeBoolean(true).toByteArray());
  }

  @Test
  void stringsAreEscapedUtf8WithTerminator() {
    assertArrayEquals(bytes(0, 1), new KeyWriter().writeString("").toByteArray());
    assertArrayEquals(bytes('a', 'b', 0, 1), new KeyWriter().writeString("ab").toByteArray());
    assertArrayEquals(
        bytes(0, 0xFF, 'a', 0, 0xFF, 0, 0xFF, 0, 1),
        new KeyWriter().writeString("\0a\0\0").toByteArray());
  }

  @Test
  void stringsMatchJdkUtf8ForEveryLength() {
    // U+007F/0080, U+07FF/0800, U+FFFF/10000 and U+10FFFF sit on the 1-2-3-4 byte boundaries.
    String s =
        "\u007f\u0080\u00e9\u07ff\u0800\u4e2d\ud7ff\ue000\uffff"
            + "\ud800\udc00\ud83d\ude00\udbff\udfff";
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    byte[] expected = new byte[utf8.length + 2];
    System.arraycopy(utf8, 0, expected, 0, utf8.length);
    expected[utf8.length + 1] = 1;
    assertArrayEquals(expected, new KeyWriter(0).writeString(s).toByteArray());
  }

  @Test
  void nullableStringsHaveAMarker() {
    assertArrayEquals(bytes(0), new KeyWriter().writeNullableString(null).toByteArray());
    assertArrayEquals(bytes(1, 0, 1), new KeyWriter().writeNullableString("").toByteArray());
    assertArrayEquals(bytes(1, 'x', 0, 1), new KeyWriter().writeNullableString("x").toByteArray());
  }

  @Test
  void bytesAreEscapedAndTerminated() {
    assertArrayEquals(bytes(0, 1), new KeyWriter().writeBytes(new byte[0]).toByteArray());
    assertArrayEquals(
        bytes(0xFF, 0, 0xFF, 0x01, 0, 1), kw().writeBytes(bytes(0xFF, 0, 1)).toByteArray());
    assertArrayEquals(
        bytes(0, 0xFF, 0x02, 0, 1), kw().writeBytes(bytes(9, 0, 2, 9), 1, 2).toByteArray());
  }

  @Test
  void nullStringIsRejectedWithAMessage() {
    KeyWriter w = new KeyWriter().writeInt(7);
    NullPointerException e = assertThrows(NullPointerException.class, () -> w.writeString(null));
    assertTrue(e.getMessage().contains("writeNullableString"), e.getMessage());
    assertEquals(4, w.length());
    assertThrows(NullPointerException.class, () -> w.writeBytes(null));
    assertThrows(NullPointerException.class, () -> w.writeBytes(null, 0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> w.writeBytes(new byte[2], 1, 2));
    assertEquals(4, w.length());
  }

  @Test
  void unpairedSurrogatesAreRejectedNamingTheIndexAndLeaveTheKeyUnchanged() {
    String[] bad = {
      "ab\ud800c", "\udc00", "xyz\ud83d", "\ude00\ud83d", "ok\ud83d\ude00\ud800\ud800"
    };
    int[] index = {2, 0, 3, 0, 4};
    for (int i = 0; i < bad.length; i++) {
      KeyWriter w = new KeyWriter(2).writeInt(1);
      byte[] before = w.toByteArray();
      String s = bad[i];
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> w.writeString(s));
      assertTrue(e.getMessage().contains("index " + index[i]), e.getMessage());
      assertArrayEquals(before, w.toByteArray());
      // The nullable form must also drop its 0x01 marker.
      assertThrows(IllegalArgumentException.class, () -> w.writeNullableString(s));
      assertArrayEquals(before, w.toByteArray());
      // Still usable afterwards.
      assertArrayEquals(new KeyWriter().writeInt(1).writeString("z").toByteArray(),
          w.writeString("z").toByteArray());
    }
  }

  @Test
  void methodsChainAndResetReusesTheWriter() {
    KeyWriter w = new KeyWriter(0);
    assertSame(w, w.writeInt(1).writeLong(2).writeString("s").writeNullableString(null)
        .writeBytes(new byte[] {0}).writeBoolean(true));
    assertEquals(4 + 8 + 3 + 1 + 4 + 1, w.length());
    assertSame(w, w.reset());
    assertEquals(0, w.length());
    assertArrayEquals(new byte[0], w.toByteArray());
    assertArrayEquals(bytes('q', 0, 1), w.writeString("q").toByteArray());
  }

  @Test
  void growsFromZeroCapacityForLongComponents() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      sb.append(i % 3 == 0 ? "\0" : i % 3 == 1 ? "\u4e2d" : "\ud83d\ude00");
    }
    String s = sb.toString();
    byte[] raw = new byte[10000];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i % 2 == 0 ? 0 : i);
    }
    KeyWriter w = new KeyWriter(0).writeString(s).writeBytes(raw);
    KeyReader r = new KeyReader(w.toByteArray());
    assertEquals(s, r.readString());
    assertArrayEquals(raw, r.readBytes());
    assertEquals(0, r.remaining());
    assertThrows(IllegalArgumentException.class, () -> new KeyWriter(-1));
  }

  /**
   * Hits every small starting capacity and fill level with components whose encoding outgrows
   * the first reservation (escaped NULs, 2-4 byte chars), so an off-by-one in growth shows up.
   */
  @Test
  void growthIsExactAtEveryCapacityBoundary() {
    String[] units = {"\0", "\u00e9", "\u4e2d", "\ud83d\ude00", "a"};
    for (int capacity = 0; capacity <= 24; capacity++) {
      for (int lead = 0; lead <= 8; lead++) {
        for (int n = 0; n <= 10; n++) {
          for (String unit : units) {
            String s = unit.repeat(n);
            byte[] zeros = new byte[n];
            KeyWriter expected = new KeyWriter(1 << 10);
            KeyWriter w = new KeyWriter(capacity);
            for (int i = 0; i < lead; i++) {
              expected.writeBoolean(true);
              w.writeBoolean(true);
            }
            expected.writeString(s).writeBytes(zeros).writeNullableString(s);
            w.writeString(s).writeBytes(zeros).writeNullableString(s);
            assertArrayEquals(
                expected.toByteArray(),
                w.toByteArray(),
                "capacity " + capacity + ", lead " + lead + ", " + n + " x " + unit.codePointAt(0));
          }
        }
      }
    }
  }

  @Test
  void copyIntoWritesAtTheOffset() {
    KeyWriter w = new KeyWriter().writeString("ab");
    byte[] dst = new byte[6];
    assertEquals(4, w.copyInto(dst, 1));
    assertArrayEquals(bytes(0, 'a', 'b', 0, 1, 0), dst);
    assertThrows(IndexOutOfBoundsException.class, () -> w.copyInto(dst, 3));
  }

  @Test
  void toStringIsHex() {
    assertEquals("80000001610001", new KeyWriter().writeInt(1).writeString("a").toString());
  }
}
