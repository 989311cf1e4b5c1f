/**
 * File access for the engine. Every byte the engine reads or writes goes through {@link
 * org.treestore.engine.io.FileIo}, so tests can wrap a file with fault injectors (failed writes,
 * failed forces, lost or torn writes) or replace it with an in-memory {@link
 * org.treestore.engine.io.MemoryFileIo}, without the engine knowing. The real-file implementation,
 * {@link org.treestore.engine.io.ChannelFileIo}, survives {@link Thread#interrupt()}: where a plain
 * {@code FileChannel} is closed for all threads when any one of them is interrupted, it reopens the
 * channel, retries, and leaves the caller's interrupt status set.
 */
package org.treestore.engine.io;
