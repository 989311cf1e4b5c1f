package org.treestore.engine.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pool's page table against a {@link HashMap} under random puts and removes. */
class PageTableTest {
  @Test
  void matchesHashMap() {
    for (long seed = 0; seed < 50; seed++) {
      Random rnd = new Random(seed);
      int max = 16 + rnd.nextInt(200);
      PageTable table = new PageTable(max);
      Map<Integer, Integer> model = new HashMap<>();
      for (int op = 0; op < 20_000; op++) {
        int key = rnd.nextInt(max * 3);
        if (rnd.nextBoolean() && (model.size() < max || model.containsKey(key))) {
          int v = rnd.nextInt(1000);
          table.put(key, v);
          model.put(key, v);
        } else {
          table.remove(key);
          model.remove(key);
        }
        int probe = rnd.nextInt(max * 3);
        assertEquals(model.getOrDefault(probe, -1).intValue(), table.get(probe), "seed " + seed + " op " + op);
      }
      for (int k = 0; k < max * 3; k++) {
        assertEquals(model.getOrDefault(k, -1).intValue(), table.get(k), "seed " + seed);
      }
    }
  }
}
