package org.treestore.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The expected contents of a TreeStore database as plain Java collections, for {@link SqlModelTest}:
 * documents as forests of nodes with their fields, edited the way the SQL statements should edit
 * them, and a generator of random PageIndex documents that fills it. Derived columns (ordinal,
 * depth, path, span_end) are computed from the forest on demand, never stored, so the model cannot
 * drift the way incrementally maintained indexes could.
 */
final class TreeModel {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One node; {@code metadata} is the compact JSON of its unknown keys, or null. */
  static final class Node {
    final String id;
    String parent;
    String title;
    String summary;
    String text;
    String metadata;
    Integer start;
    Integer end;
    final List<String> kids = new ArrayList<>();

    Node(String id) {
      this.id = id;
    }

    Node copy() {
      Node n = new Node(id);
      n.parent = parent;
      n.title = title;
      n.summary = summary;
      n.text = text;
      n.metadata = metadata;
      n.start = start;
      n.end = end;
      n.kids.addAll(kids);
      return n;
    }
  }

  static final class Doc {
    final String id;
    final Map<String, Node> nodes = new HashMap<>();
    final List<String> roots = new ArrayList<>();
    /** The JSON it was inserted with; null once a node edit changed it. */
    String pristineJson;

    Doc(String id) {
      this.id = id;
    }

    Doc copy() {
      Doc d = new Doc(id);
      nodes.forEach((k, v) -> d.nodes.put(k, v.copy()));
      d.roots.addAll(roots);
      d.pristineJson = pristineJson;
      return d;
    }

    List<String> kidsOf(String parent) {
      return parent == null ? roots : nodes.get(parent).kids;
    }

    String path(String id) {
      StringBuilder b = new StringBuilder();
      for (String p = id; p != null; p = nodes.get(p).parent) {
        b.insert(0, "/" + p);
      }
      return b.toString();
    }

    int depth(String id) {
      int d = 0;
      for (String p = nodes.get(id).parent; p != null; p = nodes.get(p).parent) {
        d++;
      }
      return d;
    }

    /** The largest end page in the subtree, null if no node of it has one (the contract's span_end). */
    Integer spanEnd(String id) {
      Node n = nodes.get(id);
      Integer best = n.end;
      for (String k : n.kids) {
        Integer s = spanEnd(k);
        if (s != null && (best == null || s > best)) {
          best = s;
        }
      }
      return best;
    }

    /** The node and its descendants, pre-order. */
    List<String> subtree(String id) {
      List<String> out = new ArrayList<>();
      out.add(id);
      for (String k : nodes.get(id).kids) {
        out.addAll(subtree(k));
      }
      return out;
    }

    /** The row the nodes table should show, columns in table order, integers as Long. */
    List<Object> row(String id) {
      Node n = nodes.get(id);
      return Arrays.asList(this.id, id, n.parent, (long) kidsOf(n.parent).indexOf(id), (long) depth(id), path(id),
          n.title, toLong(n.start), toLong(n.end), toLong(spanEnd(id)), n.summary, n.text, n.metadata);
    }

    /** Removes the node and its subtree; how many nodes went (0 if it is not there). */
    int delete(String id) {
      if (!nodes.containsKey(id)) {
        return 0;
      }
      List<String> gone = subtree(id);
      kidsOf(nodes.get(id).parent).remove(id);
      gone.forEach(nodes::remove);
      pristineJson = null;
      return gone.size();
    }

    /** Adds a node under its parent at {@code position} (null: last). */
    void insert(Node n, Integer position) {
      List<String> kids = kidsOf(n.parent);
      kids.add(position == null ? kids.size() : position, n.id);
      nodes.put(n.id, n);
      pristineJson = null;
    }
  }

  final TreeMap<String, Doc> docs = new TreeMap<>();

  TreeModel copy() {
    TreeModel m = new TreeModel();
    docs.forEach((k, v) -> m.docs.put(k, v.copy()));
    return m;
  }

  /** Every node row of every document, sorted by their text form (an order both sides can produce). */
  List<List<Object>> allRows() {
    List<List<Object>> out = new ArrayList<>();
    for (Doc d : docs.values()) {
      for (String id : d.nodes.keySet()) {
        out.add(d.row(id));
      }
    }
    return SqlModelTest.sorted(out);
  }

