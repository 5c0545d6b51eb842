#!/usr/bin/env python3
"""Puts a table one of bench/'s scripts wrote into a report, between the table's own markers.

Usage: bench/report-region.py REPORT TABLE

TABLE's first line is its opening marker, <!-- NAME: bench/SCRIPT -->, and its last line the
closing one, <!-- /NAME -->. The region between the same markers in REPORT is replaced by TABLE;
a REPORT without that region (or without the file) gets TABLE appended after a blank line.
bench/run-sidebyside.sh keeps every such region when it rewrites bench/RESULTS.md.
"""
import os
import re
import sys

report, table_path = sys.argv[1], sys.argv[2]
table = open(table_path).read()
lines = table.splitlines()
opening = re.fullmatch(r"<!-- (\w+): bench/\S+ -->", lines[0])
if not opening or lines[-1] != "<!-- /%s -->" % opening.group(1):
    sys.exit("%s: not a table between <!-- NAME: bench/SCRIPT --> and <!-- /NAME -->" % table_path)
text = open(report).read() if os.path.exists(report) else ""
region = re.compile(re.escape(lines[0]) + r".*?" + re.escape(lines[-1]) + r"\n?", re.S)
if region.search(text):
    text = region.sub(lambda m: table, text, count=1)
else:
    text += "\n" + table
open(report, "w").write(text)
