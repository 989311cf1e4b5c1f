package org.treestore.grammar.search;

/** The node fields a search term can be limited to with a field scope such as {@code title:}. */
public enum Field {
  TITLE("title"),
  SUMMARY("summary"),
  TEXT("text");

  private final String keyword;

  Field(String keyword) {
    this.keyword = keyword;
  }

  /** The name used in queries, without the colon: {@code title}, {@code summary}, {@code text}. */
  public String keyword() {
    return keyword;
  }
}
