package org.treestore.engine.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.treestore.engine.key.TupleModel.Type;

/**
 * Model-based randomized tests of the key encoding: for thousands of seeded random tuples of mixed
 * schemas, byte order must equal the reference tuple order, decoding must invert encoding, and the
 * encoding must be prefix-free, canonical and robust against corrupted input.
 *
 * <p>Runs a few fixed seeds plus one fresh seed per run; every failure message starts with the
 * seed. Reproduce one with {@code -Dtreestore.key.seed=<seed>}.
 */
class KeyEncodingModelTest {

  private static final int SCHEMAS_PER_SEED = 10;
  private static final int TUPLES_PER_SCHEMA = 120;

  static LongStream seeds() {
    String fixed = System.getProperty("treestore.key.seed");
    if (fixed != null) {
      return LongStream.of(Long.parseLong(fixed));
    }
    return LongStream.of(1L, 42L, 0x5EEDL, 20240607L, System.nanoTime());
  }

  /** Random tuples of one schema, some truncated and some sharing leading components. */
  private static List<Object[]> tuples(Random rnd, Type[] schema) {
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < TUPLES_PER_SCHEMA; i++) {
      Object[] t;
      if (!out.isEmpty() && rnd.nextInt(3) == 0) {
        // Copy an earlier tuple and redraw one component, so comparisons reach deep components.
        t = out.get(rnd.nextInt(out.size())).clone();
        if (t.length == 0) {
          t = TupleModel.randomTuple(rnd, schema);
        } else {
          int k = rnd.nextInt(t.length);
          t[k] = TupleModel.randomValue(rnd, schema[k]);
        }
      } else {
        t = TupleModel.randomTuple(rnd, schema);
      }
      if (rnd.nextInt(5) == 0) {
        t = Arrays.copyOf(t, rnd.nextInt(t.length + 1)); // a leading part, maybe empty
      }
      out.add(t);
    }
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void byteOrderMatchesTupleOrderAndPrefixesMatch(long seed) {
    Random rnd = new Random(seed);
    KeyWriter w = new KeyWriter(1); // tiny, so growth is exercised constantly
    for (int s = 0; s < SCHEMAS_PER_SEED; s++) {
      Type[] schema = TupleModel.randomSchema(rnd, 5);
      List<Object[]> ts = tuples(rnd, schema);
      byte[][] keys = new byte[ts.size()][];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = TupleModel.encode(w, schema, ts.get(i));
      }
      for (int i = 0; i < keys.length; i++) {
        for (int j = 0; j < keys.length; j++) {
          Object[] a = ts.get(i);
          Object[] b = ts.get(j);
          int expected = Integer.signum(TupleModel.compareTuples(schema, a, b));
          int actual = Integer.signum(KeyRanges.compare(keys[i], keys[j]));
          if (expected != actual) {
            fail(String.format(
                "seed %d: order of %s vs %s is %d but keys %s vs %s compare %d",
                seed, TupleModel.show(a), TupleModel.show(b), expected,
                TupleModel.hex(keys[i]), TupleModel.hex(keys[j]), actual));
          }
          // Prefix-free: a key starts with another exactly when its tuple starts with the other's.
          boolean tuplePrefix = TupleModel.isTuplePrefix(schema, a, b);
          if (KeyRanges.startsWith(keys[j], keys[i]) != tuplePrefix) {
            fail(String.format(
                "seed %d: %s prefix of %s is %b, but key %s prefix of %s is %b",
                seed, TupleModel.show(a), TupleModel.show(b), tuplePrefix,
                TupleModel.hex(keys[i]), TupleModel.hex(keys[j]), !tuplePrefix));
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void decodeInvertsEncode(long seed) {
    Random rnd = new Random(seed);
    KeyWriter w = new KeyWriter();
    KeyReader r = new KeyReader(new byte[0]);
    for (int s = 0; s < SCHEMAS_PER_SEED; s++) {
      Type[] schema = TupleModel.randomSchema(rnd, 6);
      for (Object[] t : tuples(rnd, schema)) {
        byte[] key = TupleModel.encode(w, schema, t);
        assertEquals(key.length, w.length(), () -> "seed " + seed);
        // Decode from the middle of a larger array to check offsets are honoured.
        byte[] framed = new byte[key.length + 7];
        Arrays.fill(framed, (byte) 0x5A);
        System.arraycopy(key, 0, framed, 3, key.length);
        r.reset(framed, 3, key.length);
        Object[] back = TupleModel.decode(r, schema, t.length);
        if (!TupleModel.tuplesEqual(t, back)) {
          fail(String.format("seed %d: %s decoded as %s from %s", seed, TupleModel.show(t),
              TupleModel.show(back), TupleModel.hex(key)));
        }
        assertFalse(
            r.hasRemaining(), () -> "seed " + seed + ": bytes left after " + TupleModel.show(t));
        assertEquals(key.length, r.position(), () -> "seed " + seed);
      }
    }
  }

  /** Every proper byte prefix of a key is rejected as truncated: components are self-delimiting. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void truncatedKeysAreRejected(long seed) {
    Random rnd = new Random(seed);
    KeyWriter w = new KeyWriter();
    for (int s = 0; s < SCHEMAS_PER_SEED; s++) {
      Type[] schema = TupleModel.randomSchema(rnd, 4);
      for (int n = 0; n < 40; n++) {
        Object[] t = TupleModel.randomTuple(rnd, schema);
        byte[] key = TupleModel.encode(w, schema, t);
        for (int c = 0; c < key.length; c++) {
          int cut = c;
          KeyReader r = new KeyReader(key, 0, cut);
          IllegalArgumentException e =
              assertThrows(
                  IllegalArgumentException.class,
                  () -> TupleModel.decode(r, schema, schema.length),
                  () -> "seed " + seed + ": " + TupleModel.show(t) + " cut to " + cut + " bytes");
          assertTrue(e.getMessage().startsWith("malformed key at offset "),
              () -> "seed " + seed + ": " + e.getMessage());
        }
      }
    }
  }

  /**
   * Corrupted keys either fail with IllegalArgumentException or decode to values that re-encode
   * to exactly the bytes consumed: the format is canonical, so a corrupted key can never alias a
   * different encoding of the same tuple.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void corruptedKeysFailCleanlyOrAreCanonical(long seed) {
    Random rnd = new Random(seed);
    KeyWriter w = new KeyWriter();
    int decoded = 0;
    for (int s = 0; s < SCHEMAS_PER_SEED; s++) {
      Type[] schema = TupleModel.randomSchema(rnd, 4);
      for (int n = 0; n < 300; n++) {
        Object[] original = TupleModel.randomTuple(rnd, schema);
        byte[] key = corrupt(rnd, TupleModel.encode(w, schema, original));
        KeyReader r = new KeyReader(key);
        Object[] decodedTuple;
        try {
          decodedTuple = TupleModel.decode(r, schema, schema.length);
        } catch (IllegalArgumentException expected) {
          continue;
        } catch (RuntimeException e) {
          throw new AssertionError(
              "seed " + seed + ": wrong exception for " + TupleModel.hex(key), e);
        }
        decoded++;
        Object[] back = decodedTuple;
        byte[] again = TupleModel.encode(w, schema, back);
        byte[] consumed = Arrays.copyOf(key, r.position());
        assertArrayEquals(
            consumed,
            again,
            () -> "seed " + seed + ": " + TupleModel.hex(key) + " decoded as "
                + TupleModel.show(back));
      }
    }
    assertTrue(decoded > 0, () -> "seed " + seed + ": no corrupted key decoded, test is vacuous");
  }

  private static byte[] corrupt(Random rnd, byte[] key) {
    byte[] b = key.clone();
    int edits = 1 + rnd.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int op = rnd.nextInt(3);
      if (op == 0 && b.length > 0) {
        // Favour the bytes that carry meaning in the format: escapes, terminators, markers.
        byte[] special = {0, 1, (byte) 0xFF};
        b[rnd.nextInt(b.length)] =
            rnd.nextBoolean() ? (byte) rnd.nextInt() : special[rnd.nextInt(special.length)];
      } else if (op == 1) {
        int at = rnd.nextInt(b.length + 1);
        byte[] c = new byte[b.length + 1];
        System.arraycopy(b, 0, c, 0, at);
        c[at] = (byte) rnd.nextInt();
        System.arraycopy(b, at, c, at + 1, b.length - at);
        b = c;
      } else if (b.length > 0) {
        int at = rnd.nextInt(b.length);
        byte[] c = new byte[b.length - 1];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
        b = c;
      }
    }
    return b;
  }

  /**
   * [prefix, prefixEnd(prefix)) holds exactly the keys whose tuples start with the prefix tuple,
   * so prefix scans over leading components are plain byte ranges.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void prefixEndBoundsTupleScans(long seed) {
    Random rnd = new Random(seed);
    KeyWriter w = new KeyWriter();
    for (int s = 0; s < SCHEMAS_PER_SEED; s++) {
      Type[] schema = TupleModel.randomSchema(rnd, 4);
      List<Object[]> ts = tuples(rnd, schema);
      byte[][] keys = new byte[ts.size()][];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = TupleModel.encode(w, schema, ts.get(i));
      }
      for (int p = 0; p < 30; p++) {
        Object[] full = ts.get(rnd.nextInt(ts.size()));
        Object[] lead = Arrays.copyOf(full, rnd.nextInt(full.length + 1));
        byte[] start = TupleModel.encode(w, schema, lead);
        byte[] end = KeyRanges.prefixEnd(start);
        if (end != null) {
          assertFalse(KeyRanges.startsWith(end, start), () -> "seed " + seed);
          assertTrue(KeyRanges.compare(start, end) < 0, () -> "seed " + seed);
        } else {
          // Only an all-0xFF prefix has no end, e.g. the empty tuple or (Integer.MAX_VALUE).
          for (byte x : start) {
            assertEquals((byte) 0xFF, x, () -> "seed " + seed + ": " + TupleModel.hex(start));
          }
        }
        for (int i = 0; i < keys.length; i++) {
          boolean inRange = KeyRanges.compare(keys[i], start) >= 0
              && (end == null || KeyRanges.compare(keys[i], end) < 0);
          boolean hasLead = TupleModel.isTuplePrefix(schema, lead, ts.get(i));
          if (inRange != hasLead) {
            fail(String.format("seed %d: %s in range of %s is %b but starts with it is %b",
                seed, TupleModel.show(ts.get(i)), TupleModel.show(lead), inRange, hasLead));
          }
        }
      }
    }
  }
}
