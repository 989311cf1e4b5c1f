#!/usr/bin/env python3
"""Turns a JMH JSON result file of the storage-core benchmarks into a Markdown table.

One row per benchmark, TreeStore and MVStore side by side, and the speed ratio
TreeStore/MVStore (above 1: TreeStore is faster). Single-shot loads are reported in
ns per put as JMH measures them, and converted to puts per second (1e9 / score).

Usage: python3 bench/scripts/results_table.py bench/results/storage-core.json
"""
import json
import sys


def main(path):
    with open(path) as f:
        runs = json.load(f)
    rows = {}
    for r in runs:
        name = r["benchmark"].rsplit(".", 1)[1]
        engine = r["params"]["engine"]
        m = r["primaryMetric"]
        rows.setdefault(name, {})[engine] = (m["score"], m["scoreError"], m["scorePercentiles"]["50.0"], m["scoreUnit"], r["mode"])
    print("| benchmark | unit | TreeStore score ± error (median) | MVStore score ± error (median) | TreeStore/MVStore speed |")
    print("|---|---|---|---|---|")
    for name in ["sequentialPut", "randomPut", "randomGet", "rangeScan"]:
        if name not in rows or len(rows[name]) < 2:
            continue
        ts = rows[name]["treestore"]
        mv = rows[name]["mvstore"]
        unit = ts[3]
        if ts[4] == "ss":
            ratio = mv[0] / ts[0]  # time per op: lower is faster
            extra = lambda s: f" ≈ {1e9 / s[0] / 1e6:.2f} M puts/s"
        else:
            ratio = ts[0] / mv[0]
            extra = lambda s: ""
        cell = lambda s: f"{s[0]:,.0f} ± {s[1]:,.0f} ({s[2]:,.0f}){extra(s)}"
        print(f"| {name} | {unit} | {cell(ts)} | {cell(mv)} | {ratio:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
