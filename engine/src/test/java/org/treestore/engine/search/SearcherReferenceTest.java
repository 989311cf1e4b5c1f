package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.tx.Transaction;

/**
 * Scores equal a straightforward BM25 written here from the definition (within 1e-9), over a
 * random corpus built with adds and removes across transactions; the ranking and the AND/OR
 * semantics match; a search sees its own transaction's nodes and not another's.
 */
class SearcherReferenceTest {
  @TempDir Path dir;

  private static final String[] WORDS = new String[60];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      WORDS[i] = "w" + i;
    }
  }

  /** A Zipf-ish word: low numbers much more often. */
  private static String word(Random rnd) {
    return WORDS[(int) Math.min(WORDS.length - 1, Math.floor(Math.pow(rnd.nextDouble(), 3) * WORDS.length))];
  }

  private static String[] field(Random rnd, int maxLen) {
    if (rnd.nextInt(6) == 0) {
      return null;
    }
    String[] t = new String[1 + rnd.nextInt(maxLen)];
    for (int i = 0; i < t.length; i++) {
      t[i] = word(rnd);
    }
    return t;
  }

  /** BM25 from the definition over the model corpus. */
  private static Map<String, Double> reference(Map<String, String[][]> corpus, List<Searcher.TermClause> q, boolean all) {
    int fields = SearchField.values().length;
    long[] n = new long[fields];
    long[] total = new long[fields];
    for (String[][] node : corpus.values()) {
      for (int f = 0; f < fields; f++) {
        if (node[f] != null && node[f].length > 0) {
          n[f]++;
          total[f] += node[f].length;
        }
      }
    }
    Map<String, Double> scores = new HashMap<>();
    Map<String, Long> dfs = new HashMap<>();
    for (Map.Entry<String, String[][]> e : corpus.entrySet()) {
      double score = 0;
      int matched = 0;
      for (Searcher.TermClause c : q) {
        boolean hit = false;
        for (Map.Entry<SearchField, Double> fb : c.boosts().entrySet()) {
          int f = fb.getKey().ordinal();
          String[] tokens = e.getValue()[f];
          int tf = count(tokens, c.term());
          if (tf == 0) {
            continue;
          }
          hit = true;
          long df = dfs.computeIfAbsent(f + "#" + c.term(),
              k -> corpus.values().stream().filter(x -> count(x[f], c.term()) > 0).count());
          double idf = Math.log(1 + (n[f] - df + 0.5) / (df + 0.5));
          double avg = (double) total[f] / n[f];
          score += fb.getValue() * idf * tf * (1.2 + 1) / (tf + 1.2 * (1 - 0.75 + 0.75 * tokens.length / avg));
        }
        matched += hit ? 1 : 0;
      }
      if (matched > 0 && (!all || matched == q.size())) {
        scores.put(e.getKey(), score);
      }
    }
    return scores;
  }

  private static int count(String[] tokens, String term) {
    int c = 0;
    if (tokens != null) {
      for (String t : tokens) {
        c += t.equals(term) ? 1 : 0;
      }
    }
    return c;
  }

  @Test
  void scoresEqualTheDefinition() {
    InvertedIndex index = new InvertedIndex();
    Searcher searcher = new Searcher();
    for (int seed = 0; seed < 12; seed++) {
      Random rnd = new Random(seed);
      Map<String, String[][]> corpus = new LinkedHashMap<>();
      try (Store store = Store.open(dir.resolve("s" + seed + ".db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
        int next = 0;
        for (int round = 0; round < 8; round++) {
          try (Transaction tx = store.begin()) {
            List<InvertedIndex.NodeTerms> add = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
              String id = "n" + next++;
              String[][] f = {field(rnd, 6), field(rnd, 20), field(rnd, 80)};
              add.add(new InvertedIndex.NodeTerms("d" + (next % 7), id, f));
              corpus.put("d" + (next % 7) + "/" + id, f);
            }
            index.add(tx, add);
            List<InvertedIndex.NodeTerms> remove = new ArrayList<>();
            for (String key : new ArrayList<>(corpus.keySet())) {
              if (rnd.nextInt(10) == 0) {
                String[] dn = key.split("/");
                remove.add(new InvertedIndex.NodeTerms(dn[0], dn[1], corpus.remove(key)));
              }
            }
            index.remove(tx, remove);
            tx.commit();
          }
        }
        try (Transaction tx = store.beginReadOnly()) {
          for (int q = 0; q < 30; q++) {
            List<Searcher.TermClause> query = new ArrayList<>();
            int terms = 1 + rnd.nextInt(3);
            for (int t = 0; t < terms; t++) {
              query.add(rnd.nextBoolean() ? Searcher.TermClause.everywhere(word(rnd))
                  : new Searcher.TermClause(word(rnd), Map.of(SearchField.values()[rnd.nextInt(3)], 1.0 + rnd.nextInt(3))));
            }
            boolean all = rnd.nextBoolean();
            Map<String, Double> expected = reference(corpus, query, all);
            List<Searcher.Hit> hits = searcher.searchExhaustive(tx, query, all, 1_000_000);
            assertEquals(expected.size(), hits.size(), "seed " + seed + " query " + q);
            for (Searcher.Hit h : hits) {
              Double want = expected.get(h.docId() + "/" + h.nodeId());
              assertTrue(want != null, "unexpected hit " + h);
              assertEquals(want, h.score(), 1e-9, "seed " + seed + " query " + q + " " + h);
            }
            for (int i = 1; i < hits.size(); i++) {
              assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "best first");
              assertEquals(i + 1, hits.get(i).rank());
            }
            for (int k : new int[] {1, 3, 10, 1_000_000}) {
              assertEquals(hits.subList(0, Math.min(k, hits.size())), searcher.search(tx, query, all, k),
                  "seed " + seed + " query " + q + ": top-" + k + " is the head of the full ranking");
            }
          }
        }
      }
    }
  }

  /**
   * A larger corpus, so that MaxScore prunes and skips blocks: the top-k still equals the
   * reference. Run with the lists all stored, partly pending (merged every few commits) and all
   * pending, with removals of earlier nodes, so pruning also runs over overlays that put and hide.
   */
  @ParameterizedTest(name = "at most {0} pending segments of {1} bytes")
  @CsvSource({"0, 0", "3, 1000000", "1000, 1000000000000"})
  void topKEqualsExhaustiveOnALargerCorpus(int maxSegments, long maxPendingBytes) {
    InvertedIndex index = new InvertedIndex(maxSegments, maxPendingBytes);
    Searcher searcher = new Searcher();
    Random rnd = new Random(7);
    List<InvertedIndex.NodeTerms> live = new ArrayList<>();
    try (Store store = Store.open(dir.resolve("big" + maxSegments + ".db"), StoreOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      for (int round = 0; round < 10; round++) {
        try (Transaction tx = store.begin()) {
          List<InvertedIndex.NodeTerms> add = new ArrayList<>();
          for (int i = 0; i < 1000; i++) {
            add.add(new InvertedIndex.NodeTerms("d" + round, "n" + i, new String[][] {field(rnd, 6), field(rnd, 20), field(rnd, 80)}));
          }
          index.add(tx, add);
          live.addAll(add);
          List<InvertedIndex.NodeTerms> remove = new ArrayList<>();
          for (int i = 0; i < 40 && round > 0; i++) {
            remove.add(live.remove(rnd.nextInt(live.size() - add.size())));
          }
          index.remove(tx, remove);
          tx.commit();
        }
      }
      try (Transaction tx = store.beginReadOnly()) {
        assertEquals(maxSegments > 0, tx.cursor(InvertedIndex.PENDING).first(), "pending segments");
        for (int q = 0; q < 60; q++) {
          List<Searcher.TermClause> query = new ArrayList<>();
          for (int t = 0; t < 1 + q % 3; t++) {
            query.add(Searcher.TermClause.everywhere(word(rnd)));
          }
          boolean all = q % 4 == 0;
          List<Searcher.Hit> full = searcher.searchExhaustive(tx, query, all, 10);
          assertEquals(full, searcher.search(tx, query, all, 10), "query " + q + " " + query);
        }
      }
    }
  }

  @Test
  void aSearchSeesItsOwnTransactionOnly() {
    InvertedIndex index = new InvertedIndex();
    Searcher searcher = new Searcher();
    try (Store store = Store.open(dir.resolve("tx.db"), StoreOptions.DEFAULT)) {
      String[][] f = {new String[] {"lead"}, null, new String[] {"lead", "pipes"}};
      try (Transaction writer = store.begin(); Transaction other = store.beginReadOnly()) {
        index.add(writer, List.of(new InvertedIndex.NodeTerms("doc", "0001", f)));
        assertEquals(1, searcher.search(writer, List.of(Searcher.TermClause.everywhere("lead")), false, 10).size());
        assertEquals(0, searcher.search(other, List.of(Searcher.TermClause.everywhere("lead")), false, 10).size());
        writer.commit();
        assertEquals(0, searcher.search(other, List.of(Searcher.TermClause.everywhere("lead")), false, 10).size());
      }
      try (Transaction later = store.beginReadOnly()) {
        List<Searcher.Hit> hits = searcher.search(later, List.of(Searcher.TermClause.everywhere("pipes")), false, 10);
        assertEquals("0001", hits.get(0).nodeId());
        assertEquals(1, hits.get(0).rank());
      }
    }
  }
}
