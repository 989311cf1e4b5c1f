package org.treestore.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.treestore.engine.Durability;
import org.treestore.engine.StoreOptions;

/** URL options reach the engine's options; bad values are refused with the option's name. */
class ConnectionUrlTest {
  @Test
  void optionsBecomeStoreOptions() {
    ConnectionUrl u = ConnectionUrl.parse("jdbc:treestore:/data/x.tsdb;cache_size=256MB; CHECKPOINT_SIZE = 64MB;durability=normal");
    assertEquals("/data/x.tsdb", u.location());
    StoreOptions o = ConnectionUrl.storeOptions(u.options());
    assertEquals(256L << 20, o.cacheSizeBytes());
    assertEquals(64L << 20, o.checkpointBytes());
    assertEquals(Durability.NORMAL, o.durability());
    StoreOptions d = ConnectionUrl.storeOptions(Map.of());
    assertEquals(StoreOptions.DEFAULT.checkpointBytes(), d.checkpointBytes(), "the engine's default");
  }

  @Test
  void badSizesNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConnectionUrl.storeOptions(Map.of("checkpoint_size", "lots")));
    assertTrue(e.getMessage().contains("checkpoint_size 'lots'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConnectionUrl.storeOptions(Map.of("cache_size", "-5MB")));
    assertTrue(e.getMessage().contains("cache_size '-5MB'"), e.getMessage());
  }
}
