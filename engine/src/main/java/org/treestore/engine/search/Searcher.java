package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Ranks indexed nodes for a list of analysed query terms with {@link Bm25}, in the caller's
 * transaction (so against its snapshot and its own writes).
 *
 * <p>This first version scores exhaustively, term at a time: every posting of every query term is
 * read once and accumulated, then the best {@code limit} are kept in a heap. It is the reference the
 * faster top-k strategies (block-max bounds) are checked against. Ties are broken by ordinal, that
 * is, the node indexed first ranks first, so results are deterministic.
 */
public final class Searcher {
  /** One result. {@code rank} counts from 1. */
  public record Hit(String docId, String nodeId, int ordinal, double score, int rank) {}

  /** One query term and the fields it is searched in, with their boosts. */
  public record TermClause(String term, Map<SearchField, Double> boosts) {
    public TermClause {
      Objects.requireNonNull(term, "term");
      boosts = Collections.unmodifiableMap(new EnumMap<>(boosts));
    }

    /** The term in every field, with the default boosts. */
    public static TermClause everywhere(String term) {
      Map<SearchField, Double> b = new EnumMap<>(SearchField.class);
      for (SearchField f : SearchField.values()) {
        b.put(f, f.defaultBoost());
      }
      return new TermClause(term, b);
    }
  }

  private static final class Accumulator {
    double score;
    long matched; // bit i: clause i matched
  }

  /**
   * The best {@code limit} nodes holding any of the terms ({@code requireAll} false) or all of them
   * (true), best first.
   */
  public List<Hit> search(Transaction tx, List<TermClause> clauses, boolean requireAll, int limit) {
    if (clauses.size() > 64) {
      throw new IllegalArgumentException("at most 64 query terms, got " + clauses.size());
    }
    if (limit <= 0 || clauses.isEmpty()) {
      return List.of();
    }
    InvertedIndex.FieldStats[] stats = new InvertedIndex.FieldStats[SearchField.values().length];
    for (SearchField f : SearchField.values()) {
      stats[f.ordinal()] = InvertedIndex.FieldStats.read(tx.get(InvertedIndex.STATS, InvertedIndex.statsKey(f.ordinal())));
    }
    Map<Integer, Accumulator> acc = new HashMap<>();
    PostingsBlock block = new PostingsBlock();
    for (int i = 0; i < clauses.size(); i++) {
      TermClause c = clauses.get(i);
      for (Map.Entry<SearchField, Double> fb : c.boosts().entrySet()) {
        int f = fb.getKey().ordinal();
        InvertedIndex.TermStats ts = InvertedIndex.TermStats.read(tx.get(InvertedIndex.TERMS, InvertedIndex.termKey(f, c.term())));
        if (ts == null) {
          continue;
        }
        double weight = fb.getValue() * Bm25.idf(stats[f].nodes(), ts.nodes());
        double avg = stats[f].averageLength();
        byte[] prefix = InvertedIndex.termKey(f, c.term());
        byte[] end = KeyRanges.prefixEnd(prefix);
        TransactionCursor cur = tx.cursor(InvertedIndex.POSTINGS);
        KeyReader kr = new KeyReader(new byte[0]);
        for (boolean ok = cur.seek(prefix); ok && cur.compareKeyTo(end) < 0; ok = cur.next()) {
          byte[] key = cur.key();
          kr.reset(key, 0, key.length);
          kr.readInt();
          kr.readString();
          block.decode(kr.readInt(), cur.value(), false);
          for (int p = 0; p < block.count; p++) {
            Accumulator a = acc.computeIfAbsent(block.ords[p], k -> new Accumulator());
            a.score += weight * Bm25.tfPart(block.tfs[p], block.lens[p], avg);
            a.matched |= 1L << i;
          }
        }
      }
    }
    long all = clauses.size() == 64 ? -1L : (1L << clauses.size()) - 1;
    PriorityQueue<long[]> heap = new PriorityQueue<>(limit + 1, (x, y) -> {
      int s = Double.compare(Double.longBitsToDouble(x[1]), Double.longBitsToDouble(y[1]));
      return s != 0 ? s : Long.compare(y[0], x[0]); // worst first: lower score, then later ordinal
    });
    for (Map.Entry<Integer, Accumulator> e : acc.entrySet()) {
      Accumulator a = e.getValue();
      if (requireAll && a.matched != all) {
        continue;
      }
      heap.add(new long[] {e.getKey(), Double.doubleToLongBits(a.score)});
      if (heap.size() > limit) {
        heap.poll();
      }
    }
    List<long[]> best = new ArrayList<>(heap);
    best.sort(heap.comparator().reversed());
    List<Hit> hits = new ArrayList<>(best.size());
    InvertedIndex index = new InvertedIndex();
    for (long[] b : best) {
      String[] node = index.nodeOf(tx, (int) b[0]);
      hits.add(new Hit(node[0], node[1], (int) b[0], Double.longBitsToDouble(b[1]), hits.size() + 1));
    }
    return hits;
  }
}
