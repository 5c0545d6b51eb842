#!/usr/bin/env bash
# HTTP side by side: the same hello-world server four ways, measured the same way, one after the
# other on their own ports:
#   go        Go's net/http (bench/go/httphello)
#   gpm4j     io.gpm4j.examples.http.HelloServer under the agent (goroutine per connection,
#             io.gpm4j.net + bufio), on JDK 25 and on JDK 17
#   vthreads  the JDK's com.sun.net.httpserver with a virtual thread per exchange, JDK 25
#             (io.gpm4j.bench.sidebyside.VirtualHttpHello)
# For each: a wrk warm-up, then `wrk -t$THREADS -c$CONNS -d$DURATION --latency` (requests/s, p50,
# p99, errors); then, in a fresh process of the same server, the memory of idle keep-alive
# connections: IDLE connections opened by io.gpm4j.bench.sidebyside.IdleConnections, each served
# one request and left open; the server's resident set (VmRSS) before and after, over IDLE, and
# for the JVMs also the heap in use after a full GC (jcmd GC.run, GC.heap_info) before and after,
# over IDLE. The best of RUNS processes per
# server (highest requests/s; lowest bytes per connection).
#
# Usage, from anywhere:  bench/run-http.sh       (about 4 minutes)
# Environment: DURATION (10s), WARMUP (5s), CONNS (256), THREADS (2), IDLE (10000), RUNS (1),
#              JAVA17, JAVA25, GO, JAVA_OPTS (-Xms1g -Xmx1g), OUT (bench/RESULTS.md)
# Writes its table into OUT between the markers <!-- http: bench/run-http.sh --> and
# <!-- /http --> (replaced, or appended when absent; bench/run-sidebyside.sh keeps the region when it
# rewrites the file), and every line to bench/results/http-<time>.log (not committed).
# Needs: wrk (Debian package wrk; installed with apt-get when missing and possible), go, the built
# agent, examples and benchmarks (mvn -B -DskipTests package).
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
CONNS=${CONNS:-256}
THREADS=${THREADS:-2}
IDLE=${IDLE:-10000}
RUNS=${RUNS:-1}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
GO=${GO:-$(command -v go || echo /usr/lib/go/bin/go)}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
OUT=${OUT:-$root/bench/RESULTS.md}
agent="$root/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
examples="$root/examples/target/classes"
benchjar="$root/bench/target/benchmarks.jar"
if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || { echo "wrk not found and not installable: apt-get install -y wrk" >&2; exit 2; }
fi
for f in "$agent" "$examples" "$benchjar" "$JAVA17/bin/java" "$JAVA25/bin/java" "$GO"; do
  [ -e "$f" ] || { echo "missing: $f (build first: mvn -B -DskipTests package; see the header of $0)" >&2; exit 2; }
done
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((IDLE + 1000)) ] || { echo "open-file limit $(ulimit -n) is too low for IDLE=$IDLE" >&2; exit 2; }
mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)
log="$root/bench/results/http-$stamp.log"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
say() { echo "$@" | tee -a "$log"; }

wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# heap_kb <pid>: the JVM's heap in use after a full GC, in KB.
heap_kb() {
  "$JAVA25/bin/jcmd" "$1" GC.run >/dev/null 2>&1
  "$JAVA25/bin/jcmd" "$1" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9
}

declare -A RPS P50 P99 ERRS BYTES HEAP
# run_one <name> <port> <jvm?> command...: one process: throughput, then idle connections.
run_one() {
  local name=$1 port=$2 jvm=$3; shift 3
  local slog="$work/server.log"
  "$@" >"$slog" 2>&1 &
  local pid=$!
  if ! wait_port "$port"; then say "$name: did not start"; cat "$slog" | tee -a "$log"; kill $pid; return; fi
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null
  local out; out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$port/")
  echo "$out" | sed "s/^/  [$name] /" >>"$log"
  local rps p50 p99 errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Socket errors|Non-2xx/ {$1=$1; print}' | paste -sd';' -)
  kill $pid; wait $pid 2>/dev/null
  # the idle connections, in a fresh process: memory the load left behind would hide their cost
  "$@" >"$slog" 2>&1 &
  pid=$!
  if ! wait_port "$port"; then say "$name: did not restart"; cat "$slog" | tee -a "$log"; kill $pid; return; fi
  sleep 1
  local heap0="" heap1="" rss0 rss1
  [ "$jvm" = 1 ] && heap0=$(heap_kb $pid)
  rss0=$(rss_kb $pid)
  local fifo="$work/idle.in"; rm -f "$fifo"; mkfifo "$fifo"
  "$JAVA25/bin/java" -cp "$benchjar" io.gpm4j.bench.sidebyside.IdleConnections -n "$IDLE" -port "$port" <"$fifo" >"$work/idle.out" 2>&1 &
  local client=$!
  exec 7>"$fifo"
  for _ in $(seq 1 1200); do grep -q READY "$work/idle.out" && break; kill -0 $client 2>/dev/null || break; sleep 0.1; done
  if grep -q READY "$work/idle.out"; then
    sleep 1
    [ "$jvm" = 1 ] && heap1=$(heap_kb $pid)
    rss1=$(rss_kb $pid)
  else
    say "$name: the idle connections failed: $(tail -3 "$work/idle.out")"
  fi
  exec 7>&-
  wait $client 2>/dev/null
  kill $pid; wait $pid 2>/dev/null
  say "$name: $rps req/s, p50 $p50, p99 $p99${errs:+, $errs}; idle: RSS ${rss0:-?} -> ${rss1:-?} KB${heap0:+, heap $heap0 -> $heap1 KB}"
  # the best process: highest requests/s; lowest bytes per idle connection
  if [ -n "$rps" ] && awk -v a="$rps" -v b="${RPS[$name]:-0}" 'BEGIN{exit !(a > b)}'; then
    RPS[$name]=$rps; P50[$name]=$p50; P99[$name]=$p99; ERRS[$name]=${errs:-none}
  fi
  if [ -n "${rss1:-}" ]; then
    local b; b=$(awk -v a="$rss0" -v c="$rss1" -v n="$IDLE" 'BEGIN{printf "%.0f", (c - a) * 1024 / n}')
    if [ -z "${BYTES[$name]:-}" ] || [ "$b" -lt "${BYTES[$name]}" ]; then BYTES[$name]=$b; fi
    if [ -n "$heap1" ]; then
      local h; h=$(awk -v a="$heap0" -v c="$heap1" -v n="$IDLE" 'BEGIN{printf "%.0f", (c - a) * 1024 / n}')
      if [ -z "${HEAP[$name]:-}" ] || [ "$h" -lt "${HEAP[$name]}" ]; then HEAP[$name]=$h; fi
    fi
  fi
}

