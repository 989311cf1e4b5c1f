package org.treestore.bench.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arguments of every call, drawn before timing from a fixed seed, the same for all engines and
 * cycled through: each probe is in a uniformly chosen document. With the arguments, each probe
 * carries the node ids the answer must hold, so a trial can check an engine before it is timed.
 *
 * <ul>
 *   <li>key: any node; children: a node with children; page: any page of the document;
 *   <li>prefix, descendants, subtree: a chapter (about 11 nodes below it);
 *   <li>ancestor ids, ancestors: a leaf (2–3 nodes up to the top);
 *   <li>tree: the document; update: any node.
 * </ul>
 */
final class SqlProbes {
  /** Probes per statement, a power of two. */
  static final int SIZE = 1 << 14;

  /**
   * One call: document, node (or the chapter whose path is the prefix), page, and the node ids of
   * the expected answer in answer order ({@code ordered}) or sorted (any order allowed).
   */
  record Probe(String docId, String nodeId, String path, int page, List<String> expected, boolean ordered) {}

  final Probe[] key = new Probe[SIZE];
  final Probe[] children = new Probe[SIZE];
  final Probe[] prefix = new Probe[SIZE];
  final Probe[] page = new Probe[SIZE];
  final Probe[] descendants = new Probe[SIZE];
  final Probe[] ancestorIds = new Probe[SIZE];
  final Probe[] subtree = new Probe[SIZE];
  final Probe[] ancestors = new Probe[SIZE];
  final Probe[] tree = new Probe[SIZE];
  final Probe[] update = new Probe[SIZE];

  SqlProbes(int docs, long seed) {
    SplittableRandom r = new SplittableRandom(seed ^ docs);
    SqlDocs.Doc[] cache = new SqlDocs.Doc[docs];
    for (int i = 0; i < SIZE; i++) {
      int d = r.nextInt(docs);
      if (cache[d] == null) {
        cache[d] = SqlDocs.doc(d);
      }
      SqlDocs.Doc doc = cache[d];
      int n = r.nextInt(doc.size);
      key[i] = probe(doc, n, 0, List.of(doc.ids[n]), true);
      n = pick(r, doc.inner());
      final int parent = n;
      children[i] = probe(doc, n, 0, ids(doc, doc.where(j -> doc.parent[j] == parent)), true);
      n = pick(r, doc.chapters());
      prefix[i] = probe(doc, n, 0, sorted(ids(doc, range(n + 1, doc.subtreeEnd(n)))), false);
      int p = 1 + r.nextInt(doc.pages());
      page[i] = probe(doc, -1, p, sorted(ids(doc, doc.where(j -> doc.start[j] <= p && p <= doc.end[j]))), false);
      n = pick(r, doc.chapters());
      descendants[i] = probe(doc, n, 0, sorted(ids(doc, range(n, doc.subtreeEnd(n)))), false);
      n = pick(r, doc.leaves());
      ancestorIds[i] = probe(doc, n, 0, up(doc, n), true);
      n = pick(r, doc.chapters());
      subtree[i] = probe(doc, n, 0, ids(doc, range(n, doc.subtreeEnd(n))), true);
      n = pick(r, doc.leaves());
      ancestors[i] = probe(doc, n, 0, up(doc, n), true);
      tree[i] = probe(doc, -1, 0, List.of(), true);
      n = r.nextInt(doc.size);
      update[i] = probe(doc, n, 0, List.of(), true);
    }
  }

  private static Probe probe(SqlDocs.Doc doc, int node, int page, List<String> expected, boolean ordered) {
    return new Probe(doc.docId, node < 0 ? null : doc.ids[node], node < 0 ? null : doc.paths[node], page, expected,
        ordered);
  }

  private static int pick(SplittableRandom r, List<Integer> from) {
    return from.get(r.nextInt(from.size()));
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  private static List<String> ids(SqlDocs.Doc doc, List<Integer> nodes) {
    List<String> out = new ArrayList<>();
    for (int i : nodes) {
      out.add(doc.ids[i]);
    }
    return out;
  }

  private static List<String> sorted(List<String> ids) {
    Collections.sort(ids);
    return ids;
  }

  /** The node and its ancestors, top-level first. */
  private static List<String> up(SqlDocs.Doc doc, int n) {
    List<String> out = new ArrayList<>();
    for (int j = n; j >= 0; j = doc.parent[j]) {
      out.add(0, doc.ids[j]);
    }
    return out;
  }
}
