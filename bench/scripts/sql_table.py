#!/usr/bin/env python3
"""Markdown tables of the SQL-through-JDBC benchmarks (bench/sql.md) from one JMH JSON file.

Per statement and engine: the median of the measured iterations (single shots for the first
query: one per fork) with their min-max, and the ratios H2/TreeStore and SQLite/TreeStore of the
medians (time per call: above 1, TreeStore is faster). The peers with a full-text index (h2_fts,
sqlite_fts) get columns of their own when the file holds runs of them. With the JMH log as the
second argument, also the JVM uptime at the first row that FirstQueryBenchmark prints per fork.

Usage: python3 bench/scripts/sql_table.py sql.json [sql.log]
"""
import json
import re
import statistics
import sys

ENGINES = ["treestore", "h2", "sqlite"]
FTS_ENGINES = ["h2_fts", "sqlite_fts"]
NAMES = {"treestore": "TreeStore", "h2": "H2", "sqlite": "SQLite", "h2_fts": "H2 FTS", "sqlite_fts": "SQLite FTS"}


def fmt(x):
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def main(path, log=None):
    with open(path) as f:
        runs = json.load(f)
    table = {}
    order = []
    for r in runs:
        cls, name = r["benchmark"].rsplit(".", 2)[-2:]
        key = (cls, name)
        if key not in table:
            order.append(key)
        raw = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        table.setdefault(key, {})[r["params"]["engine"]] = (raw, r["primaryMetric"]["scoreUnit"])
    engines = ENGINES + [e for e in FTS_ENGINES if any(e in t for t in table.values())]
    peers = engines[1:]
    print("| benchmark | statement | unit | " + " | ".join(NAMES[e] for e in engines) + " | "
          + " | ".join(f"{NAMES[e]} / TreeStore" for e in peers) + " |")
    print("|---|---|---|" + "---|" * (len(engines) + len(peers)))
    for key in order:
        cells = []
        med = {}
        unit = ""
        for e in engines:
            if e not in table[key]:
                cells.append("–")
                continue
            raw, unit = table[key][e]
            med[e] = statistics.median(raw)
            cells.append(f"{fmt(med[e])} ({fmt(min(raw))}–{fmt(max(raw))})")
        ratio = lambda e: f"{med[e] / med['treestore']:.2f}" if e in med and "treestore" in med else "–"
        print(f"| {key[0]} | {key[1]} | {unit} | " + " | ".join(cells) + " | " + " | ".join(ratio(e) for e in peers) + " |")
    if log:
        up = {}
        phases = {}
        with open(log) as f:
            for line in f:
                m = re.search(r"first row at JVM uptime (\d+) ms \((\w+)\)", line)
                if m:
                    up.setdefault(m.group(2), []).append(int(m.group(1)))
                m = re.search(r"phases \((\w+)\): driver class (\d+) ms, connect (\d+) ms, first statement (\d+) ms", line)
                if m:
                    phases.setdefault(m.group(1), []).append([int(m.group(i)) for i in (2, 3, 4)])
        if up:
            print()
            print("| engine | JVM uptime at the first row, ms: median (min–max), forks incl. the discarded warm-up fork |")
            print("|---|---|")
            for e in ENGINES:
                if e in up:
                    v = up[e]
                    print(f"| {e} | {statistics.median(v):,.0f} ({min(v)}–{max(v)}), n={len(v)} |")

        if phases:
            print()
            print("| engine | driver class, ms | connect, ms | first statement, ms | (medians over the forks) |")
            print("|---|---|---|---|---|")
            for e in ENGINES:
                if e in phases:
                    cols = list(zip(*phases[e]))
                    print(f"| {e} | " + " | ".join(f"{statistics.median(c):,.0f}" for c in cols) + f" | n={len(phases[e])} |")


if __name__ == "__main__":
    main(*sys.argv[1:])
