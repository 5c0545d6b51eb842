#!/usr/bin/env bash
# What the agent costs per class loaded (issue 13): every class of a large library jar (Guava by
# default) loaded once in a fresh process by io.gpm4j.bench.LoadJar (Class.forName without
# initialization, then getDeclaredMethods, so that the JVM also links and verifies it), three ways
# on each JDK (25, then 17):
#   plain    no agent
#   agent    -javaagent:gpm4j-agent.jar: the library never mentions gpm4j, so the agent judges it
#            like the JDK (decided from its bytes, parsed only for its lambdas' targets, never
#            rewritten), its verdict on the jar found in the agent's scan cache (the run's own,
#            filled by one process first)
#   cold     the same with scancache=off: the jar read once in every process
#   aware    -javaagent:gpm4j-agent.jar=aware=<the library's packages>: judged as the
#            application's own code, every class analysed and the ones that may suspend rewritten
#            (what a library that calls back into goroutine code pays)
# Each variant runs RUNS processes, taking turns (run 1 of each, then run 2, ...); the table has
# the median time of the loop and the agent's cost per class over plain's median, in µs. Cold
# processes on purpose: that is how an application meets its classes (the agent's own code is
# mostly interpreted at first).
#
# Usage, from anywhere:  bench/run-classload.sh        (about 1 minute on a quiet 2-core machine)
# Environment: JAR (Guava 33.4.8 from ~/.m2, fetched with mvn dependency:get when missing),
#              AWARE (com.google), RUNS (5), JDKS ("25 17"), JAVA17, JAVA25, BUILD (auto|always|never),
#              OUT (bench/RESULTS.md)
# Writes its table into OUT between the markers <!-- classload: bench/run-classload.sh --> and
# <!-- /classload -->, and every line to bench/results/classload-<time>.log (not committed).
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
GUAVA=com.google.guava:guava:33.4.8-jre
JAR=${JAR:-$HOME/.m2/repository/com/google/guava/guava/33.4.8-jre/guava-33.4.8-jre.jar}
AWARE=${AWARE:-com.google}
RUNS=${RUNS:-5}
JDKS=${JDKS:-25 17}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
BUILD=${BUILD:-auto}
OUT=${OUT:-$root/bench/RESULTS.md}
agent_built="$root/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
bench_built="$root/bench/target/benchmarks.jar"

if [ ! -e "$JAR" ] && [ "$JAR" = "$HOME/.m2/repository/com/google/guava/guava/33.4.8-jre/guava-33.4.8-jre.jar" ]; then
  mvn -B -ntp -q dependency:get -Dartifact=$GUAVA >/dev/null || { echo "cannot fetch $GUAVA (JAR=... names another jar)" >&2; exit 2; }
fi
[ -e "$JAR" ] || { echo "missing: $JAR" >&2; exit 2; }
for v in $JDKS; do
  case $v in
    25) [ -x "$JAVA25/bin/java" ] || { echo "missing: $JAVA25/bin/java (JAVA25=...)" >&2; exit 2; } ;;
    17) [ -x "$JAVA17/bin/java" ] || { echo "missing: $JAVA17/bin/java (JAVA17=...)" >&2; exit 2; } ;;
    *) echo "JDKS: 25 and/or 17, not $v" >&2; exit 2 ;;
  esac
done
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -e "$agent_built" ] || [ ! -e "$bench_built" ]; }; }; then
  echo "# building: mvn -B -ntp -q -pl runtime,agent,bench -am -DskipTests install (offline first)"
  (cd "$root" && { mvn -B -ntp -o -q -pl runtime,agent,bench -am -DskipTests install \
    || mvn -B -ntp -q -pl runtime,agent,bench -am -DskipTests install; }) || exit 1
