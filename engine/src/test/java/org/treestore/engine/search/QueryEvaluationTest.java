package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.tx.Transaction;

/**
 * Boolean query trees (terms, phrases, prefixes, AND with exclusions, OR, ordinal filters) evaluated
 * document at a time against a reference that evaluates the same tree node by node from the
 * definition: same matches, scores within 1e-9.
 */
class QueryEvaluationTest {
  @TempDir Path dir;

  private static final int FIELDS = SearchField.values().length;
  private final Random rnd = new Random(11);
  /** Node ordinal (insertion order) to its fields' tokens. */
  private final Map<Integer, String[][]> corpus = new HashMap<>();
  private long[] n = new long[FIELDS];
  private long[] total = new long[FIELDS];

  private String word() {
    return "w" + (int) Math.floor(Math.pow(rnd.nextDouble(), 2.5) * 25);
  }

  /** A query tree with its reference evaluation. */
  private interface Q {
    DocIterator build(QueryPlanner p);

    /** The score of node {@code ord}, or NaN if it does not match. */
    double eval(int ord);
  }

  private Map<SearchField, Double> boosts() {
    Map<SearchField, Double> b = new EnumMap<>(SearchField.class);
    for (SearchField f : SearchField.values()) {
      if (b.isEmpty() || rnd.nextBoolean()) {
        b.put(f, 1.0 + rnd.nextInt(3) * 0.5);
      }
    }
    return b;
  }

  private long df(int field, String term) {
    return corpus.values().stream().filter(x -> tf(x[field], term) > 0).count();
  }

  private static int tf(String[] tokens, String term) {
    int c = 0;
    for (String t : tokens == null ? new String[0] : tokens) {
      c += t.equals(term) ? 1 : 0;
    }
    return c;
  }

