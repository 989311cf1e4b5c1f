package org.treestore.engine.docstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;

/**
 * The reference model of {@link DocumentModelTest}: a plain in-memory forest that answers every
 * read of {@link DocumentStore} the obvious way (walks, sorts, recomputation), with no indexes.
 */
final class ReferenceForest {
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, Node> nodes = new LinkedHashMap<>();
  final List<String> roots = new ArrayList<>();
  int nextId;

  ReferenceForest copy() {
    ReferenceForest m = new ReferenceForest();
    nodes.forEach((k, v) -> m.nodes.put(k, v.copy()));
    m.roots.addAll(roots);
    m.nextId = nextId;
    return m;
  }

  List<String> kids(String parent) {
    return parent == null ? roots : nodes.get(parent).kids;
  }

  String path(String id) {
    StringBuilder b = new StringBuilder();
    for (String at = id; at != null; at = nodes.get(at).parent) {
      b.insert(0, "/" + at);
    }
    return b.toString();
  }

  int depth(String id) {
    int d = 0;
    for (String at = nodes.get(id).parent; at != null; at = nodes.get(at).parent) {
      d++;
    }
    return d;
  }

  Integer span(String id) {
    Node n = nodes.get(id);
    Integer s = n.end;
    for (String k : n.kids) {
      s = max(s, span(k));
    }
    return s;
  }

  /** Whether {@code id} is {@code top} or below it. */
  boolean inSubtree(String id, String top) {
    for (String at = id; at != null; at = nodes.get(at).parent) {
      if (at.equals(top)) {
        return true;
      }
    }
    return false;
  }

  NodeRecord record(String docId, String id) {
    Node n = nodes.get(id);
    return new NodeRecord(docId, id, n.parent, kids(n.parent).indexOf(id), depth(id), path(id), n.title, n.start,
        n.end, span(id), n.line, n.summary, n.prefix, n.metadata, n.text != null, n.emptyList);
  }

  /** Pre-order from {@code id} down to {@code maxDepth} levels below it (negative: all). */
  List<String> preorder(String id, int maxDepth) {
    List<String> out = new ArrayList<>();
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {id, 0});
    while (!stack.isEmpty()) {
      Object[] e = stack.pop();
      out.add((String) e[0]);
      int d = (Integer) e[1];
      if (maxDepth < 0 || d < maxDepth) {
        List<String> k = nodes.get((String) e[0]).kids;
        for (int i = k.size() - 1; i >= 0; i--) {
          stack.push(new Object[] {k.get(i), d + 1});
        }
      }
    }
    return out;
  }

  List<String> ancestors(String id) {
    List<String> out = new ArrayList<>();
    for (String at = id; at != null; at = nodes.get(at).parent) {
      out.add(0, at);
    }
    return out;
  }

  List<String> pathPrefix(String prefix) {
    List<String[]> hits = new ArrayList<>();
    for (String id : nodes.keySet()) {
      String p = path(id);
      if (p.startsWith(prefix)) {
        hits.add(new String[] {p, id});
      }
    }
    hits.sort((a, b) -> compareCodePoints(a[0], b[0]));
    List<String> out = new ArrayList<>();
    hits.forEach(h -> out.add(h[1]));
    return out;
  }

  /** Nodes with start <= page <= end, by start page, depth, path. */
  List<String> atPage(int page) {
    List<String> out = new ArrayList<>();
    for (Node n : nodes.values()) {
      if (n.start != null && n.end != null && n.start <= page && page <= n.end) {
        out.add(n.id);
      }
    }
    out.sort((a, b) -> {
      int c = Integer.compare(nodes.get(a).start, nodes.get(b).start);
      c = c != 0 ? c : Integer.compare(depth(a), depth(b));
      return c != 0 ? c : compareCodePoints(path(a), path(b));
    });
    return out;
  }

  void attach(Node n, String parent, int pos) {
    nodes.put(n.id, n);
    n.parent = parent;
    List<String> k = kids(parent);
    k.add(pos == -1 ? k.size() : pos, n.id);
  }

  void detach(String id) {
    kids(nodes.get(id).parent).remove(id);
  }

  int remove(String id) {
    List<String> gone = preorder(id, -1);
    detach(id);
    gone.forEach(nodes::remove);
    return gone.size();
  }

  /** The PageIndex document the store's export must equal. */
  PageIndexDocument toDocument(String name) {
    List<DocNode> top = new ArrayList<>();
    roots.forEach(r -> top.add(toDocNode(r)));
    return PageIndexDocument.create(name, "generated", top);
  }

  DocNode toDocNode(String id) {
    DocNode d = leaf(nodes.get(id));
    nodes.get(id).kids.forEach(k -> d.addChild(toDocNode(k)));
    return d;
  }

  static DocNode leaf(Node n) {
    try {
      return new DocNode(n.id, n.title).setPages(n.start, n.end).setLineNum(n.line).setSummary(n.summary)
          .setPrefixSummary(n.prefix).setText(n.text).setEmptyChildList(n.emptyList)
          .setExtra(n.metadata == null ? null : (ObjectNode) JSON.readTree(n.metadata));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Unicode code point order, the path index's (String.compareTo is UTF-16 order): UTF-8 byte order. */
  static int compareCodePoints(String a, String b) {
    return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static Integer max(Integer a, Integer b) {
    return a == null ? b : b == null ? a : Integer.valueOf(Math.max(a, b));
  }

  /** One node of the reference forest. */
  static final class Node implements Cloneable {
    String id;
    String parent;
    List<String> kids = new ArrayList<>();
    String title;
    String summary;
    String prefix;
    String text;
    String metadata; // canonical JSON text, as the record must hold it
    Integer start;
    Integer end;
    Integer line;
    boolean emptyList;

    Node copy() {
      try {
        Node c = (Node) clone();
        c.kids = new ArrayList<>(kids);
        return c;
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
