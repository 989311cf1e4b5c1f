package org.treestore.sql.schema;

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

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return ImmutableMultimap.<String, Function>builder()
        .put("search", TableFunctionImpl.create(TableFunctions.class, "search"))
        .put("subtree", TableFunctionImpl.create(TableFunctions.class, "subtree"))
        .put("ancestors", TableFunctionImpl.create(TableFunctions.class, "ancestors"))
        .put("nodes_at_page", TableFunctionImpl.create(TableFunctions.class, "nodesAtPage"))
        .build();
  }

  @Override
  public boolean isMutable() {
    return false;
  }
}
