package org.treestore.bench.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.doc.PageIndexWriter;

/**
 * The SQL benchmark's documents, generated from fixed seeds so that document {@code i} is the same
 * in every JVM, every fork and every engine, and can be rebuilt on its own for probes and checks.
 *
 * <p>The shape is the one of the document benchmarks ({@code bench/documents.md}), so figures can
 * be set side by side: a PageIndex-like forest of 3–6 chapters, 2–5 sections per chapter, 0–4
 * subsections per section (about 52 nodes), node ids {@code 0000}... in pre-order, pages assigned
 * in pre-order with each node holding its own opening pages (so an inner node does not cover its
 * children and {@code span_end} matters), titles of 4–10, summaries of 10–20 and texts of 20–40
 * made-up words.
 */
final class SqlDocs {
  /** Bump when the generated data changes: databases loaded from another version are reloaded. */
  static final int VERSION = 1;

  private static final long SHAPE_SEED = 0x5157_0001L;
  private static final long WORD_SEED = 0x5157_0002L;
  private static final String[] VOCABULARY = vocabulary(0x5157_0003L, 4096);

  private SqlDocs() {}

  /** {@code doc-000042}: fixed width, so the text order of ids is the numeric order. */
  static String docId(int doc) {
    return String.format("doc-%06d", doc);
  }

  /** Generates document {@code doc}: structure from one seed, words from another. */
  static Doc doc(int doc) {
    SplittableRandom r = new SplittableRandom(SHAPE_SEED * 31 + doc * 0x9E37_79B9L);
    List<Integer> parents = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    List<Integer> depths = new ArrayList<>();
    int chapters = 3 + r.nextInt(4);
    for (int c = 0; c < chapters; c++) {
      int chapter = add(parents, ordinals, depths, -1, c, 0);
      int sections = 2 + r.nextInt(4);
      for (int s = 0; s < sections; s++) {
        int section = add(parents, ordinals, depths, chapter, s, 1);
        int subs = r.nextInt(5);
        for (int u = 0; u < subs; u++) {
          add(parents, ordinals, depths, section, u, 2);
        }
      }
    }
    Doc d = new Doc(doc, parents.size());
    int page = 1;
    for (int i = 0; i < d.size; i++) {
      d.parent[i] = parents.get(i);
      d.ordinal[i] = ordinals.get(i);
      d.depth[i] = depths.get(i);
      d.ids[i] = String.format("%04d", i);
      d.paths[i] = (d.parent[i] < 0 ? "" : d.paths[d.parent[i]]) + "/" + d.ids[i];
      d.start[i] = page;
      d.end[i] = page + r.nextInt(3);
      // one heading in three starts on the page where the previous node ends
      page = d.end[i] + (r.nextInt(3) == 0 ? 0 : 1);
    }
    for (int i = d.size - 1; i >= 0; i--) {
      d.spanEnd[i] = Math.max(d.spanEnd[i], d.end[i]);
      if (d.parent[i] >= 0) {
        d.spanEnd[d.parent[i]] = Math.max(d.spanEnd[d.parent[i]], d.spanEnd[i]);
      }
    }
    SplittableRandom w = new SplittableRandom(WORD_SEED * 31 + doc * 0xC2B2_AE3DL);
    d.name = "Report " + doc + " " + words(w, 3);
    for (int i = 0; i < d.size; i++) {
      d.titles[i] = words(w, 4 + w.nextInt(7));
      d.summaries[i] = words(w, 10 + w.nextInt(11));
      d.texts[i] = words(w, 20 + w.nextInt(21));
    }
    return d;
  }

  private static int add(List<Integer> parents, List<Integer> ordinals, List<Integer> depths, int parent, int ordinal,
      int depth) {
    parents.add(parent);
    ordinals.add(ordinal);
    depths.add(depth);
    return parents.size() - 1;
  }

  /** The words the documents' titles, summaries and texts are made of (some occur more than once). */
  static List<String> vocabulary() {
    return List.of(VOCABULARY);
  }

  /** A summary as the documents have them: 10–20 words of the vocabulary. */
  static String summary(SplittableRandom r) {
    return words(r, 10 + r.nextInt(11));
  }

  private static String words(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n * 8);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(VOCABULARY[r.nextInt(VOCABULARY.length)]);
    }
    sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
    return sb.toString();
  }

  /** Made-up words of 1–4 consonant-vowel syllables: text to any tokenizer, no real language. */
  private static String[] vocabulary(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    String consonants = "bdfgklmnprstvz";
    String vowels = "aeiou";
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int s = 1 + r.nextInt(4); s > 0; s--) {
        sb.append(consonants.charAt(r.nextInt(consonants.length()))).append(vowels.charAt(r.nextInt(vowels.length())));
      }
      out[i] = sb.toString();
    }
    return out;
  }

  /** One document as parallel arrays in pre-order. */
  static final class Doc {
    final int doc;
    final String docId;
    final int size;
    String name;
    final int[] parent;
    final int[] ordinal;
    final int[] depth;
    final int[] start;
    final int[] end;
    final int[] spanEnd;
    final String[] ids;
    final String[] paths;
    final String[] titles;
    final String[] summaries;
    final String[] texts;

    Doc(int doc, int size) {
      this.doc = doc;
      this.docId = docId(doc);
      this.size = size;
      parent = new int[size];
      ordinal = new int[size];
      depth = new int[size];
      start = new int[size];
      end = new int[size];
      spanEnd = new int[size];
      ids = new String[size];
      paths = new String[size];
      titles = new String[size];
      summaries = new String[size];
      texts = new String[size];
    }

    /** The node id of the parent of node {@code i}, or null for a top-level node. */
    String parentId(int i) {
      return parent[i] < 0 ? null : ids[parent[i]];
    }

    int pages() {
      int max = 0;
      for (int e : end) {
        max = Math.max(max, e);
      }
      return max;
    }

    /** One past the last pre-order position of node {@code i}'s subtree. */
    int subtreeEnd(int i) {
      int j = i + 1;
      while (j < size && depth[j] > depth[i]) {
        j++;
      }
      return j;
    }

    List<Integer> where(java.util.function.IntPredicate p) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (p.test(i)) {
          out.add(i);
        }
      }
      return out;
    }

    List<Integer> chapters() {
      return where(i -> depth[i] == 0);
    }

    List<Integer> inner() {
      return where(i -> i + 1 < size && parent[i + 1] == i);
    }

    List<Integer> leaves() {
      return where(i -> i + 1 == size || parent[i + 1] != i);
    }

    /** The document as PageIndex JSON: what TreeStore's INSERT takes and the peers store as text. */
    String json() {
      DocNode[] nodes = new DocNode[size];
      List<DocNode> roots = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        nodes[i] = new DocNode(ids[i], titles[i]).setPages(start[i], end[i]).setSummary(summaries[i])
            .setText(texts[i]);
        if (parent[i] < 0) {
          roots.add(nodes[i]);
        } else {
          nodes[parent[i]].addChild(nodes[i]);
        }
      }
      return PageIndexWriter.toJsonText(PageIndexDocument.create(name, "Generated for the SQL benchmark", roots));
    }
  }
}
