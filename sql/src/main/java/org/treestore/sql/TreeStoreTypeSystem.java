package org.treestore.sql;

import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system with unbounded character strings: Calcite caps VARCHAR at 65,536
 * characters by default and cuts longer values, parameters included, so a whole PageIndex
 * document of more than 64 KB bound to {@code INSERT INTO documents (doc_id, tree) VALUES (?, ?)}
 * would arrive cut (and be refused as broken JSON). Set as the connection's {@code typeSystem}.
 */
public final class TreeStoreTypeSystem extends RelDataTypeSystemImpl {
  public static final RelDataTypeSystem INSTANCE = new TreeStoreTypeSystem();

  private TreeStoreTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case VARCHAR, CHAR, VARBINARY, BINARY -> Integer.MAX_VALUE;
      default -> super.getMaxPrecision(typeName);
    };
  }
}
