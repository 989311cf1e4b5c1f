package org.treestore.engine.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.treestore.engine.Store;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.search.analysis.Token;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;
import org.treestore.grammar.search.AndQuery;
import org.treestore.grammar.search.NotQuery;
import org.treestore.grammar.search.OrQuery;
import org.treestore.grammar.search.PhraseQuery;
import org.treestore.grammar.search.PrefixQuery;
import org.treestore.grammar.search.QueryNode;
import org.treestore.grammar.search.QueryParser;
import org.treestore.grammar.search.SearchQuery;
import org.treestore.grammar.search.TermQuery;

/**
 * Full-text search over a {@link DocumentStore}: registers a {@link FullTextIndex} with it (so
 * every document write updates the index in the same transaction) and answers queries in the
 * language of {@code docs/search-query.md}, ranked by BM25, optionally within a document
 * ({@code doc:ID}) or a subtree ({@code under:/0001/0003}).
 *
 * <pre>{@code
 * DocumentStore docs = new DocumentStore(store);
 * FullTextSearch search = new FullTextSearch(docs, Analyzer.builder().build());  // before the first write
 * try (Transaction tx = store.beginReadOnly()) {
 *   SearchResult r = search.search(tx, "title:lead \"service lines\" doc:report", 10);
 * }
 * }</pre>
 *
 * <p><b>How a query runs.</b> Each term is analysed like the indexed text; a term that analyses
 * to several tokens ({@code e-mail}, a CJK run) becomes a phrase of them; one that analyses to
 * none (a stop word) is dropped. Prefixes are case-folded but not stemmed. A plain list of terms
 * without filters takes the MaxScore top-k path of {@link Searcher#search}; everything else is
 * evaluated document at a time over iterators. Filters become the sorted ordinals of the
 * document's or subtree's nodes. Field boosts are {@link SearchField}'s defaults.
 */
public final class FullTextSearch {
  private final DocumentStore docs;
  private final FullTextIndex index;
  private final Searcher searcher = new Searcher();

  public FullTextSearch(DocumentStore docs, Analyzer analyzer) {
    this.docs = Objects.requireNonNull(docs, "docs");
    this.index = new FullTextIndex(analyzer);
    docs.addListener(index);
  }

  public Analyzer analyzer() {
    return index.analyzer();
  }

  /**
   * Merges the index's pending segments (recent changes kept apart from the main posting lists,
   * see {@link InvertedIndex}) into the main lists, in {@code tx}; searches give the same answers
   * before and after. Needed before the database is opened by a build that does not read them.
   *
   * @return how many pending segments were merged
   */
  public int mergePending(Transaction tx) {
    return index.index().mergePending(tx);
  }

