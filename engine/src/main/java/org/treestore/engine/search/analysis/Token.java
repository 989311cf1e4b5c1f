package org.treestore.engine.search.analysis;

/**
 * A token as {@link Analyzer#tokens(CharSequence)} collects it: the term, its position and the
 * char offsets of its source in the analysed text ({@code text.substring(start, end)}).
 *
 * @param term the analysed term
 * @param position 0, 1, 2, ... in the order of the tokens
 * @param start first char of the source
 * @param end one past the last char of the source
 */
public record Token(String term, int position, int start, int end) {
}
