//! Import speed on real schedules: FOSDEM 2026 (2.8 MB of frab XML) and the
//! others. Run with `make bench`, which also compares a whole import process
//! against Python's ElementTree.

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use marquee_core::{ImportOptions, import};

fn shared(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn imports(c: &mut Criterion) {
    let files = [
        (
            "fosdem-2026 (frab xml)",
            "schedules/frab-xml/fosdem-2026-schedule.xml",
        ),
        ("38c3 (frab xml)", "schedules/frab-xml/38c3-schedule.xml"),
        (
            "rc3 (c3voc json)",
            "schedules/c3voc-json/pretalx-rc3.schedule.json",
        ),
        (
            "pyconau (ical)",
            "schedules/ical/pyconau-2023-pretalx.tzfixed.ics",
        ),
    ];
    let options = ImportOptions::default();
    for (name, path) in files {
        let text = shared(path);
        c.bench_function(&format!("import {name}"), |b| {
            // Freeing the result is not part of importing.
            b.iter_with_large_drop(|| {
                import(std::hint::black_box(&text), &options).expect("imports")
            })
        });
    }
}

criterion_group!(benches, imports);
criterion_main!(benches);
