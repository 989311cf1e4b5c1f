package org.treestore.engine.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Decoding of {@link KeyReader}: round trips, positions and the malformed-input messages. */
class KeyReaderTest {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  /**
   * Asserts that {@code read} fails on {@code key} with a message naming {@code offset} and
   * containing {@code expected}, and that the failed read consumed nothing.
   */
  private static void assertMalformed(
      byte[] key, Consumer<KeyReader> read, int offset, String expected) {
    KeyReader r = new KeyReader(key);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read.accept(r));
    String m = e.getMessage();
    assertTrue(m.startsWith("malformed key at offset " + offset + ": expected "), m);
    assertTrue(m.contains(expected), m);
    assertEquals(0, r.position(), "a failed read must not move the reader");
  }

  @Test
  void readsEveryComponentTypeInOrder() {
    byte[] key =
        new KeyWriter()
            .writeInt(-5)
            .writeLong(Long.MAX_VALUE)
            .writeBoolean(true)
            .writeString("h\u00e9\0\u4e2d\ud83d\ude00")
            .writeNullableString(null)
            .writeNullableString("")
            .writeBytes(bytes(0, 0xFF, 0))
            .writeBoolean(false)
            .toByteArray();
    KeyReader r = new KeyReader(key);
    assertTrue(r.hasRemaining());
    assertEquals(-5, r.readInt());
    assertEquals(4, r.position());
    assertEquals(Long.MAX_VALUE, r.readLong());
    assertTrue(r.readBoolean());
    assertEquals("h\u00e9\0\u4e2d\ud83d\ude00", r.readString());
    assertNull(r.readNullableString());
    assertEquals("", r.readNullableString());
    assertArrayEquals(bytes(0, 0xFF, 0), r.readBytes());
    assertFalse(r.readBoolean());
    assertFalse(r.hasRemaining());
    assertEquals(0, r.remaining());
    assertEquals(key.length, r.position());
  }

  @Test
  void offsetConstructorReadsOnlyTheRangeAndReportsKeyRelativeOffsets() {
    byte[] framed = bytes(0xEE, 0xEE, 'a', 0, 1, 0x80, 0, 0, 0x2A, 0xEE);
    KeyReader r = new KeyReader(framed, 2, 7);
    assertEquals("a", r.readString());
    assertEquals(42, r.readInt());
    assertEquals(0, r.remaining());
    // The 0xEE after the range is not part of the key.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::readBoolean);
    assertTrue(e.getMessage().startsWith("malformed key at offset 7:"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> new KeyReader(framed, 5, 6));
    assertThrows(IndexOutOfBoundsException.class, () -> new KeyReader(framed, -1, 2));
    assertThrows(NullPointerException.class, () -> new KeyReader(null));
  }

  @Test
  void resetPointsTheReaderAtAnotherKey() {
    KeyReader r = new KeyReader(new KeyWriter().writeInt(1).toByteArray());
    assertEquals(1, r.readInt());
    byte[] other = new KeyWriter().writeString("second").toByteArray();
    assertEquals("second", r.reset(other, 0, other.length).readString());
  }

  @Test
  void truncatedFixedSizeComponents() {
    assertMalformed(bytes(0x80, 0, 0), KeyReader::readInt, 0, "4 bytes for a int, found 3 bytes");
    assertMalformed(bytes(), KeyReader::readLong, 0, "8 bytes for a long, found 0 bytes");
    assertMalformed(bytes(), KeyReader::readBoolean, 0, "1 byte for a boolean");
    assertMalformed(bytes(), KeyReader::readNullableString, 0, "nullable string marker");
  }

  @Test
  void truncationAfterEarlierComponentsNamesTheLaterOffset() {
    byte[] key = new KeyWriter().writeInt(1).writeString("ab").toByteArray();
    KeyReader r = new KeyReader(key, 0, key.length - 1);
    assertEquals(1, r.readInt());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::readString);
    assertEquals(
        "malformed key at offset 7: expected 0xFF (escaped 0x00) or 0x01 (terminator) after 0x00"
            + " in a string, found the end of the key",
        e.getMessage());
    assertEquals(4, r.position());
  }

  @Test
  void missingTerminator() {
    assertMalformed(bytes('a', 'b'), KeyReader::readString, 2,
        "the 0x00 0x01 terminator of the string starting at offset 0, found the end of the key");
    assertMalformed(bytes(1, 2, 0, 0xFF), KeyReader::readBytes, 4, "terminator of the byte array");
    assertMalformed(bytes(), KeyReader::readString, 0, "terminator");
  }

  @Test
  void badEscape() {
    assertMalformed(bytes('a', 0, 0x02, 0, 1), KeyReader::readString, 2,
        "0xFF (escaped 0x00) or 0x01 (terminator) after 0x00 in a string, found 0x02");
    assertMalformed(bytes(0, 0), KeyReader::readBytes, 1, "after 0x00 in a byte array, found 0x00");
    assertMalformed(bytes(0), KeyReader::readBytes, 1, "found the end of the key");
  }

  @Test
  void invalidUtf8IsRejected() {
    // A continuation byte with no lead.
    assertMalformed(bytes(0x80, 0, 1), KeyReader::readString, 0, "a UTF-8 lead byte");
    // Overlong forms: C0/C1 leads, E0 80, F0 80.
    assertMalformed(bytes(0xC0, 0x80, 0, 1), KeyReader::readString, 0, "a UTF-8 lead byte");
    assertMalformed(bytes(0xE0, 0x80, 0x80, 0, 1), KeyReader::readString, 1, "(0xA0-0xBF), found");
    assertMalformed(bytes(0xF0, 0x80, 0x80, 0x80, 0, 1), KeyReader::readString, 1, "(0x90-0xBF)");
    // An encoded surrogate (U+D800) and a code point above U+10FFFF.
    assertMalformed(bytes(0xED, 0xA0, 0x80, 0, 1), KeyReader::readString, 1, "(0x80-0x9F), found");
    assertMalformed(bytes(0xF4, 0x90, 0x80, 0x80, 0, 1), KeyReader::readString, 1, "(0x80-0x8F)");
    assertMalformed(bytes(0xF5, 0x80, 0x80, 0x80, 0, 1), KeyReader::readString, 0, "found 0xF5");
    assertMalformed(bytes(0xFF, 0, 1), KeyReader::readString, 0, "found 0xFF");
    // A sequence cut short by the terminator or by an escaped NUL.
    assertMalformed(bytes('x', 0xE4, 0xB8, 0, 1), KeyReader::readString, 3,
        "continuation byte 2 of the UTF-8 sequence at offset 1 (0x80-0xBF),"
            + " found the string terminator");
    assertMalformed(bytes(0xC3, 0, 0xFF, 0, 1), KeyReader::readString, 1, "found 0x00");
    assertMalformed(bytes(0xC3, 'a', 0, 1), KeyReader::readString, 1, "found 0x61");
  }

  @Test
  void badMarkers() {
    assertMalformed(bytes(2), KeyReader::readBoolean, 0,
        "0x00 (false) or 0x01 (true) for a boolean, found 0x02");
    assertMalformed(bytes(0xFF, 0, 1), KeyReader::readNullableString, 0,
        "0x00 (null) or 0x01 (non-null) as a nullable string marker, found 0xFF");
    // A bad string after a valid marker: the offset is the string's, the marker is not consumed.
    assertMalformed(bytes(1, 'a'), KeyReader::readNullableString, 2, "terminator of the string");
  }

  @Test
  void escapedNulAndNonAsciiDecodeTogether() {
    String s = "\0\u00ff\0";
    assertEquals(s, new KeyReader(new KeyWriter().writeString(s).toByteArray()).readString());
    String longer = "x".repeat(5000) + "\u00e9"; // larger than the retained scratch buffer
    KeyReader r =
        new KeyReader(new KeyWriter().writeString(longer).writeString("\u00e9").toByteArray());
    assertEquals(longer, r.readString());
    assertEquals("\u00e9", r.readString());
  }
}
