//! Fuzzes the programme importer.
#![no_main]

const FORMAT: marquee_core::SourceFormat = marquee_core::SourceFormat::Marquee;

include!("common.rs");