  static Long toLong(Integer i) {
    return i == null ? null : (long) i;
  }

  /** The compact JSON the engine keeps for a metadata value; an empty object counts as none. */
  static String normalizeMetadata(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json);
      return n.isEmpty() ? null : n.toString();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  // ---- random documents ----

  /** Words of titles, summaries and texts: few, so that searches hit several nodes. */
  static final String[] WORDS = {"harbour", "silt", "barge", "wreck", "channel", "dredge", "berth", "storm", "diver",
      "survey", "trawler", "anchor", "tide", "pier", "ledger", "budget", "audit", "lease"};
  /** Odd words mixed in to exercise quoting and Unicode (never used as search terms). */
  static final String[] ODD_WORDS = {"it's", "O'Brien", "über", "港口", "naïve", "\"quoted\"", "50%", "a_b"};
  /** Node ids that are legal but unusual: quotes, spaces, LIKE wildcards, non-ASCII, surrogate pairs. */
  static final String[] ODD_IDS = {"it's", "a b", "x%y", "under_score", "ünï", "节点", "😀e", "O'Brien's \"n\"", " lead",
      "trail ", "%", "_"};
  static final String[] ODD_DOC_IDS = {"O'Reilly notes", "über doc", "d%c_1", "space doc", "港口"};

  /** Generates random documents and node ids within the engine's limits. */
  static final class Generator {
    final Random rnd;
    /** The path index keeps doc_id plus path in one B+Tree key; stay below its limit with a margin. */
    final int maxKeyBytes;
    int docCounter;

    Generator(Random rnd, int maxKeyBytes) {
      this.rnd = rnd;
      this.maxKeyBytes = maxKeyBytes;
    }

