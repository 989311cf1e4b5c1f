package org.treestore.engine.page;

/**
 * The type tag in byte 0 of every page. A reader checks the tag before it interprets a page, so a
 * pointer to the wrong kind of page is reported as corruption instead of being misread.
 *
 * <p>Zero is deliberately not a valid tag: a page of zeros (a hole in a sparse file, a page never
 * written) fails both the tag and the checksum test.
 */
public final class PageType {
  /** Page 0: the file header. */
  public static final byte HEADER = 1;
  /** A page on the free list that holds nothing. */
  public static final byte FREE = 2;
  /** A free-list trunk: an array of free page numbers and the next trunk. */
  public static final byte FREELIST_TRUNK = 3;
  /** A B+Tree leaf: keys and values (or overflow pointers). */
  public static final byte BTREE_LEAF = 4;
  /** A B+Tree interior node: separator keys and child page numbers. */
  public static final byte BTREE_INTERNAL = 5;
  /** One page of a value too big to keep in its leaf. */
  public static final byte OVERFLOW = 6;
  /**
   * A trunk of the pending-free list: pages that a commit replaced but an open snapshot may still
   * read, each tagged with the commit that freed it.
   */
  public static final byte PENDING_TRUNK = 7;

  private PageType() {}

  /** A readable name of the tag for messages and the integrity report. */
  public static String name(int type) {
    switch (type) {
      case HEADER: return "header";
      case FREE: return "free";
      case FREELIST_TRUNK: return "free-list trunk";
      case BTREE_LEAF: return "b-tree leaf";
      case BTREE_INTERNAL: return "b-tree internal";
      case OVERFLOW: return "overflow";
      case PENDING_TRUNK: return "pending-free trunk";
      default: return "unknown type " + type;
    }
  }

  /** Whether {@code type} is one of the tags above. */
  public static boolean isValid(int type) {
    return type >= HEADER && type <= PENDING_TRUNK;
  }
}
