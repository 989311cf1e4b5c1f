package org.treestore.sql.jdbc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.treestore.engine.Durability;
import org.treestore.engine.StoreOptions;

/**
 * A parsed {@code jdbc:treestore:} URL: {@code jdbc:treestore:<path>} or
 * {@code jdbc:treestore:mem:<name>}, then options as {@code ;key=value}.
 *
 * <p>Options: {@code cache_size} (buffer pool, e.g. {@code 256MB}, {@code 1GB}; default the
 * engine's), {@code durability} ({@code FULL}, {@code NORMAL} or {@code OFF}), {@code read_only}
 * ({@code true}: the connection starts read-only), {@code checkpoint_size} (the log is copied into
 * the main file and restarted once it passes this size, e.g. {@code 64MB}; default the engine's
 * 16 MiB), {@code plan_cache_size} (plans of plain statements
 * kept per database, default 256, 0: off) and {@code plan_cache_parameterize} ({@code false}: cache
 * exact texts only); see docs/plan-cache.md.
 */
public record ConnectionUrl(String location, Map<String, String> options) {
  public static final String PREFIX = "jdbc:treestore:";

  public static ConnectionUrl parse(String url) {
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a TreeStore URL (expected " + PREFIX + "<path>): " + url);
    }
    String[] parts = url.substring(PREFIX.length()).split(";");
    String location = parts[0].trim();
    if (location.isEmpty() || location.equals("mem:")) {
      throw new IllegalArgumentException("the URL names no database: " + url
          + " (use " + PREFIX + "<path> or " + PREFIX + "mem:<name>)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue;
      }
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("option '" + parts[i] + "' in " + url + " is not key=value");
      }
      options.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), parts[i].substring(eq + 1).trim());
    }
    return new ConnectionUrl(location, options);
  }

  /** The store options these URL options (merged over {@code extra}, e.g. the driver properties) ask for. */
  public static StoreOptions storeOptions(Map<String, String> options) {
    StoreOptions o = StoreOptions.DEFAULT;
    String cache = options.get("cache_size");
    if (cache != null) {
      o = o.withCacheSizeBytes(parseSize("cache_size", cache));
    }
    String checkpoint = options.get("checkpoint_size");
    if (checkpoint != null) {
      o = o.withCheckpointBytes(parseSize("checkpoint_size", checkpoint));
    }
    String durability = options.get("durability");
    if (durability != null) {
      try {
        o = o.withDurability(Durability.valueOf(durability.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("durability '" + durability + "' is not FULL, NORMAL or OFF", e);
      }
    }
    return o;
  }

  /** A size such as {@code 268435456}, {@code 256MB}, {@code 1GB}, {@code 512KB}. */
  static long parseSize(String option, String s) {
    String t = s.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(option + " '" + s + "' is not a size such as 256MB", e);
    }
  }
}
