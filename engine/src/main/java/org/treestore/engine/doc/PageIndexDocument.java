package org.treestore.engine.doc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A PageIndex document: a forest of {@link DocNode}s plus the document-level keys of its file.
 *
 * <p>What the reader found is remembered so the writer can give back an equivalent file: the
 * {@link Variant} (a bare list of roots, or an object holding them under {@code structure} or
 * {@code result}), the key that held children ({@code nodes}, or {@code child_nodes} in the first
 * release), whether node ids came from the file or were assigned, and every other top-level key
 * ({@code doc_name}, {@code doc_description}, {@code line_count}, a workspace's {@code pages}, ...)
 * in {@link #fields}.
 */
public final class PageIndexDocument {
  /** Where the roots were in the file. */
  public enum Variant {
    /** A JSON array of roots (the first release, 2025-04-01). */
    BARE_LIST,
    /** An object with the roots under {@code structure} (CLI output and workspace documents). */
    STRUCTURE,
    /** An object with the roots under {@code result} (the cloud API's {@code get_tree}). */
    RESULT
  }

  final Variant variant;
  final String childKey;
  final boolean idsAssigned;
  /** The top-level keys other than the roots' key, in order (empty for a bare list). */
  final ObjectNode fields;
  final List<DocNode> roots;

  PageIndexDocument(Variant variant, String childKey, boolean idsAssigned, ObjectNode fields, List<DocNode> roots) {
    this.variant = variant;
    this.childKey = childKey;
    this.idsAssigned = idsAssigned;
    this.fields = fields;
    this.roots = roots;
  }

  /**
   * A document built in code, shaped like PageIndex's CLI output ({@code doc_name},
   * {@code doc_description}, {@code structure} with {@code nodes}); name and description may be null.
   * Every node needs an id.
   */
  public static PageIndexDocument create(String docName, String docDescription, List<DocNode> roots) {
    ObjectNode fields = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    if (docName != null) {
      fields.put("doc_name", docName);
    }
    if (docDescription != null) {
      fields.put("doc_description", docDescription);
    }
    return new PageIndexDocument(Variant.STRUCTURE, "nodes", false, fields, new ArrayList<>(roots));
  }

  /**
   * A document of the given shape, as stored documents are rebuilt for export: {@code fields} are
   * the top-level keys other than the roots, in file order.
   */
  public static PageIndexDocument of(Variant variant, String childKey, boolean idsAssigned, ObjectNode fields,
      List<DocNode> roots) {
    return new PageIndexDocument(variant, childKey, idsAssigned, fields, new ArrayList<>(roots));
  }

  /** The file's shape. */
  public Variant variant() {
    return variant;
  }

  /** {@code nodes}, or {@code child_nodes} for first-release files. */
  public String childKey() {
    return childKey;
  }

  /** Whether the file had no node ids and the reader assigned them in pre-order. */
  public boolean idsAssigned() {
    return idsAssigned;
  }

  /** {@code doc_name}, or null. */
  public String docName() {
    return fields.hasNonNull("doc_name") ? fields.get("doc_name").asText() : null;
  }

  /** {@code doc_description}, or null. */
  public String docDescription() {
    return fields.hasNonNull("doc_description") ? fields.get("doc_description").asText() : null;
  }

  /** The top-level keys other than the roots (the writer emits them again). */
  public ObjectNode fields() {
    return fields;
  }

  /** The top-level nodes in order. */
  public List<DocNode> roots() {
    return roots;
  }

  /** Every node in pre-order (parent before children, siblings in order). */
  public List<DocNode> nodesInPreOrder() {
    List<DocNode> out = new ArrayList<>();
    forEachPreOrder(out::add);
    return out;
  }

  /** Visits every node in pre-order without recursion (trees may be deep). */
  public void forEachPreOrder(Consumer<DocNode> visitor) {
    java.util.ArrayDeque<DocNode> stack = new java.util.ArrayDeque<>();
    for (int i = roots.size() - 1; i >= 0; i--) {
      stack.push(roots.get(i));
    }
    while (!stack.isEmpty()) {
      DocNode n = stack.pop();
      visitor.accept(n);
      for (int i = n.children.size() - 1; i >= 0; i--) {
        stack.push(n.children.get(i));
      }
    }
  }
}
