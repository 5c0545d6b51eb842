#!/usr/bin/env bash
# What attaching the agent costs a Spring Boot application that does not use goroutines (issue
# 13): bench/springboot, Spring MVC on embedded Tomcat answering GET /, packaged as Spring Boot's
# executable jar (its 35 libraries nested in BOOT-INF/lib, read through the outer jar by the
# agent's code-source scan). On each JDK (25, then 17), taking turns, STARTS processes of each:
#   plain       no agent
#   agent       -javaagent:gpm4j-agent.jar (this checkout's build), its scan cache the run's own
#               directory, filled by one start per JDK before anything is measured
#   cold        the same with scancache=off: every library read, as on an application's first run
#   base        -javaagent:$BASE_AGENT, when BASE_AGENT names another build of the agent jar (to
#               compare two versions of the agent on the same machine in the same minutes)
# Start-up is Spring's own figure, "Started ... (process running for S)": the JVM's uptime when
# the application context is up and Tomcat listens (--server.port=0). The table gives the median
# and range per variant and, from one more process per agent variant under the agent's `verbose`
# option, how many classes the agent rewrote.
#
# Usage, from anywhere:  bench/run-springboot.sh                (about 3 minutes on 2 cores)
#                        BASE_AGENT=/tmp/old-agent.jar bench/run-springboot.sh
# Environment: STARTS (5), JDKS ("25 17"), JAVA17, JAVA25, JAVA_OPTS (-Xms512m -Xmx512m),
#              START_TIMEOUT (120 s), BASE_AGENT (none), BUILD (auto|always|never), OUT (bench/RESULTS.md)
# Builds what is missing (BUILD=auto): the agent with the root pom, the application with its own
# pom (bench/springboot/pom.xml, Spring Boot's parent: it needs Maven Central the first time).
# Writes its table into OUT between <!-- springboot: bench/run-springboot.sh --> and
# <!-- /springboot --> (bench/report-region.py), every line to bench/results/springboot-<time>.log.
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
STARTS=${STARTS:-5}
JDKS=${JDKS:-25 17}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
START_TIMEOUT=${START_TIMEOUT:-120}
BASE_AGENT=${BASE_AGENT:-}
BUILD=${BUILD:-auto}
OUT=${OUT:-$root/bench/RESULTS.md}
agent_built="$root/agent/target/gpm4j-agent-0.1.0-SNAPSHOT.jar"
app_built="$root/bench/springboot/target/springboot-hello.jar"

mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)
log="$root/bench/results/springboot-$stamp.log"
say() { echo "$*" | tee -a "$log"; }

if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && [ ! -f "$agent_built" ]; }; then
  (cd "$root" && mvn -B -ntp -q -DskipTests -pl agent -am install) || { say "cannot build the agent"; exit 1; }
fi
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && [ ! -f "$app_built" ]; }; then
  mvn -B -ntp -q -f "$root/bench/springboot/pom.xml" -DskipTests package \
    || { say "cannot build bench/springboot (it needs Maven Central for Spring Boot)"; exit 1; }
fi
[ -n "$BASE_AGENT" ] && [ ! -f "$BASE_AGENT" ] && { say "BASE_AGENT=$BASE_AGENT: no such file"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$agent_built" "$work/agent.jar"
cp "$app_built" "$work/app.jar"
[ -n "$BASE_AGENT" ] && cp "$BASE_AGENT" "$work/base.jar"
variants="plain agent cold"
[ -n "$BASE_AGENT" ] && variants="$variants base"

# start JAVA VARIANT [OPTIONS]: prints Spring's "process running for" seconds (or FAIL), and with
# OPTIONS=verbose the number of "gpm4j: rewrote" lines after it
start() {
  local java=$1 variant=$2 options=${3:-} agent="" out
  case $variant in
    agent) agent="-javaagent:$work/agent.jar=scancache=$work/scan-cache${options:+,$options}" ;;
    cold) agent="-javaagent:$work/agent.jar=scancache=off${options:+,$options}" ;;
    base) agent="-javaagent:$work/base.jar${options:+=$options}" ;;
  esac
  out="$work/out-$variant.txt"
  # shellcheck disable=SC2086
  "$java/bin/java" $JAVA_OPTS $agent -jar "$work/app.jar" --server.port=0 > "$out" 2>&1 &
  local pid=$! waited=0
  until grep -q "Started SpringBootHello" "$out"; do
    if ! kill -0 $pid 2>/dev/null || [ $waited -ge $((START_TIMEOUT * 20)) ]; then
      kill $pid 2>/dev/null; wait $pid 2>/dev/null; cat "$out" >> "$log"; echo FAIL; return
    fi
    sleep 0.05; waited=$((waited + 1))
  done
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
  local s
  s=$(grep -o "process running for [0-9.]*" "$out" | awk '{print $4}')
  if [ -n "$options" ]; then
    echo "$s $(grep -c 'gpm4j: rewrote' "$out")"
    grep 'gpm4j: rewrote' "$out" >> "$log"
  else
    echo "$s"
  fi
}

