#!/usr/bin/env python3
"""Turns a JMH JSON result file of the transaction benchmarks (issue 4) into Markdown tables.

Reads (MvccReadBenchmark): per group and engine, the readers' transactions per second and the
writer's commits per second, as the median of the measured iterations (JMH's mean +- error in
parentheses).

Writes (MvccWriteBenchmark): commits per second from the wall-clock window of each iteration
(all threads' commits / windowMicros), median over iterations; the retry rate (conflicts /
attempts) and conflicts per commit over all iterations; the commits of the slowest and fastest
thread against the mean. The speed ratio compares TreeStore with H2 in the same durability
class: treestore (NORMAL) with h2 (each commit written, not forced).

Usage: python3 bench/scripts/mvcc_table.py bench/results/mvcc.json
"""
import json
import statistics
import sys

ENGINES = ["treestore", "h2", "treestore-full", "h2-delayed"]


def median_and_mean(metric):
    raw = [x for fork in metric["rawData"] for x in fork]
    return statistics.median(raw), metric["score"], metric["scoreError"]


def fmt(x):
    return f"{x:,.0f}"


def reads(runs):
    print("| group | engine | readers: tx/s, median (mean ± error) | gets/s | writer: commits/s, median |")
    print("|---|---|---|---|---|")
    rows = {}
    for r in runs:
        if ".MvccReadBenchmark." not in r["benchmark"]:
            continue
        group = r["benchmark"].rsplit(".", 1)[1]
        eng = r["params"]["engine"]
        sec = r["secondaryMetrics"]
        reader = sec[group + "Reader"]
        writer = sec[group + "Writer"]
        rows[(group, eng)] = (median_and_mean(reader), median_and_mean(writer))
    for group, per_tx in [("point", 1), ("multi", 10)]:
        for eng in ENGINES:
            if (group, eng) not in rows:
                continue
            (rm, rs, re), (wm, _, _) = rows[(group, eng)]
            print(f"| {group} | {eng} | {fmt(rm)} ({fmt(rs)} ± {fmt(re)}) | {fmt(rm * per_tx)} | {fmt(wm)} |")
    print()
    print("| group | TreeStore/H2 readers (NORMAL vs h2) | TreeStore/H2 writer | treestore-full/h2-delayed readers |")
    print("|---|---|---|---|")
    for group in ["point", "multi"]:
        try:
            ts, h2 = rows[(group, "treestore")], rows[(group, "h2")]
            line = f"| {group} | {ts[0][0] / h2[0][0]:.2f} | {ts[1][0] / h2[1][0]:.2f} |"
        except KeyError:
            continue
        if (group, "treestore-full") in rows and (group, "h2-delayed") in rows:
            line += f" {rows[(group, 'treestore-full')][0][0] / rows[(group, 'h2-delayed')][0][0]:.2f} |"
        else:
            line += " – |"
        print(line)


def writes(runs):
    rows = {}
    for r in runs:
        if ".MvccWriteBenchmark." not in r["benchmark"]:
            continue
        name = r["benchmark"].rsplit(".", 1)[1]
        eng = r["params"]["engine"]
        sec = r["secondaryMetrics"]
        commits = [x for f in sec["commits"]["rawData"] for x in f]
        window = [x for f in sec["windowMicros"]["rawData"] for x in f]
        per_iter = [c / w * 1e6 for c, w in zip(commits, window)]
        attempts = sum(x for f in sec["attempts"]["rawData"] for x in f)
        conflicts = sum(x for f in sec["conflicts"]["rawData"] for x in f)
        slow = sum(x for f in sec["slowestThreadCommits"]["rawData"] for x in f)
        fast = sum(x for f in sec["fastestThreadCommits"]["rawData"] for x in f)
        threads = r["threads"]
        mean_per_thread = sum(commits) / threads
        rows[(name, eng)] = {
            "cps": statistics.median(per_iter),
            "lo": min(per_iter),
            "hi": max(per_iter),
            "jmh": r["primaryMetric"]["score"],
            "retry": conflicts / attempts if attempts else 0.0,
            "cpc": conflicts / sum(commits) if commits else 0.0,
            "slow": slow / mean_per_thread,
            "fast": fast / mean_per_thread,
        }
    order = ["disjoint1", "disjoint4", "disjoint16", "hot1", "hot4", "hot16"]
    print("| benchmark | treestore commits/s | h2 commits/s | TreeStore/H2 | treestore retry rate (conflicts per commit) | h2 retry rate (conflicts per commit) |")
    print("|---|---|---|---|---|---|")
    for name in order:
        if (name, "treestore") not in rows or (name, "h2") not in rows:
            continue
        t, h = rows[(name, "treestore")], rows[(name, "h2")]
        print(f"| {name} | {fmt(t['cps'])} ({fmt(t['lo'])}–{fmt(t['hi'])}) | {fmt(h['cps'])} ({fmt(h['lo'])}–{fmt(h['hi'])}) "
              f"| **{t['cps'] / h['cps']:.2f}** | {t['retry']:.1%} ({t['cpc']:.2f}) | {h['retry']:.1%} ({h['cpc']:.2f}) |")
    print()
    print("| benchmark | treestore-full commits/s | h2-delayed commits/s | treestore-full retry rate (conflicts per commit) | h2-delayed retry rate (conflicts per commit) |")
    print("|---|---|---|---|---|")
    for name in order:
        if (name, "treestore-full") not in rows or (name, "h2-delayed") not in rows:
            continue
        t, h = rows[(name, "treestore-full")], rows[(name, "h2-delayed")]
        print(f"| {name} | {fmt(t['cps'])} ({fmt(t['lo'])}–{fmt(t['hi'])}) | {fmt(h['cps'])} ({fmt(h['lo'])}–{fmt(h['hi'])}) "
              f"| {t['retry']:.1%} ({t['cpc']:.2f}) | {h['retry']:.1%} ({h['cpc']:.2f}) |")
    print()
    print("| benchmark | engine | JMH score (sum of per-thread rates) | slowest, fastest thread vs mean |")
    print("|---|---|---|---|")
    for name in order:
        for eng in ENGINES:
            if (name, eng) in rows and not name.endswith("1"):
                x = rows[(name, eng)]
                print(f"| {name} | {eng} | {fmt(x['jmh'])} | {x['slow']:.2f}, {x['fast']:.2f} |")


def main(path):
    with open(path) as f:
        runs = json.load(f)
    reads(runs)
    print()
    writes(runs)


if __name__ == "__main__":
    main(sys.argv[1])
