package org.treestore.engine.docstore;

/**
 * The page interval index: how "which nodes cover page p" is answered without scanning the
 * document.
 *
 * <p>A node with pages [s, e], s &le; e, is filed under level {@code L = floor(log2(e - s + 1))}:
 * its length is in [2^L, 2^(L+1)). A node of level L that covers p starts in
 * [p - 2^(L+1) + 2, p], so the query scans, for each level present in the document, that window of
 * the level's (start page ordered) entries and keeps those whose end is at least p. Every entry in
 * a window is at most 2^(L+1) - 1 pages long and starts within 2^(L+1) - 1 pages before p, so the
 * entries read that do not cover p are bounded by the density of intervals around p, not by the
 * size of the document. The document record keeps a bit mask of the levels in use, so absent levels
 * cost nothing.
 *
 * <p>Nodes without both pages, and nodes whose start is after their end (real PageIndex output has
 * them), cover no page and are not filed.
 */
final class PageLevels {
  private PageLevels() {}

  /** Whether [start, end] is an interval the index holds. */
  static boolean indexed(Integer start, Integer end) {
    return start != null && end != null && start <= end;
  }

  /** The level of [start, end], start &le; end: 0 to 32. */
  static int level(int start, int end) {
    long length = (long) end - start + 1;
    return 63 - Long.numberOfLeadingZeros(length);
  }

  /** The first start page a level-{@code level} interval covering {@code page} can have. */
  static long windowStart(int level, int page) {
    return (long) page - (1L << (level + 1)) + 2;
  }
}
