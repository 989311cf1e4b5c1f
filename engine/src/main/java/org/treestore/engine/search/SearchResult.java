package org.treestore.engine.search;

import java.util.List;

/**
 * The answer to a query: the hits, best first, and a note when the query could not match
 * anything for a reason the user should hear (empty, only stop words, a filter naming nothing).
 */
public record SearchResult(List<SearchHit> hits, String note) {
  /** No hits, with the reason. */
  static SearchResult none(String note) {
    return new SearchResult(List.of(), note);
  }
}
