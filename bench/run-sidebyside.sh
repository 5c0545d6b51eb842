#!/usr/bin/env bash
# Side-by-side benchmarks: the same workloads on gpm4j (under the agent, JDK 25 and JDK 17), Go
# and JDK 25 virtual threads, best of RUNS processes per variant; writes one table of the results
# and their ratios to Go, with the machine, the versions, the date and the load, to
# bench/RESULTS.md. What each workload measures: bench/README.md ("Side by side").
#
#   spawn, gosched, pingpong, buffered, skynet, parked-own, parked-shared, mutex (throughput, memory)
#   preempt, preempt-rewritten, handoff, handoff-io (latency: median, p99, max),
#   ticker, ticker-1cpu (CPU: percent of a core; ticker-1cpu with every side on one CPU)
#
# Every program takes its options (-n, -rounds, ...), does WARMUP untimed rounds and then the
# timed rounds (the parked ones: a single measurement in a fresh process; ticker: its own
# warm-up time), checks its own result, and
# prints one line
#   RESULT <workload> <impl> <metric>=<value> ...
# The lowest value of a variant's successful processes is its result. A process that fails or
# hangs (TIMEOUT seconds; it is sent SIGQUIT first, so a JVM prints its threads and Go its
# goroutines into the log) is retried, up to MAX_ATTEMPTS processes per variant, and counted.
# The variants take turns (attempt 1 of each, then attempt 2, ...), so a change of load hits all.
#
# Usage, from anywhere:  bench/run-sidebyside.sh          (6-10 minutes on 2 cores)
# Environment (defaults in parentheses):
#   SUITE         all (all workloads; writes bench/RESULTS.md), or a comma-separated list of
#                 workloads or Go program names (e.g. mutex,parked; writes
#                 bench/results/sidebyside-<time>.md instead)
#   RUNS (3), MAX_ATTEMPTS (2*RUNS), TIMEOUT (300), ROUNDS (5), JAVA_OPTS (-Xms2g -Xmx2g),
#   WARMUP (3: untimed rounds before the timed ones, for every side alike; a JIT needs a few
#   hundred milliseconds of a workload before its code is compiled and stable, Go pays nothing)
#   N (1000000: spawn, gosched), PINGPONG_N (1000000), BUFFERED_N (5000000), SKYNET_N (1000000),
#   PARKED_N (1000000), MUTEX_N (5000000), MUTEX_G (8),
#   PREEMPT_N (20 repetitions per round), VPREEMPT_N (1: virtual threads, whose every repetition
#   spins the whole bound), SPIN_MS (200: that bound), HANDOFF_N (200 repetitions per round)
#   JAVA25, JAVA17 (JDK homes), GO (the go binary), BUILD (auto|always|never), OUT (the report)
# Every output line also goes to bench/results/sidebyside-<time>.log (not committed).
set -u -o pipefail

# The command line as given, for the report: the knobs set in the environment, then the script.
KNOBS="SUITE RUNS MAX_ATTEMPTS TIMEOUT ROUNDS WARMUP JAVA_OPTS N PINGPONG_N BUFFERED_N SKYNET_N PARKED_N
       MUTEX_N MUTEX_G PREEMPT_N VPREEMPT_N SPIN_MS HANDOFF_N JAVA25 JAVA17 GO BUILD OUT"
COMMAND=""
for k in $KNOBS; do
    if [ -n "${!k+set}" ]; then
        v=${!k}
        [[ $v =~ ^[A-Za-z0-9_./:=,+-]*$ ]] || v="'$v'"
        COMMAND+="$k=$v "
    fi
done
COMMAND+="bench/run-sidebyside.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
GO=${GO:-$(command -v go || echo /usr/lib/go/bin/go)}
SUITE=${SUITE:-all}
RUNS=${RUNS:-3}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-$((2 * RUNS))}
TIMEOUT=${TIMEOUT:-300}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-3}
case $WARMUP in
    ''|*[!0-9]*) echo "run-sidebyside.sh: WARMUP must be a number of rounds >= 0, not '$WARMUP'" >&2; exit 2 ;;
