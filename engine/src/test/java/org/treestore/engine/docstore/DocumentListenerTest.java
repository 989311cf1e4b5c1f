package org.treestore.engine.docstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.doc.DocNode;
import org.treestore.engine.tx.Transaction;

/**
 * A listener that mirrors node content from the events alone ends up with exactly the content the
 * store holds, and every removal names the content that was added before (what a derived index
 * needs to take its entries out again). Rolled-back transactions are mirrored by discarding.
 */
class DocumentListenerTest {
  @TempDir Path dir;

  /** Mirrors content per transaction; committed into {@link #committed}. */
  private static final class Mirror implements DocumentListener {
    final Map<String, NodeContent> committed = new HashMap<>();
    Map<String, NodeContent> pending = new HashMap<>();

    void begin() {
      pending = new HashMap<>(committed);
    }

    void commit() {
      committed.clear();
      committed.putAll(pending);
    }

    @Override
    public void nodesAdded(Transaction tx, List<NodeContent> nodes) {
      for (NodeContent n : nodes) {
        NodeContent old = pending.put(n.docId() + "/" + n.nodeId(), n);
        assertEquals(null, old, "added twice without a removal: " + n);
      }
    }

    @Override
    public void nodesRemoved(Transaction tx, List<NodeContent> nodes) {
      for (NodeContent n : nodes) {
        assertEquals(pending.remove(n.docId() + "/" + n.nodeId()), n, "removal must name the content added before");
      }
    }

    int changes;

    @Override
    public void nodesChanged(Transaction tx, List<NodeContent> before, List<NodeContent> after) {
      assertEquals(before.size(), after.size());
      for (int i = 0; i < before.size(); i++) {
        NodeContent b = before.get(i);
        NodeContent a = after.get(i);
        assertEquals(b.docId() + "/" + b.nodeId(), a.docId() + "/" + a.nodeId(), "a change names one node");
        assertEquals(pending.put(a.docId() + "/" + a.nodeId(), a), b, "a change must name the content added before");
        assertTrue(!a.equals(b), "a change changes something");
        changes++;
      }
    }
  }

  @Test
  void eventsMirrorTheStore() {
    Random rnd = new Random(5);
    Mirror mirror = new Mirror();
    try (Store store = Store.open(dir.resolve("l.db"), StoreOptions.DEFAULT)) {
      DocumentStore docs = new DocumentStore(store);
      docs.addListener(mirror);
      for (int step = 0; step < 300; step++) {
        mirror.begin();
        boolean commit = rnd.nextInt(5) > 0;
        try (Transaction tx = store.begin()) {
          String doc = "d" + rnd.nextInt(4);
          List<String> ids = docs.document(tx, doc).isPresent() ? docs.pathPrefix(tx, doc, "/").stream()
              .map(NodeRecord::nodeId).toList() : List.of();
          String some = ids.isEmpty() ? null : ids.get(rnd.nextInt(ids.size()));
          switch (rnd.nextInt(7)) {
            case 0 -> docs.replace(tx, doc, DocumentScaleTest.generate(rnd, doc), null);
            case 1 -> docs.delete(tx, doc);
            case 2 -> {
              if (some != null) {
                docs.insertNode(tx, doc, rnd.nextBoolean() ? some : null, -1,
                    new DocNode(null, "t" + step).setText(rnd.nextBoolean() ? "text " + step : null));
              }
            }
            case 3 -> {
              if (some != null) {
                NodeChange c = new NodeChange();
                switch (rnd.nextInt(4)) {
                  case 0 -> c.title("new " + step);
                  case 1 -> c.summary(rnd.nextBoolean() ? null : "s" + step);
                  case 2 -> c.text(rnd.nextBoolean() ? null : "x" + step);
                  default -> c.pages(1, 2).metadata("{\"k\":" + step + "}"); // not searchable: no event
                }
                docs.updateNode(tx, doc, some, c);
              }
            }
            case 4 -> {
              if (some != null) {
                docs.deleteNode(tx, doc, some);
              }
            }
            default -> {
              if (docs.document(tx, doc).isEmpty()) {
                docs.insert(tx, doc, DocumentScaleTest.generate(rnd, doc), null);
              }
            }
          }
          if (commit) {
            tx.commit();
            mirror.commit();
          }
        }
      }
      Map<String, DocumentListener.NodeContent> actual = new HashMap<>();
      try (Transaction tx = store.beginReadOnly()) {
        for (String doc : docs.documentIds(tx)) {
          docs.forEachNode(tx, doc, r -> actual.put(doc + "/" + r.nodeId(), docs.content(tx, r)));
        }
      }
      assertEquals(actual, mirror.committed);
      assertTrue(mirror.changes > 20, "content changes are reported as changes: " + mirror.changes);
    }
  }
}
