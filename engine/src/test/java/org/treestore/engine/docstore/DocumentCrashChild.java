package org.treestore.engine.docstore;

import java.nio.file.Path;
import org.treestore.engine.Durability;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.tx.Transaction;

/**
 * The child of {@link DocumentCrashTest}: stores generated documents {@code doc-<i>}, i from the
 * given start, one transaction each; when i is a multiple of 5 the same transaction also deletes
 * {@code doc-<i-5>}. Prints {@code ACK i} once the commit returned. Runs until killed.
 */
public final class DocumentCrashChild {
  private DocumentCrashChild() {}

  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    int start = Integer.parseInt(args[1]);
    Durability durability = Durability.valueOf(args[2]);
    try (Store store = Store.open(db, StoreOptions.DEFAULT.withDurability(durability).withCheckpointBytes(1 << 20))) {
      DocumentStore docs = new DocumentStore(store);
      for (int i = start; ; i++) {
        try (Transaction tx = store.begin()) {
          docs.insert(tx, DocumentCrashTest.docId(i), DocumentCrashTest.document(i), null);
          if (i % 5 == 0) {
            docs.delete(tx, DocumentCrashTest.docId(i - 5));
          }
          tx.commit();
        }
        System.out.println("ACK " + i);
        System.out.flush();
      }
    }
  }

}
