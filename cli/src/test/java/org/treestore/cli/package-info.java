/** Tests of the {@code treestore} command, each subcommand run in-process on temporary databases. */
package org.treestore.cli;
