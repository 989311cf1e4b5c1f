package org.treestore.grammar.search;

import java.util.List;
import java.util.StringJoiner;

/**
 * At least one clause must match; nodes matching more of them rank higher.
 *
 * @param clauses at least one, in query order (an immutable copy is kept)
 */
public record OrQuery(List<QueryNode> clauses) implements QueryNode {

  public OrQuery {
    clauses = requireClauses(clauses);
  }

  static List<QueryNode> requireClauses(List<QueryNode> clauses) {
    List<QueryNode> copy = List.copyOf(clauses); // also refuses null elements
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("no clauses");
    }
    return copy;
  }

  static String compact(String name, List<QueryNode> clauses) {
    StringJoiner joiner = new StringJoiner(", ", name + "(", ")");
    for (QueryNode clause : clauses) {
      joiner.add(clause.toString());
    }
    return joiner.toString();
  }

  @Override
  public String toString() {
    return compact("OR", clauses);
  }
}
