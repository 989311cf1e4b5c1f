/**
 * The integrity check: reads every page from disk and verifies checksums, tree structure, the free
 * list and that every page is reachable exactly once; reports every problem it finds.
 */
package org.treestore.engine.check;
