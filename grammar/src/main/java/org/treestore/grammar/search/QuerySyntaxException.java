package org.treestore.grammar.search;

/**
 * A search query that does not follow the query language. The message says where and what, for
 * example {@code syntax error at position 7: expected a term, a phrase or '(' after 'AND', found
 * end of query}; {@link #position()} and {@link #expected()} give the parts to programs (to
 * underline the place in a search box, say).
 */
public final class QuerySyntaxException extends IllegalArgumentException {

  private final int position;
  private final String expected;

  /**
   * @param position 0-based offset in the query, in {@code char}s (UTF-16 units, as {@link
   *     String#charAt}); the query's length when the problem is its end
   * @param expected what would have been right there, in words
   * @param detail what went wrong; the message is {@code syntax error at position N: } and this
   */
  public QuerySyntaxException(int position, String expected, String detail) {
    super("syntax error at position " + position + ": " + detail);
    this.position = position;
    this.expected = expected;
  }

  /** The 0-based {@code char} offset of the problem in the query. */
  public int position() {
    return position;
  }

  /** What the query language expected there, in words, such as {@code a term, a phrase or '('}. */
  public String expected() {
    return expected;
  }
}
