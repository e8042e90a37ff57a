//! Inputs the fuzzers found crashes with, under tests/fixtures/fuzz and
//! named after their format: each runs through what a fuzz target does
//! (import, validate, every export) without a panic.

mod common;

use marquee_core::export::{ExportFormat, export};
use marquee_core::{ImportOptions, SourceFormat, import};

#[test]
fn every_saved_crash_imports_validates_and_exports() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let format = match name.split('-').next().unwrap() {
            "frab" => SourceFormat::FrabXml,
            "c3voc" => SourceFormat::C3vocJson,
            "ical" => SourceFormat::Ical,
            "page" => SourceFormat::ProgrammePage,
            "programme" => SourceFormat::Marquee,
            other => panic!("{name}: no format {other:?}"),
        };
        let bytes = common::fixture(&format!("fuzz/{name}"));
        let Ok(text) = std::str::from_utf8(&bytes) else {
            panic!("{name}: the fuzz targets read only UTF-8")
        };
        let options = ImportOptions {
            format: Some(format),
            ..ImportOptions::default()
        };
        if let Ok(imported) = import(text, &options) {
            marquee_core::validate(&imported.programme);
            for format in ExportFormat::ALL {
                export(&imported.programme, format);
            }
        }
    }
}
