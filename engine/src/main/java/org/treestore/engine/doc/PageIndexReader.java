package org.treestore.engine.doc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.treestore.engine.StorageException;

/**
 * Reads PageIndex JSON in every variant PageIndex has written (see the project's format notes):
 * the document object {@code {doc_name, doc_description?, structure: [...]}}, workspace documents
 * (the same plus {@code id, type, path, page_count/line_count, pages}), the first release's bare
 * list of roots with children under {@code child_nodes}, and the cloud API's {@code result}
 * object; PDF mode ({@code start_index}/{@code end_index}) and Markdown mode ({@code line_num},
 * {@code prefix_summary}) nodes alike.
 *
 * <p><b>Accepted as they are</b> (real files have them): empty and repeated titles, ranges whose
 * start is past their end, ids past {@code "9999"}, any script. Keys PageIndex does not define
 * are kept, at the node and at the document level. A file without node ids gets ids in
 * pre-order ({@code "0000"}, {@code "0001"}, ...), as PageIndex assigns them.
 *
 * <p><b>Refused</b> with a {@link DocumentFormatException} naming the source, the JSON path and
 * the problem: text that is not JSON (with line and column), a top level that is neither an array
 * nor an object with {@code structure} or {@code result}, a node that is not an object, a field of
 * the wrong type, a number that is not an integer in int range, children under both {@code nodes}
 * and {@code child_nodes}, duplicate node ids, and ids on some nodes but not others.
 */
public final class PageIndexReader {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String source;
  private final Map<String, String> idPaths = new HashMap<>();
  private int withId;
  private int withoutId;
  private String childKey;

  private PageIndexReader(String source) {
    this.source = source;
  }

  /** Reads the file at {@code file}. */
  public static PageIndexDocument read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Reads a document from {@code in}; {@code source} names it in error messages. */
  public static PageIndexDocument read(InputStream in, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new DocumentFormatException(source, null, "not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new StorageException(source + ": cannot read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new DocumentFormatException(source, null, "empty input, expected a PageIndex document");
    }
    return new PageIndexReader(source).document(root);
  }

  private PageIndexDocument document(JsonNode root) {
    PageIndexDocument.Variant variant;
    JsonNode list;
    String listPath;
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    if (root.isArray()) {
      variant = PageIndexDocument.Variant.BARE_LIST;
      list = root;
      listPath = "$";
    } else if (root.isObject()) {
      String key = root.has("structure") ? "structure" : root.has("result") ? "result" : null;
      if (key == null) {
        throw error("$", "expected the roots under \"structure\" (or \"result\"), found keys " + keys(root));
      }
      variant = key.equals("structure") ? PageIndexDocument.Variant.STRUCTURE : PageIndexDocument.Variant.RESULT;
      list = root.get(key);
      listPath = "$." + key;
      if (!list.isArray()) {
        throw error(listPath, "expected an array of nodes, found " + describe(list));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals(key)) {
          fields.set(e.getKey(), e.getValue());
        }
      }
      checkText(fields, "doc_name", "$");
      checkText(fields, "doc_description", "$");
    } else {
      throw error("$", "expected a PageIndex document (an object or an array of nodes), found " + describe(root));
    }
    List<DocNode> roots = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      roots.add(node(list.get(i), listPath + "[" + i + "]"));
    }
    if (withId > 0 && withoutId > 0) {
      throw error(listPath, withoutId + " of " + (withId + withoutId)
          + " nodes have no node_id while the others have one; ids must be given for all nodes or for none");
    }
    boolean assigned = withoutId > 0;
    PageIndexDocument doc = new PageIndexDocument(variant, childKey == null ? "nodes" : childKey, assigned, fields, roots);
    if (assigned) {
      int[] next = {0};
      doc.forEachPreOrder(n -> n.nodeId = String.format("%04d", next[0]++));
    }
    return doc;
  }

  private DocNode node(JsonNode json, String path) {
    if (!json.isObject()) {
      throw error(path, "expected a node object, found " + describe(json));
    }
    DocNode n = new DocNode();
    JsonNode children = null;
    String childrenKey = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      String at = path + "." + key;
      switch (key) {
        case "title": n.title = text(v, at); break;
        case "node_id": n.nodeId = text(v, at); break;
        case "start_index": n.startPage = integer(v, at); break;
        case "end_index": n.endPage = integer(v, at); break;
        case "line_num": n.lineNum = integer(v, at); break;
        case "summary": n.summary = text(v, at); break;
        case "prefix_summary": n.prefixSummary = text(v, at); break;
        case "text": n.text = text(v, at); break;
        case "nodes":
        case "child_nodes":
          if (childrenKey != null) {
            throw error(path, "has children under both \"nodes\" and \"child_nodes\"");
          }
          childrenKey = key;
          children = v;
          break;
        default:
          if (n.extra == null) {
            n.extra = JsonNodeFactory.instance.objectNode();
          }
          n.extra.set(key, v);
      }
    }
    if (n.nodeId != null) {
      withId++;
      String earlier = idPaths.putIfAbsent(n.nodeId, path);
      if (earlier != null) {
        throw error(path, "node_id \"" + n.nodeId + "\" is also the id of the node at " + earlier);
      }
    } else {
      withoutId++;
    }
    if (children != null && !children.isNull()) {
      String at = path + "." + childrenKey;
      if (!children.isArray()) {
        throw error(at, "expected an array of nodes, found " + describe(children));
      }
      if (childKey == null) {
        childKey = childrenKey;
      } else if (!childKey.equals(childrenKey)) {
        throw error(at, "children are under \"" + childrenKey + "\" here but under \"" + childKey + "\" elsewhere");
      }
      for (int i = 0; i < children.size(); i++) {
        n.children.add(node(children.get(i), at + "[" + i + "]"));
      }
      n.emptyChildList = children.size() == 0;
    } else if (children != null) {
      throw error(path + "." + childrenKey, "expected an array of nodes, found null");
    }
    return n;
  }

  private String text(JsonNode v, String path) {
    if (!v.isTextual()) {
      throw error(path, "expected a string, found " + describe(v));
    }
    return v.textValue();
  }

  private Integer integer(JsonNode v, String path) {
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw error(path, "expected an integer page or line number, found " + describe(v));
    }
    return v.intValue();
  }

  private void checkText(ObjectNode fields, String key, String path) {
    JsonNode v = fields.get(key);
    if (v != null && !v.isNull() && !v.isTextual()) {
      throw error(path + "." + key, "expected a string, found " + describe(v));
    }
  }

  private DocumentFormatException error(String path, String problem) {
    return new DocumentFormatException(source, path, problem);
  }

  private static String keys(JsonNode obj) {
    List<String> k = new ArrayList<>();
    obj.fieldNames().forEachRemaining(k::add);
    return k.toString();
  }

  /** A short description of a JSON value for messages: its type and a clipped rendering. */
  private static String describe(JsonNode v) {
    String type = v.isObject() ? "an object" : v.isArray() ? "an array" : v.isTextual() ? "a string"
        : v.isBoolean() ? "a boolean" : v.isNull() ? "null" : v.isNumber() ? "the number" : v.getNodeType().toString();
    if (v.isContainerNode()) {
      return type;
    }
    String s = v.toString();
    return type + " " + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
  }
}
