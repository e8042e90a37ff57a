#!/usr/bin/env bash
# The kiosk's footprint, release build under Xvfb at 1920x1080 with a window
# manager, as a hallway screen runs it (WEBKIT_DISABLE_COMPOSITING_MODE=1):
#   - first scene painted after launch (the app logs it when the page says so),
#   - PSS of the app and its WebKit processes after SOAK_MINUTES of rotation,
#   - CPU on average while rotating, in % of one core,
#   - PSS over REPLAY_MINUTES of a day replayed at --clock-rate 60.
# Usage: tests/perf/kiosk_footprint.sh  (make bench runs it)
set -euo pipefail

BIN=${MARQUEE_BIN:-target/release/marquee}
SOAK_MINUTES=${SOAK_MINUTES:-10}
REPLAY_MINUTES=${REPLAY_MINUTES:-2}
LAUNCHES=${LAUNCHES:-5}
WORK=$(mktemp -d)
HZ=$(getconf CLK_TCK)

[ -x "$BIN" ] || { echo "$BIN is missing: cargo build --release -p marquee" >&2; exit 1; }

exec 3> "$WORK/display"
Xvfb -displayfd 3 -nolisten tcp -screen 0 1920x1080x24 2>/dev/null &
XVFB=$!
while [ ! -s "$WORK/display" ]; do sleep 0.1; done
export DISPLAY=":$(head -1 "$WORK/display")"
matchbox-window-manager -use_titlebar no 2>/dev/null &
WM=$!
export WEBKIT_DISABLE_COMPOSITING_MODE=1
APP=

tree() { # the app and every process below it
  local pids=$1 frontier=$1 next
  while [ -n "$frontier" ]; do
    next=
    for p in $frontier; do next="$next $(cat /proc/"$p"/task/*/children 2>/dev/null)"; done
    frontier=$(echo $next)
    pids="$pids $frontier"
  done
  echo $pids
}
pss_kb() { # PSS of the app's tree in kB
  local total=0
  for p in $(tree "$1"); do
    total=$((total + $(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup 2>/dev/null || echo 0)))
  done
  echo $total
}
cpu_ticks() { # user + system ticks of the app's tree
  local total=0
  for p in $(tree "$1"); do
    total=$((total + $(awk '{print $14 + $15}' /proc/"$p"/stat 2>/dev/null || echo 0)))
  done
  echo $total
}
stop_app() {
  if [ -n "$APP" ]; then
    for p in $(tree "$APP"); do kill -9 "$p" 2>/dev/null || true; done
    wait "$APP" 2>/dev/null || true
    APP=
  fi
}
cleanup() { stop_app; kill "$WM" "$XVFB" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_app() { # start_app LOG ARGS...
  local log=$1; shift
  "$BIN" kiosk "$@" > "$log" 2>&1 &
  APP=$!
}
wait_for_paint() { # prints the milliseconds the app logged
  local log=$1
  for _ in $(seq 1 200); do
    if grep -q "first scene painted" "$log"; then
      sed -n 's/.*first scene painted \([0-9]*\) ms.*/\1/p' "$log" | head -1
      return
    fi
    sleep 0.1
  done
  echo "the first scene was never painted; log:" >&2; cat "$log" >&2; exit 1
}
mb() { awk -v kb="$1" 'BEGIN {printf "%.0f", kb / 1024}'; }

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "Binary:  $BIN, WEBKIT_DISABLE_COMPOSITING_MODE=1, Xvfb 1920x1080"
echo

paints=()
for i in $(seq 1 "$LAUNCHES"); do
  start_app "$WORK/paint.log" --clock 10:42
  paints+=("$(wait_for_paint "$WORK/paint.log")")
  stop_app
done
sorted=$(printf '%s\n' "${paints[@]}" | sort -n | tr '\n' ' ')
echo "First scene painted (ms after launch, $LAUNCHES launches): $sorted"
echo "  median $(printf '%s\n' "${paints[@]}" | sort -n | sed -n "$(( (LAUNCHES + 1) / 2 ))p") ms (target: at most 1000)"

start_app "$WORK/soak.log" --clock 10:42
wait_for_paint "$WORK/soak.log" > /dev/null
sleep 60
pss_start=$(pss_kb "$APP")
ticks_start=$(cpu_ticks "$APP")
seconds=$(( (SOAK_MINUTES - 1) * 60 ))
sleep "$seconds"
ticks_end=$(cpu_ticks "$APP")
pss_end=$(pss_kb "$APP")
stop_app
cpu=$(awk -v t=$((ticks_end - ticks_start)) -v hz="$HZ" -v s="$seconds" 'BEGIN {printf "%.1f", 100 * t / hz / s}')
echo "Rotation for $SOAK_MINUTES min: PSS $(mb "$pss_start") MB after 1 min, $(mb "$pss_end") MB after $SOAK_MINUTES min (target: at most 250)"
echo "  CPU over the last $((SOAK_MINUTES - 1)) min: $cpu% of one core (target: at most 3%)"

start_app "$WORK/replay.log" --clock 09:00 --clock-rate 60
wait_for_paint "$WORK/replay.log" > /dev/null
samples=()
for _ in $(seq 1 $((REPLAY_MINUTES * 6))); do
  sleep 10
  samples+=("$(mb "$(pss_kb "$APP")")")
done
stop_app
echo "Replay of $((REPLAY_MINUTES)) hours at --clock-rate 60, PSS every 10 s (MB): ${samples[*]}"
first=${samples[0]}
last=${samples[-1]}
echo "  growth from the first sample to the last: $((last - first)) MB"