start=$(date -u '+%F %H:%M')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "# wrk -t$THREADS -c$CONNS -d$DURATION --latency after a $WARMUP warm-up; $IDLE idle connections; best of $RUNS; $(nproc) cores; load $load_before"
(cd "$root/bench/go" && "$GO" build -o "$work/httphello" ./httphello) || exit 1
NAMES=(go gpm4j-jdk25 gpm4j-jdk17 vthreads-jdk25)
for run in $(seq 1 "$RUNS"); do
  run_one go 18081 0 "$work/httphello" -port 18081
  run_one gpm4j-jdk25 18082 1 "$JAVA25/bin/java" $JAVA_OPTS "-javaagent:$agent=main" -cp "$examples" io.gpm4j.examples.http.HelloServer 18082
  run_one gpm4j-jdk17 18083 1 "$JAVA17/bin/java" $JAVA_OPTS "-javaagent:$agent=main" -cp "$examples" io.gpm4j.examples.http.HelloServer 18083
  run_one vthreads-jdk25 18084 1 "$JAVA25/bin/java" $JAVA_OPTS -cp "$benchjar" io.gpm4j.bench.sidebyside.VirtualHttpHello -port 18084
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf " (%.2fx)", a / b }'; }
table="$work/table.md"
{
  echo "<!-- http: bench/run-http.sh -->"
  echo "## HTTP: hello world under wrk, and idle keep-alive connections"
  echo
  echo "Written by \`bench/run-http.sh\` (\`DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS THREADS=$THREADS IDLE=$IDLE RUNS=$RUNS\`),"
  echo "$start UTC, code \`$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo '+changes')\`,"
  echo "$(nproc) CPUs, load average before $load_before, after $load_after; wrk and the idle client run on the"
  echo "same machine. Servers: Go's net/http ($("$GO" version | awk '{print $3}')); HelloServer under the agent;"
  echo "the JDK's HttpServer with a virtual thread per exchange. Java \`$JAVA_OPTS\`."
  echo
  echo "| server | requests/s | p50 | p99 | errors | RSS per idle connection | heap per idle connection |"
  echo "| --- | ---: | ---: | ---: | --- | ---: | ---: |"
  for n in "${NAMES[@]}"; do
    echo "| $n | ${RPS[$n]:-failed}$([ "$n" != go ] && ratio "${RPS[$n]:-}" "${RPS[go]:-}") | ${P50[$n]:-} | ${P99[$n]:-} | ${ERRS[$n]:-} | ${BYTES[$n]:-failed} B$([ "$n" != go ] && ratio "${BYTES[$n]:-}" "${BYTES[go]:-}") | ${HEAP[$n]:+${HEAP[$n]} B} |"
  done
  echo
  echo "In parentheses: the value / Go's (requests/s: higher is better; bytes: lower is better). Per idle"
  echo "connection, measured in a fresh server process: RSS is its resident set after the $IDLE idle"
  echo "connections minus before, over $IDLE (Go's holds its goroutines' stacks and buffers; the JVMs'"
  echo "also the heap pages the young generation touched meanwhile); heap is the JVM's heap in use"
  echo "after a full GC, after minus before, over $IDLE (the JVMs' own measure of what stays)."
  echo "Every line: \`bench/results/$(basename "$log")\` (not committed)."
  echo "<!-- /http -->"
} >"$table"
cat "$table" | tee -a "$log"
"$root/bench/report-region.py" "$OUT" "$table" || exit 1
echo "# written: $OUT"
