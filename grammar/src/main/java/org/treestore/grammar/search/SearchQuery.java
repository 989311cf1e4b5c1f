package org.treestore.grammar.search;

/**
 * A parsed search query: what to look for and where.
 *
 * <p>Filters restrict the whole query: a node matches only if it is in document {@code docFilter}
 * and in the subtree {@code underFilter}, whatever the operators of the search terms say.
 *
 * @param root the search terms, or null if the query has none (it is empty or only filters)
 * @param docFilter the doc_id of {@code doc:ID}, or null
 * @param underFilter the path of {@code under:/0001/0003}: {@code /} followed by node ids
 *     separated by {@code /}, none of them empty; or null
 */
public record SearchQuery(QueryNode root, String docFilter, String underFilter) {

  public SearchQuery {
    if (docFilter != null && docFilter.isEmpty()) {
      throw new IllegalArgumentException("empty doc filter");
    }
    if (underFilter != null && !isSubtreePath(underFilter)) {
      throw new IllegalArgumentException("not a path like /0001/0003: " + underFilter);
    }
  }

  /** Whether nothing at all was asked: no search terms and no filters (a blank query). */
  public boolean isEmpty() {
    return root == null && docFilter == null && underFilter == null;
  }

  /** Whether {@code path} is {@code /} followed by one or more non-empty ids separated by {@code /}. */
  static boolean isSubtreePath(String path) {
    if (path.length() < 2 || path.charAt(0) != '/' || path.endsWith("/")) {
      return false;
    }
    return !path.contains("//");
  }
}
