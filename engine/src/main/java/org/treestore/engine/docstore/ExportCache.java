package org.treestore.engine.docstore;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.treestore.engine.Store;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionManager;

/**
 * Documents' exported JSON text, kept between reads: exporting rebuilds the whole tree from its
 * node records and serializes it (about 100 µs for 50 nodes), while most applications read the
 * same documents again and again and change them rarely. One cache per {@link Store} (every
 * {@link DocumentStore} over a store shares it, so no writer can go unseen), bounded in size.
 *
 * <p><b>When an entry may be used.</b> An entry is the text of one document as the snapshot with
 * commit sequence {@code builtAt} saw it. A transaction with snapshot {@code s} may use it only if
 * no commit that changed the document lies between the two snapshots. The cache does not record
 * which document each commit changed; it keeps, per slot (documents hashed into {@value #SLOTS}
 * slots), the number of transactions that are changing a document of the slot right now
 * ({@code inflight}, counted from a transaction's first change of the document to its end) and a
 * {@code stamp}: a commit sequence at least as new as every commit that changed a document of the
 * slot and has ended. A read uses an entry when nobody is changing the slot and both the entry's
 * and the reader's snapshots are at least the stamp, re-checking slot and stamp after reading the
 * entry (like a sequence lock): a change that started meanwhile makes it miss. An entry is stored
 * under the same condition for the snapshot that built it. Why this is enough: every commit that
 * changed the document has either ended before the first check (then the stamp covers it, and
 * both snapshots contain it), or had not begun changing it by then (then it is published after the
 * reader's snapshot was taken, and an entry that contains it was stored after it ended, which
 * moves the stamp between the two checks). Sharing a slot only costs misses.
 *
 * <p><b>Sharp edges.</b> A transaction that changes a document and stays open turns the cache off
 * for that document's slot until it ends, and its own reads of the document never use the cache.
 * A transaction that {@link Store#close} ends leaves its slots counted: the store is closed then.
 * The size bound counts characters of the cached texts (plus a small overhead per entry), not
 * bytes of heap; a text larger than a quarter of the bound is not cached. Eviction is CLOCK
 * (second chance), run by one writer at a time.
 */
final class ExportCache {
  static final int SLOTS = 8192;
  private static final int ENTRY_OVERHEAD = 64;
  private static final Object KEY = ExportCache.class;

  private final TransactionManager transactions;
  private final long capacity;
  private final AtomicIntegerArray inflight = new AtomicIntegerArray(SLOTS);
  private final AtomicLongArray stamps = new AtomicLongArray(SLOTS);
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong size = new AtomicLong();
  private final ReentrantLock evicting = new ReentrantLock();
  // LongAdders: every read counts, from many threads, and a shared CAS'd counter would contend
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  private static final class Entry {
    final String json;
    final long builtAt;
    volatile boolean referenced;

    Entry(String json, long builtAt) {
      this.json = json;
      this.builtAt = builtAt;
    }
  }

  /** The transaction's slots registered as changing (see {@link #changing}). */
  private static final class Changing {
    final java.util.BitSet slots = new java.util.BitSet();
  }

  /**
   * The cache of {@code store}, created on first use with a bound of a quarter of the store's
   * buffer pool. Every stamp starts at the newest published commit: commits that ended before the
   * cache existed are covered, and none can be changing a document without having created it.
   */
  static ExportCache of(Store store) {
    return store.attachment(KEY, () -> new ExportCache(store.transactions(),
        (long) store.bufferPool().capacity() * store.pageSize() / 4));
  }

  ExportCache(TransactionManager transactions, long capacityChars) {
    this.transactions = transactions;
    this.capacity = Math.max(0, capacityChars);
    long now = transactions.publishedSeq();
    for (int i = 0; i < SLOTS; i++) {
      stamps.set(i, now);
    }
  }

  private static int slot(String docId) {
    int h = docId.hashCode();
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /**
   * Records that {@code tx} is changing document {@code docId}: until {@code tx} ends, nobody uses
   * or stores cached text for documents of its slot. Call before the first change is written.
   */
  void changing(Transaction tx, String docId) {
    Changing c = tx.attachment(KEY, () -> {
      Changing fresh = new Changing();
      tx.afterCompletion(() -> release(fresh));
      return fresh;
    });
    int s = slot(docId);
    if (!c.slots.get(s)) {
      c.slots.set(s);
      inflight.incrementAndGet(s);
    }
    // the entry can no longer be used by anybody who sees this change: free its memory now
    Entry gone = entries.remove(docId);
    if (gone != null) {
      size.addAndGet(-weight(gone.json));
    }
  }

  /** The transaction has ended: its changes, if committed, are published by now. */
  private void release(Changing c) {
    long seq = transactions.publishedSeq();
    for (int s = c.slots.nextSetBit(0); s >= 0; s = c.slots.nextSetBit(s + 1)) {
      stamps.accumulateAndGet(s, seq, Math::max); // before the count drops: a reader seeing 0 sees it
      inflight.decrementAndGet(s);
    }
  }

  /** The cached text of {@code docId} as {@code tx} sees the document, or null. */
  String get(Transaction tx, String docId) {
    int s = slot(docId);
    if (inflight.get(s) != 0) {
      misses.increment();
      return null;
    }
    long stamp = stamps.get(s);
    Entry e = stamp <= tx.snapshotSeq() ? entries.get(docId) : null;
    if (e == null || e.builtAt < stamp || inflight.get(s) != 0 || stamps.get(s) != stamp) {
      misses.increment();
      return null;
    }
    e.referenced = true;
    hits.increment();
    return e.json;
  }

  /** Keeps {@code json}, the text of {@code docId} exported by {@code tx}, if the rules allow. */
  void put(Transaction tx, String docId, String json) {
    long w = weight(json);
    if (w > capacity / 4) {
      return;
    }
    int s = slot(docId);
    long snapshot = tx.snapshotSeq();
    if (inflight.get(s) != 0 || stamps.get(s) > snapshot) {
      return;
    }
    Entry old = entries.put(docId, new Entry(json, snapshot));
    size.addAndGet(w - (old == null ? 0 : weight(old.json)));
    if (size.get() > capacity) {
      evict();
    }
  }

  /** Drops unreferenced entries (clearing the references of the rest) until below 90 % of the bound. */
  private void evict() {
    if (!evicting.tryLock()) {
      return; // another writer is evicting; the bound may be exceeded for a moment
    }
    try {
      long target = capacity - capacity / 10;
      for (int pass = 0; pass < 3 && size.get() > target; pass++) {
        for (Iterator<java.util.Map.Entry<String, Entry>> it = entries.entrySet().iterator();
            it.hasNext() && size.get() > target;) {
          java.util.Map.Entry<String, Entry> me = it.next();
          Entry e = me.getValue();
          if (e.referenced) {
            e.referenced = false;
          } else if (entries.remove(me.getKey(), e)) {
            size.addAndGet(-weight(e.json));
          }
        }
      }
    } finally {
      evicting.unlock();
    }
  }

  private static long weight(String json) {
    return json.length() + ENTRY_OVERHEAD;
  }

  /** Characters held (with the per-entry overhead). */
  long size() {
    return size.get();
  }

  long capacity() {
    return capacity;
  }

  long hits() {
    return hits.sum();
  }

  long misses() {
    return misses.sum();
  }
}
