package org.treestore.engine.search.analysis;

/**
 * Receives the tokens of one {@link Analyzer#analyze(CharSequence, TokenSink)} call, in order.
 * A callback rather than a list so that indexing a million nodes allocates nothing per token but
 * the term string itself.
 */
@FunctionalInterface
public interface TokenSink {

  /**
   * One token.
   *
   * @param term the analysed term (folded, perhaps stemmed; a CJK bigram or unigram); never empty
   * @param position 0 for the first token of the text, then 1, 2, ... with no gaps
   * @param startOffset the first char of the token's source in the analysed text
   * @param endOffset one past the last char of the token's source
   */
  void token(String term, int position, int startOffset, int endOffset);
}
