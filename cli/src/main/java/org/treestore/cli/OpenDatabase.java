package org.treestore.cli;

import java.nio.file.Path;
import org.treestore.engine.Store;
import org.treestore.engine.StoreOptions;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.search.FullTextSearch;
import org.treestore.sql.TreeStoreDatabase;

/**
 * A database opened for a tool command through {@link TreeStoreDatabase#acquire}, the same registry
 * SQL connections use: the document store and the full-text index are registered exactly as SQL
 * registers them (so an import updates the search index), and a JDBC connection opened in the same
 * process while this is held shares the store instead of failing on the file lock.
 */
final class OpenDatabase implements AutoCloseable {
  private final TreeStoreDatabase db;
  private final Path file;

  private OpenDatabase(TreeStoreDatabase db, Path file) {
    this.db = db;
    this.file = file;
  }

  static OpenDatabase open(Path file) {
    return new OpenDatabase(TreeStoreDatabase.acquire(file.toString(), StoreOptions.DEFAULT), file);
  }

  Path file() {
    return file;
  }

  Store store() {
    return db.store();
  }

  DocumentStore documents() {
    return db.documents();
  }

  FullTextSearch search() {
    return db.search();
  }

  @Override
  public void close() {
    db.release();
  }
}
