//! Fuzzes the frab importer.
#![no_main]

const FORMAT: marquee_core::SourceFormat = marquee_core::SourceFormat::FrabXml;

include!("common.rs");
