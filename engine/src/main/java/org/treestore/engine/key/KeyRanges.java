package org.treestore.engine.key;

import java.util.Arrays;
import java.util.Objects;

/**
 * Static helpers for ranges of encoded keys: the exclusive upper bound of a prefix scan, prefix
 * tests, and the key order itself.
 *
 * <p>Because a {@link KeyWriter} encoding of leading components is a byte prefix of the encoding
 * of every longer tuple that starts with them, "all rows whose first columns equal these values"
 * is the half-open byte range {@code [prefix, prefixEnd(prefix))}. Keeping that arithmetic here
 * means callers never hand-roll it (it is easy to get wrong at {@code 0xFF}).
 */
public final class KeyRanges {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private KeyRanges() {}

  /**
   * The smallest key strictly greater than every key that starts with {@code prefix}: the prefix
   * with its last byte that is not {@code 0xFF} incremented and everything after it dropped.
   *
   * @return a new array, or {@code null} when no such key exists ({@code prefix} is empty or all
   *     {@code 0xFF}), meaning the range is unbounded above
   * @throws NullPointerException if {@code prefix} is null
   */
  public static byte[] prefixEnd(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix");
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        // Bytes after i are 0xFF and cannot be incremented; incrementing byte i gives a key above
        // every continuation of the prefix, and dropping the tail makes it the smallest such key.
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  /** Whether {@code key} begins with all bytes of {@code prefix} (always true for an empty one). */
  public static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * The key order: unsigned lexicographic, a proper prefix first. Same as {@link
   * Arrays#compareUnsigned(byte[], byte[])}, named here so the order has one home.
   */
  public static int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * {@link #compare(byte[], byte[])} on array ranges, for keys that live inside a larger buffer
   * such as a page, without copying them out.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array
   */
  public static int compare(
      byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
    Objects.checkFromIndexSize(aOffset, aLength, a.length);
    Objects.checkFromIndexSize(bOffset, bLength, b.length);
    return Arrays.compareUnsigned(a, aOffset, aOffset + aLength, b, bOffset, bOffset + bLength);
  }

  /** {@code length} bytes of {@code bytes} from {@code offset} in lower-case hex, for messages. */
  static String toHex(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int v = bytes[offset + i] & 0xFF;
      out[2 * i] = HEX[v >>> 4];
      out[2 * i + 1] = HEX[v & 0xF];
    }
    return new String(out);
  }
}
