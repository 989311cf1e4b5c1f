package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Builds the {@link DocIterator} tree of a query against one transaction's view of the index:
 * looks up term statistics, expands prefixes, and reads field statistics once per query. Terms
 * given here are already analysed.
 */
final class QueryPlanner {
  /** A prefix may stand for at most this many terms (per field). */
  static final int MAX_EXPANSIONS = 1000;

  private static final DocIterator NOTHING = new OrdinalSetIterator(new int[0]);

  private final Transaction tx;
  private final InvertedIndex.FieldStats[] stats = new InvertedIndex.FieldStats[SearchField.values().length];
  private final PendingPostings pending;
  private int slots;

  QueryPlanner(Transaction tx) {
    this.tx = tx;
    InvertedIndex.flush(tx); // the transaction's own pending postings
    this.pending = PendingPostings.of(tx);
  }

  private InvertedIndex.FieldStats stats(int field) {
    if (stats[field] == null) {
      stats[field] = InvertedIndex.FieldStats.read(tx.get(InvertedIndex.STATS, InvertedIndex.statsKey(field)));
    }
    return stats[field];
  }

  private PostingCursor cursor(int field, String term, double boost) {
    InvertedIndex.TermStats ts = pending.stats(field, term,
        InvertedIndex.TermStats.read(tx.get(InvertedIndex.TERMS, InvertedIndex.termKey(field, term))));
    if (ts == null) {
      return null;
    }
    InvertedIndex.FieldStats fs = stats(field);
    return PostingCursor.of(tx, field, term, ts, boost * Bm25.idf(fs.nodes(), ts.nodes()), fs.averageLength(), slots++, 0,
        pending.overlay(field, term));
  }

  /** One term in the given fields (with boosts): matches nodes where any field holds it. */
  DocIterator term(String term, Map<SearchField, Double> boosts) {
    List<PostingCursor> lists = new ArrayList<>();
    for (Map.Entry<SearchField, Double> e : boosts.entrySet()) {
      PostingCursor c = cursor(e.getKey().ordinal(), term, e.getValue());
      if (c != null) {
        lists.add(c);
      }
    }
    return lists.isEmpty() ? NOTHING : new TermIterator(lists);
  }

  /** A phrase (its analysed tokens and their offsets) in any of the given fields. */
  DocIterator phrase(String[] tokens, int[] offsets, Map<SearchField, Double> boosts) {
    if (tokens.length == 1) {
      return term(tokens[0], boosts);
    }
    List<DocIterator> perField = new ArrayList<>();
    for (Map.Entry<SearchField, Double> e : boosts.entrySet()) {
      List<PostingCursor> lists = new ArrayList<>();
      for (String t : tokens) {
        PostingCursor c = cursor(e.getKey().ordinal(), t, e.getValue());
        if (c == null) {
          lists = null;
          break;
        }
        lists.add(c);
      }
      if (lists != null) {
        perField.add(new PhraseIterator(lists, offsets));
      }
    }
    return or(perField);
  }

  /** Every term starting with {@code prefix}, in the given fields, scored as their disjunction. */
  DocIterator prefix(String prefix, Map<SearchField, Double> boosts) {
    List<DocIterator> terms = new ArrayList<>();
    for (Map.Entry<SearchField, Double> e : boosts.entrySet()) {
      int field = e.getKey().ordinal();
      byte[] from = InvertedIndex.termKey(field, prefix);
      from = java.util.Arrays.copyOf(from, from.length - 2); // the string's bytes without its terminator
      byte[] end = org.treestore.engine.key.KeyRanges.prefixEnd(from);
      // The stored terms and those only pending segments hold, in key order, each once.
      java.util.TreeMap<byte[], String> matches = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
      TransactionCursor c = tx.cursor(InvertedIndex.TERMS);
      KeyReader kr = new KeyReader(new byte[0]);
      for (boolean ok = c.seek(from); ok && (end == null || c.compareKeyTo(end) < 0); ok = c.next()) {
        byte[] key = c.key();
        kr.reset(key, 0, key.length);
        kr.readInt();
        matches.put(key, kr.readString());
        checkExpansions(matches.size(), prefix, e.getKey());
      }
      for (String t : pending.termsWithPrefix(field, prefix)) {
        matches.put(InvertedIndex.termKey(field, t), t);
        checkExpansions(matches.size(), prefix, e.getKey());
      }
      for (String t : matches.values()) {
        PostingCursor pc = cursor(field, t, e.getValue());
        if (pc != null) {
          terms.add(new TermIterator(List.of(pc)));
        }
      }
    }
    return or(terms);
  }

  private static void checkExpansions(int count, String prefix, SearchField field) {
    if (count > MAX_EXPANSIONS) {
      throw new IllegalArgumentException("'" + prefix + "*' matches more than " + MAX_EXPANSIONS
          + " terms in " + field.name().toLowerCase(java.util.Locale.ROOT) + "; use a longer prefix");
    }
  }

  DocIterator or(List<DocIterator> children) {
    List<DocIterator> live = new ArrayList<>();
    for (DocIterator c : children) {
      if (c != NOTHING) {
        live.add(c);
      }
    }
    return live.isEmpty() ? NOTHING : live.size() == 1 ? live.get(0) : new OrIterator(live);
  }

  /** All of {@code required} (the first {@code scoring} of them scored) and none of {@code excluded}. */
  DocIterator and(List<DocIterator> required, int scoring, List<DocIterator> excluded) {
    for (DocIterator r : required) {
      if (r == NOTHING) {
        return NOTHING;
      }
    }
    List<DocIterator> out = new ArrayList<>();
    for (DocIterator e : excluded) {
      if (e != NOTHING) {
        out.add(e);
      }
    }
    if (required.size() == 1 && out.isEmpty()) {
      return required.get(0);
    }
    return new AndIterator(required, scoring, out);
  }

  /** A filter to the given ordinals (ascending). */
  DocIterator ordinals(int[] ords) {
    return ords.length == 0 ? NOTHING : new OrdinalSetIterator(ords);
  }

  /** Whether an iterator can match nothing at all. */
  static boolean isNothing(DocIterator it) {
    return it == NOTHING;
  }
}
