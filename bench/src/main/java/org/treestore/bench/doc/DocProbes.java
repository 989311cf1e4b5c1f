package org.treestore.bench.doc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The arguments of every benchmark call, drawn before anything is timed from a fixed seed, so all
 * engines answer the same questions in the same order. Probe {@code i} of each operation is in one
 * uniformly chosen document (of all, or of the probed ones: see the constructor):
 *
 * <ul>
 *   <li>get: any node;
 *   <li>children: a node with children (a chapter or a section with subsections);
 *   <li>subtree: a chapter (top-level node, about 11 nodes with its descendants), no depth limit;
 *   <li>ancestors: a leaf (a subsection, or a section without subsections): 2–3 nodes;
 *   <li>nodes at page: a page of the document (1 to 9 nodes, usually 1 or 2);
 *   <li>path prefix: a chapter's path plus {@code /}, its descendants (the subtree minus the chapter).
 * </ul>
 *
 * <p>{@link #check} compares an engine's answers to the generator's for the first probes of each
 * operation, every field of every node, and throws if one differs.
 */
final class DocProbes {
  /** Probes per operation; the calls cycle through them. A power of two. */
  static final int SIZE = 1 << 16;
  /** Probes per operation whose answers {@link #check} verifies. */
  static final int CHECKED = 200;

  /** One call's arguments: document, and the node id, path prefix or page. */
  record Probe(int doc, String docId, String arg, int page) {}

  final Probe[] get = new Probe[SIZE];
  final Probe[] children = new Probe[SIZE];
  final Probe[] subtree = new Probe[SIZE];
  final Probe[] ancestors = new Probe[SIZE];
  final Probe[] atPage = new Probe[SIZE];
  final Probe[] prefix = new Probe[SIZE];

  /**
   * The probes for a database of {@code docs} documents, in all of them ({@code probeDocs} 0), or
   * in {@code probeDocs} documents spread evenly over the database (every 100th of 100,000 for
   * 1,000): the same working set as a database of {@code probeDocs} documents, in a larger one.
   */
  DocProbes(int docs, int probeDocs) {
    int hot = probeDocs <= 0 ? docs : Math.min(probeDocs, docs);
    SplittableRandom r = new SplittableRandom(0x5EED_D0C5_0100L ^ docs);
    for (int i = 0; i < SIZE; i++) {
      int d = (int) ((long) r.nextInt(hot) * docs / hot);
      DocGenerator.Skeleton s = DocGenerator.skeleton(d);
      get[i] = node(s, r.nextInt(s.size));
      children[i] = node(s, pick(r, s.inner()));
      int chapter = pick(r, s.topLevel());
      subtree[i] = node(s, chapter);
      ancestors[i] = node(s, pick(r, s.leaves()));
      atPage[i] = new Probe(d, s.docId, null, 1 + r.nextInt(s.pages()));
      chapter = pick(r, s.topLevel());
      prefix[i] = new Probe(d, s.docId, s.paths[chapter] + "/", 0);
    }
  }

  private static Probe node(DocGenerator.Skeleton s, int i) {
    return new Probe(s.doc, s.docId, s.ids[i], 0);
  }

  private static int pick(SplittableRandom r, List<Integer> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** Runs the first {@link #CHECKED} probes of every operation and compares each answer in full. */
  void check(DocEngine engine) {
    for (int i = 0; i < CHECKED; i++) {
      Probe p = get[i];
      DocGenerator.Doc doc = DocGenerator.doc(p.doc());
      Object got = engine.node(p.docId(), p.arg());
      compare(engine, "get", p, List.of(doc.row(doc.skeleton.indexOf(p.arg()))),
          got == null ? List.of() : List.of(got), false);

      p = children[i];
      doc = DocGenerator.doc(p.doc());
      int parent = doc.skeleton.indexOf(p.arg());
      List<DocRow> expected = new ArrayList<>();
      for (int j = parent + 1; j < doc.skeleton.subtreeEnd(parent); j++) {
        if (doc.skeleton.parent[j] == parent) {
          expected.add(doc.row(j));
        }
      }
      compare(engine, "children", p, expected, engine.children(p.docId(), p.arg()), false);

      p = subtree[i];
      doc = DocGenerator.doc(p.doc());
      int top = doc.skeleton.indexOf(p.arg());
      compare(engine, "subtree", p, rows(doc, top, doc.skeleton.subtreeEnd(top)), engine.subtree(p.docId(), p.arg()),
          false);

      p = ancestors[i];
      doc = DocGenerator.doc(p.doc());
      expected = new ArrayList<>();
      for (int j = doc.skeleton.indexOf(p.arg()); j >= 0; j = doc.skeleton.parent[j]) {
        expected.add(0, doc.row(j));
      }
      compare(engine, "ancestors", p, expected, engine.ancestors(p.docId(), p.arg()), false);

      p = atPage[i];
      doc = DocGenerator.doc(p.doc());
      expected = new ArrayList<>();
      for (int j = 0; j < doc.skeleton.size; j++) {
        if (doc.skeleton.start[j] <= p.page() && p.page() <= doc.skeleton.end[j]) {
          expected.add(doc.row(j));
        }
      }
      compare(engine, "nodes at page", p, expected, engine.nodesAtPage(p.docId(), p.page()), true);

      p = prefix[i];
      doc = DocGenerator.doc(p.doc());
      top = doc.skeleton.indexOf(p.arg().substring(1, p.arg().length() - 1));
      compare(engine, "path prefix", p, rows(doc, top + 1, doc.skeleton.subtreeEnd(top)),
          engine.pathPrefix(p.docId(), p.arg()), false);
    }
  }

  private static List<DocRow> rows(DocGenerator.Doc doc, int from, int to) {
    List<DocRow> out = new ArrayList<>();
    for (int j = from; j < to; j++) {
      out.add(doc.row(j));
    }
    return out;
  }

  private static void compare(DocEngine engine, String op, Probe p, List<DocRow> expected, List<?> results,
      boolean anyOrder) {
    List<DocRow> got = new ArrayList<>();
    for (Object o : results) {
      got.add(engine.row(o));
    }
    if (anyOrder) {
      got.sort(Comparator.comparing(DocRow::nodeId));
    }
    if (!got.equals(expected)) {
      throw new IllegalStateException(engine.describe() + ": wrong answer to " + op + " " + p + "\n  expected "
          + expected + "\n  got      " + got);
    }
  }
}
