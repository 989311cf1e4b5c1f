package org.treestore.engine.doc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a {@link PageIndexDocument} back as PageIndex JSON of the variant it was read from: the
 * same document-level keys, the same child key, node ids only if the file had them, every kept
 * unknown key. Reading a file and writing it gives JSON equal to the input, key order aside.
 */
public final class PageIndexWriter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PageIndexWriter() {}

  /** The document as a JSON tree. */
  public static JsonNode toJson(PageIndexDocument doc) {
    ArrayNode roots = F.arrayNode();
    for (DocNode n : doc.roots) {
      roots.add(node(n, doc));
    }
    if (doc.variant == PageIndexDocument.Variant.BARE_LIST) {
      return roots;
    }
    ObjectNode out = F.objectNode();
    String rootsKey = doc.variant == PageIndexDocument.Variant.STRUCTURE ? "structure" : "result";
    boolean placed = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!placed && e.getKey().equals("pages")) { // workspace files put the roots before pages
        out.set(rootsKey, roots);
        placed = true;
      }
      out.set(e.getKey(), e.getValue());
    }
    if (!placed) {
      out.set(rootsKey, roots);
    }
    return out;
  }

  /** The document as indented JSON text. */
  public static String toJsonText(PageIndexDocument doc) {
    try {
      return JSON.writeValueAsString(toJson(doc));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  private static ObjectNode node(DocNode n, PageIndexDocument doc) {
    ObjectNode o = F.objectNode();
    if (n.title != null) {
      o.put("title", n.title);
    }
    if (n.nodeId != null && !doc.idsAssigned) {
      o.put("node_id", n.nodeId);
    }
    if (n.startPage != null) {
      o.put("start_index", n.startPage);
    }
    if (n.endPage != null) {
      o.put("end_index", n.endPage);
    }
    if (n.lineNum != null) {
      o.put("line_num", n.lineNum);
    }
    if (n.summary != null) {
      o.put("summary", n.summary);
    }
    if (n.prefixSummary != null) {
      o.put("prefix_summary", n.prefixSummary);
    }
    if (n.text != null) {
      o.put("text", n.text);
    }
    if (n.extra != null) {
      o.setAll(n.extra);
    }
    if (!n.children.isEmpty() || n.emptyChildList) {
      ArrayNode kids = o.putArray(doc.childKey);
      for (DocNode c : n.children) {
        kids.add(node(c, doc));
      }
    }
    return o;
  }
}
