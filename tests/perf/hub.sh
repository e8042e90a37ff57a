#!/usr/bin/env bash
# The hub under load, on loopback, against a release `marquee serve`:
#   - conditional GET /api/programme answered 304, by wrk (10 s, 64
#     connections), side by side with a real nginx serving the same file
#     with its own ETag, in the same run
#   - a PUT of 38C3 (1,007 sessions) acknowledged, and STREAMS open event
#     streams (10,000 by default) told of it (benches/fanout.rs), with the
#     hub's memory
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MARQUEE_BIN:-target/release/marquee}
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release -p marquee -p marquee-server" >&2; exit 1; }
# Each stream is a file in the hub and one in the client: as a system
# service's LimitNOFILE=65536 allows (root may raise its hard limit).
ulimit -Hn 65536 2>/dev/null || true
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
"$bin" serve data/programme.json --bind "127.0.0.1:$port" --data "$work/hub" > "$work/hub.log" 2>&1 &
hub=$!
nginx_pid=
trap 'kill $hub $nginx_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.1; done
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"
etag=$(curl -sI "http://127.0.0.1:$port/api/programme" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
echo "wrk: conditional GET /api/programme ($etag), 2 threads, 64 connections, 10 s"
wrk -t2 -c64 -d10s -H "If-None-Match: $etag" "http://127.0.0.1:$port/api/programme" | grep -E "Requests/sec|Latency|requests in"
# The same file from nginx, with nginx's own ETag, one worker per core.
nginx_port=$((port + 1))
mkdir -p "$work/nginx/logs" "$work/nginx/site/api"
# nginx's workers run as another user, who must read the file.
chmod 755 "$work" "$work/nginx" "$work/nginx/site" "$work/nginx/site/api"
curl -s "http://127.0.0.1:$port/api/programme" > "$work/nginx/site/api/programme"
chmod 644 "$work/nginx/site/api/programme"
cat > "$work/nginx/nginx.conf" <<CONF
daemon off; worker_processes auto; pid $work/nginx/nginx.pid; error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http { access_log off; etag on; client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  server { listen 127.0.0.1:$nginx_port; root $work/nginx/site; default_type application/json; } }
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/api/programme" > /dev/null && break; sleep 0.1; done
nginx_etag=$(curl -sI "http://127.0.0.1:$nginx_port/api/programme" | tr -d '\r' | awk -F': ' 'tolower($1) == "etag" {print $2}')
[ -n "$nginx_etag" ] || { echo "nginx gave no ETag: see $work/nginx/logs/error.log" >&2; exit 1; }
echo "wrk: nginx, the same file with its ETag ($nginx_etag), the same load"
wrk -t2 -c64 -d10s -H "If-None-Match: $nginx_etag" "http://127.0.0.1:$nginx_port/api/programme" | grep -E "Requests/sec|Latency|requests in"
kill $nginx_pid; nginx_pid=
"$bin" import ../shared/schedules/frab-xml/38c3-schedule.xml -o "$work/38c3.json" 2> /dev/null
MARQUEE_HUB="http://127.0.0.1:$port" MARQUEE_HUB_PID=$hub MARQUEE_TOKEN=$(cat "$work/hub/organiser-token") \
  MARQUEE_BODY="$work/38c3.json" STREAMS=${STREAMS:-10000} \
  cargo bench -q -p marquee-server --bench fanout
