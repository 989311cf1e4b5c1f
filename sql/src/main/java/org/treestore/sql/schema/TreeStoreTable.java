package org.treestore.sql.schema;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.AbstractTableQueryable;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.treestore.engine.tx.Transaction;
import org.treestore.sql.SqlSession;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;
import org.treestore.sql.rel.TreeStoreScan;

/**
 * A TreeStore table: fixed columns over the engine's document trees, read through one of its
 * {@link Access accesses} (the first is the full scan) in the connection's transaction.
 *
 * <p>Planning: {@link #toRel} gives a {@link TreeStoreScan} with the full access; the rules in
 * {@code org.treestore.sql.rel} replace it by index accesses, narrow its columns and push limits.
 * Execution: the generated code calls {@link #scan} with the access number, the key values (bound
 * at run time, so one plan serves every parameter value), the projected columns and a row limit.
 *
 * <p>Writes: DML plans become {@code TreeStoreModify}, which calls {@link #modify}; tables that
 * cannot be written refuse with SQLState 0A000.
 */
public abstract class TreeStoreTable extends AbstractTable implements TranslatableTable, ModifiableTable {
  protected final SqlSession session;
  private final String name;
  private final List<Column> columns;
  private final List<Access> accesses;
  private final int[] primaryKey;

  protected TreeStoreTable(SqlSession session, String name, List<Column> columns, List<Access> accesses,
      int... primaryKey) {
    this.session = session;
    this.name = name;
    this.columns = columns;
    this.accesses = accesses;
    this.primaryKey = primaryKey;
  }

  /** The table's name in the schema. */
  public final String name() {
    return name;
  }

  public final List<Column> columns() {
    return columns;
  }

  /** The ways to read the table; the first is the full scan. */
  public final List<Access> accesses() {
    return accesses;
  }

  /** Column positions of the primary key. */
  public final int[] primaryKey() {
    return primaryKey.clone();
  }

