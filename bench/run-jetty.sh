#!/usr/bin/env bash
# What attaching the agent costs an application that does not use goroutines (issue 13): an
# embedded Jetty 12 hello-world server (bench/jetty, org.example.jetty.JettyHello), three ways
# on each JDK (25, then 17):
#   plain       no agent
#   agent       -javaagent:gpm4j-agent.jar (no options): Jetty's classes rewritten where inference
#               says they may suspend; no goroutine ever runs
#   threads     no agent, with GOROUTINES platform threads beside the server doing the goroutines'
#               work (pairs passing a counter through SynchronousQueues, sleeping SLEEP_US between
#               hand-offs): the same mixed application without gpm4j, what agent+go is read against
#   agent+go    the same with GOROUTINES goroutines beside the server (-goroutines: pairs passing a
#               counter on channels, sleeping SLEEP_US between hand-offs), which keep the global
#               "a continuation may be mounted" hint (Frames.mounted) non-zero, so every rewritten
#               frame on every thread takes the slow prologue; the server reports the share of
#               10 ms samples that found the hint non-zero
# For each: start-up, the time from launching the JVM to the port accepting a connection (polled
# every 10 ms), and to the first GET / answered (one request, with curl when there is one; under
# the agent the request path's classes are rewritten as they load), each the median of
# max(STARTS, RUNS) processes; then in RUNS processes a wrk
# warm-up and `wrk -t$THREADS -c$CONNS -d$DURATION --latency` (requests/s, p99, errors), the best
# process kept (highest requests/s), and the median and range of requests/s over the RUNS
# processes (the range is what a difference must exceed to mean anything), and the server's CPU
# time per request in that run (/proc/<pid>/stat over wrk's request count), and that time less
# what the server burns with no load (IDLE seconds measured after the warm-up, scaled to the run:
# for agent+go mostly its goroutines' own work, which is not the request path's). Variants take turns (run 1 of each, then run 2, ...), so a
# change of load hits all of them. With PIN on (the default on 2 or more CPUs, when taskset is
# there), each measured server runs on CPU 0 alone (launched under taskset, so the JVM, GOMAXPROCS
# and Jetty's pool see one CPU) and wrk on the others: wrk and the server no longer share CPUs,
# which on 2 CPUs made requests/s differ 7-20 % between processes of one variant; the start-ups
# are then taken from separate, unpinned processes (max(STARTS, RUNS) of them). Then, per JDK: how many classes and methods the agent rewrote
# in the server (one more process under the agent's `verbose` option, after a WARMUP of load, so
# the request path is loaded: the `gpm4j: rewrote <class> [<methods>]` lines, listed in the log),
# and the start-up of a plain hello world (org.example.jetty.HelloWorld, the whole run of the
# process, median of HELLO_STARTS) without and with the agent, and the agent's cold start-up
# (scancache=off: every library read, as on an application's first run; median of STARTS). The
# agent's scan cache is the run's own directory, filled by one start before anything is measured.
#
# Usage, from anywhere:  bench/run-jetty.sh        (about 12 minutes on a quiet 2-core machine)
#                        DURATION=5s RUNS=1 STARTS=1 bench/run-jetty.sh      (a quick look)
# Environment: DURATION (10s), WARMUP (10s), IDLE (5), CONNS (128), THREADS (2; pinned: the CPUs
#              wrk gets), PIN (auto|on|off), RUNS (3), STARTS (5),
#              HELLO_STARTS (5), GOROUTINES (2), SLEEP_US (1000), JDKS ("25 17"), JAVA17, JAVA25,
#              JAVA_OPTS (-Xms1g -Xmx1g), START_TIMEOUT (120 s), BUILD (auto|always|never),
#              OUT (bench/RESULTS.md)
# Writes its table into OUT between the markers <!-- jetty: bench/run-jetty.sh --> and
# <!-- /jetty --> (replaced, or appended when absent; bench/run-sidebyside.sh keeps the region when
# it rewrites the file), and every line to bench/results/jetty-<time>.log (not committed).
# Builds what is missing (BUILD=auto) with the root pom's profile jetty, which alone has the module:
#   mvn -B -ntp -Pjetty -pl bench/jetty -am -DskipTests package
# It runs copies of the jars, so a rebuild during the run changes nothing.
# Needs: wrk (Debian package wrk; installed with apt-get when missing and possible), JDK 25 and 17.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
IDLE=${IDLE:-5}
CONNS=${CONNS:-128}
PIN=${PIN:-auto}
if [ "$PIN" = auto ]; then
  if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then PIN=on; else PIN=off; fi
