/**
 * The write-ahead log: frames holding a page image or its difference from an earlier frame
 * ({@link org.treestore.engine.wal.PageDelta}), with salts and chained CRC32C checksums, recovery that
 * tells a torn tail from damaged durable data, checkpoints that copy committed pages into the main
 * file, and group commit that shares one force among concurrent committers. The format is
 * documented in {@link org.treestore.engine.wal.Wal} and {@code docs/format.md}.
 */
package org.treestore.engine.wal;
