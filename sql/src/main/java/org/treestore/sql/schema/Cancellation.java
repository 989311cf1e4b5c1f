package org.treestore.sql.schema;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;

/**
 * {@code Statement.cancel()} and {@code setQueryTimeout} for TreeStore's scans. Calcite passes the
 * statement's cancel flag and timeout in the {@code DataContext} but enforces neither while an
 * operator reads its input; the scans check both every {@value #EVERY} rows, so a sort, aggregate
 * or join over TreeStore tables stops while it reads. Work on rows already read (a nested loop
 * over a buffered input) is canceled only when it reads from a TreeStore table again.
 */
final class Cancellation {
  private static final int EVERY = 256;

  private final AtomicBoolean flag;
  private final long timeoutMillis;
  private final long deadline;
  private int rows;

  private Cancellation(AtomicBoolean flag, long timeoutMillis) {
    this.flag = flag;
    this.timeoutMillis = timeoutMillis;
    this.deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000 : 0;
  }

  static Cancellation of(DataContext root) {
    AtomicBoolean flag = DataContext.Variable.CANCEL_FLAG.get(root);
    Long timeout = DataContext.Variable.TIMEOUT.get(root);
    Cancellation c = new Cancellation(flag, timeout == null ? 0 : timeout);
    c.checkNow();
    return c;
  }

  /** Called per row: checks every {@value #EVERY} rows. */
  void check() {
    if (++rows % EVERY == 0) {
      checkNow();
    }
  }

  void checkNow() {
    if (flag != null && flag.get()) {
      throw new SqlStateException(SqlStates.CANCELED, "the statement was canceled");
    }
    if (deadline != 0 && System.nanoTime() - deadline > 0) {
      if (flag != null) {
        flag.set(true);
      }
      throw new SqlStateException(SqlStates.CANCELED, "query timeout: the statement ran longer than "
          + timeoutMillis / 1000.0 + " s");
    }
  }
}