fi
case $PIN in
  on) command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ] || { echo "PIN=on needs taskset and 2 CPUs or more" >&2; exit 2; }
      server_cpus=0; client_cpus=$([ "$(nproc)" -eq 2 ] && echo 1 || echo "1-$(( $(nproc) - 1 ))")
      THREADS=${THREADS:-$(( $(nproc) - 1 ))} ;;
  off) THREADS=${THREADS:-2} ;;
  *) echo "PIN: auto, on or off, not $PIN" >&2; exit 2 ;;
esac
RUNS=${RUNS:-3}
STARTS=${STARTS:-5}
HELLO_STARTS=${HELLO_STARTS:-5}
GOROUTINES=${GOROUTINES:-2}
SLEEP_US=${SLEEP_US:-1000}
JDKS=${JDKS:-25 17}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
START_TIMEOUT=${START_TIMEOUT:-120}
BUILD=${BUILD:-auto}
OUT=${OUT:-$root/bench/RESULTS.md}
agent_built="$root/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
server_built="$root/bench/jetty/target/jetty-hello.jar"
port=18180

if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || { echo "wrk not found and not installable: apt-get install -y wrk" >&2; exit 2; }
fi
for v in $JDKS; do
  case $v in
    25) [ -x "$JAVA25/bin/java" ] || { echo "missing: $JAVA25/bin/java (JAVA25=...)" >&2; exit 2; } ;;
    17) [ -x "$JAVA17/bin/java" ] || { echo "missing: $JAVA17/bin/java (JAVA17=...)" >&2; exit 2; } ;;
    *) echo "JDKS: 25 and/or 17, not $v" >&2; exit 2 ;;
  esac
done
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -e "$agent_built" ] || [ ! -e "$server_built" ]; }; }; then
  echo "# building: mvn -B -ntp -q -Pjetty -pl bench/jetty -am -DskipTests package (offline first)"
  (cd "$root" && { mvn -B -ntp -o -q -Pjetty -pl bench/jetty -am -DskipTests package \
    || mvn -B -ntp -q -Pjetty -pl bench/jetty -am -DskipTests package; }) || exit 1
fi
for f in "$agent_built" "$server_built"; do
  [ -e "$f" ] || { echo "missing: $f (BUILD=never, or the build failed; see the header of $0)" >&2; exit 2; }
done
mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)
log="$root/bench/results/jetty-$stamp.log"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cp "$agent_built" "$work/agent.jar"
cp "$server_built" "$work/server.jar"
agent="$work/agent.jar"
server="$work/server.jar"
# the agent's scan cache (option scancache): this run's own, filled by a first start of the
# agent before anything is measured, as an application's own cache is by its first run; the
# cold start-up (scancache=off, every library read) is measured apart
scan_cache="$work/scan-cache"
rm -rf "$scan_cache"
say() { echo "$@" | tee -a "$log"; }
java_of() { if [ "$1" = 25 ]; then echo "$JAVA25/bin/java"; else echo "$JAVA17/bin/java"; fi; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{v[NR] = $1} END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# median2: the same, to two decimals
# range2: the lowest and highest of numbers, one per line, as "lo–hi" to two decimals
range2() { sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END { if (NR) printf "%.2f–%.2f", lo, hi }'; }
median2() { sort -n | awk '{v[NR] = $1} END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# command <jdk> <variant> [agent options]: the server's command line
command_of() {
  local java; java=$(java_of "$1")
  case $2 in
    plain) echo "$java $JAVA_OPTS -jar $server -port $port" ;;
    agent) echo "$java $JAVA_OPTS -javaagent:$agent=scancache=$scan_cache${3:+,$3} -jar $server -port $port" ;;
    threads) echo "$java $JAVA_OPTS -jar $server -port $port -threads $GOROUTINES -sleep-us $SLEEP_US" ;;
    agent+go) echo "$java $JAVA_OPTS -javaagent:$agent=scancache=$scan_cache${3:+,$3} -jar $server -port $port -goroutines $GOROUTINES -sleep-us $SLEEP_US" ;;
  esac
}

