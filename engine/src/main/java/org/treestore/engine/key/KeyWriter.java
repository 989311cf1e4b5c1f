package org.treestore.engine.key;

import java.util.Arrays;
import java.util.Objects;

/**
 * Builds one composite key by appending components in order, in an encoding whose unsigned
 * lexicographic byte order equals the component-by-component order of the tuples.
 *
 * <p>The B+Tree only knows how to compare {@code byte[]} keys (as {@link
 * Arrays#compareUnsigned(byte[], byte[])}); this class is what lets a multi-column index use it
 * without a per-schema comparator. The encoding of each component type:
 *
 * <ul>
 *   <li>{@code int}, {@code long}: big-endian two's complement with the sign bit flipped, so that
 *       negative numbers sort before non-negative ones under unsigned comparison.
 *   <li>{@code boolean}: one byte, {@code 0x00} for false, {@code 0x01} for true.
 *   <li>{@code String}: its UTF-8 bytes, each {@code 0x00} byte escaped as {@code 0x00 0xFF},
 *       followed by the terminator {@code 0x00 0x01}. Strings order by Unicode code point, which
 *       is the order of their UTF-8 bytes. <b>This is not {@link String#compareTo}</b>, which
 *       compares UTF-16 code units: the two disagree when a supplementary character (U+10000 and
 *       up, stored as surrogates 0xD800-0xDFFF) meets a character in U+E000-U+FFFF. An unpaired
 *       surrogate is rejected with {@link IllegalArgumentException} rather than replaced by
 *       U+FFFD, since replacement would give distinct strings the same key.
 *   <li>nullable {@code String}: {@code 0x00} for null; {@code 0x01} followed by the string
 *       encoding otherwise, so null sorts before every string, including the empty one.
 *   <li>{@code byte[]}: escaped and terminated like a string; orders as {@link
 *       Arrays#compareUnsigned(byte[], byte[])}, a proper prefix before the longer array.
 * </ul>
 *
 * <p>The terminator is what makes variable-length components order correctly: it is smaller than
 * any continuation (the next content byte is at least {@code 0x01}, an escaped zero continues
 * with {@code 0x00 0xFF}), so {@code ("a", x) < ("ab", y)} for all {@code x} and {@code y}. Every
 * component encoding is self-delimiting, so the encoding of a tuple is a prefix of the encoding of
 * any longer tuple that starts with it, and a range scan over a key prefix (see {@link
 * KeyRanges#prefixEnd}) finds exactly the tuples that start with those components.
 *
 * <p>The encoding carries no type tags: the reader must read the same component types in the same
 * order (see {@link KeyReader}). It is canonical: equal tuples give equal bytes and vice versa.
 *
 * <p>A writer is meant to be reused via {@link #reset()}: its buffer only grows, so building keys
 * in a loop allocates nothing beyond the final {@link #toByteArray()} (or nothing at all with
 * {@link #copyInto}). Not thread-safe.
 */
public final class KeyWriter {

  /** The array length the JDK's own growable buffers stay under; VMs may refuse larger ones. */
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;

  private static final int DEFAULT_CAPACITY = 64;

  private byte[] buf;
  private int len;

