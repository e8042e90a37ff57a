//! Fuzzes the c3voc importer.
#![no_main]

const FORMAT: marquee_core::SourceFormat = marquee_core::SourceFormat::C3vocJson;

include!("common.rs");
