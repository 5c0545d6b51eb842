#!/usr/bin/env bash
# Side-by-side benchmarks: gpm4j (under the agent, JDK 25 and JDK 17) against Go and JDK virtual
# threads, in one run, best of N (default 3) processes per variant.
#
# Scheduler suite (table: bench/RESULTS-scheduler.md):
#   (a) spawn:    spawn-and-finish of 1,000,000 goroutines / virtual threads per round
#   (b) gosched:  two goroutines alternately calling gosched on one P (GOMAXPROCS=1), or two
#                 virtual threads calling Thread.yield() on one carrier (parallelism=1)
# Channel suite (table: bench/RESULTS-channels.md); virtual threads use SynchronousQueue for an
# unbuffered channel and ArrayBlockingQueue for a buffered one:
#   (c) pingpong: unbuffered ping-pong round trip between two goroutines, GOMAXPROCS = CPU count
#   (d) buffered: one producer, one consumer, capacity 128; per value
#   (e) skynet:   1,000,000 leaves in a 10-ary tree of goroutines summing 0..999,999 via channels
#   (f) parked-own / parked-shared: memory per goroutine parked in a receive, 1,000,000 of them,
#                 each on its own channel / all on one channel (one fresh process, no warm-up)
#
# Every timed program does a warm-up round, then ROUNDS timed rounds, and prints
#   RESULT <bench> <impl> <metric>=<value> ...
# with metric ns_per_op (a-d: timed rounds' time / ops), ms_per_round (e) or bytes_per_g (f).
# The best (lowest) value of the successful runs is reported. A run that fails or hangs
# (TIMEOUT seconds; a jstack dump is taken first) is logged and retried, up to MAX_ATTEMPTS runs.
#
# Writes the table(s) of the suites run and bench/results/sidebyside-*.log (every line).
# Usage, from anywhere:  bench/run-sidebyside.sh            (both suites)
#                        SUITE=channels bench/run-sidebyside.sh
# Environment: SUITE (all|scheduler|channels), JAVA25, JAVA17 (JDK homes), GO (go binary),
#   RUNS (3), ROUNDS (5), N (1000000, spawn and gosched), PINGPONG_N (1000000), BUFFERED_N
#   (5000000), SKYNET_N (1000000), PARKED_N (1000000), MAX_ATTEMPTS (2*RUNS), TIMEOUT (300),
#   JAVA_OPTS (-Xms2g -Xmx2g), BUILD (auto|always|never)
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
SUITE=${SUITE:-all}
PINGPONG_N=${PINGPONG_N:-1000000}
BUFFERED_N=${BUFFERED_N:-5000000}
SKYNET_N=${SKYNET_N:-1000000}
PARKED_N=${PARKED_N:-1000000}
case $SUITE in all|scheduler|channels) ;; *) echo "SUITE must be all, scheduler or channels" >&2; exit 2 ;; esac
AGENT_JAR="$ROOT/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
BENCH_JAR="$ROOT/bench/target/benchmarks.jar"
OUT_SCHED="$ROOT/bench/RESULTS-scheduler.md"
OUT_CHAN="$ROOT/bench/RESULTS-channels.md"
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
for prog in spawn gosched pingpong buffered skynet parked; do
    (cd "$ROOT/bench/go" && "$GO" build -o "$WORK/go-$prog" "./$prog") || exit 1
done

# --- the variants: "bench impl" | metric | command ------------------------------------------
ARGS="-n $N -rounds $ROUNDS"
SBS=io.gpm4j.bench.sidebyside
J25="$JAVA25/bin/java $JAVA_OPTS"
J17="$JAVA17/bin/java $JAVA_OPTS"
GPM="-javaagent:$WORK/agent.jar -cp $WORK/benchmarks.jar $SBS"
VT="-cp $WORK/benchmarks.jar $SBS"
declare -a NAMES METRICS CMDS
add() { NAMES+=("$1"); METRICS+=("$2"); CMDS+=("$3"); }
if [ "$SUITE" != channels ]; then
    add "spawn go"                ns_per_op "$WORK/go-spawn $ARGS"
    add "spawn gpm4j-jdk25"       ns_per_op "$J25 $GPM.Spawn $ARGS"
    add "spawn gpm4j-jdk17"       ns_per_op "$J17 $GPM.Spawn $ARGS"
    add "spawn vthreads-jdk25"    ns_per_op "$J25 $VT.VirtualSpawn $ARGS"
    add "gosched go"              ns_per_op "$WORK/go-gosched $ARGS"
    add "gosched gpm4j-jdk25"     ns_per_op "$J25 $GPM.GoschedPing $ARGS"
    add "gosched gpm4j-jdk17"     ns_per_op "$J17 $GPM.GoschedPing $ARGS"
    add "gosched vthreads-jdk25"  ns_per_op "$J25 -Djdk.virtualThreadScheduler.parallelism=1 $VT.VirtualGoschedPing $ARGS"