esac
export WARMUP # read by every program's harness (SideBySide.warmUpRounds, bench/go/harness)
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g}
N=${N:-1000000}
PINGPONG_N=${PINGPONG_N:-1000000}
BUFFERED_N=${BUFFERED_N:-5000000}
SKYNET_N=${SKYNET_N:-1000000}
PARKED_N=${PARKED_N:-1000000}
MUTEX_N=${MUTEX_N:-5000000}
MUTEX_G=${MUTEX_G:-8}
PREEMPT_N=${PREEMPT_N:-20}
VPREEMPT_N=${VPREEMPT_N:-1}
SPIN_MS=${SPIN_MS:-200}
HANDOFF_N=${HANDOFF_N:-200}
BUILD=${BUILD:-auto}
STAMP=$(date +%Y%m%d-%H%M%S)
if [ "$SUITE" = all ]; then
    OUT=${OUT:-$ROOT/bench/RESULTS.md}
else
    OUT=${OUT:-$ROOT/bench/results/sidebyside-$STAMP.md}
fi
AGENT_JAR="$ROOT/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
mkdir -p "$ROOT/bench/results"
LOG="$ROOT/bench/results/sidebyside-$STAMP.log"

for tool in "$JAVA25/bin/java" "$JAVA17/bin/java" "$GO"; do
    [ -x "$tool" ] || { echo "missing: $tool (see the header of $0)" >&2; exit 2; }
done

