package org.treestore.bench;

import java.nio.file.Path;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link KvEngine} over H2's MVStore, the peer TreeStore's storage core is measured against.
 *
 * <p>One {@code MVMap<byte[], byte[]>} in a single-file store with a cache of the same size as
 * TreeStore's buffer pool. Keys use {@link UnsignedBytesType} (unsigned lexicographic order, like
 * TreeStore), values H2's own {@code ByteArrayDataType}.
 *
 * <p>Nothing is written before {@link #commit}, as in TreeStore. That takes two builder settings in
 * H2 2.3.232: {@code autoCommitDisabled()} only stops the background writer thread (it sets the
 * auto-commit delay to 0), while the writing thread itself still stores a new version whenever
 * the unsaved changes pass the auto-commit buffer (about 19 MB by default). During a random-order
 * load of the benchmark's million entries that meant 183 intermediate versions, a 3.1 GB file
 * (old chunks are kept for the retention time) and page re-reads from the file, making the load
 * several times slower than with a single final commit. {@code autoCommitBufferSize(0)} turns
 * that trigger off, so the load keeps its changes in memory and writes one 120 MB chunk at the
 * final commit: the same shape of work TreeStore does.
 *
 * <p>{@link #commit} calls {@code MVStore.commit()} and then {@code MVStore.sync()}: MVStore's
 * commit writes the new chunk but does not force the file, while TreeStore's commit does, so the
 * sync keeps the two commits equally durable.
 */
public final class MvStoreEngine implements KvEngine {
  private final MVStore store;
  private final MVMap<byte[], byte[]> map;
  private final Path file;

  /** Creates (or opens) the store at {@code file} with a cache of {@code cacheBytes}. */
  public MvStoreEngine(Path file, long cacheBytes) {
    this.file = file;
    int cacheMb = (int) Math.max(1, cacheBytes >> 20);
    this.store = new MVStore.Builder()
        .fileName(file.toString())
        .autoCommitDisabled()
        .autoCommitBufferSize(0)
        .cacheSize(cacheMb)
        .open();
    this.map = store.openMap("bench", new MVMap.Builder<byte[], byte[]>()
        .keyType(UnsignedBytesType.INSTANCE)
        .valueType(ByteArrayDataType.INSTANCE));
  }

  @Override
  public void put(byte[] key, byte[] value) {
    map.put(key, value);
  }

  @Override
  public byte[] get(byte[] key) {
    return map.get(key);
  }

  @Override
  public int scan(byte[] from, int count, Blackhole sink) {
    Cursor<byte[], byte[]> c = map.cursor(from);
    int n = 0;
    while (n < count && c.hasNext()) {
      sink.consume(c.next());
      sink.consume(c.getValue());
      n++;
    }
    return n;
  }

  @Override
  public void commit() {
    store.commit();
    store.sync();
  }

  @Override
  public String describe() {
    return "mvstore " + file + " (cache " + store.getCacheSizeUsed() + " of "
        + store.getCacheSize() + " MB used)";
  }

  @Override
  public void close() {
    store.close();
  }
}
