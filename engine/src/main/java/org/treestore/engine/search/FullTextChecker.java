package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.treestore.engine.docstore.DocumentChecker;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeRecord;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.tx.Transaction;
import org.treestore.engine.tx.TransactionCursor;

/**
 * The integrity check of the full-text index against the documents: every node's fields are
 * analysed again and the postings, term statistics, field statistics and ordinal maps they call
 * for are compared, both ways, with what is stored. Holds the expected postings of the whole
 * database in memory, so it is a tool for tests and repairs, not for huge databases.
 */
final class FullTextChecker {
  private final Transaction tx;
  private final DocumentStore docs;
  private final FullTextIndex fti;
  private final List<String> problems = new ArrayList<>();
  private long count;

  FullTextChecker(Transaction tx, DocumentStore docs, FullTextIndex fti) {
    this.tx = tx;
    this.docs = docs;
    this.fti = fti;
  }

  private void problem(String p) {
    count++;
    if (problems.size() < DocumentChecker.MAX_LISTED) {
      problems.add(p);
    }
  }

  DocumentChecker.Report run() {
    int fields = SearchField.values().length;
    Map<String, Map<Integer, int[]>> expected = new HashMap<>(); // "field#term" -> ord -> positions (+len last)
    long[] nodes = new long[fields];
    long[] total = new long[fields];
    long nodeCount = 0;
    long documents = 0;
    InvertedIndex inv = fti.index();
    for (String docId : docs.documentIds(tx)) {
      documents++;
      for (NodeRecord r : docs.pathPrefix(tx, docId, "/")) {
        nodeCount++;
        int ord = inv.ordinalOf(tx, docId, r.nodeId());
        if (ord < 0) {
          problem("node " + docId + "/" + r.nodeId() + " has no ordinal in " + InvertedIndex.NODES);
          continue;
        }
        String[] back = inv.nodeOf(tx, ord);
        if (back == null || !back[0].equals(docId) || !back[1].equals(r.nodeId())) {
          problem(InvertedIndex.ORDS + ": ordinal " + ord + " of " + docId + "/" + r.nodeId() + " maps back to "
              + (back == null ? "nothing" : back[0] + "/" + back[1]));
        }
        String[][] terms = {fti.analyse(r.title()), fti.analyse(r.summary()),
            fti.analyse(r.hasText() ? docs.text(tx, docId, r.nodeId()) : null)};
        for (int f = 0; f < fields; f++) {
          if (terms[f] == null) {
            continue;
          }
          nodes[f]++;
          total[f] += terms[f].length;
          Map<String, List<Integer>> pos = new HashMap<>();
          for (int p = 0; p < terms[f].length; p++) {
            pos.computeIfAbsent(terms[f][p], k -> new ArrayList<>()).add(p);
          }
          for (Map.Entry<String, List<Integer>> e : pos.entrySet()) {
            int[] v = new int[e.getValue().size() + 1];
            for (int i = 0; i < v.length - 1; i++) {
              v[i] = e.getValue().get(i);
            }
            v[v.length - 1] = terms[f].length;
            expected.computeIfAbsent(f + "#" + e.getKey(), k -> new HashMap<>()).put(ord, v);
          }
        }
      }
    }
    PendingPostings pending = PendingPostings.of(tx);
    comparePostings(expected, pending);
    compareTerms(expected, pending);
    for (int f = 0; f < fields; f++) {
      InvertedIndex.FieldStats s = InvertedIndex.FieldStats.read(tx.get(InvertedIndex.STATS, InvertedIndex.statsKey(f)));
      if (s.nodes() != nodes[f] || s.totalLength() != total[f]) {
        problem(InvertedIndex.STATS + ": field " + SearchField.values()[f] + " counts " + s.nodes() + " nodes of "
            + s.totalLength() + " tokens, the documents have " + nodes[f] + " of " + total[f]);
      }
    }
    long ords = 0;
    TransactionCursor c = tx.cursor(InvertedIndex.ORDS);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      ords++;
    }
    if (ords != nodeCount) {
      problem(InvertedIndex.ORDS + ": " + ords + " ordinals for " + nodeCount + " nodes");
    }
    return new DocumentChecker.Report(List.copyOf(problems), count, documents, nodeCount);
  }

  private void comparePostings(Map<String, Map<Integer, int[]>> expected, PendingPostings pending) {
    // The lists as stored (block layout checked on the way), then with the pending changes applied.
    Map<String, java.util.TreeMap<Integer, int[]>> lists = new HashMap<>();
    PostingsBlock block = new PostingsBlock();
    String previousName = null;
    int previousLast = -1;
    TransactionCursor c = tx.cursor(InvertedIndex.POSTINGS);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      KeyReader k = new KeyReader(c.key());
      int f = k.readInt();
      String term = k.readString();
      int last = k.readInt();
      String name = f + "#" + term;
      block.decode(c.value(), true);
      if (block.count == 0) {
        problem(InvertedIndex.POSTINGS + ": " + name + " block " + last + " is empty");
      }
      java.util.TreeMap<Integer, int[]> list = lists.computeIfAbsent(name, x -> new java.util.TreeMap<>());
      for (int i = 0; i < block.count; i++) {
        int ord = block.ords[i];
        int[] got = Arrays.copyOfRange(block.positions, block.posStart[i], block.posStart[i] + block.tfs[i] + 1);
        got[got.length - 1] = block.lens[i];
        if (ord > last || (name.equals(previousName) && ord <= previousLast)) {
          problem(InvertedIndex.POSTINGS + ": " + name + " block " + last + " holds ordinal " + ord
              + ", outside its range");
        } else if (i > 0 && ord <= block.ords[i - 1]) {
          problem(InvertedIndex.POSTINGS + ": " + name + " block " + last + " lists ordinal " + ord + " out of order");
        }
        list.put(ord, got);
      }
      previousName = name;
      previousLast = last;
    }
    for (PendingSegment seg : pending.segments()) {
      for (int f = 0; f < SearchField.values().length; f++) {
        for (PendingSegment.TermDelta d : seg.terms(f)) {
          java.util.TreeMap<Integer, int[]> list = lists.computeIfAbsent(f + "#" + d.term, x -> new java.util.TreeMap<>());
          for (int i = 0; i < d.count; i++) {
            if (d.isRemoval(i)) {
              list.remove(d.ords[i]);
            } else {
              int[] got = Arrays.copyOfRange(d.positions, d.posStart[i], d.posStart[i] + d.tfs[i] + 1);
              got[got.length - 1] = d.lens[i];
              list.put(d.ords[i], got);
            }
          }
        }
      }
    }
    for (Map.Entry<String, java.util.TreeMap<Integer, int[]>> e : lists.entrySet()) {
      String name = e.getKey();
      Map<Integer, int[]> want = expected.getOrDefault(name, Map.of());
      for (Map.Entry<Integer, int[]> p : e.getValue().entrySet()) {
        int[] w = want.get(p.getKey());
        if (w == null) {
          problem(InvertedIndex.POSTINGS + ": " + name + " lists ordinal " + p.getKey() + ", whose node does not hold it");
        } else if (!Arrays.equals(w, p.getValue())) {
          problem(InvertedIndex.POSTINGS + ": " + name + " at ordinal " + p.getKey() + " holds positions and length "
              + Arrays.toString(p.getValue()) + ", the node gives " + Arrays.toString(w));
        }
      }
    }
    for (Map.Entry<String, Map<Integer, int[]>> e : expected.entrySet()) {
      java.util.TreeMap<Integer, int[]> list = lists.get(e.getKey());
      int n = list == null ? 0 : list.size();
      if (n != e.getValue().size()) {
        problem(InvertedIndex.POSTINGS + ": " + e.getKey() + " has " + n + " postings, the documents call for "
            + e.getValue().size());
      }
    }
  }

  private void compareTerms(Map<String, Map<Integer, int[]>> expected, PendingPostings pending) {
    // Every term with stored statistics or pending changes, with its statistics as a search sees them.
    Map<String, InvertedIndex.TermStats> stats = new HashMap<>();
    TransactionCursor c = tx.cursor(InvertedIndex.TERMS);
    for (boolean ok = c.first(); ok; ok = c.next()) {
      KeyReader k = new KeyReader(c.key());
      int f = k.readInt();
      String term = k.readString();
      stats.put(f + "#" + term, pending.stats(f, term, InvertedIndex.TermStats.read(c.value())));
    }
    for (PendingSegment seg : pending.segments()) {
      for (int f = 0; f < SearchField.values().length; f++) {
        for (PendingSegment.TermDelta d : seg.terms(f)) {
          String name = f + "#" + d.term;
          if (!stats.containsKey(name)) {
            stats.put(name, pending.stats(f, d.term, null));
          }
        }
      }
    }
    for (Map.Entry<String, InvertedIndex.TermStats> e : stats.entrySet()) {
      String name = e.getKey();
      InvertedIndex.TermStats s = e.getValue();
      Map<Integer, int[]> want = expected.get(name);
      if (s == null) {
        continue; // every node holding it went (the pending changes say so): checked below
      }
      if (want == null) {
        problem(InvertedIndex.TERMS + ": " + name + " has statistics but no node holds it");
        continue;
      }
      int maxTf = 0;
      int minLen = Integer.MAX_VALUE;
      for (int[] v : want.values()) {
        maxTf = Math.max(maxTf, v.length - 1);
        minLen = Math.min(minLen, v[v.length - 1]);
      }
      if (s.nodes() != want.size() || s.maxTf() < maxTf || s.minLen() > minLen) {
        problem(InvertedIndex.TERMS + ": " + name + " says " + s + "; the documents give " + want.size()
            + " nodes, largest tf " + maxTf + ", smallest length " + minLen);
      }
    }
    for (String name : expected.keySet()) {
      if (stats.get(name) == null) {
        problem(InvertedIndex.TERMS + ": " + name + " has no statistics");
      }
    }
  }
}
