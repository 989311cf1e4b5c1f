package org.treestore.engine.check;

/** One problem found by the integrity check: the page it concerns (-1 for none) and what is wrong. */
public final class Problem {
  private final long pageNo;
  private final String message;

  Problem(long pageNo, String message) {
    this.pageNo = pageNo;
    this.message = message;
  }

  /** The page concerned, or -1. */
  public long pageNo() {
    return pageNo;
  }

  /** What is wrong, naming the tree or structure. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return pageNo >= 0 ? "page " + pageNo + ": " + message : message;
  }
}
