package org.treestore.sql;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.search.FullTextSearch;
import org.treestore.engine.search.analysis.Analyzer;

/**
 * One open database as SQL sees it: the engine's {@link Store} with the document store and the
 * full-text index registered on it. Connections to the same location share one instance (the
 * engine allows one open {@code Store} per file in a process); it is closed when the last
 * connection releases it.
 *
 * <p>A location is a file path, or {@code mem:NAME} for an in-memory database that lives while a
 * connection to it is open.
 */
public final class TreeStoreDatabase {
  private static final Map<String, TreeStoreDatabase> OPEN = new HashMap<>();

  private final String key;
  private final Store store;
  private final DocumentStore documents;
  private final FullTextSearch search;
  private int users;

  private TreeStoreDatabase(String key, Store store) {
    this.key = key;
    this.store = store;
    this.documents = new DocumentStore(store);
    this.search = new FullTextSearch(documents, Analyzer.builder().build());
  }

  /**
   * Opens the database at {@code location} (created if absent), or shares the instance already open
   * there. The options apply only when this call opens it.
   */
  public static TreeStoreDatabase acquire(String location, StoreOptions options) {
    Objects.requireNonNull(location, "location");
    boolean memory = location.startsWith("mem:");
    String key = memory ? location : Path.of(location).toAbsolutePath().normalize().toString();
    synchronized (OPEN) {
      TreeStoreDatabase db = OPEN.get(key);
      if (db == null) {
        Store store = memory ? Store.openInMemory(location.substring(4), options) : Store.open(Path.of(key), options);
        try {
          db = new TreeStoreDatabase(key, store);
        } catch (RuntimeException e) {
          store.close();
          throw e;
        }
        OPEN.put(key, db);
      }
      db.users++;
      return db;
    }
  }

  /** Gives back one {@link #acquire}; the last one closes the store. */
  public void release() {
    synchronized (OPEN) {
      if (--users == 0) {
        OPEN.remove(key);
        store.close();
      }
    }
  }

  public Store store() {
    return store;
  }

  public DocumentStore documents() {
    return documents;
  }

  public FullTextSearch search() {
    return search;
  }

  /** The normalized location: an absolute path, or {@code mem:NAME}. */
  public String location() {
    return key;
  }
}
