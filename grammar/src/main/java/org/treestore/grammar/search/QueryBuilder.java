package org.treestore.grammar.search;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.treestore.grammar.search.SearchQueryParser.AndChainContext;
import org.treestore.grammar.search.SearchQueryParser.FieldContext;
import org.treestore.grammar.search.SearchQueryParser.FilterContext;
import org.treestore.grammar.search.SearchQueryParser.GroupContext;
import org.treestore.grammar.search.SearchQueryParser.ItemContext;
import org.treestore.grammar.search.SearchQueryParser.OrChainContext;
import org.treestore.grammar.search.SearchQueryParser.PrimaryContext;
import org.treestore.grammar.search.SearchQueryParser.QueryContext;
import org.treestore.grammar.search.SearchQueryParser.UnaryContext;

/**
 * Turns a parse tree into a {@link SearchQuery}, enforcing the rules the grammar leaves out.
 *
 * <p>The sequence rule: OR and juxtaposition are one level, so a top-level query or a group is a
 * sequence of AND chains. A chain with a clause that is not negated is a "should" clause; a chain
 * of only negated clauses ({@code -x}, {@code NOT x AND NOT y}) excludes for the whole sequence.
 * {@code a b -c} becomes {@code AND(OR(a, b), NOT(c))}, as in Lucene, rather than {@code a OR b OR
 * NOT c}, which would match nearly everything.
 */
final class QueryBuilder {

  private static final String POSITIVE = "a term that is not negated";

  private final String text;
  private Token docName;
  private String doc;
  private Token underName;
  private String under;

  QueryBuilder(String text) {
    this.text = text;
  }

  SearchQuery build(QueryContext query) {
    List<AndChainContext> chains = new ArrayList<>();
    for (ItemContext item : query.item()) {
      if (item.filter() != null) {
        filter(item.filter());
      } else {
        chains.addAll(item.orChain().andChain());
      }
    }
    QueryNode root = chains.isEmpty() ? null : sequence(chains, null, null);
    return new SearchQuery(root, doc, under);
  }

  private void filter(FilterContext filter) {
    Token name = filter.name;
    boolean isDoc = name.getType() == SearchQueryParser.DOC;
    Token first = isDoc ? docName : underName;
    if (first != null) {
      throw error(name, "at most one " + name.getText() + " filter",
          "expected at most one " + name.getText() + " filter, found a second one (the first is"
              + " at position " + SyntaxErrors.offset(text, first.getStartIndex()) + ")");
    }
    Token value = filter.value;
    String v = value.getType() == SearchQueryParser.PHRASE ? unquote(value.getText())
        : value.getText();
    if (isDoc) {
      if (v.isEmpty()) {
        throw error(value, SyntaxErrors.DOC_ID, "expected " + SyntaxErrors.DOC_ID
            + " after 'doc:', found an empty one");
      }
      docName = name;
      doc = v;
    } else {
      if (!SearchQuery.isSubtreePath(v)) {
        throw error(value, SyntaxErrors.PATH, "expected " + SyntaxErrors.PATH + " after 'under:',"
            + " found " + SyntaxErrors.show(value.getText())
            + " (a '/' before each node id, no empty id, no '/' at the end)");
      }
      underName = name;
      under = v;
    }
  }

  /**
   * Builds a sequence of AND chains (the top level, or the inside of a group).
   *
   * @param field the scope the sequence is in, or null
   * @param group the group the sequence is the inside of, or null at the top level
   */
  private QueryNode sequence(List<AndChainContext> chains, Field field, GroupContext group) {
    List<QueryNode> should = new ArrayList<>();
    List<QueryNode> mustNot = new ArrayList<>();
    Token firstNegated = null;
    for (AndChainContext chain : chains) {
      List<QueryNode> clauses = new ArrayList<>();
      boolean positive = false;
      for (UnaryContext unary : chain.unary()) {
        QueryNode node = primary(unary.primary(), field);
        if (unary.op != null) {
          node = new NotQuery(node);
          if (firstNegated == null) {
            firstNegated = unary.getStart();
          }
        } else {
          positive = true;
        }
        clauses.add(node);
      }
      if (positive) {
        should.add(and(clauses));
      } else {
        mustNot.addAll(clauses);
      }
    }
    if (should.isEmpty()) {
      if (group == null) {
        throw error(firstNegated, POSITIVE, "a query needs at least one term that is not negated");
      }
      throw error(group.getStart(), POSITIVE,
          "a group in parentheses needs at least one term that is not negated");
    }
    QueryNode positive = or(should);
    if (mustNot.isEmpty()) {
      return positive;
    }
    List<QueryNode> all = new ArrayList<>();
    all.add(positive);
    all.addAll(mustNot);
    return and(all);
  }

  private QueryNode primary(PrimaryContext primary, Field inherited) {
    // The innermost scope wins: title:(a summary:b) searches b in summaries.
    Field field = primary.field() == null ? inherited : field(primary.field());
    if (primary.TERM() != null) {
      return new TermQuery(field, primary.TERM().getText());
    }
    if (primary.PREFIX() != null) {
      String prefix = primary.PREFIX().getText();
      return new PrefixQuery(field, prefix.substring(0, prefix.length() - 1));
    }
    if (primary.PHRASE() != null) {
      String phrase = unquote(primary.PHRASE().getText());
      if (phrase.isEmpty()) {
        throw error(primary.PHRASE().getSymbol(), "a phrase with at least one character",
            "expected a phrase with at least one character, found '\"\"'");
      }
      return new PhraseQuery(field, phrase);
    }
    GroupContext group = primary.group();
    List<AndChainContext> chains = new ArrayList<>();
    for (OrChainContext orChain : group.orChain()) {
      chains.addAll(orChain.andChain());
    }
    return sequence(chains, field, group);
  }

  private static Field field(FieldContext field) {
    switch (field.getStart().getType()) {
      case SearchQueryParser.TITLE:
        return Field.TITLE;
      case SearchQueryParser.SUMMARY:
        return Field.SUMMARY;
      default:
        return Field.TEXT;
    }
  }

  /** The text between the quotes with {@code \"} and {@code \\} resolved; other '\' stay. */
  static String unquote(String quoted) {
    StringBuilder sb = new StringBuilder(quoted.length());
    int end = quoted.length() - 1;
    for (int i = 1; i < end; i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < end && (quoted.charAt(i + 1) == '"' || quoted.charAt(i + 1) == '\\')) {
        c = quoted.charAt(++i);
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** An AND of the clauses, nested ANDs flattened; one clause is just that clause. */
  static QueryNode and(List<QueryNode> clauses) {
    List<QueryNode> flat = new ArrayList<>();
    for (QueryNode clause : clauses) {
      if (clause instanceof AndQuery and) {
        flat.addAll(and.clauses());
      } else {
        flat.add(clause);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new AndQuery(flat);
  }

  /** An OR of the clauses, nested ORs flattened; one clause is just that clause. */
  static QueryNode or(List<QueryNode> clauses) {
    List<QueryNode> flat = new ArrayList<>();
    for (QueryNode clause : clauses) {
      if (clause instanceof OrQuery or) {
        flat.addAll(or.clauses());
      } else {
        flat.add(clause);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new OrQuery(flat);
  }

  private QuerySyntaxException error(Token at, String expected, String detail) {
    return new QuerySyntaxException(SyntaxErrors.offset(text, at.getStartIndex()), expected, detail);
  }
}
