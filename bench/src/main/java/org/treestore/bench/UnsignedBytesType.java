package org.treestore.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * An MVStore key type for {@code byte[]} that orders keys as unsigned bytes, lexicographically,
 * exactly as TreeStore's B+Tree does.
 *
 * <p>Why it exists: H2's own {@code org.h2.mvstore.type.ByteArrayDataType} (2.3.232) serializes
 * {@code byte[]} but does not override {@code compare}, which in {@code BasicDataType} throws
 * "Can not compare"; it can hold values but not keys. So the benchmark's MVStore map uses this type
 * for keys and H2's {@code ByteArrayDataType} for values. The on-disk form is the same as H2's
 * (a var-int length, then the bytes) and so is the memory estimate (the array length), so the
 * cache accounting is H2's usual one.
 */
public final class UnsignedBytesType extends BasicDataType<byte[]> {
  /** The one instance; the type has no state. */
  public static final UnsignedBytesType INSTANCE = new UnsignedBytesType();

  private UnsignedBytesType() {}

  @Override
  public int compare(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  @Override
  public int getMemory(byte[] v) {
    return v.length;
  }

  @Override
  public void write(WriteBuffer buff, byte[] v) {
    buff.putVarInt(v.length).put(v);
  }

  @Override
  public byte[] read(ByteBuffer buff) {
    byte[] v = new byte[DataUtils.readVarInt(buff)];
    buff.get(v);
    return v;
  }

  @Override
  public byte[][] createStorage(int size) {
    return new byte[size][];
  }
}
