/**
 * The TreeStore search query language: {@link org.treestore.grammar.search.QueryParser} turns a
 * query such as {@code title:(lead OR copper) pipe* -"copper pipe" under:/0001/0003} into a {@link
 * org.treestore.grammar.search.SearchQuery}: a tree of {@link
 * org.treestore.grammar.search.QueryNode}s plus the {@code doc:} and {@code under:} filters.
 *
 * <p>The grammar is {@code SearchQuery.g4}; ANTLR generates {@code SearchQueryLexer} and {@code
 * SearchQueryParser} into this package at build time. They are public because ANTLR makes them so,
 * but they are an implementation detail: use {@code QueryParser}. Terms reach the tree raw; the
 * engine analyses them as it analyses indexed text. The language is described for users in {@code
 * docs/search-query.md}.
 */
package org.treestore.grammar.search;
