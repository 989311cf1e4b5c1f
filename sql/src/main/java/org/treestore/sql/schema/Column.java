package org.treestore.sql.schema;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/** One column of a TreeStore table or table function: its SQL name, type and nullability. */
public record Column(String name, SqlTypeName type, boolean nullable) {
  static Column text(String name, boolean nullable) {
    return new Column(name, SqlTypeName.VARCHAR, nullable);
  }

  static Column integer(String name, boolean nullable) {
    return new Column(name, SqlTypeName.INTEGER, nullable);
  }

  /** The row type of {@code columns}. */
  public static RelDataType rowType(RelDataTypeFactory typeFactory, List<Column> columns) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (Column c : columns) {
      RelDataType t = c.type() == SqlTypeName.VARCHAR
          ? typeFactory.createSqlType(SqlTypeName.VARCHAR, Integer.MAX_VALUE)
          : typeFactory.createSqlType(c.type());
      b.add(c.name(), typeFactory.createTypeWithNullability(t, c.nullable()));
    }
    return b.build();
  }

  /** The position of the named column in {@code columns}, or -1. */
  public static int indexOf(List<Column> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
