#!/usr/bin/env bash
# HTTP side by side: wrk -t2 -c256 against io.gpm4j.examples.http.HelloServer under the agent
# (JDK 17, and JDK 25 when present) and against Go's net/http hello world (bench/go/httphello),
# each on its own port, one after the other, the same wrk command for all; prints wrk's
# requests/s and latency percentiles per server. Each server gets a warm-up run first.
#
# Usage, from anywhere:  bench/run-http.sh       (about 2 minutes)
# Environment: DURATION (10s), WARMUP (5s), CONNS (256), THREADS (2), JAVA17, JAVA25, GO,
#              JAVA_OPTS (-Xms1g -Xmx1g)
# Needs: wrk (Debian package wrk), go, the built agent and examples (mvn -DskipTests package).
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
CONNS=${CONNS:-256}
THREADS=${THREADS:-2}
JAVA17=${JAVA17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
GO=${GO:-go}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g}
agent="$root/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
classes="$root/examples/target/classes"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install -y wrk" >&2; exit 1; }
[ -f "$agent" ] && [ -d "$classes" ] || { echo "build first: mvn -B -o -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT

wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }

bench() { # name port command...
  local name=$1 port=$2; shift 2
  local log="$work/$(echo "$name" | tr -c "a-zA-Z0-9\n" _).log"
  "$@" >"$log" 2>&1 &
  local pid=$!
  if ! wait_port "$port"; then echo "$name: did not start"; cat "$log"; kill $pid; return; fi
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "http://127.0.0.1:$port/" >/dev/null
  local out; out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$port/")
  local rss; rss=$(awk '/VmHWM/ {print $2/1024 " MB"}' /proc/$pid/status 2>/dev/null)
  kill $pid; wait $pid 2>/dev/null
  echo "== $name: $(echo "$out" | awk '/Requests\/sec/ {print $2 " req/s"}'), p50 $(echo "$out" | awk '$1=="50%" {print $2}'), p99 $(echo "$out" | awk '$1=="99%" {print $2}'), errors: $(echo "$out" | grep -c 'Socket errors\|Non-2xx' || true), peak RSS $rss"
  echo "$out" | sed 's/^/   /'
}

echo "wrk -t$THREADS -c$CONNS -d$DURATION --latency (after a $WARMUP warm-up); $(nproc) cores; $(date -u +%F)"
(cd "$root/bench/go" && "$GO" build -o "$work/httphello" ./httphello) || exit 1
bench "go-net/http ($("$GO" version | awk '{print $3}'))" 18081 "$work/httphello" -port 18081
bench "gpm4j-jdk17" 18082 "$JAVA17/bin/java" $JAVA_OPTS "-javaagent:$agent=main" -cp "$classes" io.gpm4j.examples.http.HelloServer 18082
if [ -x "$JAVA25/bin/java" ]; then
  bench "gpm4j-jdk25" 18083 "$JAVA25/bin/java" $JAVA_OPTS "-javaagent:$agent=main" -cp "$classes" io.gpm4j.examples.http.HelloServer 18083
fi
