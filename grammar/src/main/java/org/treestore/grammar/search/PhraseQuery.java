package org.treestore.grammar.search;

/**
 * A quoted phrase: its words must occur next to each other, in order.
 *
 * @param field the field it is limited to, or null for all fields
 * @param text the text between the quotes with {@code \"} and {@code \\} resolved, not analysed
 */
public record PhraseQuery(Field field, String text) implements QueryNode {

  public PhraseQuery {
    TermQuery.requireText(text, "phrase");
  }

  /** {@code text} in quotes with {@code "} and {@code \} escaped: the query syntax of a phrase. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return TermQuery.fieldPrefix(field) + quote(text);
  }
}
