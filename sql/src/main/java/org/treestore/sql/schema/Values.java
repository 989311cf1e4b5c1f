package org.treestore.sql.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.treestore.sql.SqlStateException;
import org.treestore.sql.SqlStates;

/** Conversions of the values a plan passes to a scan or a write (literals and bound parameters). */
final class Values {
  private Values() {}

  /**
   * Created on first use: every scan converts its key values here, and building an ObjectMapper
   * loads and initializes a few hundred Jackson classes (about 0.1 s in a fresh JVM), which only
   * writes of {@code metadata} need.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  static String text(Object v) {
    return v == null ? null : v.toString();
  }

  static String required(Object v, String column) {
    if (v == null) {
      throw new SqlStateException(SqlStates.NOT_NULL, column + " must not be NULL");
    }
    return v.toString();
  }

  static int integer(Object v) {
    if (v instanceof Number n) {
      long l = n.longValue();
      if (l != (int) l || (v instanceof Double d && d != Math.rint(d))) {
        throw new SqlStateException(SqlStates.DATA, "value " + v + " is not an INTEGER");
      }
      return (int) l;
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new SqlStateException(SqlStates.DATA, "value '" + v + "' is not an INTEGER", e);
    }
  }

  static Integer nullableInteger(Object v) {
    return v == null ? null : integer(v);
  }

  /** The literal start of a LIKE pattern: the characters before its first wildcard or escape. */
  static String likePrefix(Object pattern) {
    String p = pattern.toString();
    int end = 0;
    while (end < p.length() && p.charAt(end) != '%' && p.charAt(end) != '_' && p.charAt(end) != '\\') {
      end++;
    }
    return p.substring(0, end);
  }

  static ObjectNode jsonObject(String text, String column) {
    try {
      JsonNode n = Json.MAPPER.readTree(text);
      if (n instanceof ObjectNode o) {
        return o;
      }
      throw new SqlStateException(SqlStates.DATA, column + " must be a JSON object, got: " + abbreviate(text));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SqlStateException(SqlStates.DATA, column + " is not valid JSON (" + e.getOriginalMessage() + "): "
          + abbreviate(text), e);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
