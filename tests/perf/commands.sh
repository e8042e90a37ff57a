#!/usr/bin/env bash
# The commands users type, timed as whole processes by hyperfine (release
# build): `marquee --version`, and `marquee import` of FOSDEM 2026 against
# Python's ElementTree doing the same extraction, side by side; prints the
# ratio and each command's peak memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${MARQUEE_BIN:-target/release/marquee}
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release -p marquee" >&2; exit 1; }
file=../shared/schedules/frab-xml/fosdem-2026-schedule.xml
python=crates/marquee-core/benches/import_elementtree.py
json=$(mktemp)
trap 'rm -f "$json"' EXIT
hyperfine --style basic --warmup 3 --min-runs 30 --export-json "$json" \
  -n version "$bin --version" \
  -n marquee-import "$bin import $file --format frab-xml" \
  -n python-elementtree "python3 $python $file" --output=null
python3 - "$json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
def ms(name, key="median"):
    return results[name][key] * 1000
print(f"marquee --version: median {ms('version'):.1f} ms")
rust, python = ms("marquee-import"), ms("python-elementtree")
print(f"whole process, FOSDEM 2026: marquee import median {rust:.1f} ms, "
      f"python elementtree median {python:.1f} ms, ratio {python/rust:.1f}x")
PY
for command in "$bin --version" "$bin import $file --format frab-xml" "python3 $python $file"; do
  peak=$( { /usr/bin/time -f %M $command > /dev/null; } 2>&1 | tail -1)
  echo "peak RSS of '$command': $((peak / 1024)) MB"
done
