package org.treestore.grammar.search;

import java.util.Objects;

/**
 * The clause must not match. Written {@code NOT x} or {@code -x}; from the parser it is always a
 * clause of an {@link AndQuery} (a must-not), never a query of its own.
 *
 * @param clause what is excluded
 */
public record NotQuery(QueryNode clause) implements QueryNode {

  public NotQuery {
    Objects.requireNonNull(clause, "clause");
  }

  @Override
  public String toString() {
    return "NOT(" + clause + ")";
  }
}
