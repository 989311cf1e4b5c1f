package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.treestore.engine.docstore.DocumentListener;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.tx.Transaction;

/**
 * Keeps the {@link InvertedIndex} in step with the document store: registered as its
 * {@link DocumentListener}, it analyses the title, summary and text of every node added,
 * removed or changed, in the transaction that makes the change (a changed node keeps its ordinal;
 * only the postings of the fields that changed are rewritten). A removal analyses the old content again,
 * which gives the same terms because the analyzer's configuration is pinned: the first write
 * stores {@link Analyzer#describe()}, and a later write with another configuration is refused
 * (re-index, or open with the stored one: {@link #storedAnalyzer}).
 */
public final class FullTextIndex implements DocumentListener {
  private static final byte[] ANALYZER_KEY = new KeyWriter().writeString("analyzer").toByteArray();

  private final Analyzer analyzer;
  private final InvertedIndex index = new InvertedIndex();

  public FullTextIndex(Analyzer analyzer) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
  }

  /** The analyzer the index was built with, or null if nothing was indexed yet. */
  public static Analyzer storedAnalyzer(Transaction tx) {
    byte[] v = tx.get(InvertedIndex.META, ANALYZER_KEY);
    return v == null ? null : Analyzer.forDescription(new KeyReader(v).readString());
  }

  public Analyzer analyzer() {
    return analyzer;
  }

  InvertedIndex index() {
    return index;
  }

  @Override
  public void nodesAdded(Transaction tx, List<NodeContent> nodes) {
    checkAnalyzer(tx);
    index.add(tx, terms(nodes));
  }

  @Override
  public void nodesRemoved(Transaction tx, List<NodeContent> nodes) {
    index.remove(tx, terms(nodes));
  }

  /**
   * Keeps each node's ordinal and re-indexes only the fields whose text changed (the others are
   * not even analysed). A node the index does not hold (the listener came after it) is added.
   */
  @Override
  public void nodesChanged(Transaction tx, List<NodeContent> before, List<NodeContent> after) {
    checkAnalyzer(tx);
    List<InvertedIndex.NodeTerms> was = new ArrayList<>(before.size());
    List<InvertedIndex.NodeTerms> now = new ArrayList<>(after.size());
    for (int i = 0; i < before.size(); i++) {
      NodeContent b = before.get(i);
      NodeContent a = after.get(i);
      String[] bf = {b.title(), b.summary(), b.text()};
      String[] af = {a.title(), a.summary(), a.text()};
      String[][] bt = new String[bf.length][];
      String[][] at = new String[af.length][];
      for (int f = 0; f < bf.length; f++) {
        if (!Objects.equals(bf[f], af[f])) { // unchanged fields stay null in both: left alone
          bt[f] = analyse(bf[f]);
          at[f] = analyse(af[f]);
        }
      }
      was.add(new InvertedIndex.NodeTerms(b.docId(), b.nodeId(), bt));
      now.add(new InvertedIndex.NodeTerms(a.docId(), a.nodeId(), at));
    }
    List<Integer> missing = index.change(tx, was, now);
    if (!missing.isEmpty()) {
      List<NodeContent> unknown = new ArrayList<>(missing.size());
      for (int i : missing) {
        unknown.add(after.get(i));
      }
      index.add(tx, terms(unknown));
    }
  }

  private void checkAnalyzer(Transaction tx) {
    byte[] v = tx.get(InvertedIndex.META, ANALYZER_KEY);
    String mine = analyzer.describe();
    if (v == null) {
      tx.put(InvertedIndex.META, ANALYZER_KEY, new KeyWriter().writeString(mine).toByteArray());
    } else if (!new KeyReader(v).readString().equals(mine)) {
      throw new IllegalStateException("the full-text index was built with analyzer '" + new KeyReader(v).readString()
          + "', not '" + mine + "'; open it with that configuration");
    }
  }

  private List<InvertedIndex.NodeTerms> terms(List<NodeContent> nodes) {
    List<InvertedIndex.NodeTerms> out = new ArrayList<>(nodes.size());
    for (NodeContent n : nodes) {
      out.add(new InvertedIndex.NodeTerms(n.docId(), n.nodeId(),
          new String[][] {analyse(n.title()), analyse(n.summary()), analyse(n.text())}));
    }
    return out;
  }

  /** The terms of a field in position order (positions are consecutive), or null if it has none. */
  String[] analyse(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    List<String> terms = new ArrayList<>();
    analyzer.analyze(text, (term, position, start, end) -> terms.add(term));
    return terms.isEmpty() ? null : terms.toArray(new String[0]);
  }
}
