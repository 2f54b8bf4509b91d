#!/usr/bin/env bash
# The benchmark, in one command (docs/PERFORMANCE.md explains the method and the latest numbers):
#
#   bench/run.sh            # full run: 100,000 appointments, 5 alternated rounds, every variant (~10 min)
#   bench/run.sh --smoke    # a few seconds on small data: checks that load ran and answers were right
#   bench/run.sh --help     # this text
#
# Options: --connections 16,64,256 (one table row set each) · --appointments N (clients = N/10) ·
#   --variants baseline,all-in-one,metrics-off,access-log,traced,uncached,clustered · --rounds N ·
#   --seconds N (per round) · --warmup N (seconds per JVM, in two alternated passes) · --uncached-sessions N ·
#   --aa (A/A run: metrics off in both all-in-one JVMs, to see how far two JVMs of one jar drift apart)
#
# Builds the jars when a source is newer than them, installs wrk when it is missing (Debian/Ubuntu), then
# runs the Java driver: an embedded PostgreSQL (or PG_URL), the data set, the baseline server and the
# gateway variants side by side, and wrk against each in turn. The table goes to standard output and to
# bench/target/run/report.md; progress and process logs go to standard error and bench/target/run/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [[ " $* " == *" --help "* ]]; then
  sed -n '2,16p' "$0"
  exit 0
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "[bench] installing wrk" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2
fi

jar=bench/target/eventgate-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src conf -newer "$jar" -type f -print -quit)" ]; then
  echo "[bench] building the jars (a first build downloads the dependencies: a few quiet minutes)" >&2
  mvn -B -q package -DskipTests >&2
fi

exec java -jar "$jar" --root "$root" "$@"
