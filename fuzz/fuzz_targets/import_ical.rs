//! Fuzzes the ical importer.
#![no_main]

const FORMAT: marquee_core::SourceFormat = marquee_core::SourceFormat::Ical;

include!("common.rs");
