package org.treestore.engine.doc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of a PageIndex tree, with the fields PageIndex writes and every other key it carried
 * ({@link #extra}), so that export gives back an equivalent node. A field that was absent is null.
 * Mutable, not thread-safe: built by {@link PageIndexReader}, read by the store.
 */
public final class DocNode {
  /** The node keys PageIndex defines: they are fields of their own and cannot be metadata keys. */
  public static final java.util.Set<String> DEFINED_KEYS = java.util.Set.of("title", "node_id", "start_index",
      "end_index", "line_num", "summary", "prefix_summary", "text", "nodes", "child_nodes");

  String nodeId;
  String title;
  Integer startPage;
  Integer endPage;
  Integer lineNum;
  String summary;
  String prefixSummary;
  String text;
  /** Keys PageIndex does not define (forks add some), in their original order; null if none. */
  ObjectNode extra;
  final List<DocNode> children = new ArrayList<>();
  /** The input had an empty child list (PageIndex drops those; kept so export gives it back). */
  boolean emptyChildList;

  /** A node with the given id and title and no other fields, for building trees in code. */
  public DocNode(String nodeId, String title) {
    this.nodeId = nodeId;
    this.title = title;
  }

  DocNode() {}

  /** Sets {@code start_index} and {@code end_index} (either may be null); returns this node. */
  public DocNode setPages(Integer start, Integer end) {
    this.startPage = start;
    this.endPage = end;
    return this;
  }

  /** Sets the summary; returns this node. */
  public DocNode setSummary(String summary) {
    this.summary = summary;
    return this;
  }

  /** Sets the text; returns this node. */
  public DocNode setText(String text) {
    this.text = text;
    return this;
  }

  /** Sets {@code line_num}; returns this node. */
  public DocNode setLineNum(Integer lineNum) {
    this.lineNum = lineNum;
    return this;
  }

  /** Sets {@code prefix_summary}; returns this node. */
  public DocNode setPrefixSummary(String prefixSummary) {
    this.prefixSummary = prefixSummary;
    return this;
  }

  /**
   * Sets the keys PageIndex does not define (kept as node metadata); returns this node.
   *
   * @throws IllegalArgumentException if a key is one PageIndex defines ({@link #DEFINED_KEYS})
   */
  public DocNode setExtra(ObjectNode extra) {
    if (extra != null) {
      extra.fieldNames().forEachRemaining(k -> {
        if (DEFINED_KEYS.contains(k)) {
          throw new IllegalArgumentException("metadata key \"" + k + "\" is a PageIndex field of its own");
        }
      });
    }
    this.extra = extra == null || extra.isEmpty() ? null : extra;
    return this;
  }

  /** Whether the input had an empty child list (export writes one back). */
  public boolean hasEmptyChildList() {
    return emptyChildList;
  }

  /** Marks that the node had an empty child list; returns this node. */
  public DocNode setEmptyChildList(boolean empty) {
    this.emptyChildList = empty;
    return this;
  }

  /** Appends {@code child} to the children; returns this node. */
  public DocNode addChild(DocNode child) {
    children.add(child);
    return this;
  }

  /** The node id: PageIndex's ({@code "0007"}), or assigned in pre-order on import. */
  public String nodeId() {
    return nodeId;
  }

  /** The title; may be empty, and null only if the input had none. */
  public String title() {
    return title;
  }

  /** {@code start_index}: 1-based physical start page (PDF mode), or null. */
  public Integer startPage() {
    return startPage;
  }

  /** {@code end_index}: 1-based physical end page, inclusive (may be below the start), or null. */
  public Integer endPage() {
    return endPage;
  }

  /** {@code line_num}: 1-based line of the heading (Markdown mode), or null. */
  public Integer lineNum() {
    return lineNum;
  }

  /** The summary, or null. */
  public String summary() {
    return summary;
  }

  /** The summary of the part before the first child (Markdown mode, inner nodes), or null. */
  public String prefixSummary() {
    return prefixSummary;
  }

  /** The node's text, or null. */
  public String text() {
    return text;
  }

  /** Keys of the input that PageIndex does not define, as JSON; null if there were none. */
  public ObjectNode extra() {
    return extra;
  }

  /** The children in document order (a live list). */
  public List<DocNode> children() {
    return children;
  }

  @Override
  public String toString() {
    return "DocNode[" + nodeId + " '" + title + "', " + children.size() + " children]";
  }
}
