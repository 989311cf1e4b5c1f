/**
 * Order-preserving encoding of composite keys into the {@code byte[]} keys the B+Tree compares.
 *
 * <p>The B+Tree orders keys as unsigned lexicographic bytes ({@link
 * java.util.Arrays#compareUnsigned(byte[], byte[])}) and knows nothing about columns. This package
 * maps a tuple of typed components to bytes so that byte order equals tuple order, compared
 * component by component with a shorter tuple before any longer one it is a prefix of. That keeps
 * the tree free of per-index comparators and makes prefix scans plain byte ranges.
 *
 * <table>
 *   <caption>Component encodings</caption>
 *   <tr><th>Type</th><th>Bytes</th><th>Order</th></tr>
 *   <tr><td>int, long</td><td>big-endian, sign bit flipped</td><td>numeric</td></tr>
 *   <tr><td>boolean</td><td>{@code 00} / {@code 01}</td><td>false first</td></tr>
 *   <tr><td>String</td><td>UTF-8, {@code 00} escaped as {@code 00 FF}, then {@code 00 01}</td>
 *       <td>by Unicode code point (not {@code String.compareTo})</td></tr>
 *   <tr><td>nullable String</td><td>{@code 00}, or {@code 01} then the String encoding</td>
 *       <td>null first</td></tr>
 *   <tr><td>byte[]</td><td>as String, on the raw bytes</td><td>unsigned lexicographic</td></tr>
 * </table>
 *
 * <p>{@link org.treestore.engine.key.KeyWriter} builds keys, {@link
 * org.treestore.engine.key.KeyReader} decodes them (the schema is the caller's: there are no type
 * tags), and {@link org.treestore.engine.key.KeyRanges} turns a key prefix into a scan range.
 */
package org.treestore.engine.key;
