/** Small runnable programs that show how to use TreeStore; copy from them. */
package org.treestore.examples;
