package org.treestore.sql.plancache;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A bounded, thread-safe LRU map from statement text to prepared plans, one per open database and
 * shared by its connections (see {@code TreeStoreMeta} for how plain {@code Statement}s use it,
 * and {@code sql/PLAN_CACHE_NOTES.md}).
 *
 * <p>Keys are {@link Key}s: the text to prepare (exact, or with literals replaced by {@code ?}
 * plus the literal kinds), the connection's default schema and a fingerprint of the connection
 * settings that change how SQL is parsed and planned. Values are {@link CachedPlan}s, or
 * {@link #NOT_PARAMETERIZABLE} for a parameterized text that failed to prepare or whose parameter
 * types do not match its literals, so the failure is paid once.
 *
 * <p>The capacity is a number of entries (default {@value #DEFAULT_CAPACITY}); a compiled plan is
 * a few kilobytes to tens of kilobytes of generated classes and metadata. One lock guards the
 * map; a lookup holds it for well under a microsecond. Two threads missing on the same key both
 * prepare, and the second result replaces the first: harmless, as both are equivalent.
 *
 * <p>Sharp edge: TreeStore's schema is fixed, so plans are never invalidated. Should tables ever
 * be created or altered through SQL, the cache must be cleared ({@link #clear}) on every such
 * change.
 */
public final class PlanCache {
  /** Entries kept when the connection property {@code plan_cache_size} is not given. */
  public static final int DEFAULT_CAPACITY = 256;

  /** The marker of a parameterized text that cannot be used: the statement runs from its exact text. */
  public static final Object NOT_PARAMETERIZABLE = new Object() {
    @Override
    public String toString() {
      return "NOT_PARAMETERIZABLE";
    }
  };

  /** Caches by database; weak, so a closed database's cache goes with it. */
  private static final Map<Object, PlanCache> BY_DATABASE = Collections.synchronizedMap(new WeakHashMap<>());

  /**
   * A cache key. {@code parameterized} tells a text with {@code ?} for literals (and
   * {@code kinds}, the literal kinds) from an exact text, which may look the same.
   */
  public record Key(boolean parameterized, String text, String kinds, String schema, String settings) {}

  private final LinkedHashMap<Key, Object> map = new LinkedHashMap<>(64, 0.75f, true);
  private int capacity;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();

  public PlanCache(int capacity) {
    setCapacity(capacity);
  }

  /**
   * The cache of {@code database}, created with {@code capacity} entries on first use. A later
   * caller asking for a different capacity resizes it: the newest setting wins.
   */
  public static PlanCache forDatabase(Object database, int capacity) {
    PlanCache c = BY_DATABASE.computeIfAbsent(database, d -> new PlanCache(capacity));
    if (c.capacity() != capacity) {
      c.setCapacity(capacity);
    }
    return c;
  }

  /** The cache of {@code database}, or null when no connection to it has used one. */
  public static @Nullable PlanCache existing(Object database) {
    return BY_DATABASE.get(database);
  }

  /** The entry under {@code key} (a plan or {@link #NOT_PARAMETERIZABLE}), counted as a hit or a miss. */
  public @Nullable Object get(Key key) {
    Object v;
    synchronized (map) {
      v = map.get(key);
    }
    (v == null ? misses : hits).incrementAndGet();
    return v;
  }

  /** Stores an entry, evicting the least recently used ones beyond the capacity. */
  public void put(Key key, Object value) {
    synchronized (map) {
      map.put(key, value);
      trim();
    }
  }

  public int capacity() {
    synchronized (map) {
      return capacity;
    }
  }

  /** Changes the capacity (at least 1), evicting entries beyond it. */
  public void setCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("plan cache capacity must be at least 1: " + capacity);
    }
    synchronized (map) {
      this.capacity = capacity;
      trim();
    }
  }

  private void trim() {
    for (var it = map.entrySet().iterator(); map.size() > capacity && it.hasNext();) {
      it.next();
      it.remove();
      evictions.incrementAndGet();
    }
  }

  public int size() {
    synchronized (map) {
      return map.size();
    }
  }

  /** Whether {@code key} has an entry, without counting or touching it (for tests and diagnostics). */
  public boolean contains(Key key) {
    synchronized (map) {
      return map.containsKey(key);
    }
  }

  public void clear() {
    synchronized (map) {
      map.clear();
    }
  }

  /** Lookups that found an entry. */
  public long hits() {
    return hits.get();
  }

  /** Lookups that found none (each is followed by a preparation). */
  public long misses() {
    return misses.get();
  }

  /** Entries dropped to stay within the capacity. */
  public long evictions() {
    return evictions.get();
  }

  @Override
  public String toString() {
    return "PlanCache[size=" + size() + ", capacity=" + capacity() + ", hits=" + hits() + ", misses=" + misses()
        + ", evictions=" + evictions() + "]";
  }
}
