package org.treestore.engine.docstore;

/**
 * The fields a node update sets; fields not set keep their value. Setting a field to null clears
 * it. Build with the setters: {@code new NodeChange().summary("...").pages(3, 7)}.
 */
public final class NodeChange {
  boolean setTitle;
  String title;
  boolean setSummary;
  String summary;
  boolean setPrefixSummary;
  String prefixSummary;
  boolean setText;
  String text;
  boolean setPages;
  Integer startPage;
  Integer endPage;
  boolean setLineNum;
  Integer lineNum;
  boolean setMetadata;
  String metadata;

  /** Sets the title. */
  public NodeChange title(String value) {
    setTitle = true;
    title = value;
    return this;
  }

  /** Sets the summary. */
  public NodeChange summary(String value) {
    setSummary = true;
    summary = value;
    return this;
  }

  /** Sets {@code prefix_summary}. */
  public NodeChange prefixSummary(String value) {
    setPrefixSummary = true;
    prefixSummary = value;
    return this;
  }

  /** Sets the text. */
  public NodeChange text(String value) {
    setText = true;
    text = value;
    return this;
  }

  /** Sets both pages (the interval index and the ancestors' {@code span_end} follow). */
  public NodeChange pages(Integer start, Integer end) {
    setPages = true;
    startPage = start;
    endPage = end;
    return this;
  }

  /** Sets {@code line_num}. */
  public NodeChange lineNum(Integer value) {
    setLineNum = true;
    lineNum = value;
    return this;
  }

  /** Sets the metadata: a JSON object as text (the node's keys PageIndex does not define), or null. */
  public NodeChange metadata(String json) {
    setMetadata = true;
    metadata = json;
    return this;
  }

  /** Whether no field is set. */
  public boolean isEmpty() {
    return !(setTitle || setSummary || setPrefixSummary || setText || setPages || setLineNum || setMetadata);
  }
}
