#!/usr/bin/env bash
# Whole-process import of FOSDEM 2026: Marquee (release) against Python's
# ElementTree, timed by hyperfine; prints both and the ratio.
set -euo pipefail
cd "$(dirname "$0")/../../.."
file=../shared/schedules/frab-xml/fosdem-2026-schedule.xml
cargo build -q --release -p marquee-core --example import_file
json=$(mktemp)
hyperfine --style basic --warmup 3 --min-runs 20 --export-json "$json" \
  -n marquee "target/release/examples/import_file $file" \
  -n python-elementtree "python3 crates/marquee-core/benches/import_elementtree.py $file"
python3 - "$json" <<'PY'
import json, sys
results = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
rust, python = results["marquee"], results["python-elementtree"]
print(f"whole process, FOSDEM 2026: marquee {rust*1000:.1f} ms, python elementtree {python*1000:.1f} ms, ratio {python/rust:.1f}x")
PY
rm -f "$json"
