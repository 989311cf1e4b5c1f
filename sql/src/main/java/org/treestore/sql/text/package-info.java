/**
 * Lexical handling of SQL text before Calcite parses it: a tokenizer that tells strings, quoted
 * identifiers, comments and words apart ({@link org.treestore.sql.text.SqlLexer}), and the
 * quoting of TreeStore's names that the parser reserves ({@link org.treestore.sql.text.ReservedNames}).
 */
package org.treestore.sql.text;
