package org.treestore.engine.key;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes the components of a key built by {@link KeyWriter}, in the order they were written.
 *
 * <p>The encoding has no type tags, so the caller reads the same component types in the same
 * order as they were written; the reader only checks that the bytes are a valid encoding of the
 * requested type. Keys come from disk, so malformed input (truncated, missing terminator, bad
 * escape, invalid or non-canonical UTF-8, a marker byte out of range) is reported as an {@link
 * IllegalArgumentException} whose message names the byte offset, counted from the start of the
 * key, and what was expected there. A failed read leaves the position unchanged.
 *
 * <p>Validation is strict so the encoding stays canonical: any bytes that decode successfully
 * re-encode to the same bytes, so two keys are equal exactly when their tuples are.
 *
 * <p>A reader can be pointed at another key with {@link #reset(byte[], int, int)} and keeps a
 * small scratch buffer for string decoding, so decoding in a loop allocates little more than the
 * returned values. Not thread-safe.
 */
public final class KeyReader {

  /** Scratch buffers above this many chars are not kept, so one huge key does not pin memory. */
  private static final int MAX_RETAINED_SCRATCH = 4096;

  private byte[] buf;
  private int start;
  private int pos;
  private int end;
  private char[] scratch = new char[64];

  // Results of the last scanTerminated call, kept in fields to avoid allocating a result object.
  private int scanCount;
  private boolean scanEscaped;
  private boolean scanAscii;

  /** Reads the whole of {@code key}. */
  public KeyReader(byte[] key) {
    this(Objects.requireNonNull(key, "key"), 0, key.length);
  }

  /**
   * Reads the {@code length} bytes of {@code key} from {@code offset}, e.g. a key inside a page.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code key}
   */
  public KeyReader(byte[] key, int offset, int length) {
    reset(key, offset, length);
  }

  /**
   * Points this reader at the {@code length} bytes of {@code key} from {@code offset}, at its
   * start, so one reader can decode many keys.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code key}
   */
  public KeyReader reset(byte[] key, int offset, int length) {
    Objects.requireNonNull(key, "key");
    Objects.checkFromIndexSize(offset, length, key.length);
    buf = key;
    start = offset;
    pos = offset;
    end = offset + length;
    return this;
  }

  /** The number of bytes consumed so far, i.e. the offset of the next component in the key. */
  public int position() {
    return pos - start;
  }

  /** The number of bytes not yet read. */
  public int remaining() {
    return end - pos;
  }

  /** Whether any bytes are left; after reading a full tuple this should be false. */
  public boolean hasRemaining() {
    return pos < end;
  }

  /** Reads an {@code int} written by {@link KeyWriter#writeInt}. */
  public int readInt() {
    require(4, "int");
    byte[] b = buf;
    int p = pos;
    int v =
        (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    pos = p + 4;
    return v ^ Integer.MIN_VALUE;
  }

  /** Reads a {@code long} written by {@link KeyWriter#writeLong}. */
  public long readLong() {
    require(8, "long");
    byte[] b = buf;
    int p = pos;
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[p + i] & 0xFF);
    }
    pos = p + 8;
    return v ^ Long.MIN_VALUE;
  }

  /** Reads a {@code boolean} written by {@link KeyWriter#writeBoolean}. */
  public boolean readBoolean() {
    require(1, "boolean");
    byte x = buf[pos];
    if (x != 0 && x != 1) {
      throw malformed(pos, "0x00 (false) or 0x01 (true) for a boolean", hex(x));
    }
    pos++;
    return x == 1;
  }

  /** Reads a string written by {@link KeyWriter#writeString}. */
  public String readString() {
    int from = pos;
    int term = scanTerminated("string");
    String s;
    if (scanAscii) {
      // Pure ASCII without escapes is the common case; Latin-1 decoding of it is a plain copy.
      s = new String(buf, from, term - from, StandardCharsets.ISO_8859_1);
    } else {
      s = decodeUtf8(from, term);
    }
    pos = term + 2;
    return s;
  }

  /** Reads a string written by {@link KeyWriter#writeNullableString}; may return null. */
  public String readNullableString() {
    require(1, "nullable string marker");
    int mark = pos;
    byte x = buf[mark];
    if (x == 0) {
      pos++;
      return null;
    }
    if (x != 1) {
      throw malformed(mark, "0x00 (null) or 0x01 (non-null) as a nullable string marker", hex(x));
    }
    pos++;
    try {
      return readString();
    } catch (IllegalArgumentException e) {
      pos = mark; // a failed read consumes nothing, marker included
      throw e;
    }
  }

  /** Reads a byte array written by {@link KeyWriter#writeBytes}; returns a new array. */
  public byte[] readBytes() {
    int from = pos;
    int term = scanTerminated("byte array");
    byte[] out;
    if (!scanEscaped) {
      out = Arrays.copyOfRange(buf, from, term);
    } else {
      out = new byte[scanCount];
      byte[] b = buf;
      int n = 0;
      for (int p = from; p < term; p++) {
        byte x = b[p];
        out[n++] = x;
        if (x == 0) {
          p++; // skip the 0xFF of the escape, validated by the scan
        }
      }
    }
    pos = term + 2;
    return out;
  }

  /**
   * Finds the {@code 0x00 0x01} terminator of the escaped component at {@link #pos}, validating
   * every escape on the way, and returns its absolute index. Records the unescaped length and
   * whether the content had escapes or non-ASCII bytes, which pick the decoding fast paths.
   */
  private int scanTerminated(String what) {
    byte[] b = buf;
    int e = end;
    int p = pos;
    int count = 0;
    boolean escaped = false;
    boolean ascii = true;
    while (true) {
      if (p >= e) {
        throw malformed(
            p,
            "the 0x00 0x01 terminator of the " + what + " starting at offset " + (pos - start),
            "the end of the key");
      }
      byte x = b[p];
      if (x == 0) {
        if (p + 1 >= e) {
          throw malformed(
              p + 1,
              "0xFF (escaped 0x00) or 0x01 (terminator) after 0x00 in a " + what,
              "the end of the key");
        }
        byte y = b[p + 1];
        if (y == 1) {
          break;
        }
        if (y != (byte) 0xFF) {
          throw malformed(
              p + 1, "0xFF (escaped 0x00) or 0x01 (terminator) after 0x00 in a " + what, hex(y));
        }
        escaped = true;
        p += 2;
      } else {
        if (x < 0) {
          ascii = false;
        }
        p++;
      }
      count++;
    }
    scanCount = count;
    scanEscaped = escaped;
    scanAscii = ascii && !escaped;
    return p;
  }

  /**
   * Decodes strict UTF-8 (no overlong forms, no encoded surrogates, nothing above U+10FFFF) from
   * {@code from} up to the terminator at {@code term}, turning each escape into U+0000.
   */
  private String decodeUtf8(int from, int term) {
    // Each content byte yields at most one char (a 4-byte sequence yields 2), so scanCount bounds
    // the output length.
    char[] c = scratch;
    if (c.length < scanCount) {
      c = new char[scanCount];
      if (scanCount <= MAX_RETAINED_SCRATCH) {
        scratch = c;
      }
    }
    byte[] b = buf;
    int n = 0;
    int p = from;
    while (p < term) {
      int b0 = b[p] & 0xFF;
      if (b0 < 0x80) {
        c[n++] = (char) b0;
        p += b0 == 0 ? 2 : 1; // a 0x00 here is always an escape, validated by the scan
        continue;
      }
      int lo = 0x80;
      int hi = 0xBF;
      int cp;
      if (b0 >= 0xC2 && b0 <= 0xDF) {
        cp = (b0 & 0x1F) << 6 | continuation(p, 1, term, lo, hi);
        p += 2;
        c[n++] = (char) cp;
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        // The narrowed second-byte ranges reject overlong forms (E0) and surrogates (ED).
        if (b0 == 0xE0) {
          lo = 0xA0;
        } else if (b0 == 0xED) {
          hi = 0x9F;
        }
        cp =
            (b0 & 0x0F) << 12
                | continuation(p, 1, term, lo, hi) << 6
                | continuation(p, 2, term, 0x80, 0xBF);
        p += 3;
        c[n++] = (char) cp;
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        // Narrowed second bytes reject overlong forms (F0) and code points above U+10FFFF (F4).
        if (b0 == 0xF0) {
          lo = 0x90;
        } else if (b0 == 0xF4) {
          hi = 0x8F;
        }
        cp =
            (b0 & 0x07) << 18
                | continuation(p, 1, term, lo, hi) << 12
                | continuation(p, 2, term, 0x80, 0xBF) << 6
                | continuation(p, 3, term, 0x80, 0xBF);
        p += 4;
        c[n++] = Character.highSurrogate(cp);
        c[n++] = Character.lowSurrogate(cp);
      } else {
        throw malformed(
            p, "a UTF-8 lead byte (0x01-0x7F, 0xC2-0xF4) in a string", hex((byte) b0));
      }
    }
    return new String(c, 0, n);
  }

  /**
   * The low 6 bits of byte {@code i} of the UTF-8 sequence at {@code lead}, which must lie before
   * the terminator and within {@code [lo, hi]}.
   */
  private int continuation(int lead, int i, int term, int lo, int hi) {
    int p = lead + i;
    if (p >= term) {
      throw malformed(
          p,
          String.format(
              "continuation byte %d of the UTF-8 sequence at offset %d (0x%02X-0x%02X)",
              i, lead - start, lo, hi),
          "the string terminator");
    }
    int x = buf[p] & 0xFF;
    if (x < lo || x > hi) {
      throw malformed(
          p,
          String.format(
              "continuation byte %d of the UTF-8 sequence at offset %d (0x%02X-0x%02X)",
              i, lead - start, lo, hi),
          hex((byte) x));
    }
    return x & 0x3F;
  }

  /** Fails unless {@code n} bytes remain for a fixed-size component. */
  private void require(int n, String what) {
    if (end - pos < n) {
      throw malformed(
          pos,
          n + (n == 1 ? " byte" : " bytes") + " for a " + what,
          (end - pos) + (end - pos == 1 ? " byte" : " bytes") + " before the end of the key");
    }
  }

  private IllegalArgumentException malformed(int absolute, String expected, String found) {
    return new IllegalArgumentException(
        "malformed key at offset " + (absolute - start) + ": expected " + expected + ", found "
            + found);
  }

  private static String hex(byte x) {
    return String.format("0x%02X", x & 0xFF);
  }
}
