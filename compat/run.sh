#!/usr/bin/env bash
# Runs widely used libraries' own published test suites (Maven Central "tests" jars) three ways and
# compares them: plain (no agent), under the agent's main mode (the whole suite inside goroutine 1),
# and main mode with chaos preemption. Prints a markdown table (also written to
# compat/target/table.md). Not part of .ci/run: a full pass takes several minutes.
#
#   compat/run.sh NAME|all       NAME: collections4, io, text, pool2, lang3, codec, compress
#
# Build the agent first: mvn -o -q package -pl agent -am -DskipTests
# Environment: AGENT (the agent jar; default: agent/target's), JAVA (default: java on PATH), CHAOS (default: chaos=50,chaosseed=1),
# AWARE (default: org.apache.commons,org.junit). The libraries and their tests never mention gpm4j, so
# inference alone would leave them as they are (judged as the JDK is); aware= has them rewritten, which
# is what these runs are for: every library and test call through rewritten frames.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target="$here/target"
java="${JAVA:-java}"
chaos="${CHAOS:-chaos=50,chaosseed=1}"
aware="${AWARE:-org.apache.commons,org.junit}"
console_version=1.10.2

# name -> groupId:artifactId:version (each publishes a -tests.jar on Maven Central)
declare -A libs=(
  [collections4]=org.apache.commons:commons-collections4:4.4
  [io]=commons-io:commons-io:2.15.1
  [text]=org.apache.commons:commons-text:1.11.0
  [pool2]=org.apache.commons:commons-pool2:2.12.0
  [lang3]=org.apache.commons:commons-lang3:3.17.0
  [codec]=commons-codec:commons-codec:1.17.1
  [compress]=org.apache.commons:commons-compress:1.27.1
)
order=(collections4 io text pool2 lang3 codec compress)

# test classes left out, a regular expression per library (JUnit's --exclude-classname), each for
# a stated reason: pool2's TestSoftRefOutOfMemory fills the heap on purpose until soft references
# clear; in one JVM with the whole suite the OutOfMemoryError lands in the launcher's own thread,
# which dies while the pools' evictor threads keep the JVM up, plain as under the agent
declare -A excludes=(
  [pool2]='.*TestSoftRefOutOfMemory'
)
# JVM options a library's own build gives its tests (its pom's surefire argLine), a line per library
# (commons-lang3's tests reach into java.lang, java.lang.reflect and java.util by reflection, and one
# that fails half-way leaves ToStringStyle's registry filled, failing every later test). Left
# out: commons-io's -Xmx25M, with which its suite, run as here, fails plain (an OutOfMemoryError in
# IOUtilsTest#testWriteBigString) and then hangs. Added: a 12 GiB heap for commons-codec, whose
# Base64Test#testCodec265 encodes 1 GiB when it estimates 5.3 GiB free and then wants a 2 GiB array
# in one piece; in this machine's default heap (6 GiB, G1) that failed with OutOfMemoryError, alone
# and plain in three runs of three (G1 could not place it among the earlier humongous arrays), and
# the error ends the whole suite
declare -A jvmargs=(
  [codec]='-Xmx12g'
  [pool2]='--add-opens java.base/java.lang=ALL-UNNAMED'
  [compress]='--add-opens java.base/java.io=ALL-UNNAMED'
  [lang3]='--add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED'
)
# a suite still running after this many seconds is killed; its row says so
timeout_s="${TIMEOUT:-1800}"

agent_jar() {
  [[ -n "${AGENT:-}" ]] && { echo "$AGENT"; return; }
  local jar
  jar="$(ls "$root"/agent/target/gpm4j-agent-*.jar 2>/dev/null | grep -v -e sources -e original | head -1 || true)"
  [[ -n "$jar" ]] || { echo "no agent jar: run 'mvn -o -q package -pl agent -am -DskipTests' first" >&2; exit 1; }
  echo "$jar"
}

mvnq() { mvn -B -ntp -q "$@"; }

# Downloads the library, its tests jar, its test classpath and the console launcher (once).
fetch() {
  local name=$1 gav=${libs[$1]} dir="$target/$1"
  [[ -f "$dir/.fetched" ]] && return
  local g a v
  IFS=: read -r g a v <<<"$gav"
  mkdir -p "$dir/lib"
  mvnq -f "$here/pom.xml" dependency:copy -Dartifact="$gav" -DoutputDirectory="$dir/lib"
  mvnq -f "$here/pom.xml" dependency:copy -Dartifact="$g:$a:$v:jar:tests" -DoutputDirectory="$dir/lib"
  mvnq -f "$here/pom.xml" dependency:copy -Dartifact="$gav:pom" -DoutputDirectory="$dir"
  # the library's own pom, as a project, gives its test classpath; JUnit's platform and Jupiter
  # come from the console launcher instead (one version of each on the class path), and the
  # library itself from above only (commons-lang3's test classpath holds commons-text, which
  # brings an older commons-lang3 that would come first on the class path)
  mv "$dir/$a-$v.pom" "$dir/pom.xml"
  mvnq -f "$dir/pom.xml" dependency:copy-dependencies -DincludeScope=test -DoutputDirectory="$dir/lib" \
    -DexcludeArtifactIds="$a" \
    -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.junit.vintage,org.opentest4j,org.apiguardian
  mvnq -f "$here/pom.xml" dependency:copy \
    -Dartifact="org.junit.platform:junit-platform-console-standalone:$console_version" -DoutputDirectory="$target"
  touch "$dir/.fetched"
}

