#!/usr/bin/env bash
# Seeds each fuzz target's corpus with the real files of its format, read in
# place from ../shared (they are test inputs, not part of the project).
set -euo pipefail
cd "$(dirname "$0")"
shared=../../shared
mkdir -p corpus/import_frab corpus/import_c3voc corpus/import_ical corpus/import_page corpus/import_programme
cp "$shared"/schedules/frab-xml/*.xml corpus/import_frab/
cp "$shared"/schedules/c3voc-json/*.json corpus/import_c3voc/
cp "$shared"/schedules/ical/*.ics corpus/import_ical/
cp "$shared"/seeds/*.md corpus/import_page/
cp ../data/programme.json corpus/import_programme/
