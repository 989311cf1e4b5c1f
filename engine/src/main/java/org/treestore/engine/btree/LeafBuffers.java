package org.treestore.engine.btree;

/**
 * Leaf buffers of closed cursors, kept per thread for the next cursor: a cursor copies its leaf
 * into a page-sized array, and short reads (a node's children, a row's text) create a few cursors
 * each, so allocating and zeroing a fresh page per cursor was most of their garbage. Per thread,
 * so no synchronization; a buffer closed on one thread and taken on another is just as good. At
 * most {@value #KEPT} buffers are kept per thread, of one page size (a thread that switches
 * between stores of different page sizes allocates).
 */
final class LeafBuffers {
  static final int KEPT = 4;

  private static final class Stack {
    final byte[][] buffers = new byte[KEPT][];
    int size;
  }

  private static final ThreadLocal<Stack> STACKS = ThreadLocal.withInitial(Stack::new);

  private LeafBuffers() {}

  /** A buffer of {@code pageSize} bytes with arbitrary content (the cursor overwrites what it reads). */
  static byte[] take(int pageSize) {
    Stack s = STACKS.get();
    if (s.size > 0) {
      byte[] b = s.buffers[--s.size];
      s.buffers[s.size] = null;
      if (b.length == pageSize) {
        return b;
      }
    }
    return new byte[pageSize];
  }

  /** Keeps {@code buffer} for a later {@link #take} on this thread, unless enough are kept. */
  static void give(byte[] buffer) {
    Stack s = STACKS.get();
    if (s.size < KEPT) {
      s.buffers[s.size++] = buffer;
    }
  }
}
