package org.treestore.bench.doc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * Generates the benchmark's documents, deterministically: document {@code i} is the same in every
 * JVM and every engine, and any one of them can be regenerated on its own (its own seeds), so the
 * probes and the answer checks never need the whole data set in memory.
 *
 * <p>Shape, like a PageIndex tree of a PDF: 3–6 chapters, each with 2–5 sections, each with 0–4
 * subsections (about 52 nodes per document, 11–12 per chapter), node ids {@code "0000"}... in
 * pre-order. Pages follow PageIndex's classic pipeline: nodes start in pre-order, each holds its own
 * opening pages up to where the next node in pre-order starts (a third of them share that page),
 * so an inner node's range does not cover its children's and {@code span_end} differs from
 * {@code end_page}. Titles have 4–10 random words, summaries 10–20, texts 20–40, from a fixed
 * vocabulary of made-up words.
 */
final class DocGenerator {
  /** Changes whenever the generated data changes: stored databases of another version are rebuilt. */
  static final int VERSION = 1;

  private static final long STRUCTURE_SEED = 0x5EED_D0C5_0001L;
  private static final long TEXT_SEED = 0x5EED_D0C5_0002L;
  private static final String[] WORDS = vocabulary(4096, 0x5EED_D0C5_0003L);
  /** At most 6 chapters x (1 + 5 sections x (1 + 4 subsections)). */
  private static final int MAX_NODES = 6 * (1 + 5 * (1 + 4));

  private DocGenerator() {}

  /** {@code doc-000123}: fixed width, so document order is id order in every engine. */
  static String docId(int doc) {
    return "doc-" + pad(doc, 6);
  }

  /** The node id PageIndex gives the {@code i}-th node in pre-order: {@code "0007"}. */
  static String nodeId(int i) {
    return pad(i, 4);
  }

  private static String pad(int value, int width) {
    String s = Integer.toString(value);
    return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
  }