stats() { # the values on stdin -> "median (min to max)" in ms
  sort -n | awk '{v[NR]=$1*1000} END {if (NR==0) {print "n/a"; exit}
    m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%.0f (%.0f to %.0f)", m, v[1], v[NR]}'
}
median() { sort -n | awk '{v[NR]=$1*1000} END {if (NR==0) {print 0; exit} print (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}'; }

table="$work/table.md"
{
  echo "<!-- springboot: bench/run-springboot.sh -->"
  echo "## A Spring Boot application under the agent (issue 13)"
  echo
  echo "Written by \`bench/run-springboot.sh\` (\`STARTS=$STARTS\`), $(date -u '+%Y-%m-%d %H:%M') UTC, code"
  echo "\`$(cd "$root" && git rev-parse --short HEAD)\`$( [ -n "$BASE_AGENT" ] && echo ", base: \`$(basename "$BASE_AGENT")\`"),"
  echo "$(nproc) CPUs, load average before $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "\`bench/springboot\`: Spring Boot 4.0.7, Spring MVC on embedded Tomcat, an executable jar of"
  echo "$(unzip -l "$work/app.jar" | grep -c 'BOOT-INF/lib/.*\.jar') nested library jars; start-up is Spring's own \"process running for\" (ms), median (range) of"
  echo "$STARTS processes per variant, taking turns; rewritten: classes the agent rewrote (\`verbose\`)."
  echo
  echo "The agent's scan cache (option \`scancache\`) is the run's own, filled by one start before anything"
  echo "is measured, as an application's is by its first run; scan cache off: every library read at start-up."
  echo
  header="| JDK | plain | agent | agent − plain | agent, scan cache off | − plain | rewritten |"
  rule="| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  if [ -n "$BASE_AGENT" ]; then
    header="$header base | base − plain | rewritten (base) |"
    rule="$rule ---: | ---: | ---: |"
  fi
  echo "$header"
  echo "$rule"
} > "$table"

for jdk in $JDKS; do
  java=$JAVA25; [ "$jdk" = 17 ] && java=$JAVA17
  say "jdk$jdk agent, a first start to fill the scan cache: $(start "$java" agent) s"
  declare -A times=()
  for i in $(seq 1 "$STARTS"); do
    for v in $variants; do
      s=$(start "$java" "$v")
      say "jdk$jdk $v start $i: $s s"
      [ "$s" != FAIL ] && times[$v]="${times[$v]:-} $s"
    done
  done
  row="| $jdk | $(echo "${times[plain]:-}" | tr ' ' '\n' | grep . | stats) | $(echo "${times[agent]:-}" | tr ' ' '\n' | grep . | stats)"
  plain_m=$(echo "${times[plain]:-}" | tr ' ' '\n' | grep . | median)
  agent_m=$(echo "${times[agent]:-}" | tr ' ' '\n' | grep . | median)
  cold_m=$(echo "${times[cold]:-}" | tr ' ' '\n' | grep . | median)
  v=$(start "$java" agent verbose); say "jdk$jdk agent verbose: $v"
  row="$row | +$(awk -v a="$agent_m" -v p="$plain_m" 'BEGIN {printf "%.0f", a - p}')"
  row="$row | $(echo "${times[cold]:-}" | tr ' ' '\n' | grep . | stats) | +$(awk -v a="$cold_m" -v p="$plain_m" 'BEGIN {printf "%.0f", a - p}') | ${v#* } |"
  if [ -n "$BASE_AGENT" ]; then
    base_m=$(echo "${times[base]:-}" | tr ' ' '\n' | grep . | median)
    b=$(start "$java" base verbose); say "jdk$jdk base verbose: $b"
    row="$row $(echo "${times[base]:-}" | tr ' ' '\n' | grep . | stats) | +$(awk -v a="$base_m" -v p="$plain_m" 'BEGIN {printf "%.0f", a - p}') | ${b#* } |"
  fi
  echo "$row" >> "$table"
  unset times
done
echo "<!-- /springboot -->" >> "$table"
cat "$table" | tee -a "$log"
python3 "$root/bench/report-region.py" "$OUT" "$table"
say "# written: $OUT (log: $log)"
