#!/usr/bin/env bash
# Side-by-side scheduler benchmarks: gpm4j (under the agent, JDK 25 and JDK 17) against Go and
# JDK virtual threads, in one run, best of N (default 3) processes per variant.
#
#   (a) spawn:   spawn-and-finish of 1,000,000 goroutines / virtual threads per round
#   (b) gosched: two goroutines alternately calling gosched on one P (GOMAXPROCS=1), or two
#                virtual threads calling Thread.yield() on one carrier (parallelism=1)
#
# Every program does a warm-up round, then ROUNDS timed rounds, and prints
#   RESULT <bench> <impl> ns_per_op=<timed rounds' time / ops> ...
# The best (lowest) ns_per_op of the successful runs is reported. A run that fails or hangs
# (TIMEOUT seconds; a jstack dump is taken first) is logged and retried, up to MAX_ATTEMPTS runs.
#
# Writes bench/RESULTS-scheduler.md (the table) and bench/results/sidebyside-*.log (every line).
# Usage, from anywhere:  bench/run-sidebyside.sh
# Environment: JAVA25, JAVA17 (JDK homes), GO (go binary), RUNS (3), ROUNDS (5), N (1000000),
#   MAX_ATTEMPTS (2*RUNS), TIMEOUT (300), JAVA_OPTS (-Xms2g -Xmx2g), BUILD (auto|always|never)
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
GO=${GO:-$(command -v go || echo /usr/lib/go/bin/go)}
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-5}
N=${N:-1000000}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-$((2 * RUNS))}
TIMEOUT=${TIMEOUT:-300}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g}
BUILD=${BUILD:-auto}
AGENT_JAR="$ROOT/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
OUT_MD="$ROOT/bench/RESULTS-scheduler.md"
mkdir -p "$ROOT/bench/results"
STAMP=$(date +%Y%m%d-%H%M%S)
LOG="$ROOT/bench/results/sidebyside-$STAMP.log"

for tool in "$JAVA25/bin/java" "$JAVA17/bin/java" "$GO"; do
    [ -x "$tool" ] || { echo "missing: $tool (see the header of $0)" >&2; exit 2; }
done

# --- build if needed ---------------------------------------------------------------------
stale() {
    [ -f "$AGENT_JAR" ] && [ -f "$BENCH_JAR" ] || return 0
    [ -n "$(find runtime/src agent/src bench/src -name '*.java' -newer "$BENCH_JAR" -print -quit)" ]
}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && stale; }; then
    echo "# building: mvn -B -q -DskipTests package -pl bench -am (JDK 17 bytecode, built with $JAVA25)"
    JAVA_HOME="$JAVA25" mvn -B -q -DskipTests package -pl bench -am || exit 1
fi

