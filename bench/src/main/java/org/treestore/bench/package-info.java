/**
 * JMH benchmarks of the storage core, each run side by side with a peer engine in the same JMH
 * run.
 *
 * <p>The benchmarks never call an engine directly: they go through {@link
 * org.treestore.bench.KvEngine}, a small ordered key-value adapter with one implementation per
 * engine ({@link org.treestore.bench.TreeStoreEngine} for TreeStore's B+Tree, {@link
 * org.treestore.bench.MvStoreEngine} for H2's MVStore). A {@code @Param("engine")} picks the
 * implementation, so one benchmark method measures every peer under identical conditions: same
 * keys, same values, same cache budget, same JVM flags.
 *
 * <p>The workload ({@link org.treestore.bench.Workload}) is fixed by the issue "Storage core": one
 * million 16-byte keys with 100-byte values. {@link org.treestore.bench.LoadBenchmark} measures
 * bulk loads into a fresh store; {@link org.treestore.bench.ReadBenchmark} measures point lookups
 * and short range scans on a preloaded store.
 *
 * <p>The durability benchmarks of the WAL issue follow the same pattern with their own adapter,
 * {@link org.treestore.bench.CommitEngine}, because they need many threads: {@link
 * org.treestore.bench.CommitBenchmark} measures durable commits from 1, 4 and 16 threads against
 * SQLite in WAL mode ({@link org.treestore.bench.SqliteCommitEngine}), {@link
 * org.treestore.bench.RawForceBenchmark} the disk's raw force rate as the yardstick for group
 * commit, and {@link org.treestore.bench.RecoveryBenchmark} the time to recover a 256 MiB WAL.
 *
 * <p>The transaction benchmarks of issue 4 use a third adapter, {@link
 * org.treestore.bench.MvccEngine}, because they need snapshot transactions shared by many threads:
 * {@link org.treestore.bench.MvccReadBenchmark} runs readers while a writer commits, {@link
 * org.treestore.bench.MvccWriteBenchmark} runs 1, 4 and 16 writers on disjoint keys and on one hot
 * key, each against H2's {@code TransactionStore} ({@link org.treestore.bench.H2MvccEngine}).
 */
package org.treestore.bench;