# start <jdk> <variant> [agent options]: starts a server (on the server's CPU when `pinned` is set);
# sets pid, started_ms (launch to the port
# accepting) and answered_ms (launch to the first 200 answer), or returns 1 (the server's output in
# the log).
slog="$work/server.log"
start() {
  local t0; t0=$(now_ms)
  # shellcheck disable=SC2046
  ${pinned:+taskset -c $server_cpus} $(command_of "$@") >"$slog" 2>&1 &
  pid=$!
  local deadline=$((t0 + START_TIMEOUT * 1000))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 $pid 2>/dev/null || [ "$(now_ms)" -gt $deadline ]; then
      say "$1 $2: did not start"; sed 's/^/  | /' "$slog" | tee -a "$log"; stop; return 1
    fi
    sleep 0.01
  done
  started_ms=$(( $(now_ms) - t0 ))
  # the first answer: under the agent, the classes of the request path are rewritten as they load
  if ! first_answer; then
    say "$1 $2: no answer to a first GET / in $START_TIMEOUT s"; sed 's/^/  | /' "$slog" | tee -a "$log"; stop; return 1
  fi
  answered_ms=$(( $(now_ms) - t0 ))
}
# first_answer: one GET / answered 200 within START_TIMEOUT seconds
first_answer() {
  if command -v curl >/dev/null; then
    [ "$(curl -s -o /dev/null -m "$START_TIMEOUT" -w '%{http_code}' "http://127.0.0.1:$port/")" = 200 ]
  else
    timeout "$START_TIMEOUT" bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && printf "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && head -1 <&3 | grep -q " 200 "' "$port"
  fi
}
stop() { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }
# the port must be free before the next start, or the next server's start-up would be a refusal
free_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 0; sleep 0.1; done; }

