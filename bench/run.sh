#!/usr/bin/env bash
# Load benchmark of a running gateway (start one with ./run.sh first). Needs wrk (apt-get install wrk).
#
#   bench/run.sh [URL] [SECONDS] [CONNECTIONS]
#
# Logs in as Clara, then measures two paths with wrk, one after the other:
#   read     — the whole path: registry, cached session, body, params, event bus, SQL, view
#   gateway  — everything in the gateway up to param validation (missing _id): no event bus, no SQL
set -euo pipefail
url=${1:-http://127.0.0.1:8080}
seconds=${2:-20}
connections=${3:-32}
here=$(cd "$(dirname "$0")" && pwd)

login=$(printf '{"email":"clara.client@demo.test","password":"demo-pass-2026","remember_me":true}' | base64 -w0)
TOKEN=$(curl -sf "$url/api/v1/users/login" -H 'Content-Type: application/json' -d "$login" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
export TOKEN

echo "== read: POST /api/v1/appointments/read, default view (${seconds}s, ${connections} connections)"
BODY='{"_id":"a0000000-0000-4000-8000-000000000001"}' \
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/read.lua" "$url/api/v1/appointments/read"

echo
echo "== gateway: the same route answering missing-param (${seconds}s, ${connections} connections)"
BODY='{"view":"default"}' \
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/read.lua" "$url/api/v1/appointments/read"