  /** Creates a writer with a small default capacity that grows as needed. */
  public KeyWriter() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Creates a writer whose buffer starts with {@code initialCapacity} bytes.
   *
   * @throws IllegalArgumentException if {@code initialCapacity} is negative
   */
  public KeyWriter(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must be >= 0, was " + initialCapacity);
    }
    buf = new byte[initialCapacity];
  }

  /** Discards all components so the writer can build a new key; keeps the buffer. */
  public KeyWriter reset() {
    len = 0;
    return this;
  }

  /** The number of bytes of the key built so far. */
  public int length() {
    return len;
  }

  /** Appends an {@code int}: 4 bytes, big-endian, sign bit flipped. */
  public KeyWriter writeInt(int value) {
    ensureCapacity(len + 4L);
    int v = value ^ Integer.MIN_VALUE;
    byte[] b = buf;
    int p = len;
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
    len = p + 4;
    return this;
  }

  /** Appends a {@code long}: 8 bytes, big-endian, sign bit flipped. */
  public KeyWriter writeLong(long value) {
    ensureCapacity(len + 8L);
    long v = value ^ Long.MIN_VALUE;
    byte[] b = buf;
    int p = len;
    for (int shift = 56; shift >= 0; shift -= 8) {
      b[p++] = (byte) (v >>> shift);
    }
    len = p;
    return this;
  }

  /** Appends a {@code boolean}: one byte, {@code 0x00} (false) or {@code 0x01} (true). */
  public KeyWriter writeBoolean(boolean value) {
    ensureCapacity(len + 1L);
    buf[len++] = value ? (byte) 1 : (byte) 0;
    return this;
  }

  /**
   * Appends a non-null string: UTF-8 with {@code 0x00} escaped as {@code 0x00 0xFF}, then {@code
   * 0x00 0x01}. Orders by code point, not by {@link String#compareTo} (see the class comment).
   *
   * @throws NullPointerException if {@code value} is null; use {@link #writeNullableString}
   * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate (the message
   *     names its index); the writer is then left as it was before the call
   */
  public KeyWriter writeString(String value) {
    Objects.requireNonNull(
        value, "string key component must not be null; use writeNullableString for null");
    encodeString(value);
    return this;
  }

  /**
   * Appends a string that may be null: {@code 0x00} for null, else {@code 0x01} and the {@link
   * #writeString} encoding. Null sorts before every string.
   *
   * @throws IllegalArgumentException if {@code value} holds an unpaired surrogate; the writer is
   *     then left as it was before the call
   */
  public KeyWriter writeNullableString(String value) {
    int mark = len;
    ensureCapacity(len + 1L);
    if (value == null) {
      buf[len++] = 0;
    } else {
      buf[len++] = 1;
      try {
        encodeString(value);
      } catch (IllegalArgumentException e) {
        len = mark; // the marker must not outlive the string it announces
        throw e;
      }
    }
    return this;
  }

  /**
   * Appends a variable-length byte array, escaped and terminated like a string; orders as {@link
   * Arrays#compareUnsigned(byte[], byte[])}.
   *
   * @throws NullPointerException if {@code value} is null
   */
  public KeyWriter writeBytes(byte[] value) {
    Objects.requireNonNull(value, "byte[] key component must not be null");
    return writeBytes(value, 0, value.length);
  }

  /**
   * Appends {@code length} bytes of {@code value} from {@code offset} as one byte-array component.
   *
   * @throws NullPointerException if {@code value} is null
   * @throws IndexOutOfBoundsException if the range is outside {@code value}
   */
  public KeyWriter writeBytes(byte[] value, int offset, int length) {
    Objects.requireNonNull(value, "byte[] key component must not be null");
    Objects.checkFromIndexSize(offset, length, value.length);
    // As in encodeString, len is only published at the end.
    // Invariant: before source byte i, the buffer has room for all remaining bytes unescaped plus
    // the terminator; only an escaped zero needs one more byte, checked there.
    ensureCapacity((long) len + length + 2);
    byte[] b = buf;
    int p = len;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte x = value[i];
      if (x != 0) {
        b[p++] = x;
      } else {
        if (b.length - p < end - i + 3) {
          ensureCapacity((long) p + (end - i) + 3);
          b = buf;
        }
        b[p++] = 0;
        b[p++] = (byte) 0xFF;
      }
    }
    b[p++] = 0;
    b[p++] = 1;
    len = p;
    return this;
  }

  /** A copy of the key built so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /**
   * Copies the key built so far into {@code dst} at {@code dstOffset}, avoiding the allocation of
   * {@link #toByteArray()} when the key goes straight into a page or a caller's buffer.
   *
   * @return the number of bytes copied, {@link #length()}
   * @throws IndexOutOfBoundsException if {@code dst} has no room for the key at {@code dstOffset}
   */
  public int copyInto(byte[] dst, int dstOffset) {
    Objects.checkFromIndexSize(dstOffset, len, dst.length);
    System.arraycopy(buf, 0, dst, dstOffset, len);
    return len;
  }

  /** The key built so far in hex, for debugging and messages. */
  @Override
  public String toString() {
    return KeyRanges.toHex(buf, 0, len);
  }

  /**
   * Encodes {@code s} after the current end. Works on a local position and only publishes it in
   * {@link #len} at the end, so a failure leaves the key unchanged.
   */
  private void encodeString(String s) {
    int n = s.length();
    // Invariant: before char i, the buffer has room for the remaining chars at one byte each plus
    // the terminator. ASCII chars keep it without any check; every other char may take at most
    // two bytes more than the chars it consumes (3 for 1, 4 for 2, 2 for a NUL), so it makes
    // sure of 2 spare bytes first. This avoids reserving 3 bytes per char for ASCII-heavy keys.
    ensureCapacity((long) len + n + 2);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80 && c != 0) {
        b[p++] = (byte) c;
        continue;
      }
      if (b.length - p < n - i + 4) {
        ensureCapacity((long) p + (n - i) + 4);
        b = buf;
      }
      if (c == 0) {
        b[p++] = 0;
        b[p++] = (byte) 0xFF;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >>> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[p++] = (byte) (0xE0 | (c >>> 12));
        b[p++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else {
        char low;
        if (!Character.isHighSurrogate(c)
            || i + 1 >= n
            || !Character.isLowSurrogate(low = s.charAt(i + 1))) {
          // Rejected rather than replaced by U+FFFD: replacing would map distinct strings to one
          // key and break decode(encode(s)) == s, silently merging rows in a unique index.
          throw new IllegalArgumentException(
              String.format(
                  "unpaired surrogate U+%04X at index %d of a string key component"
                      + " (length %d); strings in keys must be well-formed UTF-16",
                  (int) c, i, n));
        }
        int cp = Character.toCodePoint(c, low);
        b[p++] = (byte) (0xF0 | (cp >>> 18));
        b[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
        i++;
      }
    }
    b[p++] = 0;
    b[p++] = 1;
    len = p;
  }

  /**
   * Grows the buffer to hold at least {@code needed} bytes, at least doubling it. Copies the whole
   * buffer, not just {@link #len}, so callers may have unpublished bytes beyond {@code len}.
   */
  private void ensureCapacity(long needed) {
    if (needed <= buf.length) {
      return;
    }
    if (needed > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "key would be " + needed + " bytes, more than the maximum of " + MAX_LENGTH);
    }
    long doubled = Math.max(2L * buf.length, DEFAULT_CAPACITY);
    buf = Arrays.copyOf(buf, (int) Math.min(Math.max(doubled, needed), MAX_LENGTH));
  }
}