declare -A RPS P99 ERRS STARTUPS ANSWERS HINT ALL_RPS ALL_CPU ALL_NET
CLK_TCK=$(getconf CLK_TCK)
# cpu_ticks <pid>: the process's user + system CPU time so far, in clock ticks (/proc/<pid>/stat
# fields 14 and 15, counted after the parenthesised command name, which may hold spaces)
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $12 + $13}'; }
VARIANTS=(plain agent threads agent+go)
# wrk_run <args...>: wrk on the client's CPUs when pinned
wrk_run() { if [ "$PIN" = on ]; then taskset -c "$client_cpus" wrk "$@"; else wrk "$@"; fi; }
# run_one <jdk> <variant>: one server process: start-up, warm-up, measurement.
run_one() {
  local key="jdk$1 $2"
  free_port
  pinned=$([ "$PIN" = on ] && echo 1) start "$1" "$2" || return
  if [ "$PIN" = off ]; then
    STARTUPS[$key]="${STARTUPS[$key]:-} $started_ms"
    ANSWERS[$key]="${ANSWERS[$key]:-} $answered_ms"
  fi
  wrk_run -t"$THREADS" -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null
  local idle0; idle0=$(cpu_ticks $pid)
  sleep "$IDLE"
  local idle1; idle1=$(cpu_ticks $pid)
  local ticks0=$idle1
  local out; out=$(wrk_run -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$port/")
  local ticks1; ticks1=$(cpu_ticks $pid)
  stop
  echo "$out" | sed "s/^/  [$key] /" >>"$log"
  sed "s/^/  [$key] server: /" "$slog" >>"$log"
  local rps p99 errs hint
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Socket errors|Non-2xx/ {$1=$1; print}' | paste -sd';' -)
  hint=$(grep -o 'non-zero in .* samples ([0-9.]* %)' "$slog" | grep -o '([0-9.]* %)' | tr -d '( )')
  say "$key: start-up $started_ms ms, first answer $answered_ms ms, $rps req/s, p99 $p99${errs:+, $errs}${hint:+, hint non-zero in $hint of samples}"
  [ -n "$rps" ] && ALL_RPS[$key]="${ALL_RPS[$key]:-} $rps"
  local requests cpu
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  cpu=$(awk -v t0="$ticks0" -v t1="$ticks1" -v hz="$CLK_TCK" -v n="$requests" \
        'BEGIN { if (t0 != "" && t1 != "" && n > 0) printf "%.2f", (t1 - t0) * 1e6 / hz / n }')
  [ -n "$cpu" ] && ALL_CPU[$key]="${ALL_CPU[$key]:-} $cpu" && say "$key: server CPU $cpu µs per request ($((ticks1 - ticks0)) ticks, $requests requests)"
  # less the idle rate over the run's own length (wrk's "requests in 10.00s")
  local secs net
  secs=$(echo "$out" | sed -n 's/.*requests in \([0-9.]*\)s.*/\1/p')
  net=$(awk -v t0="$ticks0" -v t1="$ticks1" -v i0="$idle0" -v i1="$idle1" -v idle="$IDLE" -v s="$secs" -v hz="$CLK_TCK" -v n="$requests" \
        'BEGIN { if (t0 != "" && t1 != "" && i0 != "" && i1 != "" && s > 0 && n > 0) printf "%.2f", ((t1 - t0) - (i1 - i0) * s / idle) * 1e6 / hz / n }')
  [ -n "$net" ] && ALL_NET[$key]="${ALL_NET[$key]:-} $net" && say "$key: idle $((idle1 - idle0)) ticks in ${IDLE} s; server CPU less idle $net µs per request"
  if [ -n "$rps" ] && { [ -z "${RPS[$key]:-}" ] || awk -v a="$rps" -v b="${RPS[$key]}" 'BEGIN{exit !(a > b)}'; }; then
    RPS[$key]=$rps; P99[$key]=$p99; ERRS[$key]=${errs:-none}; HINT[$key]=${hint:-}
  fi
}
# start_only <jdk> <variant>: one more start-up sample.
start_only() {
  local key="jdk$1 $2"
  free_port
  start "$1" "$2" || return
  stop
  STARTUPS[$key]="${STARTUPS[$key]:-} $started_ms"
  ANSWERS[$key]="${ANSWERS[$key]:-} $answered_ms"
  say "$key: start-up $started_ms ms, first answer $answered_ms ms"
}

declare -A COLD
# cold <jdk>: STARTS start-ups under the agent with scancache=off (every library read, as on an
# application's first run), median.
cold() {
  local samples="" i
  for i in $(seq 1 "$STARTS"); do
    free_port
    start "$1" agent scancache=off || return
    stop
    samples="$samples $started_ms"
  done
  COLD[$1]=$(echo $samples | tr ' ' '\n' | median)
  say "jdk$1 agent, scan cache off: start-up $samples ms (median ${COLD[$1]})"
}

declare -A CLASSES JETTY_CLASSES METHODS JETTY_METHODS REFUSED
# count_rewrites <jdk>: one process under the agent's verbose option, a WARMUP of load, its
# "gpm4j: rewrote <class> [<methods>]" lines counted (and listed in the log).
count_rewrites() {
  free_port
  start "$1" agent verbose || return
  wrk_run -t"$THREADS" -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null
  stop
  local lines="$work/rewrote-$1.txt"
  grep '^gpm4j: rewrote ' "$slog" | sed 's/^gpm4j: rewrote //' >"$lines"
  sed "s/^/  [jdk$1 rewrote] /" "$lines" >>"$log"
  grep 'gpm4j: warning' "$slog" | sed "s/^/  [jdk$1 agent] /" >>"$log"
  # a line: <class> [m1(desc), m2(desc)] or, when some methods were refused, "<class> except ..."
  CLASSES[$1]=$(wc -l <"$lines")
  JETTY_CLASSES[$1]=$(grep -c '^org\.eclipse\.jetty\.' "$lines")
  # (descriptors hold '[' for arrays: the list is what follows the first " [", less the last ']')
  local count='{ s = substr($0, index($0, " [") + 2); sub(/\]$/, "", s); t += split(s, m, ", ") } END { print t + 0 }'
  METHODS[$1]=$(awk "$count" "$lines")
  JETTY_METHODS[$1]=$(grep '^org\.eclipse\.jetty\.' "$lines" | awk "$count")
  REFUSED[$1]=$(grep -c 'gpm4j: warning: .*rewrite' "$slog")
  say "jdk$1: the agent rewrote ${CLASSES[$1]} classes (${JETTY_CLASSES[$1]} Jetty), ${METHODS[$1]} methods (${JETTY_METHODS[$1]} Jetty); ${REFUSED[$1]} rewrite warnings"
}

# An agent whose premain does nothing: what any -javaagent costs a JVM by itself (the agent jar
# opened, java.instrument loaded, CDS's archived module graph given up), apart from gpm4j's work.
empty_agent="$work/empty-agent.jar"
mkdir -p "$work/empty-agent"
printf 'public final class EmptyAgent { public static void premain(String a, java.lang.instrument.Instrumentation i) { } }\n' \
  >"$work/empty-agent/EmptyAgent.java"
printf 'Premain-Class: EmptyAgent\n' >"$work/empty-agent/manifest.txt"
javac --release 17 -d "$work/empty-agent" "$work/empty-agent/EmptyAgent.java"
jar cfm "$empty_agent" "$work/empty-agent/manifest.txt" -C "$work/empty-agent" EmptyAgent.class

declare -A HELLO
# hello <jdk> <plain|empty|agent>: the median run time of HelloWorld, HELLO_STARTS processes.
hello() {
  local java; java=$(java_of "$1")
  local samples="" t0 i
  for i in $(seq 1 "$HELLO_STARTS"); do
    t0=$(now_ms)
    if [ "$2" = plain ]; then
      "$java" -cp "$server" org.example.jetty.HelloWorld >/dev/null 2>&1
    elif [ "$2" = empty ]; then
      "$java" "-javaagent:$empty_agent" -cp "$server" org.example.jetty.HelloWorld >/dev/null 2>&1
    else
      "$java" "-javaagent:$agent=scancache=$scan_cache" -cp "$server" org.example.jetty.HelloWorld >/dev/null 2>&1
    fi
    samples="$samples $(( $(now_ms) - t0 ))"
  done
  HELLO["$1 $2"]=$(echo $samples | tr ' ' '\n' | median)
  say "jdk$1 hello world $2: $samples ms (median ${HELLO["$1 $2"]})"
}

start_time=$(date -u '+%F %H:%M')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for v in $JDKS; do
  free_port
  start "$v" agent && { stop; say "jdk$v: a first start under the agent (the scan cache holds $(cat "$scan_cache"/*.txt 2>/dev/null | wc -l) verdicts)"; }
done
say "# wrk -t$THREADS -c$CONNS -d$DURATION --latency after a $WARMUP warm-up; best of $RUNS; start-up median of $(( STARTS > RUNS ? STARTS : RUNS )); JDKs $JDKS; $(nproc) cores; pinned: $PIN${server_cpus:+ (server CPU $server_cpus, wrk CPUs $client_cpus)}; load $load_before"
for run in $(seq 1 "$RUNS"); do
  for v in $JDKS; do
    for variant in "${VARIANTS[@]}"; do
      run_one "$v" "$variant"
    done
  done
done
# pinned, the measured processes took no start-up sample: every sample comes from here
first_start_only=$([ "$PIN" = on ] && echo 1 || echo $((RUNS + 1)))
for run in $(seq "$first_start_only" "$(( STARTS > RUNS ? STARTS : RUNS ))"); do
  for v in $JDKS; do
    for variant in "${VARIANTS[@]}"; do
      start_only "$v" "$variant"
    done
  done
done
for v in $JDKS; do
  cold "$v"
  count_rewrites "$v"
  hello "$v" plain
  hello "$v" empty
  hello "$v" agent
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# delta <value> <base>: " (+x %)" or " (-x %)"
delta() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN{ if (b > 0) printf " (%+.1f %%)", (a - b) * 100 / b }'; }
# plus <value> <base>: " (+x ms)"
plus() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN{ printf " (%+d ms)", a - b }'; }
table="$work/table.md"
{
  echo "<!-- jetty: bench/run-jetty.sh -->"
  echo "## The agent beside an application without goroutines: embedded Jetty (issue 13)"
  echo
  echo "Written by \`bench/run-jetty.sh\` (\`DURATION=$DURATION WARMUP=$WARMUP CONNS=$CONNS THREADS=$THREADS PIN=$PIN RUNS=$RUNS STARTS=$STARTS GOROUTINES=$GOROUTINES SLEEP_US=$SLEEP_US\`),"
  echo "$start_time UTC, code \`$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo '+changes')\`,"
  if [ "$PIN" = on ]; then
    echo "$(nproc) CPUs, load average before $load_before, after $load_after; wrk runs on the same machine, on CPUs $client_cpus,"
    echo "each measured server on CPU $server_cpus alone (\`taskset\` from its launch: the JVM, GOMAXPROCS and Jetty see one CPU);"
    echo "start-ups from separate unpinned processes."
  else
    echo "$(nproc) CPUs, load average before $load_before, after $load_after; wrk runs on the same machine, sharing the server's CPUs."
  fi
  echo "Server: Jetty 12.1.14 (\`org.example.jetty.JettyHello\`, a core \`Handler\`), Java \`$JAVA_OPTS\`."
  echo
  echo "| JDK | variant | start-up (median) | first answer (median) | requests/s (best of $RUNS) | requests/s (median; range) | server CPU µs/request (median; range) | less idle CPU (median; range) | p99 | errors | hint non-zero |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |"
  for v in $JDKS; do
    base_rps=${RPS["jdk$v plain"]:-}
    base_start=$(echo ${STARTUPS["jdk$v plain"]:-} | tr ' ' '\n' | median)
    base_answer=$(echo ${ANSWERS["jdk$v plain"]:-} | tr ' ' '\n' | median)
    base_median=$(echo ${ALL_RPS["jdk$v plain"]:-} | tr ' ' '\n' | median)
    base_cpu=$(echo ${ALL_CPU["jdk$v plain"]:-} | tr ' ' '\n' | median2)
    base_net=$(echo ${ALL_NET["jdk$v plain"]:-} | tr ' ' '\n' | median2)
    for variant in "${VARIANTS[@]}"; do
      key="jdk$v $variant"
      s=$(echo ${STARTUPS[$key]:-} | tr ' ' '\n' | median)
      a=$(echo ${ANSWERS[$key]:-} | tr ' ' '\n' | median)
      m=$(echo ${ALL_RPS[$key]:-} | tr ' ' '\n' | median)
      range=$(echo ${ALL_RPS[$key]:-} | tr ' ' '\n' | sort -n | awk 'NR == 1 {lo = $1} {hi = $1} END { if (NR) printf "%.0f–%.0f", lo, hi }')
      c=$(echo ${ALL_CPU[$key]:-} | tr ' ' '\n' | median2)
      crange=$(echo ${ALL_CPU[$key]:-} | tr ' ' '\n' | range2)
      n=$(echo ${ALL_NET[$key]:-} | tr ' ' '\n' | median2)
      nrange=$(echo ${ALL_NET[$key]:-} | tr ' ' '\n' | range2)
      echo "| $v | $variant | ${s:-failed} ms$([ "$variant" != plain ] && plus "$s" "$base_start") | ${a:-failed} ms$([ "$variant" != plain ] && plus "$a" "$base_answer") | ${RPS[$key]:-failed}$([ "$variant" != plain ] && delta "${RPS[$key]:-}" "$base_rps") | ${m:-failed}$([ "$variant" != plain ] && delta "$m" "$base_median"); $range | ${c:-?}$([ "$variant" != plain ] && delta "$c" "$base_cpu"); $crange | ${n:-?}$([ "$variant" != plain ] && delta "$n" "$base_net"); $nrange | ${P99[$key]:-} | ${ERRS[$key]:-} | ${HINT[$key]:-} |"
    done
  done
  echo
  for v in $JDKS; do
    t=$(echo ${ALL_RPS["jdk$v threads"]:-} | tr ' ' '\n' | median)
    g=$(echo ${ALL_RPS["jdk$v agent+go"]:-} | tr ' ' '\n' | median)
    tn=$(echo ${ALL_NET["jdk$v threads"]:-} | tr ' ' '\n' | median2)
    gn=$(echo ${ALL_NET["jdk$v agent+go"]:-} | tr ' ' '\n' | median2)
    [ -n "$t" ] && [ -n "$g" ] && echo "JDK $v, agent+go against threads (the same work beside the server, without gpm4j): requests/s median$(delta "$g" "$t"), CPU per request less idle$(delta "$gn" "$tn")."
  done
  echo
  echo "| JDK | agent start-up, scan cache off | classes rewritten (Jetty) | methods rewritten (Jetty) | rewrite warnings | hello world start-up, plain | with an empty agent | with the agent |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for v in $JDKS; do
    cold_base=$(echo ${STARTUPS["jdk$v plain"]:-} | tr ' ' '\n' | median)
    echo "| $v | ${COLD[$v]:-?} ms$(plus "${COLD[$v]:-}" "$cold_base") | ${CLASSES[$v]:-?} (${JETTY_CLASSES[$v]:-?}) | ${METHODS[$v]:-?} (${JETTY_METHODS[$v]:-?}) | ${REFUSED[$v]:-?} | ${HELLO["$v plain"]:-?} ms | ${HELLO["$v empty"]:-?} ms$(plus "${HELLO["$v empty"]:-}" "${HELLO["$v plain"]:-}") | ${HELLO["$v agent"]:-?} ms$(plus "${HELLO["$v agent"]:-}" "${HELLO["$v plain"]:-}") |"
  done
  echo
  echo "Goals (issue 13): at most 2 % fewer requests/s under the agent, with or without goroutines beside"
  echo "the server; at most 300 ms more start-up; a hello world at most 150 ms more. In parentheses: the"
  echo "difference from plain on the same JDK; the range of requests/s over the $RUNS processes of a variant is"
  echo "the resolution: a difference within it says nothing$([ "$PIN" = on ] || echo " (wrk shares the server's CPUs)"). Server CPU per request: the server"
  echo "process's user and system CPU time during the measured wrk run (\`/proc/<pid>/stat\`, in ticks of 1/$CLK_TCK s) over"
  echo "the requests wrk counted: what the agent adds to the server's own work, whatever share of the CPUs wrk"
  echo "leaves it (for threads and agent+go it includes the work beside the server); its range is its resolution too. Less idle CPU: the same less"
  echo "the server's CPU time with no load ($IDLE s measured after the warm-up, scaled to the run's length): for threads and agent+go"
  echo "mostly what the work beside the server burns whatever the load, so that what is left is the request path's. threads: no agent, $GOROUTINES"
  echo "platform threads doing agent+go's goroutines' work (pairs passing a counter through \`SynchronousQueue\`s, sleeping $SLEEP_US µs"
  echo "before each hand-off): the same application without gpm4j, against which agent+go's cost of its goroutines is read. Start-up: from launching the JVM to the port accepting"
  echo "(polled every 10 ms); first answer: to the first \`GET /\` answered (under the agent the request"
  echo "path's classes are rewritten as they load); hello world: the whole process, median of $HELLO_STARTS; an empty"
  echo "agent (a premain that does nothing) shows what any \`-javaagent\` costs the JVM itself. Hint non-zero: the share of 10 ms samples in"
  echo "which \`Frames.mounted\` was non-zero (every rewritten frame then takes the slow prologue), sampled once the server is up."
  echo "The agent's scan cache (option \`scancache\`) is this run's own, filled by a first start before anything is measured, as"
  echo "an application's is by its first run; \`scancache=off\`: every library read at start-up (median of $STARTS)."
  echo "Rewritten: classes and methods the agent reported (option \`verbose\`) in a server that served a"
  echo "$WARMUP load; the list is in the log. Every line: \`bench/results/$(basename "$log")\` (not committed)."
  echo "<!-- /jetty -->"
} >"$table"
cat "$table" | tee -a "$log"
"$root/bench/report-region.py" "$OUT" "$table" || exit 1
echo "# written: $OUT"
