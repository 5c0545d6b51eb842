#!/usr/bin/env bash
# Runs the jcstress tests of stress/ (build first: mvn -B -ntp -DskipTests package -pl runtime,stress -am)
# and exits non-zero when a test has a FORBIDDEN outcome (failed), did not finish or crashed
# (error: a lost wake-up hangs a test until jcstress times it out), or when nothing ran.
#
#   stress/run.sh [quick|sanity|default|tough] [more jcstress options, e.g. -t ChanStress]
#
#   quick    (the default; what CI runs) one JVM configuration, actors compiled together,
#            200 ms per test and scheduling class: every test gets some 10^5 samples. ~70 s on 2 cores.
#   sanity   jcstress's own "sanity": every JVM configuration and compilation mode, one sample each.
#   default  jcstress's default mode: every configuration, 5 x 1 s each. Tens of minutes.
#   tough    jcstress's "tough": 10 forks x 10 iterations. Hours; not for CI.
#
# The report (text summary on stdout, HTML and per-test logs) goes to stress/target/jcstress-results/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/jcstress.jar"
mode=${1:-quick}
[ $# -gt 0 ] && shift

if [ ! -f "$jar" ]; then
    echo "run.sh: $jar is missing; build it: mvn -B -ntp -DskipTests package -pl runtime,stress -am" >&2
    exit 2
fi

case "$mode" in
    quick)   opts=(-jvmArgs "-Xmx256m" -sc false -time 200 -iters 1 -f 1) ;;
    sanity|default|tough) opts=(-m "$mode") ;;
    *) echo "run.sh: unknown mode '$mode' (quick, sanity, default, tough)" >&2; exit 2 ;;
esac

out="$here/target/jcstress-results"
rm -rf "$out"
mkdir -p "$out"
log="$out/console.log"
# jcstress writes its binary result file into the working directory
cd "$out"
start=$(date +%s)
status=0
java -jar "$jar" "${opts[@]}" -r "$out" "$@" 2>&1 | tee "$log" || status=$?
echo "run.sh: jcstress mode '$mode' took $(( $(date +%s) - start )) s"

# The text summary (TextReportPrinter) has one line per verdict: "Failed tests: No matches." when clean.
fail=0
if [ "$status" -ne 0 ]; then
    echo "run.sh: FAIL: jcstress exited with status $status" >&2
    fail=1
fi
for verdict in "Failed tests" "Error tests"; do
    if ! grep -q "^  $verdict: No matches\.$" "$log"; then
        echo "run.sh: FAIL: '$verdict' is not empty (FORBIDDEN outcome, timeout or crash); see above and $out/index.html" >&2
        fail=1
    fi
done
if ! grep -Eq "^  All remaining tests: [0-9]+ matching" "$log"; then
    echo "run.sh: FAIL: no test passed (none selected or run?)" >&2
    fail=1
fi
[ "$fail" -eq 0 ] && echo "run.sh: OK: no FORBIDDEN outcome, no error"
exit "$fail"