  /**
   * Merges every pending segment into the main lists in a transaction of its own, and runs again
   * if a merge by another transaction committed first (up to ten times). For maintenance
   * ({@code treestore vacuum}) and benchmarks that want the merged state; segments that other
   * writers add meanwhile stay pending.
   *
   * @return how many pending segments were merged
   */
  public int mergeAllPending() {
    Store store = docs.store();
    for (int attempt = 1; ; attempt++) {
      try (Transaction tx = store.begin()) {
        int n = index.index().mergePending(tx);
        tx.commit();
        return n;
      } catch (org.treestore.engine.tx.ConflictException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /**
   * Checks the index against the documents (every node analysed again, every posting and
   * statistic compared both ways). Memory grows with the database: a tool for tests and repairs.
   */
  public org.treestore.engine.docstore.DocumentChecker.Report check(Transaction tx) {
    InvertedIndex.flush(tx);
    return new FullTextChecker(tx, docs, index).run();
  }

  /**
   * The best {@code limit} nodes for {@code query}, in {@code tx}'s snapshot (and its own writes).
   *
   * @throws org.treestore.grammar.search.QuerySyntaxException if the query is not valid; its
   *     message names the position and what was expected
   * @throws IllegalArgumentException if a prefix matches too many terms
   */
  public SearchResult search(Transaction tx, String query, int limit) {
    return search(tx, query, limit, true);
  }

  /**
   * As {@link #search(Transaction, String, int)}; with {@code snippets} false every hit's snippet
   * is null, which saves reading and analysing the matched field of each hit (about half the time
   * of a top-10 search over short nodes): for callers that show no snippet, such as the SQL
   * function {@code search}, whose columns have none.
   */
  public SearchResult search(Transaction tx, String query, int limit, boolean snippets) {
    SearchQuery q = QueryParser.parse(query);
    InvertedIndex.flush(tx); // the transaction's own pending postings
    if (q.isEmpty()) {
      return SearchResult.none("the query is empty");
    }
    if (q.root() == null) {
      return SearchResult.none("the query has filters but no search terms");
    }
    Set<String> terms = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    QueryPlanner planner = new QueryPlanner(tx);
    List<Searcher.TermClause> flat = flatTerms(q.root());
    List<Searcher.Hit> hits;
    if (flat != null && q.docFilter() == null && q.underFilter() == null) {
      if (flat.isEmpty()) {
        return SearchResult.none("the query has no searchable terms (only stop words or punctuation)");
      }
      flat.forEach(c -> terms.add(c.term()));
      hits = searcher.search(tx, flat, q.root() instanceof AndQuery, limit);
    } else {
      DocIterator root = compile(q.root(), planner, terms, prefixes);
      if (root == null) {
        return SearchResult.none("the query has no searchable terms (only stop words or punctuation)");
      }
      int[] filter = filter(tx, q.docFilter(), q.underFilter());
      if (filter != null) {
        if (filter.length == 0) {
          return SearchResult.none(q.underFilter() != null ? "no node is under " + q.underFilter()
              + (q.docFilter() == null ? "" : " in document '" + q.docFilter() + "'")
              : "document '" + q.docFilter() + "' has no indexed nodes");
        }
        root = planner.and(List.of(root, planner.ordinals(filter)), 1, List.of());
      }
      hits = Searcher.collect(tx, root, limit);
    }
    List<SearchHit> out = new ArrayList<>(hits.size());
    for (Searcher.Hit h : hits) {
      out.add(new SearchHit(h.docId(), h.nodeId(), h.score(), h.rank(),
          snippets ? snippet(tx, h, terms, prefixes) : null));
    }
    return new SearchResult(out, out.isEmpty() ? "no node matches" : null);
  }

  /** The clauses of a query that is one term or a plain AND / OR of single-token terms; else null. */
  private List<Searcher.TermClause> flatTerms(QueryNode root) {
    List<QueryNode> parts = root instanceof OrQuery o ? o.clauses() : root instanceof AndQuery a ? a.clauses() : List.of(root);
    List<Searcher.TermClause> out = new ArrayList<>();
    for (QueryNode n : parts) {
      if (!(n instanceof TermQuery t)) {
        return null;
      }
      List<Token> tokens = index.analyzer().tokens(t.text());
      if (tokens.size() > 1) {
        return null;
      }
      if (tokens.size() == 1) { // none: a stop word, which constrains nothing
        out.add(new Searcher.TermClause(tokens.get(0).term(), boosts(t.field())));
      }
    }
    return out;
  }

  private static Map<SearchField, Double> boosts(org.treestore.grammar.search.Field field) {
    Map<SearchField, Double> b = new EnumMap<>(SearchField.class);
    for (SearchField f : SearchField.values()) {
      if (field == null || f.ordinal() == field.ordinal()) {
        b.put(f, f.defaultBoost());
      }
    }
    return b;
  }

  /** The iterator of a query tree; null where it analyses to nothing. */
  private DocIterator compile(QueryNode node, QueryPlanner p, Set<String> terms, List<String> prefixes) {
    if (node instanceof TermQuery t) {
      return tokens(t.text(), t.field(), p, terms);
    }
    if (node instanceof PhraseQuery ph) {
      return tokens(ph.text(), ph.field(), p, terms);
    }
    if (node instanceof PrefixQuery pre) {
      String folded = Normalizer.normalize(pre.prefix(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
      prefixes.add(folded);
      return p.prefix(folded, boosts(pre.field()));
    }
    if (node instanceof OrQuery or) {
      List<DocIterator> children = new ArrayList<>();
      for (QueryNode c : or.clauses()) {
        DocIterator it = compile(c, p, terms, prefixes);
        if (it != null) {
          children.add(it);
        }
      }
      return children.isEmpty() ? null : p.or(children);
    }
    if (node instanceof AndQuery and) {
      List<DocIterator> required = new ArrayList<>();
      List<DocIterator> excluded = new ArrayList<>();
      for (QueryNode c : and.clauses()) {
        if (c instanceof NotQuery not) {
          DocIterator it = compile(not.clause(), p, new HashSet<>(), new ArrayList<>());
          if (it != null) {
            excluded.add(it);
          }
        } else {
          DocIterator it = compile(c, p, terms, prefixes);
          if (it != null) {
            required.add(it);
          }
        }
      }
      return required.isEmpty() ? null : p.and(required, required.size(), excluded);
    }
    throw new IllegalArgumentException("a negation must be inside a conjunction: " + node);
  }

  /** A term or phrase: one token is a term, several a phrase, none nothing. */
  private DocIterator tokens(String text, org.treestore.grammar.search.Field field, QueryPlanner p, Set<String> terms) {
    List<Token> tokens = index.analyzer().tokens(text);
    if (tokens.isEmpty()) {
      return null;
    }
    String[] words = new String[tokens.size()];
    int[] offsets = new int[tokens.size()];
    for (int i = 0; i < words.length; i++) {
      words[i] = tokens.get(i).term();
      offsets[i] = tokens.get(i).position() - tokens.get(0).position();
      terms.add(words[i]);
    }
    return words.length == 1 ? p.term(words[0], boosts(field)) : p.phrase(words, offsets, boosts(field));
  }

  /** The ordinals a doc: / under: filter allows, ascending; null without filters. */
  private int[] filter(Transaction tx, String docId, String under) {
    if (docId == null && under == null) {
      return null;
    }
    List<String> docIds = docId != null ? List.of(docId) : docs.documentIds(tx);
    InvertedIndex inv = index.index();
    List<Integer> ords = new ArrayList<>();
    for (String d : docIds) {
      if (under == null) {
        byte[] prefix = new KeyWriter().writeString(d).toByteArray();
        byte[] end = KeyRanges.prefixEnd(prefix);
        TransactionCursor c = tx.cursor(InvertedIndex.NODES);
        for (boolean ok = c.seek(prefix); ok && c.compareKeyTo(end) < 0; ok = c.next()) {
          ords.add(new KeyReader(c.value()).readInt());
        }
      } else {
        List<NodeRecord> nodes = new ArrayList<>();
        docs.nodeByPath(tx, d, under).ifPresent(nodes::add);
        if (!nodes.isEmpty()) {
          nodes.addAll(docs.pathPrefix(tx, d, under + "/"));
        }
        for (NodeRecord r : nodes) {
          int o = inv.ordinalOf(tx, d, r.nodeId());
          if (o >= 0) {
            ords.add(o);
          }
        }
      }
    }
    int[] out = ords.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(out);
    return out;
  }

  private String snippet(Transaction tx, Searcher.Hit h, Set<String> terms, List<String> prefixes) {
    String text = docs.text(tx, h.docId(), h.nodeId());
    String s = Snippets.of(index.analyzer(), text, terms, prefixes);
    if (s != null) {
      return s;
    }
    NodeRecord r = docs.node(tx, h.docId(), h.nodeId()).orElse(null);
    if (r == null) {
      return null;
    }
    s = Snippets.of(index.analyzer(), r.summary(), terms, prefixes);
    return s != null ? s : Snippets.of(index.analyzer(), r.title(), terms, prefixes);
  }
}