    String words(int min, int max) {
      int n = min + rnd.nextInt(max - min + 1);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          b.append(' ');
        }
        b.append(rnd.nextInt(8) == 0 ? ODD_WORDS[rnd.nextInt(ODD_WORDS.length)] : WORDS[rnd.nextInt(WORDS.length)]);
      }
      return b.toString();
    }

    /** A fresh doc_id: mostly plain, some odd, one in a while exactly 256 bytes of UTF-8. */
    String docId(Set<String> taken) {
      while (true) {
        int r = rnd.nextInt(10);
        String id;
        if (r < 6) {
          id = "doc-" + docCounter++;
        } else if (r < 9) {
          id = ODD_DOC_IDS[rnd.nextInt(ODD_DOC_IDS.length)] + " " + docCounter++;
        } else {
          id = fit(docCounter++ + "-" + "é".repeat(200), 256);
        }
        if (!taken.contains(id)) {
          return id;
        }
      }
    }

    /** A node id not yet used in {@code used}, short enough for a path under {@code parentPath}. */
    String nodeId(Set<String> used, String docId, String parentPath, int[] counter) {
      int budget = maxKeyBytes - utf8(docId) - utf8(parentPath) - 24;
      while (true) {
        int r = rnd.nextInt(20);
        String id;
        if (r < 15 || budget < 140) {
          id = String.format("%04d", counter[0]++);
        } else if (r < 19) {
          id = ODD_IDS[rnd.nextInt(ODD_IDS.length)] + (rnd.nextBoolean() ? "" : String.valueOf(counter[0]++));
        } else {
          id = fit(counter[0]++ + "L" + "ß".repeat(70), 128); // exactly at the 128-byte limit
        }
        if (!used.contains(id) && utf8(id) <= budget) {
          used.add(id);
          return id;
        }
      }
    }

    /** Random pages: mostly a small range, sometimes none, only a start, or the end before the start. */
    Integer[] pages() {
      int r = rnd.nextInt(12);
      int start = 1 + rnd.nextInt(30);
      if (r == 0) {
        return new Integer[] {null, null};
      } else if (r == 1) {
        return new Integer[] {start, null};
      } else if (r == 2) {
        return new Integer[] {null, start};
      } else if (r == 3) {
        return new Integer[] {start + 1 + rnd.nextInt(3), start};
      }
      return new Integer[] {start, start + rnd.nextInt(5)};
    }

    /** Unknown keys (kept as metadata), or null. */
    ObjectNode extra() {
      if (rnd.nextInt(4) != 0) {
        return null;
      }
      ObjectNode o = JSON.createObjectNode();
      o.put("tag", words(1, 1));
      if (rnd.nextBoolean()) {
        o.put("weight", rnd.nextInt(100));
      }
      return o;
    }

    /** A random document: fills {@code doc} and returns its PageIndex JSON text. */
    String document(Doc doc) {
      ObjectNode root = JSON.createObjectNode();
      root.put("doc_name", words(1, 3));
      if (rnd.nextBoolean()) {
        root.put("doc_description", words(3, 8));
      }
      if (rnd.nextInt(3) == 0) {
        root.put("year", 2000 + rnd.nextInt(30));
      }
      int maxDepth = 1 + rnd.nextInt(6);
      int fanOut = 1 + rnd.nextInt(5);
      int[] budget = {10 + rnd.nextInt(70)};
      Set<String> used = new HashSet<>();
      int[] counter = {rnd.nextInt(3) == 0 ? 1 : 0};
      ArrayNode roots = root.putArray("structure");
      int top = 1 + rnd.nextInt(Math.max(1, fanOut + 2));
      for (int i = 0; i < top && budget[0] > 0; i++) {
        roots.add(node(doc, null, "", 0, maxDepth, fanOut, budget, used, counter));
      }
      String json = root.toString();
      doc.pristineJson = json;
      return json;
    }

    private ObjectNode node(Doc doc, String parent, String parentPath, int depth, int maxDepth, int fanOut,
        int[] budget, Set<String> used, int[] counter) {
      budget[0]--;
      String id = nodeId(used, doc.id, parentPath, counter);
      Node n = new Node(id);
      n.parent = parent;
      ObjectNode o = JSON.createObjectNode();
      if (rnd.nextInt(15) != 0) {
        n.title = words(1, 4);
        o.put("title", n.title);
      }
      o.put("node_id", id);
      Integer[] p = pages();
      n.start = p[0];
      n.end = p[1];
      if (p[0] != null) {
        o.put("start_index", p[0]);
      }
      if (p[1] != null) {
        o.put("end_index", p[1]);
      }
      if (rnd.nextInt(4) != 0) {
        n.summary = words(2, 10);
        o.put("summary", n.summary);
      }
      if (rnd.nextBoolean()) {
        n.text = words(3, 25);
        o.put("text", n.text);
      }
      ObjectNode extra = extra();
      if (extra != null) {
        o.setAll(extra);
        n.metadata = extra.toString();
      }
      doc.nodes.put(id, n);
      doc.kidsOf(parent).add(id);
      if (depth + 1 < maxDepth && budget[0] > 0 && rnd.nextInt(3) != 0) {
        int kids = 1 + rnd.nextInt(fanOut);
        ArrayNode arr = o.putArray("nodes");
        String path = parentPath + "/" + id;
        for (int i = 0; i < kids && budget[0] > 0; i++) {
          arr.add(node(doc, id, path, depth + 1, maxDepth, fanOut, budget, used, counter));
        }
      }
      return o;
    }
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** {@code s} cut to at most {@code bytes} bytes of UTF-8, at a code point boundary. */
  static String fit(String s, int bytes) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length();) {
      int cp = s.codePointAt(i);
      String c = new String(Character.toChars(cp));
      if (utf8(b.toString()) + utf8(c) > bytes) {
        break;
      }
      b.append(c);
      i += Character.charCount(cp);
    }
    return b.toString();
  }

  /** SQL LIKE without an escape character: {@code %} any run, {@code _} any one character. */
  static boolean like(String s, String pattern) {
    return like(s.codePoints().toArray(), 0, pattern.codePoints().toArray(), 0);
  }

  private static boolean like(int[] s, int i, int[] p, int j) {
    if (j == p.length) {
      return i == s.length;
    }
    if (p[j] == '%') {
      for (int k = i; k <= s.length; k++) {
        if (like(s, k, p, j + 1)) {
          return true;
        }
      }
      return false;
    }
    return i < s.length && (p[j] == '_' || p[j] == s[i]) && like(s, i + 1, p, j + 1);
  }
}
