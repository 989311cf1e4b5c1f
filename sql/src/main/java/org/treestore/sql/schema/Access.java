package org.treestore.sql.schema;

import java.util.List;

/**
 * How a scan of a TreeStore table finds its rows: one of the engine's indexes, with the columns
 * whose values it needs (in the order the scan passes them), and the order the rows come out in.
 * The planner rules pick the access whose key columns the query's predicates bind; the
 * predicates themselves stay in the plan above the scan (the access only narrows the rows).
 *
 * @param name shown in plans, e.g. {@code nodes.children}
 * @param keys what each key value is: a column name, or for range and pattern keys
 *     {@code column<=}, {@code column>=}, {@code column LIKE}
 * @param orderedBy the column the rows come out sorted by (null: no order a query can use)
 * @param descending whether that order is descending
 * @param rows an estimate of the rows per call, for the planner's costs
 */
public record Access(String name, List<String> keys, String orderedBy, boolean descending, double rows) {
  /** Every row of the table. */
  public boolean isFull() {
    return keys.isEmpty();
  }
}
