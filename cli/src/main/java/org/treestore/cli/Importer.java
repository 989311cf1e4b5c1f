package org.treestore.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.treestore.engine.doc.DocumentFormatException;
import org.treestore.engine.doc.PageIndexDocument;
import org.treestore.engine.docstore.DocumentConstraintException;
import org.treestore.engine.docstore.DocumentInfo;
import org.treestore.engine.docstore.DocumentStore;
import org.treestore.engine.tx.Transaction;

/**
 * Stores a sequence of documents, {@code batch} per transaction, for {@code import} and
 * {@code demo}.
 *
 * <p><b>Never half-written.</b> A document is parsed completely before anything is written, and
 * {@link DocumentStore#insert} checks everything before it writes, so a bad document leaves the
 * open transaction as it was: the documents before it in the batch still commit whole, and the bad
 * one is not in the database at all. Only problems of one document (its format, a doc_id already
 * stored, an unreadable file) are skippable; an engine failure (disk, corruption) rolls back the
 * open batch and ends the import.
 *
 * <p><b>Stopping.</b> Without {@code keepGoing} the first bad document ends the run: the documents
 * stored before it (its batch included) stay, and the rest are not read.
 */
final class Importer {
  /** A document to store: its id, a label for messages and how to read it. */
  record Item(String docId, String label, String source, Supplier<PageIndexDocument> reader) {}

  /** A document that could not be stored. */
  record Failure(Item item, String message) {}

  /** Observes the run (progress, per-document lines). */
  interface Listener {
    void stored(Item item, DocumentInfo info);

    void failed(Failure failure);
  }

  /** What a run did. */
  record Result(int stored, long nodes, List<Failure> failures, boolean stopped) {}

  private final DocumentStore docs;
  private final boolean replace;
  private final boolean keepGoing;
  private final int batch;

  Importer(DocumentStore docs, boolean replace, boolean keepGoing, int batch) {
    this.docs = docs;
    this.replace = replace;
    this.keepGoing = keepGoing;
    this.batch = Math.max(1, batch);
  }

  Result run(List<Item> items, Listener listener) {
    int stored = 0;
    long nodes = 0;
    List<Failure> failures = new ArrayList<>();
    boolean stopped = false;
    Transaction tx = null;
    int inBatch = 0;
    try {
      for (Item item : items) {
        Failure failure = null;
        DocumentInfo info = null;
        try {
          PageIndexDocument doc = item.reader().get();
          if (tx == null) {
            tx = docs.store().begin();
          }
          info = replace ? docs.replace(tx, item.docId(), doc, item.source())
              : docs.insert(tx, item.docId(), doc, item.source());
        } catch (DocumentFormatException e) {
          failure = new Failure(item, e.getMessage());
        } catch (DocumentConstraintException e) {
          String hint = e.kind() == DocumentConstraintException.Kind.DUPLICATE && e.nodeId() == null
              ? " (use --replace to replace it)" : "";
          failure = new Failure(item, item.label() + ": " + e.getMessage() + hint);
        } catch (UnreadableException e) {
          failure = new Failure(item, e.getMessage()); // the message names the file
        }
        if (failure != null) {
          failures.add(failure);
          listener.failed(failure);
          if (!keepGoing) {
            stopped = true;
            break;
          }
          continue;
        }
        stored++;
        nodes += info.nodeCount();
        listener.stored(item, info);
        if (++inBatch >= batch) {
          tx.commit();
          tx.close();
          tx = null;
          inBatch = 0;
        }
      }
      if (tx != null) {
        tx.commit();
      }
    } finally {
      if (tx != null) {
        tx.close(); // rolls back only when the loop failed with an engine error
      }
    }
    return new Result(stored, nodes, failures, stopped);
  }

  /** A document whose bytes could not be read (a file error, not a format error). */
  static final class UnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnreadableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
