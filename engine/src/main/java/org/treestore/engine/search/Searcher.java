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
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * Ranks indexed nodes for a list of analysed query terms with {@link Bm25}, in the caller's
 * transaction (so against its snapshot and its own writes).
 *
 * <p><b>Top-k.</b> {@link #search} walks the postings document-at-a-time in ordinal order. For
 * "any term" it uses MaxScore: the lists are ordered by their score bound (from the term
 * statistics); once the k-th best score exceeds the sum of the bounds of the weakest lists, those
 * lists can no longer lift a node into the top k on their own, so only the others produce
 * candidates, and the weak ones are consulted (by seeking, block by block) only while a candidate
 * can still make it. Common terms, which have low IDF and so low bounds, are then read sparsely.
 * For "all terms" the rarest list leads and the others are advanced to its candidates (leapfrog).
 *
 * <p>{@link #searchExhaustive} scores every posting, term at a time; it is the reference the
 * top-k paths are tested against (same hits, same scores to the bit: both add a node's term
 * scores in the same order). Ties are broken by ordinal, that is, the node indexed first ranks
 * first, so results are deterministic.
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
    InvertedIndex.flush(tx);
    PendingPostings pending = PendingPostings.of(tx);
    List<PostingCursor> cursors = new ArrayList<>();
    InvertedIndex.FieldStats[] stats = new InvertedIndex.FieldStats[SearchField.values().length];
    int slot = 0;
    boolean[] clauseHasList = new boolean[clauses.size()];
    for (int i = 0; i < clauses.size(); i++) {
      TermClause c = clauses.get(i);
      for (Map.Entry<SearchField, Double> fb : c.boosts().entrySet()) {
        int f = fb.getKey().ordinal();
        if (stats[f] == null) {
          stats[f] = fieldStats(tx, f);
        }
        InvertedIndex.FieldStats fs = stats[f];
        InvertedIndex.TermStats ts = pending.stats(f, c.term(),
            InvertedIndex.TermStats.read(tx.get(InvertedIndex.TERMS, InvertedIndex.termKey(f, c.term()))));
        if (ts != null) {
          double weight = fb.getValue() * Bm25.idf(fs.nodes(), ts.nodes());
          cursors.add(PostingCursor.of(tx, f, c.term(), ts, weight, fs.averageLength(), slot, i,
              pending.overlay(f, c.term())));
          clauseHasList[i] = true;
        }
        slot++;
      }
    }
    TopK top = new TopK(limit, slot);
    if (requireAll) {
      for (boolean has : clauseHasList) {
        if (!has) {
          return List.of();
        }
      }
      allTerms(cursors, clauses.size(), top);
    } else {
      anyTerm(cursors, top);
    }
    return top.hits(tx);
  }

  private static InvertedIndex.FieldStats fieldStats(Transaction tx, int field) {
    return InvertedIndex.FieldStats.read(tx.get(InvertedIndex.STATS, InvertedIndex.statsKey(field)));
  }

  /** MaxScore over the cursors (see the class comment). */
  private static void anyTerm(List<PostingCursor> cursors, TopK top) {
    PostingCursor[] c = cursors.toArray(new PostingCursor[0]);
    java.util.Arrays.sort(c, (x, y) -> Double.compare(x.maxScore, y.maxScore));
    int n = c.length;
    double[] boundBelow = new double[n + 1]; // boundBelow[i]: sum of the bounds of c[0..i)
    for (int i = 0; i < n; i++) {
      boundBelow[i + 1] = boundBelow[i] + c[i].maxScore;
      c[i].first();
    }
    int essential = 0;
    while (true) {
      double threshold = top.threshold();
      while (essential < n && boundBelow[essential + 1] <= threshold) {
        essential++;
      }
      if (essential == n) {
        return; // even all lists together cannot beat the k-th best
      }
      int candidate = PostingCursor.END;
      for (int j = essential; j < n; j++) {
        // Block-max: a block whose bound, with every other list's bound, cannot beat the k-th
        // best holds no node that can enter; skip it undecoded. (Its nodes may still turn up
        // through other lists, scored without this list: they cannot enter either.)
        double others = boundBelow[n] - c[j].maxScore;
        while (c[j].ord() != PostingCursor.END && c[j].blockMaxScore() + others <= threshold) {
          c[j].nextBlock();
        }
        candidate = Math.min(candidate, c[j].ord());
      }
      if (candidate == PostingCursor.END) {
        return;
      }
      top.startCandidate();
      double score = 0;
      for (int j = essential; j < n; j++) {
        if (c[j].ord() == candidate) {
          double s = c[j].score();
          top.contribute(c[j].slot, s);
          score += s;
          c[j].next();
        }
      }
      boolean pruned = false;
      for (int j = essential - 1; j >= 0; j--) {
        if (score + boundBelow[j + 1] <= threshold) {
          pruned = true;
          break;
        }
        if (c[j].advance(candidate) == candidate) {
          double s = c[j].score();
          top.contribute(c[j].slot, s);
          score += s;
        }
      }
      if (!pruned) {
        top.offer(candidate);
      }
    }
  }

  /** Leapfrog: a node qualifies when every clause has a list at it. */
  private static void allTerms(List<PostingCursor> cursors, int clauseCount, TopK top) {
    for (PostingCursor c : cursors) {
      c.first();
    }
    int candidate = 0;
    while (true) {
      boolean moved = true;
      while (moved) {
        moved = false;
        for (int clause = 0; clause < clauseCount; clause++) {
          int min = PostingCursor.END;
          for (PostingCursor c : cursors) {
            if (c.clause == clause) {
              min = Math.min(min, c.advance(candidate));
            }
          }
          if (min == PostingCursor.END) {
            return;
          }
          if (min > candidate) {
            candidate = min;
            moved = true;
          }
        }
      }
      top.startCandidate();
      for (PostingCursor c : cursors) {
        if (c.ord() == candidate) {
          top.contribute(c.slot, c.score());
        }
      }
      top.offer(candidate);
      candidate++;
    }
  }

  /** The k best (ordinal, score) pairs; a candidate's score is summed in slot order. */
  private static final class TopK {
    private final int limit;
    private final double[] contribution;
    private final int[] stamp;
    private int current;
    private final PriorityQueue<long[]> heap;

    TopK(int limit, int slots) {
      this.limit = limit;
      this.contribution = new double[slots];
      this.stamp = new int[slots];
      this.heap = new PriorityQueue<>(Math.min(limit, 1024) + 1, WORST_FIRST);
    }

    double threshold() {
      return heap.size() < limit ? Double.NEGATIVE_INFINITY : Double.longBitsToDouble(heap.peek()[1]);
    }

    void startCandidate() {
      current++;
    }

    void contribute(int slot, double score) {
      contribution[slot] = score;
      stamp[slot] = current;
    }

    void offer(int ord) {
      double score = 0;
      for (int s = 0; s < contribution.length; s++) {
        if (stamp[s] == current) {
          score += contribution[s];
        }
      }
      if (heap.size() < limit) {
        heap.add(new long[] {ord, Double.doubleToLongBits(score)});
      } else if (score > Double.longBitsToDouble(heap.peek()[1])) {
        heap.poll();
        heap.add(new long[] {ord, Double.doubleToLongBits(score)});
      }
    }

    List<Hit> hits(Transaction tx) {
      return toHits(tx, heap);
    }
  }

  /** Worst first: lower score, then the later ordinal. */
  private static final java.util.Comparator<long[]> WORST_FIRST = (x, y) -> {
    int s = Double.compare(Double.longBitsToDouble(x[1]), Double.longBitsToDouble(y[1]));
    return s != 0 ? s : Long.compare(y[0], x[0]);
  };

  private static List<Hit> toHits(Transaction tx, PriorityQueue<long[]> heap) {
    List<long[]> best = new ArrayList<>(heap);
    best.sort(WORST_FIRST.reversed());
    List<Hit> hits = new ArrayList<>(best.size());
    InvertedIndex index = new InvertedIndex();
    for (long[] b : best) {
      String[] node = index.nodeOf(tx, (int) b[0]);
      hits.add(new Hit(node[0], node[1], (int) b[0], Double.longBitsToDouble(b[1]), hits.size() + 1));
    }
    return hits;
  }

  /** The best {@code limit} matches of a general query tree, document at a time (no pruning). */
  static List<Hit> collect(Transaction tx, DocIterator root, int limit) {
    if (limit <= 0 || QueryPlanner.isNothing(root)) {
      return List.of();
    }
    PriorityQueue<long[]> heap = new PriorityQueue<>(Math.min(limit, 1024) + 1, WORST_FIRST);
    for (int d = root.next(); d != DocIterator.END; d = root.next()) {
      double score = root.score();
      if (heap.size() < limit) {
        heap.add(new long[] {d, Double.doubleToLongBits(score)});
      } else if (score > Double.longBitsToDouble(heap.peek()[1])) {
        heap.poll();
        heap.add(new long[] {d, Double.doubleToLongBits(score)});
      }
    }
    return toHits(tx, heap);
  }

  /** The same answer as {@link #search}, by scoring every posting (the reference). */
  public List<Hit> searchExhaustive(Transaction tx, List<TermClause> clauses, boolean requireAll, int limit) {
    if (clauses.size() > 64) {
      throw new IllegalArgumentException("at most 64 query terms, got " + clauses.size());
    }
    if (limit <= 0 || clauses.isEmpty()) {
      return List.of();
    }
    InvertedIndex.flush(tx);
    InvertedIndex.FieldStats[] stats = new InvertedIndex.FieldStats[SearchField.values().length];
    for (SearchField f : SearchField.values()) {
      stats[f.ordinal()] = InvertedIndex.FieldStats.read(tx.get(InvertedIndex.STATS, InvertedIndex.statsKey(f.ordinal())));
    }
    PendingPostings pending = PendingPostings.of(tx);
    Map<Integer, Accumulator> acc = new HashMap<>();
    PostingsBlock block = new PostingsBlock();
    for (int i = 0; i < clauses.size(); i++) {
      TermClause c = clauses.get(i);
      for (Map.Entry<SearchField, Double> fb : c.boosts().entrySet()) {
        int f = fb.getKey().ordinal();
        InvertedIndex.TermStats ts = pending.stats(f, c.term(),
            InvertedIndex.TermStats.read(tx.get(InvertedIndex.TERMS, InvertedIndex.termKey(f, c.term()))));
        if (ts == null) {
          continue;
        }
        double weight = fb.getValue() * Bm25.idf(stats[f].nodes(), ts.nodes());
        double avg = stats[f].averageLength();
        // The list as a map (ordinal to tf and length): the stored blocks, then the pending changes.
        java.util.TreeMap<Integer, int[]> list = new java.util.TreeMap<>();
        byte[] prefix = InvertedIndex.termKey(f, c.term());
        byte[] end = KeyRanges.prefixEnd(prefix);
        TransactionCursor cur = tx.cursor(InvertedIndex.POSTINGS);
        for (boolean ok = cur.seek(prefix); ok && cur.compareKeyTo(end) < 0; ok = cur.next()) {
          block.decode(cur.value(), false);
          for (int p = 0; p < block.count; p++) {
            list.put(block.ords[p], new int[] {block.tfs[p], block.lens[p]});
          }
        }
        for (PendingSegment seg : pending.segments()) {
          PendingSegment.TermDelta d = seg.term(f, c.term());
          for (int p = 0; d != null && p < d.count; p++) {
            if (d.isRemoval(p)) {
              list.remove(d.ords[p]);
            } else {
              list.put(d.ords[p], new int[] {d.tfs[p], d.lens[p]});
            }
          }
        }
        for (Map.Entry<Integer, int[]> e : list.entrySet()) {
          Accumulator a = acc.computeIfAbsent(e.getKey(), k -> new Accumulator());
          a.score += weight * Bm25.tfPart(e.getValue()[0], e.getValue()[1], avg);
          a.matched |= 1L << i;
        }
      }
    }
    long all = clauses.size() == 64 ? -1L : (1L << clauses.size()) - 1;
    PriorityQueue<long[]> heap = new PriorityQueue<>(Math.min(limit, 1024) + 1, WORST_FIRST);
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
    return toHits(tx, heap);
  }
}
