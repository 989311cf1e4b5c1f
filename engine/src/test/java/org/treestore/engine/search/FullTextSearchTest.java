package org.treestore.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeChange;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.tx.Transaction;
import org.treestore.grammar.search.QuerySyntaxException;

/** Search end to end: documents stored through the document store, queried in the query language. */
class FullTextSearchTest {
  @TempDir Path dir;
  private Store store;
  private DocumentStore docs;
  private FullTextSearch search;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("fts.db"), StoreOptions.DEFAULT);
    docs = new DocumentStore(store);
    search = new FullTextSearch(docs, Analyzer.builder().stopWords(true).build());
    DocNode water = new DocNode("0000", "Water quality").setSummary("Results of sampling at customer taps.")
        .addChild(new DocNode("0001", "Lead").setText("Tap samples above the lead limit fell. Lead service lines remain."))
        .addChild(new DocNode("0002", "Microbiology").setText("No E. coli was found in treated water."));
    DocNode pipes = new DocNode("0003", "Infrastructure").setSummary("Pipes renewed during the year.")
        .addChild(new DocNode("0004", "Service lines").setText("Copper replaced lead in 9,800 service lines."));
    DocNode cn = new DocNode("0005", "水质报告").setText("本年度饮用水水质全部达标。");
    insert("report", PageIndexDocument.create("report", null, List.of(water, pipes, cn)));
    insert("other", PageIndexDocument.create("other", null,
        List.of(new DocNode("0000", "Lead paint").setText("Old lead paint in schools."))));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void insert(String id, PageIndexDocument doc) {
    try (Transaction tx = store.begin()) {
      docs.insert(tx, id, doc, null);
      tx.commit();
    }
  }

  private List<String> hits(String query) {
    try (Transaction tx = store.beginReadOnly()) {
      return search.search(tx, query, 10).hits().stream().map(h -> h.docId() + "/" + h.nodeId())
          .collect(Collectors.toList());
    }
  }

  @Test
  void termsPhrasesAndOperators() {
    assertEquals(List.of("report/0001", "other/0000", "report/0004"), hits("lead"));
    assertEquals(List.of("report/0004", "report/0001"), hits("\"service lines\""), "title and text beat text");
    assertEquals(List.of("report/0004"), hits("lead AND copper"));
    assertEquals(List.of("report/0001", "other/0000"), hits("lead -copper"));
    assertEquals(List.of("other/0000", "report/0001"), hits("title:lead paint"), "title:lead OR paint");
    assertTrue(hits("sampl*").contains("report/0000"), "prefix over the summary");
    assertEquals(List.of("report/0005"), hits("水质"), "CJK bigram");
    assertEquals(java.util.Set.of("report/0003", "report/0004"), java.util.Set.copyOf(hits("pipe OR copper")),
        "stemming: pipes ~ pipe");
  }

  @Test
  void filtersScopeToADocumentOrSubtree() {
    assertEquals(List.of("report/0001", "report/0004"), hits("lead doc:report"));
    assertEquals(List.of("report/0004"), hits("lead under:/0003"));
    assertEquals(List.of("report/0001"), hits("lead doc:report under:/0000"));
    try (Transaction tx = store.beginReadOnly()) {
      SearchResult none = search.search(tx, "lead under:/9999", 10);
      assertTrue(none.hits().isEmpty());
      assertTrue(none.note().contains("no node is under /9999"), none.note());
    }
  }

  @Test
  void resultsCarryScoresRanksAndSnippets() {
    try (Transaction tx = store.beginReadOnly()) {
      List<SearchHit> h = search.search(tx, "lead service", 10).hits();
      assertEquals(1, h.get(0).rank());
      assertTrue(h.get(0).score() > h.get(1).score());
      assertTrue(h.stream().allMatch(x -> x.snippet() != null && x.snippet().contains("«")), h.toString());
      assertTrue(h.get(0).snippet().contains("«lead»") || h.get(0).snippet().contains("«Lead»"), h.get(0).snippet());
      // Without snippets: the same hits, scores and ranks, no snippet.
      List<SearchHit> bare = search.search(tx, "lead service", 10, false).hits();
      assertEquals(h.size(), bare.size());
      for (int i = 0; i < h.size(); i++) {
        SearchHit a = h.get(i);
        assertEquals(new SearchHit(a.docId(), a.nodeId(), a.score(), a.rank(), null), bare.get(i));
      }
    }
  }

  @Test
  void emptyAndStopWordQueriesAnswerClearly() {
    try (Transaction tx = store.beginReadOnly()) {
      assertEquals("the query is empty", search.search(tx, "   ", 10).note());
      assertTrue(search.search(tx, "the of", 10).note().contains("no searchable terms"));
      assertTrue(search.search(tx, "doc:report", 10).note().contains("no search terms"));
      QuerySyntaxException e = assertThrows(QuerySyntaxException.class, () -> search.search(tx, "lead AND", 10));
      assertEquals(8, e.position());
    }
  }

  @Test
  void theIndexFollowsEveryWriteInItsTransaction() {
    try (Transaction tx = store.begin(); Transaction other = store.beginReadOnly()) {
      docs.updateNode(tx, "report", "0002", new NodeChange().text("Bacteria tests were negative."));
      docs.deleteNode(tx, "report", "0003");
      docs.insertNode(tx, "other", null, -1, new DocNode(null, "Bacteria"));
      assertEquals(2, search.search(tx, "bacteria", 10).hits().size(), "own writes are searched");
      assertEquals(0, search.search(other, "bacteria", 10).hits().size(), "others' are not");
      assertEquals(List.of(), search.search(tx, "coli", 10).hits(), "old text is gone");
      tx.commit();
    }
    assertEquals(List.of("report/0001", "other/0000"), hits("lead"));
    try (Transaction tx = store.begin()) {
      docs.delete(tx, "other");
      tx.commit();
    }
    assertEquals(List.of("report/0001"), hits("lead"));
  }

  /**
   * Random node edits (content changes, also to the same or no value, inserts, deletes), some
   * rolled back, some searched inside their transaction: every edited node keeps its ordinal, and
   * the check (postings, statistics and bounds against the documents) passes after every commit.
   */
  @Test
  void editsKeepOrdinalsAndTheIndexExact() {
    java.util.Random rnd = new java.util.Random(11);
    String[] words = {"lead", "pipe", "water", "tap", "copper", "sample", "limit", "line", "school", "paint"};
    InvertedIndex inv = new InvertedIndex();
    java.util.Map<String, Integer> ords = new java.util.HashMap<>();
    for (int step = 0; step < 120; step++) {
      try (Transaction tx = store.begin()) {
        List<String> ids = docs.pathPrefix(tx, "report", "/").stream().map(r -> r.nodeId()).collect(Collectors.toList());
        for (String id : ids) {
          int ord = inv.ordinalOf(tx, "report", id);
          assertEquals(ords.computeIfAbsent(id, k -> ord), ord, "step " + step + ": ordinal of " + id);
        }
        for (int edit = 1 + rnd.nextInt(4); edit > 0; edit--) {
          if (ids.isEmpty()) {
            ids.add(docs.insertNode(tx, "report", null, -1, new DocNode(null, text(rnd, words))).nodeId());
          }
          String id = ids.get(rnd.nextInt(ids.size()));
          int kind = rnd.nextInt(10);
          if (kind == 0 && ids.size() > 3) {
            docs.deleteNode(tx, "report", id); // with its subtree
            ids = docs.pathPrefix(tx, "report", "/").stream().map(r -> r.nodeId()).collect(Collectors.toList());
          } else if (kind == 1) {
            ids.add(docs.insertNode(tx, "report", id, -1, new DocNode(null, text(rnd, words))).nodeId());
          } else {
            NodeChange c = new NodeChange();
            String v = rnd.nextInt(5) == 0 ? null : text(rnd, words);
            switch (rnd.nextInt(3)) {
              case 0 -> c.title(v);
              case 1 -> c.summary(v);
              default -> c.text(v);
            }
            docs.updateNode(tx, "report", id, c);
          }
        }
        if (rnd.nextInt(3) == 0) {
          search.search(tx, words[rnd.nextInt(words.length)], 5); // flushes the batch mid-transaction
        }
        if (rnd.nextInt(6) == 0) {
          tx.rollback();
        } else {
          tx.commit();
        }
      }
      try (Transaction tx = store.beginReadOnly()) {
        org.treestore.engine.docstore.DocumentChecker.Report r = search.check(tx);
        assertTrue(r.isOk(), "step " + step + ": " + r);
      }
    }
  }

  @Test
  void aChangedNodeTheIndexDoesNotHoldIsAddedWhole() {
    // A listener registered after the documents were written does not know them (addListener);
    // a change of such a node adds it with every field, not only the changed one.
    try (Store other = Store.open(dir.resolve("late.db"), StoreOptions.DEFAULT)) {
      DocumentStore plain = new DocumentStore(other);
      try (Transaction tx = other.begin()) {
        plain.insert(tx, "late", PageIndexDocument.create("late", null,
            List.of(new DocNode("0000", "Reservoir levels").setText("The reservoir is full."))), null);
        tx.commit();
      }
      FullTextSearch late = new FullTextSearch(plain, Analyzer.builder().build());
      try (Transaction tx = other.begin()) {
        plain.updateNode(tx, "late", "0000", new NodeChange().summary("Drought ended"));
        tx.commit();
      }
      try (Transaction tx = other.beginReadOnly()) {
        for (String q : new String[] {"reservoir", "drought", "full"}) {
          assertEquals(List.of("late/0000"), late.search(tx, q, 10).hits().stream()
              .map(h -> h.docId() + "/" + h.nodeId()).collect(Collectors.toList()), q);
        }
        assertTrue(late.check(tx).isOk(), () -> late.check(tx).toString());
      }
    }
  }

  private static String text(java.util.Random rnd, String[] words) {
    StringBuilder sb = new StringBuilder();
    for (int n = 1 + rnd.nextInt(8); n > 0; n--) {
      sb.append(words[rnd.nextInt(words.length)]).append(' ');
    }
    return sb.toString();
  }

  @Test
  void theCheckFindsAnIndexThatDisagreesWithTheDocuments() {
    try (Transaction tx = store.beginReadOnly()) {
      assertTrue(search.check(tx).isOk(), () -> search.check(tx).toString());
      assertEquals(7, search.check(tx).nodes());
    }
    try (Transaction tx = store.begin()) {
      // A posting for a node that does not hold the term, and field statistics off by one.
      PostingsBlock block = new PostingsBlock().reset();
      block.put(1, 3, new int[] {0}, 0, 1);
      tx.put(InvertedIndex.POSTINGS, InvertedIndex.blockKey(SearchField.TITLE.ordinal(), "zebra", 1), block.encode());
      tx.put(InvertedIndex.STATS, InvertedIndex.statsKey(SearchField.TEXT.ordinal()),
          new InvertedIndex.FieldStats(99, 1).encode());
      org.treestore.engine.docstore.DocumentChecker.Report r = search.check(tx);
      String all = String.join("\n", r.problems());
      assertTrue(all.contains("fts.postings: 0#zebra lists ordinal 1, whose node does not hold it"), all);
      assertTrue(all.contains("fts.stats: field TEXT counts 99 nodes"), all);
      assertEquals(2, r.problemCount(), all);
    }
  }

  @Test
  void theCheckReadsPendingSegmentsToo() {
    try (Transaction tx = store.begin()) {
      // A pending put for a node that does not hold the term, with the statistics it implies.
      PendingSegment.Writer w = new PendingSegment.Writer();
      w.term(SearchField.TITLE.ordinal(), "yak", 1, 1, 3, 1);
      w.put(2, 3, 1, new int[] {0}, 0, 1);
      byte[] bytes = w.toByteArray();
      tx.put(InvertedIndex.PENDING, new PendingPostings.SegmentKey(1_000, 77, bytes.length).encode(), bytes);
      org.treestore.engine.docstore.DocumentChecker.Report r = search.check(tx);
      String all = String.join("\n", r.problems());
      assertTrue(all.contains("fts.postings: 0#yak lists ordinal 2, whose node does not hold it"), all);
      assertTrue(all.contains("fts.terms: 0#yak has statistics but no node holds it"), all);
      assertEquals(2, r.problemCount(), all);
      // A search sees the pending posting: the overlay is read, not only the stored lists.
      assertEquals(1, search.search(tx, "title:yak", 10).hits().size());
    }
  }

  @Test
  void mergingPendingSegmentsChangesNoAnswer() {
    String[] queries = {"lead", "pipe OR water", "\"lead pipe\"", "wat*", "title:lead", "lead -pipe"};
    for (int i = 0; i < 6; i++) {
      try (Transaction tx = store.begin()) { // small commits: each leaves a pending segment
        docs.insertNode(tx, "report", null, -1, new DocNode(null, "Lead pipe " + i).setText("water sample lead " + i));
        tx.commit();
      }
    }
    List<String> before = new java.util.ArrayList<>();
    try (Transaction tx = store.beginReadOnly()) {
      assertTrue(tx.cursor(InvertedIndex.PENDING).first(), "pending segments to merge");
      for (String q : queries) {
        before.add(search.search(tx, q, 20).hits().toString());
      }
    }
    try (Transaction tx = store.begin()) {
      assertTrue(search.mergePending(tx) >= 6);
      tx.commit();
    }
    try (Transaction tx = store.beginReadOnly()) {
      assertFalse(tx.cursor(InvertedIndex.PENDING).first(), "no pending segment after the merge");
      for (int i = 0; i < queries.length; i++) {
        assertEquals(before.get(i), search.search(tx, queries[i], 20).hits().toString(), queries[i]);
      }
      assertTrue(search.check(tx).isOk(), () -> search.check(tx).toString());
    }
  }
}
