package org.treestore.sql.schema;

import com.google.common.collect.ForwardingMultimap;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.treestore.sql.SqlSession;

/**
 * The {@code treestore} schema of one connection: the tables {@code documents}, {@code nodes},
 * {@code children}, {@code paths} and the table functions {@code search}, {@code subtree},
 * {@code ancestors}, {@code nodes_at_page}, all reading in the connection's {@link SqlSession}.
 */
public final class TreeStoreSchema extends AbstractSchema {
  public static final String NAME = "treestore";

  private final SqlSession session;
  private final Map<String, Table> tables = new LinkedHashMap<>();

  public TreeStoreSchema(SqlSession session) {
    this.session = session;
    for (TreeStoreTable t : new TreeStoreTable[] {new DocumentsTable(session), new NodesTable(session),
        new ChildrenTable(session), new PathsTable(session)}) {
      tables.put(t.name(), t);
    }
  }

  public SqlSession session() {
    return session;
  }

  /** The session of the connection a statement runs on, from its schema. */
  public static SqlSession session(SchemaPlus root) {
    SchemaPlus s = root.getSubSchema(NAME);
    if (s == null) {
      throw new IllegalStateException("no " + NAME + " schema on this connection");
    }
    return s.unwrap(TreeStoreSchema.class).session;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The table functions: SQL name to method of {@link TableFunctions}. */
  private static final Map<String, String> FUNCTIONS = Map.of("search", "search", "subtree", "subtree", "ancestors",
      "ancestors", "nodes_at_page", "nodesAtPage");

  /** The functions made so far; they hold no connection state, so every schema shares them. */
  private static final Map<String, Function> MADE = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The table functions, each made when a statement first looks its name up. The validator asks
   * for the functions of every identifier it sees ({@code doc_id} might be a function without
   * parentheses), and making a {@code TableFunctionImpl} initializes Calcite's table of operator
   * implementations: a few hundred classes that a first query that calls no function does not
   * need. So the names are known without making anything, and a name that is no function makes
   * nothing.
   */
  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return new ForwardingMultimap<>() {
      @Override
      protected Multimap<String, Function> delegate() {
        ImmutableMultimap.Builder<String, Function> all = ImmutableMultimap.builder();
        FUNCTIONS.keySet().forEach(name -> all.put(name, function(name)));
        return all.build();
      }

      @Override
      public java.util.Set<String> keySet() {
        return FUNCTIONS.keySet();
      }

      @Override
      public java.util.Collection<Function> get(String name) {
        return FUNCTIONS.containsKey(name) ? java.util.List.of(function(name)) : java.util.List.of();
      }
    };
  }

  private static Function function(String name) {
    return MADE.computeIfAbsent(name, n -> TableFunctionImpl.create(TableFunctions.class, FUNCTIONS.get(n)));
  }

  @Override
  public boolean isMutable() {
    return false;
  }
}