  /**
   * The rows of {@code access} for the key values (in the access's key order), each with every
   * column; a column whose {@code needed} flag is false may be left null (so that costly columns,
   * like a node's text, are read only when selected).
   */
  protected abstract Iterator<Object[]> rows(Transaction tx, Access access, Object[] keys, boolean[] needed);

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return Column.rowType(typeFactory, columns());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return TreeStoreScan.full(context.getCluster(), relOptTable, this);
  }

  /**
   * Called by generated code: the rows of access number {@code access} for {@code keys}, reduced to
   * the {@code projection} columns (all when null), at most {@code fetch} of them (no limit when
   * negative). A row of one column is the value itself, otherwise an {@code Object[]}.
   */
  public Enumerable<@Nullable Object> scan(DataContext root, int access, Object[] keys, int @Nullable [] projection,
      long fetch) {
    Access a = accesses().get(access);
    boolean[] needed = needed(projection);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<@Nullable Object> enumerator() {
        Cancellation cancel = Cancellation.of(root);
        Transaction tx = session.acquireRead(root);
        try {
          Iterator<Object[]> it = keysPresent(keys) ? rows(tx, a, keys, needed) : java.util.Collections.emptyIterator();
          return new RowEnumerator(it, projection, fetch, cancel, () -> session.releaseRead(root));
        } catch (RuntimeException e) {
          session.releaseRead(root);
          throw e;
        }
      }
    };
  }

  /**
   * Called by generated code for {@code TreeStoreLookupJoin}: each input row followed by each row
   * of this table found through access number {@code access} with the key values at the input
   * columns {@code leftKeys}, reduced to {@code projection} (all columns when null).
   */
  public Enumerable<Object> lookupJoin(DataContext root, Enumerable<Object[]> left, int access, int[] leftKeys,
      int @Nullable [] projection) {
    Access a = accesses().get(access);
    boolean[] needed = needed(projection);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object> enumerator() {
        Cancellation cancel = Cancellation.of(root);
        Transaction tx = session.acquireRead(root);
        Enumerator<Object[]> input;
        try {
          input = left.enumerator();
        } catch (RuntimeException e) {
          session.releaseRead(root);
          throw e;
        }
        return new Enumerator<>() {
          private Object[] leftRow;
          private Iterator<Object[]> matches = java.util.Collections.emptyIterator();
          private Object[] current;

          @Override
          public Object current() {
            return current;
          }

          @Override
          public boolean moveNext() {
            cancel.check();
            while (!matches.hasNext()) {
              if (!input.moveNext()) {
                return false;
              }
              leftRow = input.current();
              Object[] keys = new Object[leftKeys.length];
              for (int i = 0; i < keys.length; i++) {
                keys[i] = leftRow[leftKeys[i]];
              }
              matches = keysPresent(keys) ? rows(tx, a, keys, needed) : java.util.Collections.emptyIterator();
            }
            Object[] r = matches.next();
            int width = projection == null ? r.length : projection.length;
            Object[] out = java.util.Arrays.copyOf(leftRow, leftRow.length + width);
            for (int i = 0; i < width; i++) {
              out[leftRow.length + i] = projection == null ? r[i] : r[projection[i]];
            }
            current = out;
            return true;
          }

          @Override
          public void reset() {
            throw new UnsupportedOperationException();
          }

          private boolean closed;

          @Override
          public void close() {
            if (!closed) {
              closed = true;
              try {
                input.close();
              } finally {
                session.releaseRead(root);
              }
            }
          }
        };
      }
    };
  }

  /** Which columns a projection reads (all when it is null). */
  private boolean[] needed(int @Nullable [] projection) {
    boolean[] needed = new boolean[columns.size()];
    if (projection == null) {
      java.util.Arrays.fill(needed, true);
    } else {
      for (int p : projection) {
        needed[p] = true;
      }
    }
    return needed;
  }

  /** A key that is SQL NULL matches nothing (equality with NULL is never true). */
  private static boolean keysPresent(Object[] keys) {
    for (Object k : keys) {
      if (k == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Called by generated code for INSERT, UPDATE and DELETE: applies {@code rows} (for UPDATE, each
   * row is the old row followed by the new values of {@code updateColumns}) and returns how many
   * rows changed.
   */
  public long modify(DataContext root, String operation, Enumerable<Object[]> rows, List<String> updateColumns) {
    throw new SqlStateException(SqlStates.NOT_SUPPORTED, "table " + name() + " cannot be changed with "
        + operation + (this instanceof NodesTable || this instanceof DocumentsTable ? "" : "; change the nodes table"));
  }

  // ---- ModifiableTable: Calcite's validator wants it; TreeStoreModify does the writing ----

  @Override
  public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader, RelNode child, TableModify.Operation operation,
      @Nullable List<String> updateColumnList, @Nullable List<RexNode> sourceExpressionList, boolean flattened) {
    return LogicalTableModify.create(table, catalogReader, child, operation, updateColumnList, sourceExpressionList,
        flattened);
  }

  @Override
  public Collection getModifiableCollection() {
    throw new UnsupportedOperationException("TreeStore tables are changed through TreeStoreModify");
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    return new AbstractTableQueryable<T>(queryProvider, schema, this, tableName) {
      @Override
      public Enumerator<T> enumerator() {
        throw new UnsupportedOperationException("TreeStore tables are read through TreeStoreScan");
      }
    };
  }

  @Override
  public java.lang.reflect.Type getElementType() {
    return Object[].class;
  }

  @Override
  public org.apache.calcite.linq4j.tree.Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return org.apache.calcite.schema.Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }

  /** Projects full rows and stops after {@code fetch}. */
  private static final class RowEnumerator implements Enumerator<@Nullable Object> {
    private final Iterator<Object[]> rows;
    private final int[] projection;
    private final long fetch;
    private final Cancellation cancel;
    private Runnable release;
    private long returned;
    private Object current;

    RowEnumerator(Iterator<Object[]> rows, int[] projection, long fetch, Cancellation cancel, Runnable release) {
      this.rows = rows;
      this.projection = projection;
      this.fetch = fetch;
      this.cancel = cancel;
      this.release = release;
    }

    @Override
    public Object current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if ((fetch >= 0 && returned >= fetch) || !rows.hasNext()) {
        return false;
      }
      cancel.check();
      Object[] row = rows.next();
      returned++;
      if (projection == null) {
        current = row.length == 1 ? row[0] : row;
      } else if (projection.length == 1) {
        current = row[projection[0]];
      } else {
        Object[] out = new Object[projection.length];
        for (int i = 0; i < projection.length; i++) {
          out[i] = row[projection[i]];
        }
        current = out;
      }
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException();
    }

    /** Gives the snapshot back, once (Calcite may close an enumerator more than once). */
    @Override
    public void close() {
      Runnable r = release;
      release = null;
      if (r != null) {
        r.run();
      }
    }
  }

  /** An iterator over nothing but one row, or none. */
  protected static Iterator<Object[]> single(Object[] row) {
    return row == null ? java.util.Collections.emptyIterator() : List.<Object[]>of(row).iterator();
  }

  /** Iterates rows produced lazily, one batch per source element (e.g. per document). */
  protected abstract static class BatchIterator<S> implements Iterator<Object[]> {
    private final Iterator<S> sources;
    private Iterator<Object[]> batch = java.util.Collections.emptyIterator();

    protected BatchIterator(Iterator<S> sources) {
      this.sources = sources;
    }

    protected abstract Iterator<Object[]> batch(S source);

    @Override
    public boolean hasNext() {
      while (!batch.hasNext()) {
        if (!sources.hasNext()) {
          return false;
        }
        batch = batch(sources.next());
      }
      return true;
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return batch.next();
    }
  }
}
