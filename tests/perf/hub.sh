#!/usr/bin/env bash
# The hub under load, on loopback, against a release `marquee serve`:
#   - conditional GET /api/programme answered 304, by wrk (10 s, 64 connections)
#   - a PUT of 38C3 (1,007 sessions) acknowledged, and 1,000 open event
#     streams told of it (benches/fanout.rs), with the hub's memory
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MARQUEE_BIN:-target/release/marquee}
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release -p marquee" >&2; exit 1; }
ulimit -n 8192
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$bin" serve data/programme.json --bind "127.0.0.1:$port" --data "$work/hub" > "$work/hub.log" 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.1; done
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
etag=$(curl -sI "http://127.0.0.1:$port/api/programme" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
echo "wrk: conditional GET /api/programme ($etag), 2 threads, 64 connections, 10 s"
wrk -t2 -c64 -d10s -H "If-None-Match: $etag" "http://127.0.0.1:$port/api/programme" | grep -E "Requests/sec|Latency|requests in"
"$bin" import ../shared/schedules/frab-xml/38c3-schedule.xml -o "$work/38c3.json" 2> /dev/null
MARQUEE_HUB="http://127.0.0.1:$port" MARQUEE_HUB_PID=$hub MARQUEE_TOKEN=$(cat "$work/hub/organiser-token") \
  MARQUEE_BODY="$work/38c3.json" STREAMS=${STREAMS:-1000} \
  cargo bench -q -p marquee-server --bench fanout