fi
mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)
start_time=$(date -u '+%Y-%m-%d %H:%M')
log="$root/bench/results/classload-$stamp.log"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$agent_built" "$work/agent.jar"
cp "$bench_built" "$work/bench.jar"
say() { echo "$@" | tee -a "$log"; }
java_of() { if [ "$1" = 25 ]; then echo "$JAVA25/bin/java"; else echo "$JAVA17/bin/java"; fi; }
median() { sort -n | awk '{v[NR] = $1} END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
VARIANTS=(plain agent cold aware)
declare -A MS CLASSES
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# the agent's scan cache: the run's own, filled by one process before anything is measured, as an
# application's is by its first run (the variant cold reads the jar every time: scancache=off)
"$(java_of "${JDKS%% *}")" "-javaagent:$work/agent.jar=scancache=$work/scan-cache" -cp "$work/bench.jar" \
  io.gpm4j.bench.LoadJar "$JAR" link >/dev/null 2>>"$log"
say "# the scan cache holds $(cat "$work"/scan-cache/*.txt 2>/dev/null | wc -l) verdicts"
for v in $JDKS; do
  java=$(java_of "$v")
  for ((run = 1; run <= RUNS; run++)); do
    for variant in "${VARIANTS[@]}"; do
      case $variant in
        plain) opts=() ;;
        agent) opts=("-javaagent:$work/agent.jar=scancache=$work/scan-cache") ;;
        cold) opts=("-javaagent:$work/agent.jar=scancache=off") ;;
        aware) opts=("-javaagent:$work/agent.jar=aware=$AWARE,scancache=$work/scan-cache") ;;
      esac
      line=$("$java" "${opts[@]}" -cp "$work/bench.jar" io.gpm4j.bench.LoadJar "$JAR" link 2>>"$log" | grep '^RESULT')
      say "jdk$v $variant run $run: ${line:-failed}"
      ms=$(echo "$line" | sed -n 's/.* ms=\([0-9.]*\).*/\1/p')
      [ -n "$ms" ] && MS["$v $variant"]="${MS["$v $variant"]:-} $ms"
      CLASSES[$v]=$(echo "$line" | sed -n 's/.* classes=\([0-9]*\).*/\1/p')
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

table="$work/table.md"
{
  echo "<!-- classload: bench/run-classload.sh -->"
  echo "## What the agent costs per class loaded (issue 13)"
  echo
  echo "Written by \`bench/run-classload.sh\` (\`RUNS=$RUNS AWARE=$AWARE\`), $start_time UTC, code"
  echo "\`$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo '+changes')\`,"
  echo "$(nproc) CPUs, load average before $load_before, after $load_after."
  echo "Jar: \`$(basename "$JAR")\`; every class loaded once in a fresh process, linked and verified"
  echo "(\`io.gpm4j.bench.LoadJar <jar> link\`); median of $RUNS processes per variant, taking turns."
  echo
  echo "| JDK | classes | plain | agent (library judged like the JDK) | µs per class | agent, scan cache off | µs per class | aware=$AWARE (judged as own code) | µs per class |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for v in $JDKS; do
    p=$(echo ${MS["$v plain"]:-} | tr ' ' '\n' | median)
    a=$(echo ${MS["$v agent"]:-} | tr ' ' '\n' | median)
    c=$(echo ${MS["$v cold"]:-} | tr ' ' '\n' | median)
    w=$(echo ${MS["$v aware"]:-} | tr ' ' '\n' | median)
    n=${CLASSES[$v]:-0}
    per() { [ -n "$1" ] && [ -n "$p" ] && [ "$n" -gt 0 ] && awk -v a="$1" -v b="$p" -v n="$n" 'BEGIN{ printf "+%.0f", (a - b) * 1000 / n }'; }
    echo "| $v | $n | ${p:-failed} ms | ${a:-failed} ms | $(per "$a") | ${c:-failed} ms | $(per "$c") | ${w:-failed} ms | $(per "$w") |"
  done
  echo
  echo "µs per class: (the variant's median − plain's) / classes. \`agent\`: the agent finds the jar's"
  echo "verdict in its scan cache (the run's own, filled by one process first, as by an application's first"
  echo "run; \`scan cache off\`: it reads the jar once to learn that no class of it mentions gpm4j), then decides each class from its bytes (parsed"
  echo "only when it makes lambdas, for their targets) and rewrites none. \`aware\`: every class is"
  echo "analysed as the application's own code would be and those that may suspend are rewritten and"
  echo "verified. Every line: \`bench/results/$(basename "$log")\` (not committed)."
  echo "<!-- /classload -->"
} >"$table"
cat "$table" | tee -a "$log"
"$root/bench/report-region.py" "$OUT" "$table" || exit 1
echo "# written: $OUT"
