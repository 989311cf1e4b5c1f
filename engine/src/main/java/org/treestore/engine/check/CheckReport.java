package org.treestore.engine.check;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the integrity check found: every problem (up to a cap) and a summary of what it walked.
 * {@link #isOk()} is true only when no problem was found.
 */
public final class CheckReport {
  /** The most problems a report lists; the rest are only counted. */
  public static final int MAX_LISTED = 1000;

  private final String file;
  private final List<Problem> problems;
  private final long problemCount;
  private final int pageCount;
  private final int freePages;
  private final Map<String, Long> entriesPerTree;

  CheckReport(String file, List<Problem> problems, long problemCount, int pageCount, int freePages,
      Map<String, Long> entriesPerTree) {
    this.file = file;
    this.problems = Collections.unmodifiableList(problems);
    this.problemCount = problemCount;
    this.pageCount = pageCount;
    this.freePages = freePages;
    this.entriesPerTree = Collections.unmodifiableMap(entriesPerTree);
  }

  /** True when nothing is wrong. */
  public boolean isOk() {
    return problemCount == 0;
  }

  /** The problems found, at most {@link #MAX_LISTED}. */
  public List<Problem> problems() {
    return problems;
  }

  /** How many problems were found, listed or not. */
  public long problemCount() {
    return problemCount;
  }

  /** Pages in the file, header included. */
  public int pageCount() {
    return pageCount;
  }

  /** Pages found on the free list. */
  public int freePages() {
    return freePages;
  }

  /** Entries counted in each named tree (the catalog not included). */
  public Map<String, Long> entriesPerTree() {
    return entriesPerTree;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(file).append(": ");
    sb.append(isOk() ? "ok" : problemCount + " problem" + (problemCount == 1 ? "" : "s"));
    sb.append(" (").append(pageCount).append(" pages, ").append(freePages).append(" free, ")
        .append(entriesPerTree.size()).append(" trees)");
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    if (problemCount > problems.size()) {
      sb.append("\n  ... and ").append(problemCount - problems.size()).append(" more");
    }
    return sb.toString();
  }
}