# --- the workloads -----------------------------------------------------------------------------
# workload <name> <metric> <unit> <Go program> <gpm4j class> <virtual-thread class> <arguments>
#          [JVM options of the virtual-thread variant] [its own arguments, after the others: the
#          programs take the last value of an option given twice]
# adds the four variants of a workload (if SUITE selects it): Go, gpm4j on JDK 25 and on JDK 17,
# virtual threads on JDK 25.
IMPLS=(go gpm4j-jdk25 gpm4j-jdk17 vthreads-jdk25)
declare -a WORKLOADS GO_PROGRAMS V_WORKLOAD V_IMPL V_METRIC V_CMD
declare -A UNIT LATENCY
SBS=io.gpm4j.bench.sidebyside
selected() {
    [ "$SUITE" = all ] && return 0
    [[ ,$SUITE, == *",$1,"* || ,$SUITE, == *",$2,"* ]]
}
workload() {
    local name=$1 metric=$2 unit=$3 goprog=$4 gcls=$5 vcls=$6 args=$7 vopts=${8:-} vargs=${9:-} prefix=${10:-} impl cmd
    selected "$name" "$goprog" || return 0
    WORKLOADS+=("$name")
    UNIT[$name]=$unit
    [[ " ${GO_PROGRAMS[*]:-} " == *" $goprog "* ]] || GO_PROGRAMS+=("$goprog")
    for impl in "${IMPLS[@]}"; do
        case $impl in
            go)             cmd="$WORK/go-$goprog $args" ;;
            gpm4j-jdk25)    cmd="$JAVA25/bin/java $JAVA_OPTS -javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS.$gcls $args" ;;
            gpm4j-jdk17)    cmd="$JAVA17/bin/java $JAVA_OPTS -javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS.$gcls $args" ;;
            vthreads-jdk25) cmd="$JAVA25/bin/java $JAVA_OPTS $vopts -cp $WORK/benchmarks.jar $SBS.$vcls $args $vargs" ;;
        esac
        V_WORKLOAD+=("$name"); V_IMPL+=("$impl"); V_METRIC+=("$metric"); V_CMD+=("${prefix:+$prefix }$cmd")
    done
}
# latency <workload>...: their RESULT lines also hold p99_us, max_us, min_us and samples (and the
# preempt ones bound_hit), which the report tabulates below the main table.
latency() {
    local w
    for w; do LATENCY[$w]=1; done
}
# Run from a snapshot of the jars and Go binaries (made below), so a rebuild during the run
# changes nothing.
WORK=$(mktemp -d /tmp/gpm4j-sidebyside.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
workload spawn         ns_per_op    "ns / goroutine"   spawn    Spawn           VirtualSpawn           "-n $N -rounds $ROUNDS"
workload gosched       ns_per_op    "ns / gosched"     gosched  GoschedPing     VirtualGoschedPing     "-n $N -rounds $ROUNDS" \
                                                                                                     -Djdk.virtualThreadScheduler.parallelism=1
workload pingpong      ns_per_op    "ns / round trip"  pingpong ChanPingPong    VirtualPingPong        "-n $PINGPONG_N -rounds $ROUNDS"
workload buffered      ns_per_op    "ns / value"       buffered ChanBuffered    VirtualBuffered        "-n $BUFFERED_N -cap 128 -rounds $ROUNDS"
workload skynet        ms_per_round "ms / round"       skynet   ChanSkynet      VirtualSkynet          "-n $SKYNET_N -rounds $ROUNDS"
workload parked-own    bytes_per_g  "B / goroutine"    parked   ChanParked      VirtualParked          "-n $PARKED_N -shared 0"
workload parked-shared bytes_per_g  "B / goroutine"    parked   ChanParked      VirtualParked          "-n $PARKED_N -shared 1"
workload mutex         ns_per_op    "ns / lock+unlock" mutex    MutexContention VirtualMutexContention "-n $MUTEX_N -g $MUTEX_G -rounds $ROUNDS"
# The latency workloads run on one P (one carrier); their metric is the median of the samples.
ONE_CARRIER=-Djdk.virtualThreadScheduler.parallelism=1
workload preempt           p50_us "µs past the 10 ms slice, median" preempt PreemptLatency VirtualPreemptLatency \
         "-n $PREEMPT_N -rounds $ROUNDS -spin-ms $SPIN_MS -loop plain" "$ONE_CARRIER" "-n $VPREEMPT_N"
workload preempt-rewritten p50_us "µs past the 10 ms slice, median" preempt PreemptLatency VirtualPreemptLatency \
         "-n $PREEMPT_N -rounds $ROUNDS -spin-ms $SPIN_MS -loop rewritten" "$ONE_CARRIER" "-n $VPREEMPT_N"
workload handoff           p50_us "µs, median"                      handoff HandOffLatency VirtualHandOffLatency \
         "-n $HANDOFF_N -rounds $ROUNDS -block queue" "$ONE_CARRIER"
workload handoff-io        p50_us "µs, median"                      handoff HandOffLatency VirtualHandOffLatency \
         "-n $HANDOFF_N -rounds $ROUNDS -block read" "$ONE_CARRIER"
# CPU of a program that wakes briefly and often: percent of one core, the whole process.
workload ticker            cpu_percent "% of a core"                ticker  TickerCpu      VirtualTickerCpu \
         "-warmup-ms 3000 -measure-ms 5000"
# The same on one CPU (every side launched under taskset, so GOMAXPROCS, the carriers and the
# JVM's own threads see one): a small container, where every wake-up is a context switch on the
# CPU the program's own work needs.
if command -v taskset >/dev/null; then
    workload ticker-1cpu   cpu_percent "% of a core"                ticker  TickerCpu      VirtualTickerCpu \
         "-warmup-ms 3000 -measure-ms 5000" "" "" "taskset -c 0"
else
    echo "# ticker-1cpu skipped: no taskset (Debian package util-linux)" >&2
fi
latency preempt preempt-rewritten handoff handoff-io
[ ${#WORKLOADS[@]} -gt 0 ] || { echo "SUITE=$SUITE selects no workload" >&2; exit 2; }

# --- build if needed, then snapshot ----------------------------------------------------------
stale() {
    [ -f "$AGENT_JAR" ] && [ -f "$BENCH_JAR" ] || return 0
    [ -n "$(find runtime/src agent/src bench/src -name '*.java' -newer "$BENCH_JAR" -print -quit)" ]
}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && stale; }; then
    echo "# building: mvn -B -q -DskipTests package -pl bench -am (JDK 17 bytecode, built with $JAVA25)"
    JAVA_HOME="$JAVA25" mvn -B -q -DskipTests package -pl bench -am || exit 1
fi
cp "$AGENT_JAR" "$WORK/agent.jar"
cp "$BENCH_JAR" "$WORK/benchmarks.jar"
for prog in "${GO_PROGRAMS[@]}"; do
    (cd "$ROOT/bench/go" && "$GO" build -o "$WORK/go-$prog" "./$prog") || exit 1
done
CODE="commit \`$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\`"
if [ -n "$(git status --porcelain -- runtime agent bench ':!bench/RESULTS.md' 2>/dev/null)" ]; then
    CODE+=" plus uncommitted changes under runtime/, agent/ or bench/"
fi

DUMP_LINES=20000
log() { echo "$*" | tee -a "$LOG"; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# run_one <label> <metric> <command>: runs the command with a timeout; prints the value of
# <metric> in its RESULT line, or FAIL / HANG; leaves that RESULT line in $WORK/result and every
# output line in the log.
run_one() {
    local label=$1 metric=$2 cmd=$3 out="$WORK/out" pid rc deadline v
    # shellcheck disable=SC2086
    $cmd >"$out" 2>&1 &
    pid=$!
    deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -QUIT "$pid" 2>/dev/null # a JVM prints its threads, Go its goroutines (and exits)
        sleep 3
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        echo "## $label: HANG after ${TIMEOUT}s; its output, ending with the stacks from SIGQUIT" \
             "(at most $DUMP_LINES lines of it; Go prints every goroutine):" >>"$LOG"
        head -n "$DUMP_LINES" "$out" | sed 's/^/    /' >>"$LOG"
        echo HANG
        return
    fi
    wait "$pid"
    rc=$?
    sed "s/^/[$label] /" "$out" >>"$LOG"
    v=$(sed -n "s/^RESULT .* $metric=\\([0-9.-]*\\).*/\\1/p" "$out" | tail -1)
    if [ "$rc" -ne 0 ] || [ -z "$v" ]; then
        echo "## $label: FAILED (exit $rc)" >>"$LOG"
        echo FAIL
    else
        grep '^RESULT ' "$out" | tail -1 >"$WORK/result"
        echo "$v"
    fi
}

# --- run -----------------------------------------------------------------------------------------
START=$(date '+%F %H:%M')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
LOAD_MIN=$(load1)
LOAD_MAX=$LOAD_MIN
PROCESSES=0
log "# gpm4j side-by-side, $START: $COMMAND"
log "# workloads: ${WORKLOADS[*]}; RUNS=$RUNS ROUNDS=$ROUNDS WARMUP=$WARMUP N=$N PINGPONG_N=$PINGPONG_N BUFFERED_N=$BUFFERED_N SKYNET_N=$SKYNET_N PARKED_N=$PARKED_N MUTEX_N=$MUTEX_N MUTEX_G=$MUTEX_G PREEMPT_N=$PREEMPT_N VPREEMPT_N=$VPREEMPT_N SPIN_MS=$SPIN_MS HANDOFF_N=$HANDOFF_N JAVA_OPTS=$JAVA_OPTS"
log "# load before: $LOAD_BEFORE"
declare -a BEST BESTLINE OK FAILS
for i in "${!V_CMD[@]}"; do BEST[i]=""; BESTLINE[i]=""; OK[i]=0; FAILS[i]=""; done
for ((attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)); do
    pending=0
    for i in "${!V_CMD[@]}"; do
        [ "${OK[i]}" -ge "$RUNS" ] && continue
        pending=1
        load=$(load1)
        LOAD_MIN=$(awk -v a="$load" -v b="$LOAD_MIN" 'BEGIN{print (a<b)?a:b}')
        LOAD_MAX=$(awk -v a="$load" -v b="$LOAD_MAX" 'BEGIN{print (a>b)?a:b}')
        PROCESSES=$((PROCESSES + 1))
        label="${V_WORKLOAD[i]} ${V_IMPL[i]}"
        rm -f "$WORK/result"
        r=$(run_one "$label" "${V_METRIC[i]}" "${V_CMD[i]}")
        log "attempt $attempt $label: $r (load $load)"
        case $r in
            FAIL|HANG) FAILS[i]="${FAILS[i]}${FAILS[i]:+, }$r" ;;
            *)  OK[i]=$((OK[i] + 1))
                if [ -z "${BEST[i]}" ] || awk -v a="$r" -v b="${BEST[i]}" 'BEGIN{exit !(a<b)}'; then
                    BEST[i]=$r
                    BESTLINE[i]=$(cat "$WORK/result")
                fi ;;
        esac
    done
    [ $pending -eq 0 ] && break
done
END=$(date '+%H:%M %Z')
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
log "# load after: $LOAD_AFTER"

# --- the report ----------------------------------------------------------------------------------
cpuinfo() { sed -n "s/^$1[[:space:]]*: //p" /proc/cpuinfo | head -1; }
cpu="\`$(cpuinfo 'model name')\` (family $(cpuinfo 'cpu family'), model $(cpuinfo model))"
grep -qw hypervisor /proc/cpuinfo && vm=", a virtual machine" || vm=""
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
os="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), $(uname -sr)"
jdk() { "$1/bin/java" -version 2>&1 | sed -n 2p; }
# variant <workload> <impl>: its index
variant() {
    local i
    for i in "${!V_CMD[@]}"; do
        [ "${V_WORKLOAD[i]}" = "$1" ] && [ "${V_IMPL[i]}" = "$2" ] && echo "$i" && return
    done
}
# field <RESULT line> <name>: the value of name=value in the line, or an empty string.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
# latency_table: the distributions of the latency workloads' best processes, if any ran.
latency_table() {
    local w impl i line hit any=""
    for w in "${WORKLOADS[@]}"; do [ -n "${LATENCY[$w]:-}" ] && any=1; done
    [ -n "$any" ] || return 0
    echo "The latency workloads' distributions, in µs (preempt: past the 10 ms slice), from the RESULT"
    echo "line of each variant's best process (the one with the lowest median); nearest-rank percentiles"
    echo "of the timed rounds' samples. Spin bound hit: repetitions whose spin was ended by its bound"
    echo "($SPIN_MS ms), not by the other goroutine running."
    echo
    echo "| workload | variant | median | p99 | max | min | samples | spin bound hit |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for w in "${WORKLOADS[@]}"; do
        [ -n "${LATENCY[$w]:-}" ] || continue
        for impl in "${IMPLS[@]}"; do
            i=$(variant "$w" "$impl")
            line=${BESTLINE[i]}
            if [ -z "$line" ]; then
                echo "| $w | $impl | failed | | | | | |"
                continue
            fi
            hit=$(field "$line" bound_hit)
            echo "| $w | $impl | $(field "$line" p50_us) | $(field "$line" p99_us) | $(field "$line" max_us)" \
                 "| $(field "$line" min_us) | $(field "$line" samples) | ${hit:-n/a} |"
        done
    done
    echo
}
# the regions other scripts put into the report (bench/report-region.py: run-http.sh,
# run-counters.sh, run-jetty.sh) survive its rewrite
KEPT_REGIONS=""
if [ -f "$OUT" ]; then
    KEPT_REGIONS=$(sed -n '/^<!-- [a-z]*: bench\/[a-z-]*\.sh -->$/,/^<!-- \/[a-z]* -->$/p' "$OUT")
fi
{
    echo "# Side-by-side results: gpm4j, Go, virtual threads"
    echo
    echo "Written by \`bench/run-sidebyside.sh\`. What each workload measures and how to read the table:"
    echo "[bench/README.md](README.md#side-by-side-gpm4j-go-virtual-threads)."
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| command | \`$COMMAND\` |"
    echo "| date | $START to $END |"
    echo "| machine | $cpu, $(nproc) CPUs (\`nproc\`), $mem RAM$vm |"
    echo "| OS | $os |"
    echo "| JDK 25 | $(jdk "$JAVA25") |"
    echo "| JDK 17 | $(jdk "$JAVA17") |"
    echo "| Go | $("$GO" version) |"
    echo "| code | $CODE |"
    echo "| load average (1, 5, 15 min) | before: $LOAD_BEFORE; after: $LOAD_AFTER; 1-minute figure before each of the $PROCESSES processes: $LOAD_MIN to $LOAD_MAX |"
    echo "| settings | best of $RUNS processes per variant; $ROUNDS timed rounds after $WARMUP warm-up rounds (parked: one measurement in a fresh process); Java \`$JAVA_OPTS\`; GOMAXPROCS / parallelism = CPU count (gosched, preempt, handoff: 1) |"
    echo
    echo "| workload | unit | Go | gpm4j, JDK 25 | gpm4j, JDK 17 | virtual threads, JDK 25 |"
    echo "| --- | --- | ---: | ---: | ---: | ---: |"
    for w in "${WORKLOADS[@]}"; do
        ref=${BEST[$(variant "$w" go)]}
        row="| $w | ${UNIT[$w]} |"
        for impl in "${IMPLS[@]}"; do
            v=${BEST[$(variant "$w" "$impl")]}
            if [ -z "$v" ]; then
                row+=" failed |"
            elif [ "$impl" = go ] || [ -z "$ref" ]; then
                row+=" $v |"
            else
                row+=" $v ($(awk -v a="$v" -v b="$ref" 'BEGIN{printf "%.2f", a / b}')x) |"
            fi
        done
        echo "$row"
    done
    echo
    echo "Lower is better everywhere; in parentheses: the value / Go's."
    failed=""
    for i in "${!V_CMD[@]}"; do
        [ -n "${FAILS[i]}" ] && failed+="${failed:+; }${V_WORKLOAD[i]} ${V_IMPL[i]}: ${FAILS[i]} (${OK[i]} of $RUNS succeeded)"
    done
    echo "Processes that failed or hung (each retried): ${failed:-none}."
    echo
    latency_table
    echo "The RESULT line of each variant's best process:"
    echo
    echo '```'
    for i in "${!V_CMD[@]}"; do echo "${BESTLINE[i]:-RESULT ${V_WORKLOAD[i]} ${V_IMPL[i]} (no successful process)}"; done
    echo '```'
    echo
    echo "Every output line: \`bench/results/$(basename "$LOG")\` (not committed)."
    if [ -n "$KEPT_REGIONS" ]; then
        echo
        echo "$KEPT_REGIONS"
    fi
} >"$OUT"
cat "$OUT"
echo "# written: $OUT"
