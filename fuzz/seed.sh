#!/usr/bin/env bash
# Seeds each fuzz target's corpus with the real files of its format, read in
# place from ../shared (they are test inputs, not part of the project), and
# with the core's fixtures of the quirks real exports have.
set -euo pipefail
cd "$(dirname "$0")"
shared=../../shared
mkdir -p corpus/import_frab corpus/import_c3voc corpus/import_ical corpus/import_page corpus/import_programme
cp "$shared"/schedules/frab-xml/*.xml corpus/import_frab/
cp "$shared"/schedules/c3voc-json/*.json corpus/import_c3voc/
cp "$shared"/schedules/ical/*.ics corpus/import_ical/
cp "$shared"/seeds/*.md corpus/import_page/
cp ../data/programme.json corpus/import_programme/
fixtures=../crates/marquee-core/tests/fixtures
cp "$fixtures"/*.xml corpus/import_frab/
cp "$fixtures"/*.ics corpus/import_ical/
cp "$fixtures"/*.json corpus/import_programme/