# Unpacks the library's tests jar into target/NAME/test-classes (once): many tests turn a resource's
# URL into a File (commons-compress: 623 "URI is not hierarchical" from a jar) or read it at the
# path a Maven build has, relative to the working directory (target/test-classes,
# src/test/resources), which run gives each mode.
unpack() {
  local dir="$target/$1"
  [[ -f "$dir/test-classes/.unpacked" ]] && return
  rm -rf "$dir/test-classes"; mkdir -p "$dir/test-classes"
  python3 -m zipfile -e "$(ls "$dir"/lib/*-tests.jar)" "$dir/test-classes"
  touch "$dir/test-classes/.unpacked"
}

# run NAME MODE: runs the suite, leaves the XML reports in target/NAME/MODE (and the failing tests'
# names in failing.txt there) and prints "tests failures errors skipped seconds"
run() {
  local name=$1 mode=$2 dir="$target/$1" a
  local out="$dir/$mode" cp tests agent=()
  rm -rf "$out"; mkdir -p "$out"
  # the tests jar unpacked (unpack), on the class path in its place
  tests="$dir/test-classes"
  cp="$tests:$(ls "$dir"/lib/*.jar | grep -v -e '-tests\.jar$' | tr '\n' ':')$target/junit-platform-console-standalone-$console_version.jar"
  case "$mode" in
    plain) ;;
    main) agent=("-javaagent:$(agent_jar)=main,aware=$aware") ;;
    chaos) agent=("-javaagent:$(agent_jar)=main,aware=$aware,$chaos") ;;
  esac
  local start end
  start=$(date +%s.%N)
  # the suite's own failures are data here, not an error of this script
  # each mode in a fresh working directory: suites create files relative to it (commons-io's
  # FilesUncheckTest needs a ./target that an earlier test makes), so a shared one lets a mode
  # see what the mode before it left
  mkdir -p "$out/work/target" "$out/work/src/test"
  ln -s "$tests" "$out/work/target/test-classes"
  ln -s "$tests" "$out/work/src/test/resources"
  local exclude=() opts=()
  [[ -n "${excludes[$name]:-}" ]] && exclude=(--exclude-classname "${excludes[$name]}")
  [[ -n "${jvmargs[$name]:-}" ]] && read -r -a opts <<<"${jvmargs[$name]}"
  local rc=0
  (cd "$out/work" && timeout -k 10 "$timeout_s" "$java" "${opts[@]}" "${agent[@]}" -cp "$cp" org.junit.platform.console.ConsoleLauncher \
      --disable-banner --details=none --disable-ansi-colors --fail-if-no-tests \
      --scan-classpath "$tests" "${exclude[@]}" --reports-dir "$out" >"$out/console.txt" 2>&1) || rc=$?
  end=$(date +%s.%N)
  # legacy XML: one file per engine; failures and errors counted apart, as Surefire does
  python3 - "$out" "$start" "$end" "$rc" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
out, start, end, rc = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
t = f = e = s = 0
failing = set()
for path in glob.glob(out + "/*.xml"):
    root = ET.parse(path).getroot()
    for suite in root.iter("testsuite"):
        t += int(suite.get("tests", 0)); f += int(suite.get("failures", 0))
        e += int(suite.get("errors", 0)); s += int(suite.get("skipped", 0))
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failing.add(case.get("classname", "") + "#" + case.get("name", ""))
open(out + "/failing.txt", "w").write("".join(n + "\n" for n in sorted(failing)))
# killed by timeout (124, or 137 after -k): the launcher wrote no reports, so the counts are not
# the suite's; say so in the wall time column
print(t, f, e, s, round(end - start, 1), "(timed out: no report)" if rc in (124, 137) else "")
PY
}

main() {
  [[ $# -eq 1 ]] || { echo "usage: $0 NAME|all   (NAME: ${order[*]})" >&2; exit 2; }
  local names=()
  if [[ "$1" == all ]]; then names=("${order[@]}"); else [[ -n "${libs[$1]:-}" ]] || { echo "unknown: $1" >&2; exit 2; }; names=("$1"); fi
  agent_jar >/dev/null
  mkdir -p "$target"
  local table="$target/table.md"
  {
    echo "| library | mode | tests | failures | errors | skipped | failing, not failing plain | wall time (s) |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|"
  } >"$table"
  for n in "${names[@]}"; do
    fetch "$n"
    unpack "$n"
    for mode in plain main chaos; do
      read -r t f e s w < <(run "$n" "$mode")
      local label=$mode new
      [[ $mode == chaos ]] && label="main, $chaos"
      # the failing tests' names, not only their number: a test failing here that passes plain
      new=$(comm -13 "$target/$n/plain/failing.txt" "$target/$n/$mode/failing.txt" | wc -l)
      comm -13 "$target/$n/plain/failing.txt" "$target/$n/$mode/failing.txt" >"$target/$n/$mode/new-failures.txt"
      echo "| ${libs[$n]} | $label | $t | $f | $e | $s | $new | $w |" >>"$table"
      echo "$n $label: tests=$t failures=$f errors=$e skipped=$s new=$new time(s)=$w" >&2
    done
  done
  echo "" >>"$table"
  echo "java: $("$java" -version 2>&1 | head -1); $(nproc) cores" >>"$table"
  cat "$table"
}

main "$@"