  /** The tree of document {@code doc} without its words: structure, ids, paths and pages. */
  static Skeleton skeleton(int doc) {
    SplittableRandom r = new SplittableRandom(STRUCTURE_SEED ^ (doc * 0x9E37_79B9_7F4A_7C15L));
    int[] parent = new int[MAX_NODES];
    int[] ordinal = new int[MAX_NODES];
    int[] depth = new int[MAX_NODES];
    int n = 0;
    int chapters = 3 + r.nextInt(4);
    for (int c = 0; c < chapters; c++) {
      int chapter = n++;
      parent[chapter] = -1;
      ordinal[chapter] = c;
      depth[chapter] = 0;
      int sections = 2 + r.nextInt(4);
      for (int s = 0; s < sections; s++) {
        int section = n++;
        parent[section] = chapter;
        ordinal[section] = s;
        depth[section] = 1;
        int subsections = r.nextInt(5);
        for (int u = 0; u < subsections; u++) {
          int sub = n++;
          parent[sub] = section;
          ordinal[sub] = u;
          depth[sub] = 2;
        }
      }
    }
    int[] start = new int[n];
    int[] end = new int[n];
    int page = 1;
    for (int i = 0; i < n; i++) {
      start[i] = page;
      end[i] = page + r.nextInt(3);
      // the next heading opens a new page, or (one time in three) shares this one's last page
      page = end[i] + (r.nextInt(3) == 0 ? 0 : 1);
    }
    int[] spanEnd = end.clone();
    for (int i = n - 1; i > 0; i--) { // children follow their parent in pre-order
      if (parent[i] >= 0 && spanEnd[i] > spanEnd[parent[i]]) {
        spanEnd[parent[i]] = spanEnd[i];
      }
    }
    String[] ids = new String[n];
    String[] paths = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = nodeId(i);
      paths[i] = (parent[i] < 0 ? "" : paths[parent[i]]) + "/" + ids[i];
    }
    return new Skeleton(doc, n, trim(parent, n), trim(ordinal, n), trim(depth, n), start, end, spanEnd, ids,
        paths);
  }

  private static int[] trim(int[] a, int n) {
    int[] out = new int[n];
    System.arraycopy(a, 0, out, 0, n);
    return out;
  }

  /** Document {@code doc} in full: its skeleton plus every node's title, summary and text. */
  static Doc doc(int doc) {
    Skeleton s = skeleton(doc);
    SplittableRandom r = new SplittableRandom(TEXT_SEED ^ (doc * 0xC2B2_AE3D_27D4_EB4FL));
    String[] titles = new String[s.size];
    String[] summaries = new String[s.size];
    String[] texts = new String[s.size];
    StringBuilder sb = new StringBuilder(400);
    for (int i = 0; i < s.size; i++) {
      titles[i] = words(r, sb, 4 + r.nextInt(7));
      summaries[i] = words(r, sb, 10 + r.nextInt(11));
      texts[i] = words(r, sb, 20 + r.nextInt(21));
    }
    return new Doc(s, titles, summaries, texts);
  }

  /** {@code count} random words, the first capitalized. */
  private static String words(SplittableRandom r, StringBuilder sb, int count) {
    sb.setLength(0);
    for (int w = 0; w < count; w++) {
      if (w > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[r.nextInt(WORDS.length)]);
    }
    sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
    return sb.toString();
  }

  /** Pronounceable made-up words of 1–4 syllables, so text looks like text to any tokenizer. */
  private static String[] vocabulary(int size, long seed) {
    String consonants = "bcdfghjklmnprstvwz";
    String vowels = "aeiou";
    SplittableRandom r = new SplittableRandom(seed);
    String[] words = new String[size];
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size; i++) {
      sb.setLength(0);
      int syllables = 1 + r.nextInt(4);
      for (int s = 0; s < syllables; s++) {
        sb.append(consonants.charAt(r.nextInt(consonants.length())));
        sb.append(vowels.charAt(r.nextInt(vowels.length())));
      }
      if (r.nextInt(3) == 0) {
        sb.append(consonants.charAt(r.nextInt(consonants.length())));
      }
      words[i] = sb.toString();
    }
    return words;
  }

  /** The structure of one document: parallel arrays indexed by pre-order position. */
  static final class Skeleton {
    final int doc;
    final String docId;
    final int size;
    /** Pre-order index of the parent, -1 for a top-level node. */
    final int[] parent;
    final int[] ordinal;
    final int[] depth;
    final int[] start;
    final int[] end;
    final int[] spanEnd;
    final String[] ids;
    final String[] paths;

    Skeleton(int doc, int size, int[] parent, int[] ordinal, int[] depth, int[] start, int[] end, int[] spanEnd,
        String[] ids, String[] paths) {
      this.doc = doc;
      this.docId = docId(doc);
      this.size = size;
      this.parent = parent;
      this.ordinal = ordinal;
      this.depth = depth;
      this.start = start;
      this.end = end;
      this.spanEnd = spanEnd;
      this.ids = ids;
      this.paths = paths;
    }

    /** The last page of the document. */
    int pages() {
      int max = 0;
      for (int e : end) {
        max = Math.max(max, e);
      }
      return max;
    }

    /** Pre-order indices of the top-level nodes (chapters). */
    List<Integer> topLevel() {
      return nodesAt(0);
    }

    /** Pre-order indices of the nodes at {@code depth}. */
    List<Integer> nodesAt(int d) {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (depth[i] == d) {
          out.add(i);
        }
      }
      return out;
    }

    /** Pre-order indices of the nodes that have at least one child. */
    List<Integer> inner() {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i + 1 < size; i++) {
        if (parent[i + 1] == i) {
          out.add(i);
        }
      }
      return out;
    }

    /** Pre-order indices of the leaves. */
    List<Integer> leaves() {
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (i + 1 == size || parent[i + 1] != i) {
          out.add(i);
        }
      }
      return out;
    }

    /** Pre-order index of the node with the given id. */
    int indexOf(String nodeId) {
      int i = Integer.parseInt(nodeId);
      if (i < 0 || i >= size) {
        throw new IllegalArgumentException(docId + " has no node " + nodeId);
      }
      return i;
    }

    /** One past the last pre-order index of node {@code i}'s subtree. */
    int subtreeEnd(int i) {
      int j = i + 1;
      while (j < size && depth[j] > depth[i]) {
        j++;
      }
      return j;
    }
  }

  /** One whole document: skeleton and words. */
  static final class Doc {
    final Skeleton skeleton;
    final String[] titles;
    final String[] summaries;
    final String[] texts;

    Doc(Skeleton skeleton, String[] titles, String[] summaries, String[] texts) {
      this.skeleton = skeleton;
      this.titles = titles;
      this.summaries = summaries;
      this.texts = texts;
    }

    /** The row a store should give back for node {@code i} (text excluded, no metadata). */
    DocRow row(int i) {
      Skeleton s = skeleton;
      return new DocRow(s.docId, s.ids[i], s.parent[i] < 0 ? null : s.ids[s.parent[i]], s.ordinal[i], s.depth[i],
          s.paths[i], titles[i], s.start[i], s.end[i], s.spanEnd[i], summaries[i], null);
    }

    /** The document as a PageIndex tree, for TreeStore's document store. */
    PageIndexDocument toPageIndex() {
      Skeleton s = skeleton;
      DocNode[] nodes = new DocNode[s.size];
      List<DocNode> roots = new ArrayList<>();
      for (int i = 0; i < s.size; i++) {
        nodes[i] = new DocNode(s.ids[i], titles[i]).setPages(s.start[i], s.end[i]).setSummary(summaries[i])
            .setText(texts[i]);
        if (s.parent[i] < 0) {
          roots.add(nodes[i]);
        } else {
          nodes[s.parent[i]].addChild(nodes[i]);
        }
      }
      return PageIndexDocument.create(s.docId + ".pdf", null, roots);
    }
  }
}
