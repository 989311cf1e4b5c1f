/**
 * Documents: PageIndex trees. So far the in-memory model ({@link org.treestore.engine.doc.PageIndexDocument},
 * {@link org.treestore.engine.doc.DocNode}) and lossless import and export of PageIndex JSON in
 * every variant described in the project's PageIndex format notes ({@link
 * org.treestore.engine.doc.PageIndexReader}, {@link org.treestore.engine.doc.PageIndexWriter}), and Markdown files
 * read as PageIndex's Markdown mode would ({@link org.treestore.engine.doc.MarkdownReader}).
 * Storage of documents in trees and the hierarchical indexes come next.
 */
package org.treestore.engine.doc;
