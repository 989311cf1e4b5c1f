/**
 * Fixed-size checksummed pages and their life cycle: the file header, page I/O with CRC32C
 * verification on every read, the bounded buffer pool (pin/unpin, CLOCK eviction, write-back) and
 * the persistent free list. The format of each page is documented in its class and in
 * {@code docs/format.md}.
 */
package org.treestore.engine.page;
