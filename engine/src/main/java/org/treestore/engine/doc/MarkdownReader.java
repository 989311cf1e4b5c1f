package org.treestore.engine.doc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.treestore.engine.StorageException;

/**
 * Turns a Markdown file into a document the way PageIndex's Markdown mode does, without an LLM:
 * every ATX heading ({@code #} to {@code ######} and a space, outside fenced code blocks) becomes
 * a node; its level is the number of {@code #}; its parent is the nearest earlier heading with
 * fewer; its {@code text} is its own lines, from the heading to the next heading of any level
 * (children excluded); {@code line_num} is the heading's 1-based line. Ids are assigned in
 * pre-order. The document has {@code doc_name} (the file name without extension) and
 * {@code line_count}; text before the first heading is kept as the document field
 * {@code preamble}. Summaries are left out: they need a model.
 */
public final class MarkdownReader {
  private MarkdownReader() {}

  /** Reads the Markdown file at {@code file}. */
  public static PageIndexDocument read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageException(file + ": cannot read: " + e.getMessage(), e);
    }
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return read(text, dot > 0 ? name.substring(0, dot) : name);
  }

  /** Reads Markdown {@code text} as the document {@code docName}. */
  public static PageIndexDocument read(String text, String docName) {
    String[] lines = text.split("\r?\n", -1);
    int lineCount = text.endsWith("\n") ? lines.length - 1 : lines.length;
    List<DocNode> roots = new ArrayList<>();
    Deque<DocNode> open = new ArrayDeque<>();
    Deque<Integer> levels = new ArrayDeque<>();
    StringBuilder preamble = new StringBuilder();
    DocNode current = null;
    StringBuilder body = null;
    String fence = null;
    for (int i = 0; i < lineCount; i++) {
      String line = lines[i];
      String trimmed = line.stripLeading();
      int level = fence == null && line.length() - trimmed.length() < 4 ? headingLevel(trimmed) : 0;
      if (level == 0) {
        if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
          String marker = trimmed.substring(0, 3);
          fence = fence == null ? marker : fence.equals(marker) ? null : fence;
        }
        (body != null ? body : preamble).append(line).append('\n');
        continue;
      }
      if (current != null) {
        current.text = trimEnd(body);
      }
      current = new DocNode();
      current.title = headingTitle(trimmed, level);
      current.lineNum = i + 1;
      body = new StringBuilder(line).append('\n');
      while (!levels.isEmpty() && levels.peek() >= level) {
        levels.pop();
        open.pop();
      }
      (open.isEmpty() ? roots : open.peek().children).add(current);
      open.push(current);
      levels.push(level);
    }
    if (current != null) {
      current.text = trimEnd(body);
    }
    ObjectNode fields = JsonNodeFactory.instance.objectNode();
    fields.put("doc_name", docName);
    fields.put("line_count", lineCount);
    if (!preamble.toString().isBlank()) {
      fields.put("preamble", trimEnd(preamble));
    }
    PageIndexDocument doc = new PageIndexDocument(PageIndexDocument.Variant.STRUCTURE, "nodes", false, fields, roots);
    int[] next = {0};
    doc.forEachPreOrder(n -> n.nodeId = String.format("%04d", next[0]++));
    return doc;
  }

  /** 1 to 6 for an ATX heading line ({@code #..###### } or a bare {@code #..######}), else 0. */
  private static int headingLevel(String s) {
    int n = 0;
    while (n < s.length() && s.charAt(n) == '#') {
      n++;
    }
    if (n == 0 || n > 6) {
      return 0;
    }
    return n == s.length() || s.charAt(n) == ' ' || s.charAt(n) == '\t' ? n : 0;
  }

  /** The heading's text without its markers and an optional closing run of {@code #}. */
  private static String headingTitle(String s, int level) {
    String t = s.substring(level).strip();
    int end = t.length();
    while (end > 0 && t.charAt(end - 1) == '#') {
      end--;
    }
    if (end == 0 || end < t.length() && (t.charAt(end - 1) == ' ' || t.charAt(end - 1) == '\t')) {
      t = t.substring(0, end).strip();
    }
    return t;
  }

  private static String trimEnd(StringBuilder b) {
    int end = b.length();
    while (end > 0 && Character.isWhitespace(b.charAt(end - 1))) {
      end--;
    }
    return b.substring(0, end);
  }
}
