#!/usr/bin/env python3
"""Turns a JMH JSON result file of the durability (WAL) benchmarks into Markdown tables.

- Raw force rate (RawForceBenchmark): forces/s and µs per force, per block size, appending and
  overwriting. The yardstick is the faster 4 KiB variant.
- Commits (CommitBenchmark), one row per thread count, TreeStore and SQLite side by side:
  wall-clock commits/s (all threads' commits over the counting window, secondary results
  commits / windowMicros) with JMH's own score in parentheses, the mean time per commit
  (threads x window / commits), the ratios TreeStore/SQLite and TreeStore/raw force rate,
  TreeStore's WAL forces per commit, bytes written per commit, and the fewest and most commits
  of one thread relative to the mean (fairness).
- Recovery (RecoveryBenchmark): seconds per recovery and MB/s of WAL. The WAL size comes from
  the "# crash image" line the benchmark prints, in the JMH console output given as the second
  argument.

Usage: python3 bench/scripts/wal_table.py bench/results/wal-<commit>.json [bench/results/wal-<commit>.jmh.txt]
"""
import json
import re
import sys


def main(path, log_path=None):
    with open(path) as f:
        runs = json.load(f)
    res = {}
    for r in runs:
        cls, name = r["benchmark"].rsplit(".", 2)[-2:]
        params = r.get("params") or {}
        key = params.get("engine") or params.get("blockKiB") or params.get("walMiB") or "-"
        res[(cls, name, key, r["mode"])] = r

    # Raw force rate; the faster 4 KiB variant is the yardstick.
    print("| raw force | block | forces/s (JMH score ± error) | µs per force |")
    print("|---|---|---|---|")
    raw = None
    for name in ["appendForce", "overwriteForce"]:
        for kib in ["4", "64"]:
            r = res.get(("RawForceBenchmark", name, kib, "thrpt"))
            if r is None:
                continue
            m = r["primaryMetric"]
            rate = m["score"] * 1000
            if kib == "4":
                raw = max(raw or 0, rate)
            print(f"| {name} | {kib} KiB | {rate:,.0f} ± {m['scoreError'] * 1000:,.0f} | {1e6 / rate:,.0f} |")
    print()

    def wall(engine, threads):
        r = res.get(("CommitBenchmark", f"commit{threads}", engine, "thrpt"))
        if r is None:
            return None
        sec = r["secondaryMetrics"]
        total = lambda k: sec[k]["score"] if k in sec else 0.0
        commits, window = total("commits"), total("windowMicros")
        if window > 0:
            per_iter = [c / w * 1e6 for c, w in zip(sec["commits"]["rawData"][0], sec["windowMicros"]["rawData"][0])]
        else:
            # Older result files have no counting window: fall back to JMH's score.
            window = commits / (r["primaryMetric"]["score"] * 1000) * 1e6
            per_iter = [x * 1000 for x in r["primaryMetric"]["rawData"][0]]
        return {
            "rate": commits / window * 1e6,
            "min": min(per_iter),
            "max": max(per_iter),
            "jmh": r["primaryMetric"]["score"] * 1000,
            "latency_us": threads * window / commits,
            "forces": total("logForces") / commits,
            "bytes": total("writeBytes") / commits,
            "slowest": total("slowestThreadCommits") / (commits / threads),
            "fastest": total("fastestThreadCommits") / (commits / threads),
        }

    print("| threads | TreeStore commits/s | SQLite commits/s | TreeStore/SQLite | TreeStore/raw 4 KiB force rate "
          "| TreeStore µs/commit | SQLite µs/commit | TreeStore WAL forces/commit | bytes written/commit TreeStore, SQLite "
          "| slowest, fastest thread vs mean: TreeStore; SQLite |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for threads in [1, 4, 16]:
        ts, sq = wall("treestore", threads), wall("sqlite", threads)
        if ts is None or sq is None:
            continue
        cell = lambda m: f"{m['rate']:,.0f} ({m['min']:,.0f}–{m['max']:,.0f}; JMH {m['jmh']:,.0f})"
        vs_raw = f"{ts['rate'] / raw:.2f}" if raw else "–"
        spread = lambda m: f"{m['slowest']:.2f}, {m['fastest']:.2f}" if m["slowest"] > 0 else "–"
        print(f"| {threads} | {cell(ts)} | {cell(sq)} | {ts['rate'] / sq['rate']:.2f} | {vs_raw} "
              f"| {ts['latency_us']:,.0f} | {sq['latency_us']:,.0f} | {ts['forces']:.3f} "
              f"| {ts['bytes']:,.0f}, {sq['bytes']:,.0f} | {spread(ts)}; {spread(sq)} |")
    print()

    r = res.get(("RecoveryBenchmark", "recover", "256", "ss"))
    if r is None:
        r = next((v for k, v in res.items() if k[0] == "RecoveryBenchmark"), None)
    if r is not None:
        m = r["primaryMetric"]
        wal = None
        if log_path:
            with open(log_path) as f:
                found = re.search(r"# crash image: .*?WAL (\d+) bytes", f.read())
                if found:
                    wal = int(found.group(1))
        raw_s = sorted(m["rawData"][0])
        mbs = f"{wal / 1e6 / m['score']:,.0f} MB/s ({wal / 1e6 / raw_s[-1]:,.0f}–{wal / 1e6 / raw_s[0]:,.0f})" if wal else "(pass the log)"
        walmib = f"{wal / 1048576:.1f} MiB" if wal else "?"
        print("| recovery | WAL | seconds, open + close (min–max) | WAL replay rate |")
        print("|---|---|---|---|")
        print(f"| recover | {walmib} | {m['score']:.3f} ± {m['scoreError']:.3f} ({raw_s[0]:.3f}–{raw_s[-1]:.3f}) | {mbs} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
