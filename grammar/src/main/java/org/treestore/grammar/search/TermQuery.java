package org.treestore.grammar.search;

import java.util.Objects;

/**
 * One term as the user wrote it, for example {@code e-mail} or {@code 水管}.
 *
 * @param field the field it is limited to, or null for all fields
 * @param text the raw text, not analysed: the engine splits and folds it as it does indexed text,
 *     so one term of the query may become several words (or none, for a stop word)
 */
public record TermQuery(Field field, String text) implements QueryNode {

  public TermQuery {
    requireText(text, "term");
  }

  /** Checks the text of a leaf: an empty one would match nothing and is a bug in the caller. */
  static void requireText(String text, String what) {
    Objects.requireNonNull(text, what);
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty " + what);
    }
  }

  /** The field prefix of a leaf in the compact form, {@code ""} when unscoped. */
  static String fieldPrefix(Field field) {
    return field == null ? "" : field.keyword() + ":";
  }

  @Override
  public String toString() {
    return fieldPrefix(field) + text;
  }
}