fi
if [ "$SUITE" != scheduler ]; then
    # bench | metric | Go program | gpm4j class | virtual-thread class | arguments
    while read -r b metric goprog gcls vcls bargs; do
        bargs=${bargs//ROUNDS/$ROUNDS}
        add "$b go"              "$metric" "$WORK/go-$goprog $bargs"
        add "$b gpm4j-jdk25"     "$metric" "$J25 $GPM.$gcls $bargs"
        add "$b gpm4j-jdk17"     "$metric" "$J17 $GPM.$gcls $bargs"
        add "$b vthreads-jdk25"  "$metric" "$J25 $VT.$vcls $bargs"
    done <<EOT
pingpong      ns_per_op    pingpong ChanPingPong VirtualPingPong -n $PINGPONG_N -rounds ROUNDS
buffered      ns_per_op    buffered ChanBuffered VirtualBuffered -n $BUFFERED_N -cap 128 -rounds ROUNDS
skynet        ms_per_round skynet   ChanSkynet   VirtualSkynet   -n $SKYNET_N -rounds ROUNDS
parked-own    bytes_per_g  parked   ChanParked   VirtualParked   -n $PARKED_N -shared 0
parked-shared bytes_per_g  parked   ChanParked   VirtualParked   -n $PARKED_N -shared 1
EOT
fi

log() { echo "$*" | tee -a "$LOG"; }

# Runs one command with a timeout; on a hang, dumps the JVM's threads (jstack) into the log.
# Prints the value of <metric> in its RESULT line, or FAIL / HANG; leaves the line in $WORK/result.
run_one() {
    local name=$1 metric=$2 cmd=$3 out="$WORK/out" pid rc deadline
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
    v=$(sed -n "s/^RESULT .* $metric=\\([0-9.-]*\\).*/\\1/p" "$out" | tail -1)
    if [ "$rc" -ne 0 ] || [ -z "$v" ]; then
        echo "## $name: FAILED (exit $rc)" >>"$LOG"
        echo "FAIL"
    else
        grep '^RESULT ' "$out" | tail -1 >"$WORK/result"
        echo "$v"
    fi
}

log "# gpm4j side-by-side, $(date '+%F %T'), SUITE=$SUITE RUNS=$RUNS ROUNDS=$ROUNDS N=$N PINGPONG_N=$PINGPONG_N BUFFERED_N=$BUFFERED_N SKYNET_N=$SKYNET_N PARKED_N=$PARKED_N JAVA_OPTS=$JAVA_OPTS"
log "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A BEST BESTLINE OK FAILS
for i in "${!NAMES[@]}"; do BEST[$i]=""; BESTLINE[$i]=""; OK[$i]=0; FAILS[$i]=""; done
# Interleaved: attempt k of every variant, then attempt k+1, so load changes hit all alike.
for ((attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)); do
    pending=0
    for i in "${!NAMES[@]}"; do
        [ "${OK[$i]}" -ge "$RUNS" ] && continue
        pending=1
        rm -f "$WORK/result"
        r=$(run_one "${NAMES[$i]}" "${METRICS[$i]}" "${CMDS[$i]}")
        log "attempt $attempt ${NAMES[$i]}: $r"
        case $r in
            FAIL|HANG) FAILS[$i]="${FAILS[$i]}${FAILS[$i]:+, }$r" ;;
            *)  OK[$i]=$((OK[$i] + 1))
                if [ -z "${BEST[$i]}" ] || awk -v a="$r" -v b="${BEST[$i]}" 'BEGIN{exit !(a<b)}'; then
                    BEST[$i]=$r
                    BESTLINE[$i]=$(cat "$WORK/result" 2>/dev/null)
                fi ;;
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
# field <name> <RESULT line>: the value of name=... in the line
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
preamble() {
    echo "Written by \`bench/run-sidebyside.sh\` on $(date +%F) ($(date +%T)). Machine: $(nproc) cores"
    echo "(\`nproc\`), CPU \`$cpu\`, $mem. JDK 25: $j25. JDK 17: $j17. Go: $gov."
    echo "Code: commit \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\`$( [ -n "$(git -C "$ROOT" status --porcelain -- runtime agent bench 2>/dev/null)" ] && echo ' plus uncommitted changes under runtime/, agent/ or bench/')."
    echo "Load average before / after: $(sed -n 's/^# load before: //p' "$LOG") / $(sed -n 's/^# load after: //p' "$LOG")."
}
# rows <bench regexp> <notes column: yes|no>: one table row per variant of the matching benchmarks
rows() {
    local pattern=$1 notes=$2 i b impl v ref ratio note line
    for i in "${!NAMES[@]}"; do
        read -r b impl <<<"${NAMES[$i]}"
        [[ $b =~ ^($pattern)$ ]] || continue
        v=${BEST[$i]}
        ref=$(goref "$b")
        ratio="-"
        if [ -n "$v" ] && [ -n "$ref" ]; then ratio=$(awk -v a="$v" -v b="$ref" 'BEGIN{printf "%.2f", a/b}'); fi
        if [ "$notes" = no ]; then
            echo "| $b | $impl | ${v:-n/a} | $ratio | ${OK[$i]} | ${FAILS[$i]:-none} |"
            continue
        fi
        note=""
        line=${BESTLINE[$i]}
        if [ "$impl" = go ] && [[ $b == parked-* ]] && [ -n "$line" ]; then
            note="heap $(field heap_per_g "$line") + stacks $(field stack_per_g "$line"); Sys $(field sys_per_g "$line") B/g"
        fi
        echo "| $b | $impl | ${v:-n/a} | $ratio | ${OK[$i]} | ${FAILS[$i]:-none} | $note |"
    done
}
if [ "$SUITE" != channels ]; then
    {
        echo "# Scheduler side-by-side results"
        echo
        preamble
        echo "Best of $RUNS processes per variant (interleaved); each process: a warm-up round, then $ROUNDS"
        echo "timed rounds of N = $N; ns/op = the timed rounds' total time / their ops. Java: \`$JAVA_OPTS\`."
        echo
        echo "| benchmark | implementation | ns/op (best) | ratio to Go | successful runs | failures |"
        echo "| --- | --- | ---: | ---: | ---: | --- |"
        rows 'spawn|gosched' no
        echo
        echo "spawn: one op = one goroutine (virtual thread) started and finished; GOMAXPROCS / parallelism"
        echo "= CPU count. gosched: one op = one gosched / Thread.yield() call, GOMAXPROCS=1 / parallelism=1."
        echo "Raw output: \`bench/results/$(basename "$LOG")\` (not committed)."
    } >"$OUT_SCHED"
    cat "$OUT_SCHED"
