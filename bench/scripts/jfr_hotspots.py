#!/usr/bin/env python3
"""Summarizes the execution samples of a JFR recording made by JMH's `-prof jfr`.

Only samples of the benchmark thread count (stacks that pass through a JMH stub). Prints the
hottest top frames (self time), the hottest source lines with their caller, and the methods
present in the most stacks (inclusive time). JMH's own frames and the reflection glue are left
out of the inclusive list.

Usage: python3 bench/scripts/jfr_hotspots.py path/to/profile.jfr [top]
Needs the JDK's `jfr` tool on the PATH.
"""
import collections
import json
import subprocess
import sys

GLUE = ("Thread.run", "BenchmarkTask", "FutureTask", "ThreadPoolExecutor", "Method.invoke",
        "reflect", "RunnableAdapter", "jmh_generated")


def frame_name(frame):
    return frame["method"]["type"]["name"].rsplit("/", 1)[-1] + "." + frame["method"]["name"]


def main(path, top):
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64",
                           "--events", "jdk.ExecutionSample", path],
                          capture_output=True, text=True, check=True).stdout
    events = json.loads(text)["recording"]["events"]
    self_time = collections.Counter()
    by_line = collections.Counter()
    inclusive = collections.Counter()
    total = 0
    for e in events:
        frames = e["values"]["stackTrace"]["frames"]
        names = [frame_name(f) for f in frames]
        if not any("jmhStub" in n for n in names):
            continue
        total += 1
        self_time[names[0]] += 1
        caller = names[1] if len(names) > 1 else "-"
        by_line[f"{names[0]}:{frames[0]['lineNumber']} <- {caller}"] += 1
        for n in set(names):
            if not any(g in n for g in GLUE):
                inclusive[n] += 1
    print(f"samples of the benchmark thread: {total}")
    for title, counter in (("self", self_time), ("self, by line", by_line), ("inclusive", inclusive)):
        print(f"--- {title} ---")
        for name, count in counter.most_common(top):
            print(f"{100.0 * count / max(total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15)
