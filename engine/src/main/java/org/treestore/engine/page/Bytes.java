package org.treestore.engine.page;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian reads and writes of fixed-width integers inside a page's {@code byte[]}.
 *
 * <p>Everything on disk is big-endian so that a hex dump reads naturally and so that the same bytes
 * mean the same thing on every platform. Uses array views (VarHandles), which the JIT compiles to
 * single loads and stores, so pages are parsed in place without ByteBuffer wrappers.
 */
public final class Bytes {
  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Bytes() {}

  /** Reads an unsigned 16-bit value. */
  public static int getU16(byte[] b, int off) {
    return ((short) SHORT.get(b, off)) & 0xFFFF;
  }

  /** Writes the low 16 bits of {@code v}. */
  public static void putU16(byte[] b, int off, int v) {
    SHORT.set(b, off, (short) v);
  }

  /** Reads a signed 32-bit value (page numbers are read with this and are never negative). */
  public static int getInt(byte[] b, int off) {
    return (int) INT.get(b, off);
  }

  /** Writes a 32-bit value. */
  public static void putInt(byte[] b, int off, int v) {
    INT.set(b, off, v);
  }

  /** Reads a 64-bit value. */
  public static long getLong(byte[] b, int off) {
    return (long) LONG.get(b, off);
  }

  /** Writes a 64-bit value. */
  public static void putLong(byte[] b, int off, long v) {
    LONG.set(b, off, v);
  }
}
