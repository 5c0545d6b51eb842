#!/usr/bin/env bash
# The live counters' cost (issue 15): the side-by-side throughput workloads on gpm4j under the
# agent, JDK 25, with the counters file (the default) and with -Dgpm4j.counters=false, best of RUNS
# processes each, the two variants taking turns so that a change of load hits both. Nothing is
# counted on the scheduler's hot paths for the file (sysmon copies counts the scheduler keeps
# anyway, every 250 ms), so the ratios should sit within the processes' own spread. Then, finer,
# LiveCountersBench (JMH, -bm sample) times what sysmon does for the counters piece by piece with
# 1,000 to 1,000,000 goroutines parked, and bench/counters-share.py turns the medians into a share
# of one core (a publication every 250 ms, a walk within 1 % of sysmon's time).
#
# Usage, from anywhere:  bench/run-counters.sh    (about 5 minutes on 2 cores)
# Environment: RUNS (3), ROUNDS (5), WORKLOADS (spawn gosched pingpong buffered skynet mutex),
#              JMH (1; 0 skips LiveCountersBench, about 3 minutes), JAVA25, JAVA_OPTS (-Xms2g -Xmx2g),
#              TIMEOUT (300), OUT (bench/RESULTS.md)
# Writes its table into OUT between <!-- counters: bench/run-counters.sh --> and <!-- /counters -->
# (replaced, or appended; bench/run-sidebyside.sh keeps the region), every line to
# bench/results/counters-<time>.log (not committed). Needs the built agent and benchmarks
# (mvn -B -DskipTests package -pl bench -am).
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-5}
WORKLOADS=${WORKLOADS:-spawn gosched pingpong buffered skynet mutex}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g}
TIMEOUT=${TIMEOUT:-300}
JMH=${JMH:-1}
OUT=${OUT:-$root/bench/RESULTS.md}
agent="$root/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
benchjar="$root/bench/target/benchmarks.jar"
for f in "$agent" "$benchjar" "$JAVA25/bin/java"; do
  [ -e "$f" ] || { echo "missing: $f (build first: mvn -B -DskipTests package -pl bench -am)" >&2; exit 2; }
done
mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)
log="$root/bench/results/counters-$stamp.log"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$agent" "$work/agent.jar"
cp "$benchjar" "$work/benchmarks.jar"

# the side-by-side programs and arguments (bench/run-sidebyside.sh's defaults)
declare -A CLASS ARGS METRIC UNIT
CLASS[spawn]=Spawn;            ARGS[spawn]="-n 1000000";            METRIC[spawn]=ns_per_op;       UNIT[spawn]="ns / goroutine"
CLASS[gosched]=GoschedPing;    ARGS[gosched]="-n 1000000";          METRIC[gosched]=ns_per_op;     UNIT[gosched]="ns / gosched"
CLASS[pingpong]=ChanPingPong;  ARGS[pingpong]="-n 1000000";         METRIC[pingpong]=ns_per_op;    UNIT[pingpong]="ns / round trip"
CLASS[buffered]=ChanBuffered;  ARGS[buffered]="-n 5000000 -cap 128"; METRIC[buffered]=ns_per_op;   UNIT[buffered]="ns / value"
CLASS[skynet]=ChanSkynet;      ARGS[skynet]="-n 1000000";           METRIC[skynet]=ms_per_round;   UNIT[skynet]="ms / round"
CLASS[mutex]=MutexContention;  ARGS[mutex]="-n 5000000 -g 8";       METRIC[mutex]=ns_per_op;       UNIT[mutex]="ns / lock+unlock"
VARIANTS=(on off)
declare -A BEST SAMPLES
say() { echo "$@" | tee -a "$log"; }

# run <workload> <on|off>: prints the metric of one process, or FAIL.
run() {
  local w=$1 v=$2 opt="" out="$work/out" rc val
  [ "$v" = off ] && opt=-Dgpm4j.counters=false
  # shellcheck disable=SC2086
  timeout -s KILL "$TIMEOUT" "$JAVA25/bin/java" $JAVA_OPTS $opt "-javaagent:$work/agent.jar" -cp "$work/benchmarks.jar" \
    "io.gpm4j.bench.sidebyside.${CLASS[$w]}" ${ARGS[$w]} -rounds "$ROUNDS" >"$out" 2>&1
  rc=$?
  sed "s/^/[$w $v] /" "$out" >>"$log"
  val=$(sed -n "s/^RESULT .* ${METRIC[$w]}=\([0-9.]*\).*/\1/p" "$out" | tail -1)
  if [ $rc -ne 0 ] || [ -z "$val" ]; then echo FAIL; else echo "$val"; fi
}

