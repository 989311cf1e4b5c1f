/**
 * The {@code treestore} command: a picocli command tree ({@link org.treestore.cli.TreeStoreCommand})
 * with the SQL console and one-shot SQL ({@code sql}, on sqlline and the embedded JDBC driver), the
 * document tools on the engine API ({@code import}, {@code export}, {@code check}, {@code vacuum},
 * {@code info}) and a guided {@code demo} on the sample documents that ship in the jar.
 *
 * <p>Every subcommand writes its results to the command line's standard output and its progress
 * and errors to standard error, so a test can run any of them in-process with captured streams
 * through {@link org.treestore.cli.TreeStoreCommand#commandLine}.
 */
package org.treestore.cli;
