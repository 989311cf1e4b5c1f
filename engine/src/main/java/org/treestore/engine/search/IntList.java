package org.treestore.engine.search;

/** A growable int array: postings and ordinals are collected without boxing. Not thread-safe. */
final class IntList {
  static final int[] EMPTY = new int[0];

  int[] a = EMPTY;
  int n;

  /** The values, sorted, in a new array. */
  int[] sortedCopy() {
    int[] c = java.util.Arrays.copyOf(a, n);
    java.util.Arrays.sort(c);
    return c;
  }

  void add(int v) {
    if (n == a.length) {
      a = java.util.Arrays.copyOf(a, Math.max(4, n * 2));
    }
    a[n++] = v;
  }

  boolean sameAs(IntList o) {
    return java.util.Arrays.equals(a, 0, n, o.a, 0, o.n);
  }
}
