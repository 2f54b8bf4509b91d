#!/usr/bin/env bash
# Starts the whole system in one JVM (docs/API.md section 9): an embedded PostgreSQL with the demo data
# unless PG_URL is set, the gateway on http://127.0.0.1:8080, and the users and appointments services.
# Builds first when the jar is missing or older than the sources. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

jar=app/target/eventgate-all-in-one.jar
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find pom.xml conf common gateway appointments-service app -type f -newer "$jar" \
          -not -path '*/target/*' -print -quit)" ]
}
if stale; then
  echo "Building eventgate (first run, or the sources changed)..."
  mvn -B -q -DskipTests package
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