  private double part(int field, int tf, int len) {
    double avg = (double) total[field] / n[field];
    return tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len / avg));
  }

  private final Map<String, Double> idfs = new HashMap<>();

  /** Memoized: the corpus does not change once queries run. */
  private double idf(int field, String term) {
    return idfs.computeIfAbsent(field + "#" + term, k -> {
      long d = df(field, term);
      return Math.log(1 + (n[field] - d + 0.5) / (d + 0.5));
    });
  }

  private Q term(String t, Map<SearchField, Double> b) {
    return new Q() {
      public DocIterator build(QueryPlanner p) {
        return p.term(t, b);
      }

      public double eval(int ord) {
        double s = 0;
        boolean hit = false;
        for (Map.Entry<SearchField, Double> e : b.entrySet()) {
          String[] tokens = corpus.get(ord)[e.getKey().ordinal()];
          int tf = tf(tokens, t);
          if (tf > 0) {
            hit = true;
            s += e.getValue() * idf(e.getKey().ordinal(), t) * part(e.getKey().ordinal(), tf, tokens.length);
          }
        }
        return hit ? s : Double.NaN;
      }

      public String toString() {
        return t + b.keySet();
      }
    };
  }

  private Q phrase(String[] words, Map<SearchField, Double> b) {
    int[] offsets = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      offsets[i] = i;
    }
    return new Q() {
      public DocIterator build(QueryPlanner p) {
        return p.phrase(words, offsets, b);
      }

      public double eval(int ord) {
        double s = 0;
        boolean hit = false;
        for (Map.Entry<SearchField, Double> e : b.entrySet()) {
          int f = e.getKey().ordinal();
          String[] tokens = corpus.get(ord)[f];
          int freq = 0;
          for (int start = 0; tokens != null && start + words.length <= tokens.length; start++) {
            boolean m = true;
            for (int i = 0; i < words.length && m; i++) {
              m = tokens[start + i].equals(words[i]);
            }
            freq += m ? 1 : 0;
          }
          if (freq > 0) {
            hit = true;
            double idf = 0;
            for (String w : words) {
              idf += idf(f, w);
            }
            s += e.getValue() * idf * part(f, freq, tokens.length);
          }
        }
        return hit ? s : Double.NaN;
      }

      public String toString() {
        return "\"" + String.join(" ", words) + "\"" + b.keySet();
      }
    };
  }

  private Q prefix(String pre, Map<SearchField, Double> b) {
    return new Q() {
      public DocIterator build(QueryPlanner p) {
        return p.prefix(pre, b);
      }

      public double eval(int ord) {
        double s = 0;
        boolean hit = false;
        for (Map.Entry<SearchField, Double> e : b.entrySet()) {
          int f = e.getKey().ordinal();
          String[] tokens = corpus.get(ord)[f];
          for (String t : new TreeSet<>(List.of(tokens == null ? new String[0] : tokens))) {
            if (t.startsWith(pre)) {
              hit = true;
              s += e.getValue() * idf(f, t) * part(f, tf(tokens, t), tokens.length);
            }
          }
        }
        return hit ? s : Double.NaN;
      }

      public String toString() {
        return pre + "*" + b.keySet();
      }
    };
  }

  private Q or(List<Q> children) {
    return new Q() {
      public DocIterator build(QueryPlanner p) {
        List<DocIterator> it = new ArrayList<>();
        for (Q c : children) {
          it.add(c.build(p));
        }
        return p.or(it);
      }

      public double eval(int ord) {
        double s = 0;
        boolean hit = false;
        for (Q c : children) {
          double v = c.eval(ord);
          if (!Double.isNaN(v)) {
            hit = true;
            s += v;
          }
        }
        return hit ? s : Double.NaN;
      }

      public String toString() {
        return "OR" + children;
      }
    };
  }

  private Q and(List<Q> required, List<Q> excluded, int[] filter) {
    return new Q() {
      public DocIterator build(QueryPlanner p) {
        List<DocIterator> req = new ArrayList<>();
        for (Q c : required) {
          req.add(c.build(p));
        }
        if (filter != null) {
          req.add(p.ordinals(filter));
        }
        List<DocIterator> ex = new ArrayList<>();
        for (Q c : excluded) {
          ex.add(c.build(p));
        }
        return p.and(req, required.size(), ex);
      }

      public double eval(int ord) {
        if (filter != null && java.util.Arrays.binarySearch(filter, ord) < 0) {
          return Double.NaN;
        }
        for (Q c : excluded) {
          if (!Double.isNaN(c.eval(ord))) {
            return Double.NaN;
          }
        }
        double s = 0;
        for (Q c : required) {
          double v = c.eval(ord);
          if (Double.isNaN(v)) {
            return Double.NaN;
          }
          s += v;
        }
        return s;
      }

      public String toString() {
        return "AND" + required + "-" + excluded + (filter == null ? "" : " filter " + filter.length);
      }
    };
  }

  private Q random(int depth) {
    int kind = depth >= 2 ? rnd.nextInt(3) : rnd.nextInt(6);
    switch (kind) {
      case 0:
        return term(word(), boosts());
      case 1: {
        String[] w = new String[2 + rnd.nextInt(2)];
        for (int i = 0; i < w.length; i++) {
          w[i] = word();
        }
        return phrase(w, boosts());
      }
      case 2:
        return prefix("w" + rnd.nextInt(3), boosts());
      case 3:
      case 4: {
        List<Q> c = new ArrayList<>();
        for (int i = 0; i < 2 + rnd.nextInt(2); i++) {
          c.add(random(depth + 1));
        }
        return or(c);
      }
      default: {
        List<Q> req = new ArrayList<>();
        for (int i = 0; i < 1 + rnd.nextInt(2); i++) {
          req.add(random(depth + 1));
        }
        List<Q> ex = rnd.nextBoolean() ? List.of(random(depth + 1)) : List.of();
        int[] filter = null;
        if (rnd.nextInt(3) == 0) {
          filter = corpus.keySet().stream().filter(o -> rnd.nextInt(3) == 0).mapToInt(Integer::intValue).sorted().toArray();
        }
        return and(req, ex, filter);
      }
    }
  }

  @Test
  void treesMatchTheReference() {
    InvertedIndex index = new InvertedIndex();
    try (Store store = Store.open(dir.resolve("q.db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      int ord = 0;
      for (int round = 0; round < 3; round++) {
        try (Transaction tx = store.begin()) {
          List<InvertedIndex.NodeTerms> add = new ArrayList<>();
          for (int i = 0; i < 400; i++, ord++) {
            String[][] f = new String[FIELDS][];
            for (int k = 0; k < FIELDS; k++) {
              if (rnd.nextInt(5) > 0) {
                f[k] = new String[1 + rnd.nextInt(k == 2 ? 60 : 8)];
                for (int j = 0; j < f[k].length; j++) {
                  f[k][j] = word();
                }
                n[k]++;
                total[k] += f[k].length;
              }
            }
            corpus.put(ord, f);
            add.add(new InvertedIndex.NodeTerms("d", "n" + ord, f));
          }
          index.add(tx, add);
          tx.commit();
        }
      }
      try (Transaction tx = store.beginReadOnly()) {
        for (int q = 0; q < 300; q++) {
          Q query = random(0);
          Map<Integer, Double> expected = new HashMap<>();
          for (int o : corpus.keySet()) {
            double v = query.eval(o);
            if (!Double.isNaN(v)) {
              expected.put(o, v);
            }
          }
          List<Searcher.Hit> hits = Searcher.collect(tx, query.build(new QueryPlanner(tx)), Integer.MAX_VALUE);
          assertEquals(expected.size(), hits.size(), "query " + q + ": " + query);
          for (Searcher.Hit h : hits) {
            Double want = expected.get(h.ordinal());
            assertTrue(want != null, "query " + q + ": unexpected " + h + " for " + query);
            assertEquals(want, h.score(), 1e-9, "query " + q + ": " + query);
          }
          List<Double> best = expected.values().stream().sorted((a, b) -> Double.compare(b, a)).limit(10).toList();
          List<Searcher.Hit> top = Searcher.collect(tx, query.build(new QueryPlanner(tx)), 10);
          assertEquals(best.size(), top.size());
          for (int i = 0; i < best.size(); i++) {
            assertEquals(best.get(i), top.get(i).score(), 1e-9, "query " + q + " rank " + (i + 1));
          }
        }
      }
    }
  }
}