fi
if [ "$SUITE" != scheduler ]; then
    {
        echo "# Channel side-by-side results"
        echo
        preamble
        echo "Best of $RUNS processes per variant (interleaved). GOMAXPROCS / virtual-thread parallelism = CPU"
        echo "count. Java: \`$JAVA_OPTS\`. Virtual threads: \`SynchronousQueue\` for an unbuffered channel,"
        echo "\`ArrayBlockingQueue\` for a buffered one. Lower is better everywhere; ratio = value / Go's."
        echo
        echo "| benchmark | implementation | best | ratio to Go | successful runs | failures | notes |"
        echo "| --- | --- | ---: | ---: | ---: | --- | --- |"
        rows 'pingpong|buffered|skynet|parked-own|parked-shared' yes
        echo
        echo "* pingpong: ns per round trip (two unbuffered sends + two receives), a warm-up round then"
        echo "  $ROUNDS timed rounds of $PINGPONG_N round trips."
        echo "* buffered: ns per value, one producer and one consumer, capacity 128, a warm-up round then"
        echo "  $ROUNDS timed rounds of $BUFFERED_N values."
        echo "* skynet: ms per round (average of $ROUNDS timed rounds after a warm-up one); $SKYNET_N leaves,"
        echo "  $(( (10 * SKYNET_N - 1) / 9 )) goroutines / threads per round (with the root; 10-ary tree), unbuffered"
        echo "  result channels; the sum is checked every round."
        echo "* parked-own / parked-shared: bytes per parked goroutine, $PARKED_N parked in a receive on"
        echo "  their own channel / one shared channel, one fresh process (no warm-up). Java: heap in use"
        echo "  after \`System.gc()\` (after - before) / n. Go: (HeapAlloc + StackInuse) after - before, / n;"
        echo "  the notes split it and give the Sys (all memory from the OS) difference / n."
        echo
        echo "Raw output: \`bench/results/$(basename "$LOG")\` (not committed)."
    } >"$OUT_CHAN"
    cat "$OUT_CHAN"
fi
