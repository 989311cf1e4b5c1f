package org.treestore.engine.search;

/** The node fields the full-text index covers, with their default boosts. */
public enum SearchField {
  /** The node title: short and telling, so a match counts most. */
  TITLE(2.0),
  /** The summary PageIndex writes for the node. */
  SUMMARY(1.5),
  /** The node's own text. */
  TEXT(1.0);

  private final double defaultBoost;

  SearchField(double defaultBoost) {
    this.defaultBoost = defaultBoost;
  }

  /** The boost used when the caller gives none. */
  public double defaultBoost() {
    return defaultBoost;
  }
}
