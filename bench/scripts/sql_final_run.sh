#!/usr/bin/env bash
# The SQL benchmark runs of bench/sql.md ("Results"), in the order they must run: search first
# (the update benchmarks rewrite summaries, which changes what a query matches), then the reads
# and plain statements of TreeStore, H2 and SQLite, then every write with all five engines (the
# plain peers and the peers with a full-text index), then the first query in fresh JVMs.
#
# Environment: JAR (default /tmp/sqlbench.jar: a copy of bench/target/benchmarks.jar, since forks
# start from the jar file), DB (database directory, default /tmp/treestore-sqlbench; databases are
# loaded on first use), OUT (where the JSON results and logs go, default the current directory).
# Every JMH run holds /tmp/jmh.lock (flock), so two people's runs on a shared machine do not overlap.
# The load average is logged every 30 s to loadavg.txt. About 25 minutes on a 2-vCPU machine, plus
# the first loads (h2_fts about a minute).
set -u
jar="${JAR:-/tmp/sqlbench.jar}"
db="${DB:-/tmp/treestore-sqlbench}"
cd "${OUT:-.}" || exit 1
# A -jvmArgsAppend given here replaces the classes' own (-Xms4g -Xmx4g): pass the heap again.
heap_and_dir="-Xms4g -Xmx4g -Dtreestore.sqlbench.dir=$db"

(while true; do echo "$(date +%H:%M:%S) $(cut -d' ' -f1 /proc/loadavg)"; sleep 30; done) > loadavg.txt &
logger=$!
trap 'kill $logger' EXIT

jmh() {
  local out=$1
  shift
  flock /tmp/jmh.lock java -jar "$jar" "$@" -rf json -rff "$out.json" > "$out.log" 2>&1 \
    || echo "JMH run $out failed: see $out.log" >&2
}

jmh search 'SearchSqlBenchmark' -p engine=treestore,h2_fts,sqlite_fts -jvmArgsAppend "$heap_and_dir"
jmh reads 'PreparedSqlBenchmark|StatementSqlBenchmark' -e 'PreparedSqlBenchmark.update' \
  -p engine=treestore,h2,sqlite -jvmArgsAppend "$heap_and_dir"
jmh writes 'DocumentWriteSqlBenchmark|PreparedSqlBenchmark.update' \
  -p engine=treestore,h2,sqlite,h2_fts,sqlite_fts -jvmArgsAppend "$heap_and_dir"
# single shots in fresh JVMs with their default heap, as an application would start
jmh first 'FirstQueryBenchmark' -jvmArgsAppend "-Dtreestore.sqlbench.dir=$db"
