package org.treestore.engine.btree;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import org.treestore.engine.CorruptionException;
import org.treestore.engine.page.Bytes;
import org.treestore.engine.page.Pager;

/**
 * The catalog: a B+Tree, rooted at the page the file header names, mapping each tree's name to its
 * root page.
 *
 * <p>Entry: key = the tree name in UTF-8; value = {@code u8 kind (1 = B+Tree) | u32 root page}.
 * Trees are copy-on-write (see {@link BTree}), so a commit that changes a tree gives it a new root,
 * and the store rewrites its entry ({@link #setRoot}) before the commit; the catalog is itself a
 * copy-on-write tree, so its own root moves too and is kept in the file header. A snapshot reads the
 * catalog at the root it captured ({@link #rootAt}).
 */
public final class Catalog {
  /** Entry kind of a plain B+Tree. */
  static final byte KIND_BTREE = 1;
  /** Longest tree name in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  private final BTree tree;
  private final Pager pager;

  /** Opens the catalog of {@code pager}, creating it in an empty database. */
  public Catalog(Pager pager, ReadWriteLock lock) {
    this.pager = pager;
    if (pager.catalogRoot() == 0) {
      pager.setCatalogRoot(BTree.createRoot(pager));
    }
    this.tree = new BTree(pager, "(catalog)", pager.catalogRoot(), lock);
  }

  /** The root page of tree {@code name} in the working state, or 0 if there is no such tree. */
  public int rootOf(String name) {
    byte[] v = tree.get(nameKey(name));
    if (v == null) {
      return 0;
    }
    return decodeRoot(name, v);
  }

  /**
   * The root page of tree {@code name} in the snapshot whose catalog root is {@code catalogRoot},
   * or 0 if the tree did not exist there. Takes no lock; the caller keeps the snapshot open.
   */
  public int rootAt(int catalogRoot, String name) {
    byte[] v = tree.getAt(catalogRoot, nameKey(name));
    if (v == null) {
      return 0;
    }
    return decodeRoot(name, v);
  }

  /** Records {@code root} as the root page of the existing tree {@code name}. */
  public void setRoot(String name, int root) {
    tree.put(nameKey(name), entry(root));
    pager.setCatalogRoot(tree.rootPage());
  }

  private static byte[] entry(int root) {
    byte[] v = new byte[5];
    v[0] = KIND_BTREE;
    Bytes.putInt(v, 1, root);
    return v;
  }

  private int decodeRoot(String name, byte[] v) {
    if (v.length != 5 || v[0] != KIND_BTREE) {
      throw new CorruptionException(pager.fileName(), tree.rootPage(),
          "catalog entry for '" + name + "' is malformed (" + v.length + " bytes)");
    }
    return Bytes.getInt(v, 1);
  }

  /** Creates an empty tree called {@code name} and returns its root page. */
  public int create(String name) {
    byte[] key = nameKey(name);
    if (tree.get(key) != null) {
      throw new IllegalArgumentException("a tree named '" + name + "' already exists");
    }
    int root = BTree.createRoot(pager);
    tree.put(key, entry(root));
    pager.setCatalogRoot(tree.rootPage());
    return root;
  }

  /** Moves the catalog's own pages numbered {@code limit} or higher (see {@link BTree#relocate}). */
  public int relocate(int limit) {
    int moved = tree.relocate(limit);
    pager.setCatalogRoot(tree.rootPage());
    return moved;
  }

  /** Removes the entry of tree {@code name}; the caller frees its pages. */
  public boolean remove(String name) {
    boolean removed = tree.delete(nameKey(name));
    pager.setCatalogRoot(tree.rootPage());
    return removed;
  }

  /** Every tree: name and root page, in name order. */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    Cursor c = tree.cursor();
    for (boolean ok = c.first(); ok; ok = c.next()) {
      String name = new String(c.key(), StandardCharsets.UTF_8);
      out.add(new Entry(name, decodeRoot(name, c.value())));
    }
    return out;
  }

  private static byte[] nameKey(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a tree name must not be empty");
    }
    byte[] b = name.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("tree name '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes");
    }
    return b;
  }

  /** One catalog entry. */
  public static final class Entry {
    private final String name;
    private final int root;

    Entry(String name, int root) {
      this.name = name;
      this.root = root;
    }

    /** The tree's name. */
    public String name() {
      return name;
    }

    /** The tree's root page. */
    public int root() {
      return root;
    }
  }
}
