package org.treestore.grammar.search;

import java.util.List;

/**
 * All clauses must match; a {@link NotQuery} clause must not.
 *
 * @param clauses at least one, in query order (an immutable copy is kept)
 */
public record AndQuery(List<QueryNode> clauses) implements QueryNode {

  public AndQuery {
    clauses = OrQuery.requireClauses(clauses);
  }

  @Override
  public String toString() {
    return OrQuery.compact("AND", clauses);
  }
}
