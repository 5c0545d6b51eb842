#!/usr/bin/env bash
# A/B comparison of one side-by-side program (io.gpm4j.bench.sidebyside.*) under the agent: each
# variant is a set of JVM options or another build, run in turn (process 1 of every variant, then
# process 2, ...) so that the machine's drift falls on all alike; prints every process's figure
# sorted and the median per variant. For a change too small for best-of-3 side-by-side runs to
# tell apart, on a noisy machine; the side-by-side harness stays the reference for figures.
#
# Usage:  bench/run-ab.sh CLASS RUNS VARIANT...
#   CLASS    a program of io.gpm4j.bench.sidebyside (GoschedPing, ChanPingPong, ChanBuffered, ...)
#   RUNS     processes per variant (6 to 8 to see a few-percent difference on 2 noisy CPUs)
#   VARIANT  JVM options, quoted as one word ("-Dgpm4j.lingerus=0"; "" for none), or
#            build=DIR: the agent and benchmarks jars of another checkout's build
#            (DIR/agent/target/gpm4j-agent-*.jar, DIR/bench/target/benchmarks.jar)
# Environment: ARGS (the program's arguments; default "-n 1000000 -rounds 5"), METRIC (the
#   RESULT field to read; default ns_per_op), JAVA (default Temurin 25), BUILD (auto|always|never)
# Example: bench/run-ab.sh ChanPingPong 8 "-Dgpm4j.lingerus=0" "-Dgpm4j.lingerus=5000"
set -u -o pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 3 ]; then
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
cls=$1
runs=$2
shift 2
case $runs in
    ''|*[!0-9]*) echo "run-ab.sh: RUNS must be a number, not '$runs'" >&2; exit 2 ;;
esac
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ARGS=${ARGS:--n 1000000 -rounds 5}
METRIC=${METRIC:-ns_per_op}
BUILD=${BUILD:-auto}

jars_of() { # DIR -> "agent.jar benchmarks.jar", or nothing
    local agent
    agent=$(ls "$1"/agent/target/gpm4j-agent-*.jar 2>/dev/null | grep -v original | head -1)
    [ -n "$agent" ] && [ -e "$1/bench/target/benchmarks.jar" ] && echo "$agent $1/bench/target/benchmarks.jar"
}
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && [ -z "$(jars_of "$root")" ]; }; then
    (cd "$root" && mvn -B -ntp -q install -DskipTests -pl runtime,agent,bench -am) || exit 1
fi
own=$(jars_of "$root")
[ -n "$own" ] || { echo "run-ab.sh: no agent or benchmarks jar under $root (BUILD=always builds them)" >&2; exit 1; }

# each variant's command prefix: java, options, -javaagent, -cp
declare -a prefix
for v in "$@"; do
    jars=$own
    opts=$v
    if [[ $v == build=* ]]; then
        jars=$(jars_of "${v#build=}")
        [ -n "$jars" ] || { echo "run-ab.sh: no built jars under ${v#build=}" >&2; exit 1; }
        opts=
    fi
    prefix+=("$JAVA -Xms2g -Xmx2g $opts -javaagent:${jars%% *} -cp ${jars#* }")
done

declare -a values
for ((r = 1; r <= runs; r++)); do
    for i in "${!prefix[@]}"; do
        # shellcheck disable=SC2086 # the prefix and ARGS are word lists on purpose
        line=$(${prefix[$i]} io.gpm4j.bench.sidebyside.$cls $ARGS 2>&1 | grep '^RESULT ')
        value=$(sed -n "s/.* $METRIC=\([0-9.]*\).*/\1/p" <<<"$line")
        if [ -z "$value" ]; then
            echo "run-ab.sh: process $r of variant $((i + 1)) gave no $METRIC: ${line:-no RESULT line}" >&2
            value=NaN
        fi
        values[$i]="${values[$i]:-} $value"
    done
done
i=0
for v in "${prefix[@]}"; do
    sorted=$(tr ' ' '\n' <<<"${values[$i]}" | grep -v '^$' | grep -v NaN | sort -g)
    median=$(awk '{a[NR] = $1} END {if (NR == 0) print "none"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}' <<<"$sorted")
    printf '%s\n  %s: %s  median %s\n' "$v" "$METRIC" "$(tr '\n' ' ' <<<"$sorted")" "$median"
    i=$((i + 1))
done
