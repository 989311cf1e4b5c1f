package org.treestore.engine.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.treestore.engine.search.analysis.Analyzer;
import org.treestore.engine.search.analysis.Token;

/**
 * Cuts a short passage around the densest cluster of matched terms and marks them: the text is
 * analysed again (with offsets), the window of {@value #WINDOW} tokens holding most matches is
 * chosen, and the original characters of that window are returned with matches in «».
 */
final class Snippets {
  static final int WINDOW = 24;

  private Snippets() {}

  /** The snippet of {@code text}, or null if no token of it matches. */
  static String of(Analyzer analyzer, String text, Set<String> terms, List<String> prefixes) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    List<Token> tokens = analyzer.tokens(text);
    boolean[] hit = new boolean[tokens.size()];
    int hits = 0;
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i).term();
      hit[i] = terms.contains(t) || prefixes.stream().anyMatch(t::startsWith);
      hits += hit[i] ? 1 : 0;
    }
    if (hits == 0) {
      return null;
    }
    int bestStart = 0;
    int best = -1;
    int inWindow = 0;
    for (int i = 0; i < tokens.size(); i++) {
      inWindow += hit[i] ? 1 : 0;
      if (i >= WINDOW) {
        inWindow -= hit[i - WINDOW] ? 1 : 0;
      }
      if (inWindow > best) {
        best = inWindow;
        bestStart = Math.max(0, i - WINDOW + 1);
      }
    }
    // Start the window a few tokens before its first match, so the match has context.
    int first = bestStart;
    while (first < tokens.size() && !hit[first]) {
      first++;
    }
    int from = Math.max(0, first - 4);
    int to = Math.min(tokens.size(), from + WINDOW);
    StringBuilder b = new StringBuilder();
    int start = tokens.get(from).start();
    if (from > 0) {
      b.append("… ");
    }
    int at = start;
    List<int[]> marks = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (hit[i]) {
        marks.add(new int[] {tokens.get(i).start(), tokens.get(i).end()});
      }
    }
    int end = tokens.get(to - 1).end();
    List<int[]> merged = new ArrayList<>(); // overlapping CJK bigrams become one mark
    for (int[] m : marks) {
      if (!merged.isEmpty() && m[0] <= merged.get(merged.size() - 1)[1]) {
        merged.get(merged.size() - 1)[1] = Math.max(merged.get(merged.size() - 1)[1], m[1]);
      } else {
        merged.add(m);
      }
    }
    for (int[] m : merged) {
      b.append(text, at, m[0]).append('«').append(text, m[0], m[1]).append('»');
      at = m[1];
    }
    b.append(text, at, Math.max(at, end));
    if (to < tokens.size()) {
      b.append(" …");
    }
    return b.toString().replaceAll("\\s+", " ").trim();
  }
}
