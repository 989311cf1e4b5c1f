package org.treestore.grammar.search;

/**
 * A node of a parsed query tree.
 *
 * <p>Trees from {@link QueryParser} have a normal form the engine may rely on: {@link AndQuery}
 * and {@link OrQuery} have at least two clauses and never a clause of their own kind (nested ones
 * are flattened); a {@link NotQuery} occurs only as a clause of an {@link AndQuery}, which then
 * also has at least one clause that is not negated; an {@link OrQuery} never has a negated clause;
 * field scopes have been pushed down to the leaves. Trees built by hand need not follow it.
 *
 * <p>{@code toString()} is a compact form for logs and tests, such as {@code OR(title:lead,
 * AND(pipe*, NOT("copper pipe")))}; {@link QueryFormatter} writes query syntax instead.
 */
public sealed interface QueryNode
    permits TermQuery, PhraseQuery, PrefixQuery, AndQuery, OrQuery, NotQuery {}
