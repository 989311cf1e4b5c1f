package org.treestore.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.btree.BTree;
import org.treestore.engine.btree.Cursor;
import org.treestore.engine.check.CheckReport;
import org.treestore.engine.key.KeyRanges;
import org.treestore.engine.key.KeyReader;
import org.treestore.engine.key.KeyWriter;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.Transaction;

/**
 * Uses the storage engine directly: stores document nodes under composite (doc_id, node_id) keys,
 * reads one back, lists one document with a prefix scan, renames a node in a transaction while a
 * read-only snapshot still sees the old title, then runs the integrity check.
 *
 * <p>Run: {@code mvn -B -q -DskipTests install && mvn -B -q -pl examples exec:java}
 * (optionally {@code -Dexec.args=path/to/file.tsdb}; the default is
 * {@code target/treestore-example.tsdb}). Running it again reopens the same file.
 */
public final class StorageEngineExample {
  private static final int DOCUMENTS = 2_000;
  private static final int NODES_PER_DOCUMENT = 50;

  private StorageEngineExample() {}

  /** Entry point; the optional argument is the database file. */
  public static void main(String[] args) throws Exception {
    Path file = Paths.get(args.length > 0 ? args[0] : "target/treestore-example.tsdb");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    boolean existed = Files.exists(file);
    try (Store store = Store.open(file, StoreOptions.DEFAULT)) {
      BTree nodes = store.tree("nodes");
      System.out.printf("%s %s (page size %d bytes)%n", existed ? "Opened" : "Created", file, store.pageSize());

      KeyWriter key = new KeyWriter();
      long started = System.nanoTime();
      for (int d = 0; d < DOCUMENTS; d++) {
        for (int n = 0; n < NODES_PER_DOCUMENT; n++) {
          key.reset().writeString(docId(d)).writeString(String.format("%04d", n));
          String title = "Section " + n + " of document " + d;
          nodes.put(key.toByteArray(), title.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if ((d + 1) % 500 == 0) {
          System.out.printf("  stored %,d of %,d documents%n", d + 1, DOCUMENTS);
        }
      }
      store.commit();
      long ms = (System.nanoTime() - started) / 1_000_000;
      System.out.printf("Stored %,d nodes in %,d ms%n", DOCUMENTS * NODES_PER_DOCUMENT, ms);

      byte[] one = nodes.get(key.reset().writeString(docId(42)).writeString("0007").toByteArray());
      System.out.println("Point lookup (doc-00042, 0007): " + new String(one, java.nio.charset.StandardCharsets.UTF_8));

      // Every node of one document: all keys that start with the encoded doc_id.
      byte[] prefix = key.reset().writeString(docId(1234)).toByteArray();
      byte[] end = KeyRanges.prefixEnd(prefix);
      Cursor c = nodes.cursor();
      int count = 0;
      String lastNode = null;
      for (boolean ok = c.seek(prefix); ok && KeyRanges.compare(c.key(), end) < 0; ok = c.next()) {
        KeyReader r = new KeyReader(c.key());
        r.readString();
        lastNode = r.readString();
        count++;
      }
      System.out.printf("Prefix scan of doc-01234: %d nodes, last node id %s%n", count, lastNode);

      // Transactions: a reader's snapshot is unaffected by a commit made after it began.
      byte[] nodeKey = key.reset().writeString(docId(7)).writeString("0003").toByteArray();
      try (Transaction before = store.beginReadOnly()) {
        String title = "Section 3 of document 7, revised at " + System.currentTimeMillis();
        while (true) {
          try (Transaction tx = store.begin()) {
            tx.put("nodes", nodeKey, title.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            tx.commit();
            break;
          } catch (ConflictException e) {
            // another writer changed the node first: read again and retry
          }
        }
        try (Transaction after = store.beginReadOnly()) {
          System.out.println("Snapshot before the commit: " + new String(before.get("nodes", nodeKey), java.nio.charset.StandardCharsets.UTF_8));
          System.out.println("Snapshot after the commit:  " + new String(after.get("nodes", nodeKey), java.nio.charset.StandardCharsets.UTF_8));
        }
      }

      CheckReport report = store.check();
      System.out.println("Integrity check: " + report);
      System.out.printf("Buffer pool: %,d hits, %,d misses; file: %,d pages (%,d free)%n",
          store.bufferPool().hits(), store.bufferPool().misses(), store.pageCount(), store.freePageCount());
      if (!report.isOk()) {
        System.exit(1);
      }
    }
  }

  private static String docId(int d) {
    return String.format("doc-%05d", d);
  }
}
