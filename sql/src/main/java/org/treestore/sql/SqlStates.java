package org.treestore.sql;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.docstore.DocumentConstraintException;
import org.treestore.engine.doc.DocumentFormatException;
import org.treestore.engine.tx.ConflictException;
import org.treestore.engine.tx.TransactionClosedException;

/**
 * The SQLStates TreeStore reports, and the mapping from engine and Calcite exceptions to them.
 * Classes: 42 syntax and names, 22 bad data, 23 constraints, 25 transaction state, 40 conflicts,
 * 08 connection, 0A unsupported, XX internal errors and corruption.
 */
public final class SqlStates {
  public static final String SYNTAX = "42601";
  public static final String UNDEFINED = "42704";
  public static final String SYNTAX_OR_ACCESS = "42000";
  public static final String DATA = "22000";
  public static final String BAD_DOCUMENT = "22P02";
  public static final String CONSTRAINT = "23000";
  public static final String FOREIGN_KEY = "23503";
  public static final String UNIQUE = "23505";
  public static final String NOT_NULL = "23502";
  public static final String READ_ONLY = "25006";
  public static final String CONFLICT = "40001";
  public static final String CONNECTION_CLOSED = "08003";
  public static final String NOT_SUPPORTED = "0A000";
  /** Canceled by {@code Statement.cancel()} or by the query timeout (PostgreSQL's query_canceled). */
  public static final String CANCELED = "57014";
  public static final String CORRUPTION = "XX001";
  public static final String INTERNAL = "XX000";

  private SqlStates() {}

  /**
   * The exception to report for {@code e}: the first cause that has a known SQLState decides; its
   * message is kept. Returns null when nothing in the chain is known (let it pass as it is).
   */
  public static SqlStateException translate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      SqlStateException s = direct(t);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static SqlStateException direct(Throwable t) {
    if (t instanceof SqlStateException s) {
      return s;
    }
    if (t instanceof ConflictException) {
      return new SqlStateException(CONFLICT, "write conflict, retry the transaction: " + t.getMessage(), t);
    }
    if (t instanceof DocumentConstraintException d) {
      String state = switch (d.kind()) {
        case DUPLICATE -> UNIQUE;
        case MISSING -> FOREIGN_KEY;
        case INVALID -> CONSTRAINT;
      };
      return new SqlStateException(state, t.getMessage(), t);
    }
    if (t instanceof DocumentFormatException) {
      return new SqlStateException(BAD_DOCUMENT, t.getMessage(), t);
    }
    if (t instanceof CorruptionException) {
      return new SqlStateException(CORRUPTION, t.getMessage(), t);
    }
    if (t instanceof TransactionClosedException) {
      return new SqlStateException(CONNECTION_CLOSED, t.getMessage(), t);
    }
    if (t instanceof org.treestore.grammar.search.QuerySyntaxException) {
      return new SqlStateException(SYNTAX, "search query: " + t.getMessage(), t);
    }
    if (t instanceof SqlParseException) {
      return new SqlStateException(SYNTAX, t.getMessage(), t);
    }
    if (t instanceof CalciteContextException || t instanceof SqlValidatorException) {
      String m = t.getMessage();
      boolean undefined = m != null && (m.contains("not found") || m.contains("No match found"));
      return new SqlStateException(undefined ? UNDEFINED : SYNTAX_OR_ACCESS, m, t);
    }
    return null;
  }
}
