package org.treestore.engine.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.docstore.NodeChange;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.tx.Transaction;

/**
 * The child of {@link SearchCrashTest}: stores documents {@code doc-i} (with a full-text index),
 * one per transaction, which also deletes {@code doc-(i-5)} when i is a multiple of 5 and rewrites
 * the text of a node of {@code doc-(i-1)}. Prints {@code ACK i} after each commit. Runs until killed.
 */
public final class SearchCrashChild {
  private SearchCrashChild() {}

  /** Document i: 20 nodes whose text carries the number 7,000,000 + i, a token only it has. */
  static PageIndexDocument document(int i) {
    List<DocNode> roots = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      roots.add(new DocNode(String.format("%04d", n), "Section " + n + " of report " + i)
          .setSummary("Water quality and lead service lines, part " + n)
          .setText("Sampling results " + (7_000_000 + i) + " for taps, pipes and reservoirs number " + n));
    }
    return PageIndexDocument.create("doc " + i, null, roots);
  }

  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    int start = Integer.parseInt(args[1]);
    try (Store store = Store.open(db, StoreOptions.DEFAULT.withDurability(Durability.valueOf(args[2]))
        .withCheckpointBytes(1 << 20))) {
      DocumentStore docs = new DocumentStore(store);
      new FullTextSearch(docs, Analyzer.builder().build());
      for (int i = start; ; i++) {
        try (Transaction tx = store.begin()) {
          docs.insert(tx, SearchCrashTest.docId(i), document(i), null);
          if (i % 5 == 0) {
            docs.delete(tx, SearchCrashTest.docId(i - 5));
          }
          docs.updateNode(tx, SearchCrashTest.docId(i - 1), "0003", new NodeChange().text("rewritten " + i));
          tx.commit();
        }
        System.out.println("ACK " + i);
        System.out.flush();
      }
    }
  }
}
