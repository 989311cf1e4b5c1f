package org.treestore.engine.key;

import java.util.Arrays;
import java.util.Random;

/**
 * A plain-Java model of typed key tuples for the randomized tests: random schemas and values, a
 * reference tuple order written without any byte tricks, and encode/decode through the real
 * {@link KeyWriter} and {@link KeyReader}.
 *
 * <p>Values are drawn from small pools full of edge cases (extremes, NUL, 0xFF, code points at
 * UTF-8 length boundaries, the U+E000-U+FFFF vs supplementary disagreement with {@link
 * String#compareTo}) so that random tuples often share prefixes and compare deep components.
 */
final class TupleModel {

  /** The component types a schema is made of. */
  enum Type {
    INT,
    LONG,
    BOOLEAN,
    STRING,
    NULLABLE_STRING,
    BYTES
  }

  private static final int[] INTS = {
    Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65536, -256, -255, -1, 0, 1, 127, 128, 255, 256,
    Integer.MAX_VALUE - 1, Integer.MAX_VALUE
  };

  private static final long[] LONGS = {
    Long.MIN_VALUE, Long.MIN_VALUE + 1, Integer.MIN_VALUE - 1L, Integer.MIN_VALUE, -1, 0, 1,
    Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE - 1, Long.MAX_VALUE
  };

  /** Code points at every UTF-8 length boundary, NUL, non-Latin text and supplementary ones. */
  private static final int[] CODE_POINTS = {
    0x00, 0x01, 'a', 'b', 'z', 0x7F, 0x80, 0xE9, 0xFF, 0x7FF, 0x800, 0x416, 0x3B1, 0x4E2D, 0x65E5,
    0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x2070E, 0x10FFFF
  };

  private static final byte[] BYTE_POOL = {
    0x00, 0x01, 0x02, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF
  };

  private TupleModel() {}

  static Type[] randomSchema(Random rnd, int maxLength) {
    Type[] schema = new Type[1 + rnd.nextInt(maxLength)];
    Type[] all = Type.values();
    for (int i = 0; i < schema.length; i++) {
      schema[i] = all[rnd.nextInt(all.length)];
    }
    return schema;
  }

  /** A full-length tuple of {@code schema}; values are boxed, byte[] or null. */
  static Object[] randomTuple(Random rnd, Type[] schema) {
    Object[] t = new Object[schema.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = randomValue(rnd, schema[i]);
    }
    return t;
  }

  static Object randomValue(Random rnd, Type type) {
    return switch (type) {
      case INT -> rnd.nextInt(3) == 0 ? rnd.nextInt() : INTS[rnd.nextInt(INTS.length)];
      case LONG -> rnd.nextInt(3) == 0 ? rnd.nextLong() : LONGS[rnd.nextInt(LONGS.length)];
      case BOOLEAN -> rnd.nextBoolean();
      case STRING -> randomString(rnd);
      case NULLABLE_STRING -> rnd.nextInt(4) == 0 ? null : randomString(rnd);
      case BYTES -> randomBytes(rnd);
    };
  }

  static String randomString(Random rnd) {
    int n = rnd.nextInt(5);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp;
      if (rnd.nextInt(8) == 0) {
        // Any valid scalar value, so the pool's gaps get covered too.
        do {
          cp = rnd.nextInt(Character.MAX_CODE_POINT + 1);
        } while (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
      } else {
        cp = CODE_POINTS[rnd.nextInt(CODE_POINTS.length)];
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(5)];
    for (int i = 0; i < b.length; i++) {
      b[i] = rnd.nextInt(6) == 0 ? (byte) rnd.nextInt() : BYTE_POOL[rnd.nextInt(BYTE_POOL.length)];
    }
    return b;
  }

  /** Encodes {@code tuple} (whose first components follow {@code schema}) with {@code w}. */
  static byte[] encode(KeyWriter w, Type[] schema, Object[] tuple) {
    w.reset();
    for (int i = 0; i < tuple.length; i++) {
      write(w, schema[i], tuple[i]);
    }
    return w.toByteArray();
  }

  static void write(KeyWriter w, Type type, Object v) {
    switch (type) {
      case INT -> w.writeInt((Integer) v);
      case LONG -> w.writeLong((Long) v);
      case BOOLEAN -> w.writeBoolean((Boolean) v);
      case STRING -> w.writeString((String) v);
      case NULLABLE_STRING -> w.writeNullableString((String) v);
      case BYTES -> w.writeBytes((byte[]) v);
      default -> throw new AssertionError(type);
    }
  }

  /** Reads {@code count} components of {@code schema} from {@code r}. */
  static Object[] decode(KeyReader r, Type[] schema, int count) {
    Object[] t = new Object[count];
    for (int i = 0; i < count; i++) {
      t[i] = read(r, schema[i]);
    }
    return t;
  }

  static Object read(KeyReader r, Type type) {
    return switch (type) {
      case INT -> r.readInt();
      case LONG -> r.readLong();
      case BOOLEAN -> r.readBoolean();
      case STRING -> r.readString();
      case NULLABLE_STRING -> r.readNullableString();
      case BYTES -> r.readBytes();
    };
  }

  /**
   * The reference order: component by component, then the shorter tuple first. Written in terms
   * of values only, so it checks the encoding rather than mirroring it.
   */
  static int compareTuples(Type[] schema, Object[] a, Object[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = compareValues(schema[i], a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  static int compareValues(Type type, Object a, Object b) {
    if (type == Type.NULLABLE_STRING && (a == null || b == null)) {
      return Boolean.compare(a != null, b != null); // null first
    }
    return switch (type) {
      case INT -> Integer.compare((Integer) a, (Integer) b);
      case LONG -> Long.compare((Long) a, (Long) b);
      case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
      case STRING, NULLABLE_STRING -> compareCodePoints((String) a, (String) b);
      case BYTES -> compareBytes((byte[]) a, (byte[]) b);
    };
  }

  /** Code point order, the documented string order (unlike UTF-16 {@link String#compareTo}). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  /** Unsigned lexicographic order, spelled out element by element. */
  static int compareBytes(byte[] a, byte[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      int c = Integer.compare(a[i] & 0xFF, b[i] & 0xFF);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /** Whether {@code a} is {@code b} or a leading part of it, component-wise. */
  static boolean isTuplePrefix(Type[] schema, Object[] a, Object[] b) {
    if (a.length > b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (compareValues(schema[i], a[i], b[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  /** A readable rendering of a tuple for failure messages (escapes non-ASCII chars). */
  static String show(Object[] t) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < t.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = t[i];
      if (v instanceof byte[]) {
        sb.append("0x").append(KeyRanges.toHex((byte[]) v, 0, ((byte[]) v).length));
      } else if (v instanceof String) {
        sb.append('"');
        for (char c : ((String) v).toCharArray()) {
          if (c >= 0x20 && c < 0x7F) {
            sb.append(c);
          } else {
            sb.append(String.format("\\u%04X", (int) c));
          }
        }
        sb.append('"');
      } else {
        sb.append(v);
      }
    }
    return sb.append(')').toString();
  }

  static String hex(byte[] b) {
    return KeyRanges.toHex(b, 0, b.length);
  }

  static boolean tuplesEqual(Object[] a, Object[] b) {
    return Arrays.deepEquals(a, b);
  }
}