# Run from a snapshot of the jars and Go binaries, so a rebuild during the run changes nothing.
WORK=$(mktemp -d /tmp/gpm4j-sidebyside.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
cp "$AGENT_JAR" "$WORK/agent.jar"
cp "$BENCH_JAR" "$WORK/benchmarks.jar"
(cd "$ROOT/bench/go" && "$GO" build -o "$WORK/go-spawn" ./spawn && "$GO" build -o "$WORK/go-gosched" ./gosched) || exit 1

# --- the variants: name | command ----------------------------------------------------------
ARGS="-n $N -rounds $ROUNDS"
SBS=io.gpm4j.bench.sidebyside
declare -a NAMES CMDS
add() { NAMES+=("$1"); CMDS+=("$2"); }
add "spawn go"                "$WORK/go-spawn $ARGS"
add "spawn gpm4j-jdk25"       "$JAVA25/bin/java $JAVA_OPTS -javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS.Spawn $ARGS"
add "spawn gpm4j-jdk17"       "$JAVA17/bin/java $JAVA_OPTS -javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS.Spawn $ARGS"
add "spawn vthreads-jdk25"    "$JAVA25/bin/java $JAVA_OPTS -cp $WORK/benchmarks.jar $SBS.VirtualSpawn $ARGS"
add "gosched go"              "$WORK/go-gosched $ARGS"
add "gosched gpm4j-jdk25"     "$JAVA25/bin/java $JAVA_OPTS -javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS.GoschedPing $ARGS"
add "gosched gpm4j-jdk17"     "$JAVA17/bin/java $JAVA_OPTS -javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS.GoschedPing $ARGS"
add "gosched vthreads-jdk25"  "$JAVA25/bin/java $JAVA_OPTS -Djdk.virtualThreadScheduler.parallelism=1 -cp $WORK/benchmarks.jar $SBS.VirtualGoschedPing $ARGS"

log() { echo "$*" | tee -a "$LOG"; }

# Runs one command with a timeout; on a hang, dumps the JVM's threads (jstack) into the log.
# Prints the ns_per_op of its RESULT line, or nothing on failure.
run_one() {
    local name=$1 cmd=$2 out="$WORK/out" pid rc deadline
    # shellcheck disable=SC2086
    $cmd >"$out" 2>&1 &
    pid=$!
    deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "## $name: HANG after ${TIMEOUT}s; jstack $pid:" >>"$LOG"
        "$JAVA25/bin/jstack" "$pid" >>"$LOG" 2>&1 || true
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        sed 's/^/    /' "$out" >>"$LOG"
        echo "HANG"
        return
    fi
    wait "$pid"
    rc=$?
    sed "s/^/[$name] /" "$out" >>"$LOG"
    local v
    v=$(sed -n 's/^RESULT .* ns_per_op=\([0-9.]*\).*/\1/p' "$out" | tail -1)
    if [ "$rc" -ne 0 ] || [ -z "$v" ]; then
        echo "## $name: FAILED (exit $rc)" >>"$LOG"
        echo "FAIL"
    else
        echo "$v"
    fi
}

log "# gpm4j side-by-side, $(date '+%F %T'), RUNS=$RUNS ROUNDS=$ROUNDS N=$N JAVA_OPTS=$JAVA_OPTS"
log "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A BEST OK FAILS
for i in "${!NAMES[@]}"; do BEST[$i]=""; OK[$i]=0; FAILS[$i]=""; done
# Interleaved: attempt k of every variant, then attempt k+1, so load changes hit all alike.
for ((attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)); do
    pending=0
    for i in "${!NAMES[@]}"; do
        [ "${OK[$i]}" -ge "$RUNS" ] && continue
        pending=1
        r=$(run_one "${NAMES[$i]}" "${CMDS[$i]}")
        log "attempt $attempt ${NAMES[$i]}: $r"
        case $r in
            FAIL|HANG) FAILS[$i]="${FAILS[$i]}${FAILS[$i]:+, }$r" ;;
            *)  OK[$i]=$((OK[$i] + 1))
                if [ -z "${BEST[$i]}" ] || awk -v a="$r" -v b="${BEST[$i]}" 'BEGIN{exit !(a<b)}'; then BEST[$i]=$r; fi ;;
        esac
    done
    [ $pending -eq 0 ] && break
done
log "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the report ----------------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
j25=$("$JAVA25/bin/java" -version 2>&1 | sed -n 2p)
j17=$("$JAVA17/bin/java" -version 2>&1 | sed -n 2p)
gov=$("$GO" version)
goref() { for j in "${!NAMES[@]}"; do [ "${NAMES[$j]}" = "$1 go" ] && echo "${BEST[$j]}"; done; }
{
    echo "# Scheduler side-by-side results"
    echo
    echo "Written by \`bench/run-sidebyside.sh\` on $(date +%F) ($(date +%T)). Machine: $(nproc) cores"
    echo "(\`nproc\`), CPU \`$cpu\`, $mem. JDK 25: $j25. JDK 17: $j17. Go: $gov."
    echo "Best of $RUNS processes per variant (interleaved); each process: a warm-up round, then $ROUNDS"
    echo "timed rounds of N = $N; ns/op = the timed rounds' total time / their ops. Java: \`$JAVA_OPTS\`."
    echo "Code: commit \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\`$( [ -n "$(git -C "$ROOT" status --porcelain -- runtime agent bench 2>/dev/null)" ] && echo ' plus uncommitted changes under runtime/, agent/ or bench/')."
    echo "Load average before / after: $(sed -n 's/^# load before: //p' "$LOG") / $(sed -n 's/^# load after: //p' "$LOG")."
    echo
    echo "| benchmark | implementation | ns/op (best) | ratio to Go | successful runs | failures |"
    echo "| --- | --- | ---: | ---: | ---: | --- |"
    for i in "${!NAMES[@]}"; do
        set -- ${NAMES[$i]}
        b=$1
        impl=$2
        v=${BEST[$i]}
        ref=$(goref "$b")
        ratio="-"
        if [ -n "$v" ] && [ -n "$ref" ]; then ratio=$(awk -v a="$v" -v b="$ref" 'BEGIN{printf "%.2f", a/b}'); fi
        echo "| $b | $impl | ${v:-n/a} | $ratio | ${OK[$i]} | ${FAILS[$i]:-none} |"
    done
    echo
    echo "spawn: one op = one goroutine (virtual thread) started and finished; GOMAXPROCS / parallelism"
    echo "= CPU count. gosched: one op = one gosched / Thread.yield() call, GOMAXPROCS=1 / parallelism=1."
    echo "Raw output: \`bench/results/$(basename "$LOG")\` (not committed)."
} >"$OUT_MD"
cat "$OUT_MD"
