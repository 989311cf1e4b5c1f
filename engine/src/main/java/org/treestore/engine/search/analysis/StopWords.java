package org.treestore.engine.search.analysis;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The English stop-word list and a lookup on a char range, so the check runs before any string
 * exists for the token.
 *
 * <p>The list is short on purpose: articles, the commonest prepositions and conjunctions, forms
 * of "be" and "have", and pronouns. "no", "not", "nor" and the modal verbs are kept out because
 * they change what a phrase means.
 */
final class StopWords {

  static final Set<String> ENGLISH = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
      "a", "an", "the",
      "and", "or", "but", "if", "then", "than", "so",
      "as", "at", "by", "for", "from", "in", "into", "of", "on", "onto", "to", "with",
      "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
      "it", "its", "this", "that", "these", "those", "there", "their", "they", "them",
      "he", "she", "his", "her", "we", "our", "you", "your", "which", "such")));

  /** Open addressing over a power-of-two table; at most half full so probes stay short. */
  private static final char[][] TABLE = build();

  private static final int MAX_LENGTH = ENGLISH.stream().mapToInt(String::length).max().orElse(0);

  private StopWords() {
  }

  private static char[][] build() {
    char[][] table = new char[Integer.highestOneBit(ENGLISH.size() * 4)][];
    for (String w : ENGLISH) {
      char[] word = w.toCharArray();
      int slot = hash(word, 0, word.length) & (table.length - 1);
      while (table[slot] != null) {
        slot = (slot + 1) & (table.length - 1);
      }
      table[slot] = word;
    }
    return table;
  }

  private static int hash(char[] buf, int off, int len) {
    int h = len;
    for (int i = off; i < off + len; i++) {
      h = 31 * h + buf[i];
    }
    return h ^ (h >>> 7);
  }

  /** Whether {@code buf[off, off + len)} (already folded) is a stop word. */
  static boolean contains(char[] buf, int off, int len) {
    if (len > MAX_LENGTH) {         // most real tokens are longer and stop here
      return false;
    }
    int mask = TABLE.length - 1;
    for (int slot = hash(buf, off, len) & mask; TABLE[slot] != null; slot = (slot + 1) & mask) {
      if (Arrays.equals(TABLE[slot], 0, TABLE[slot].length, buf, off, off + len)) {
        return true;
      }
    }
    return false;
  }
}