start=$(date -u '+%F %H:%M')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for w in $WORKLOADS; do
  [ -n "${CLASS[$w]:-}" ] || { echo "unknown workload: $w (one of ${!CLASS[*]})" >&2; exit 2; }
done
for ((r = 1; r <= RUNS; r++)); do
  for w in $WORKLOADS; do
    for v in "${VARIANTS[@]}"; do
      val=$(run "$w" "$v")
      say "run $r $w counters-$v: $val (load $(cut -d' ' -f1 /proc/loadavg))"
      [ "$val" = FAIL ] && continue
      SAMPLES[$w,$v]="${SAMPLES[$w,$v]:-}${SAMPLES[$w,$v]:+ }$val"
      if [ -z "${BEST[$w,$v]:-}" ] || awk -v a="$val" -v b="${BEST[$w,$v]}" 'BEGIN{exit !(a<b)}'; then
        BEST[$w,$v]=$val
      fi
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# the piece-by-piece measure: LiveCountersBench's medians, as a share of one core
share_table=""
# the publication period and the walk's share, as LiveCounters has them
counters_src="$root/runtime/src/main/java/io/gpm4j/runtime/LiveCounters.java"
period_ms=$(sed -n 's/.*static final long PERIOD_MS = \([0-9]*\);.*/\1/p' "$counters_src")
walk_share=$(sed -n 's/.*static final int WALK_SHARE_PERCENT = \([0-9]*\);.*/\1/p' "$counters_src")
if [ "$JMH" != 0 ] && { [ -z "$period_ms" ] || [ -z "$walk_share" ]; }; then
  say "cannot read PERIOD_MS and WALK_SHARE_PERCENT from $counters_src: LiveCountersBench skipped"
  JMH=0
fi
if [ "$JMH" != 0 ]; then
  say "LiveCountersBench -bm sample (load $(cut -d' ' -f1 /proc/loadavg))"
  if "$JAVA25/bin/java" "-Dgpm4j.agent.jar=$work/agent.jar" -jar "$work/benchmarks.jar" LiveCountersBench \
      -bm sample -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff "$work/jmh.json" >>"$log" 2>&1 \
      && share_table=$("$root/bench/counters-share.py" "$period_ms" "$walk_share" "$(nproc)" "$work"/jmh*.json); then
    echo "$share_table" >>"$log"
  else
    say "LiveCountersBench failed (see $log)"
  fi
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)
fi

table="$work/table.md"
{
  echo "<!-- counters: bench/run-counters.sh -->"
  echo "## The live counters' cost"
  echo
  echo "Written by \`bench/run-counters.sh\` (\`RUNS=$RUNS ROUNDS=$ROUNDS\`), $start UTC, code"
  echo "\`$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- runtime agent bench/src 2>/dev/null || echo '+changes')\`,"
  echo "$(nproc) CPUs, load average before $load_before, after $load_after. gpm4j under the agent on"
  echo "$("$JAVA25/bin/java" -version 2>&1 | sed -n 2p), Java \`$JAVA_OPTS\`: the live counters file"
  echo "published (the default) against \`-Dgpm4j.counters=false\`, best of $RUNS processes each, taking turns."
  echo
  echo "| workload | unit | counters on | counters off | on / off | every process, on | every process, off |"
  echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
  for w in $WORKLOADS; do
    on=${BEST[$w,on]:-}; off=${BEST[$w,off]:-}
    ratio=""
    [ -n "$on" ] && [ -n "$off" ] && ratio=$(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.3f", a / b}')
    echo "| $w | ${UNIT[$w]} | ${on:-failed} | ${off:-failed} | $ratio | ${SAMPLES[$w,on]:-} | ${SAMPLES[$w,off]:-} |"
  done
  echo
  echo "Lower is better; on / off above 1 is the counters' cost, within the spread of the processes"
  echo "(the last two columns) it is noise."
  if [ -n "$share_table" ]; then
    echo
    echo "What sysmon does for the counters, piece by piece (\`LiveCountersBench\`, JMH \`-bm sample\`, one fork,"
    echo "same JDK; bench/README.md \"Live counters\"): a publication every 250 ms, a walk of the goroutines for"
    echo "their states only when the last walk's 100-fold has passed (1 % of sysmon's time); the sched lock is held"
    echo "once a publication, never during the walk. Medians, as a share of one core (\`bench/counters-share.py\`):"
    echo
    echo "$share_table"
  fi
  echo
  echo "Every line: \`bench/results/$(basename "$log")\` (not committed)."
  echo "<!-- /counters -->"
} >"$table"
cat "$table" | tee -a "$log"
"$root/bench/report-region.py" "$OUT" "$table" || exit 1
echo "# written: $OUT"
