#!/usr/bin/env bash
# The benchmark, in one command (docs/PERFORMANCE.md explains the method and the latest numbers):
#
#   bench/run.sh            # full run: 100,000 appointments, 5 rotated rounds, every variant (~20 min)
#   bench/run.sh --smoke    # about two minutes on small data: checks that every part ran and answers were right
#   bench/run.sh --help     # this text
#
# Options: --connections 16,64,256 (one table row set each) · --appointments N (clients = N/10) ·
#   --variants baseline,baseline-aa,tuned-baseline,pgbench,all-in-one,all-in-one-sampled,access-log-off,
#   metrics-off,traced,uncached,session-mix,clustered,clustered-tls · --rounds N · --seconds N (per round) ·
#   --warmup N (seconds per JVM, in two alternated passes) · --uncached-sessions N · --mix-sessions N
#   (default 20,000) · --pgbench-clients N (default 16) · --fixed-seconds N (per fixed rate; 0 skips them) ·
#   --aa (metrics off in the all-in-one JVMs)
#
# The rows: baseline (competent: a pool per verticle), baseline-aa (the same again: the noise floor),
# tuned-baseline (pipelined), pgbench (the read's SQL alone), all-in-one (THE SHIPPED DEFAULTS: access log
# and metrics on), its twin that samples itself (the features' costs are read from it), then one setting
# changed each, the all-in-one under other loads (uncached; session-mix, after the rounds, in turns with the
# all-in-one), and the cluster (clustered; clustered-tls, its event bus closed). Every round starts at a
# different row; CPU per request comes from /proc; a few answers a second are checked in full under load;
# fixed-rate latencies (25-90% of the baseline's maximum) follow.
#
# Builds the jars when a source is newer than them, installs wrk and pgbench when missing (Debian/Ubuntu),
# then runs the Java driver: an embedded PostgreSQL (or PG_URL), the data set, the servers side by side,
# and the loads against each in turn. The table goes to standard output and to bench/target/run/report.md
# (the latency plot to bench/target/run/fixed-rate-latency.svg); progress and process logs go to standard
# error and bench/target/run/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [[ " $* " == *" --help "* ]]; then
  sed -n '2,27p' "$0"
  exit 0
fi

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v pgbench >/dev/null 2>&1 || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[bench] installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

jar=bench/target/eventgate-bench.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src conf -newer "$jar" -type f -print -quit)" ]; then
  echo "[bench] building the jars (a first build downloads the dependencies: a few quiet minutes)" >&2
  mvn -B -q package -DskipTests >&2
fi

exec java -jar "$jar" --root "$root" "$@"
