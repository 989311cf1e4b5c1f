package org.treestore.grammar.search;

/**
 * A prefix search, {@code pipe*}: any word that starts with the prefix.
 *
 * @param field the field it is limited to, or null for all fields
 * @param prefix the text before the {@code *}, raw (the engine folds it like a term)
 */
public record PrefixQuery(Field field, String prefix) implements QueryNode {

  public PrefixQuery {
    TermQuery.requireText(prefix, "prefix");
  }

  @Override
  public String toString() {
    return TermQuery.fieldPrefix(field) + prefix + "*";
  }
}
