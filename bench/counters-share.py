#!/usr/bin/env python3
"""Turns LiveCountersBench's JMH results (-bm sample, -rf json) into bench/run-counters.sh's table
of the live counters' cost to sysmon: per goroutine count, the median (p50) and p90 of a
publication, of a walk and of the sched lock's hold, and the share of one core they take.

Usage: bench/counters-share.py PERIOD_MS WALK_SHARE_PERCENT CPUS RESULTS.json...
(bench/BenchMain names its result files after the fork groups: jmh-rewritten.json, ...)

A publication comes every PERIOD_MS; a walk that took t lets the next start only 100 t /
WALK_SHARE_PERCENT later, and walks only at publications, so walks come every k periods,
k = max(1, ceil(t * 100 / WALK_SHARE_PERCENT / period)). Share of a core = publish / period +
walk / (k * period); of the machine, that over CPUS. The medians are used: on a shared machine a mean includes the times the
benchmark thread was descheduled.
"""
import json
import math
import sys

period_ms, walk_share, cpus = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
period_ns = period_ms * 1e6
rows = {}
for r in [r for f in sys.argv[4:] for r in json.load(open(f))]:
    name = r["benchmark"].rsplit(".", 1)[1]
    n = int(r["params"]["goroutines"])
    p = r["primaryMetric"]["scorePercentiles"]
    scale = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6}[r["primaryMetric"]["scoreUnit"]]
    rows.setdefault(n, {})[name] = (p["50.0"] * scale, p["90.0"] * scale)


def fmt(ns):
    if ns >= 1e6:
        return "%.2f ms" % (ns / 1e6)
    if ns >= 1e3:
        return "%.1f µs" % (ns / 1e3)
    return "%.0f ns" % ns


print("| goroutines parked | publication, p50 (p90) | walk, p50 (p90) | sched lock held, p50 (p90) "
      "| walks every | share of one core | share of the machine ({} CPUs) |".format(cpus))
print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for n in sorted(rows):
    m = rows[n]
    if not all(k in m for k in ("publish", "walk", "countsLocked")):
        continue
    publish, walk = m["publish"][0], m["walk"][0]
    k = max(1, math.ceil(walk * 100 / walk_share / period_ns))
    share = publish / period_ns + walk / (k * period_ns)
    print("| {:,} | {} ({}) | {} ({}) | {} ({}) | {:g} ms | {:.3f} % | {:.3f} % |".format(
        n, fmt(publish), fmt(m["publish"][1]), fmt(walk), fmt(m["walk"][1]),
        fmt(m["countsLocked"][0]), fmt(m["countsLocked"][1]), k * period_ms, share * 100, share * 100 / cpus))
