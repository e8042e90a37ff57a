//! Fuzzes the page importer.
#![no_main]

const FORMAT: marquee_core::SourceFormat = marquee_core::SourceFormat::ProgrammePage;

include!("common.rs");
