//! Reading programmes: detects the source format from the content and turns
//! any supported source into the one programme model.

mod builder;
pub mod c3voc;
mod decode;
mod duration;
pub mod frab;
pub mod ical;
mod kind_words;
pub mod layout;
mod links;
pub mod page;
mod slug;
mod text;
mod xml_tree;
mod zone;

use std::fmt;
use std::str::FromStr;

use chrono_tz::Tz;

use crate::format::{self, FormatError};

pub use builder::NothingRead;
pub use layout::{BreakSpec, PageLayout};

pub use crate::imported::Imported;

/// The formats Marquee reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Marquee's own JSON programme file.
    Marquee,
    /// A programme page in Markdown with inline HTML (talks, speakers, workshops).
    ProgrammePage,
    /// frab or Pentabarf schedule XML.
    FrabXml,
    /// c3voc schedule JSON, as pretalx and frab export it, or "schedule2".
    C3vocJson,
    /// iCalendar (RFC 5545).
    Ical,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 5] = [
        SourceFormat::Marquee,
        SourceFormat::ProgrammePage,
        SourceFormat::FrabXml,
        SourceFormat::C3vocJson,
        SourceFormat::Ical,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SourceFormat::Marquee => "marquee",
            SourceFormat::ProgrammePage => "page",
            SourceFormat::FrabXml => "frab-xml",
            SourceFormat::C3vocJson => "c3voc-json",
            SourceFormat::Ical => "ical",
        }
    }

    fn description(self) -> &'static str {
        match self {
            SourceFormat::Marquee => "a Marquee programme (JSON with a \"format\" field)",
            SourceFormat::ProgrammePage => {
                "a programme page (Markdown with a \"### Talks\" or \"### Workshops\" section)"
            }
            SourceFormat::FrabXml => "frab schedule XML (a <schedule> document)",
            SourceFormat::C3vocJson => "c3voc schedule JSON (an object with a \"schedule\")",
            SourceFormat::Ical => "iCalendar (BEGIN:VCALENDAR)",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SourceFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| format!("unknown format {name:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "this is not a programme: expected {expected}, found {found} (fix: check that the file or address is the programme export)"
    )]
    NotAProgramme {
        expected: String,
        found: &'static str,
    },
    #[error(transparent)]
    Format(#[from] FormatError),
    #[error(transparent)]
    Page(#[from] page::PageError),
    #[error(transparent)]
    Layout(#[from] layout::LayoutError),
    #[error(transparent)]
    Frab(#[from] frab::FrabError),
    #[error(transparent)]
    C3voc(#[from] c3voc::C3vocError),
    #[error(transparent)]
    Ical(#[from] ical::IcalError),
}

/// How to read a source; the layout only matters for sources without times.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `None` detects the format from the content.
    pub format: Option<SourceFormat>,
    pub layout: PageLayout,
    /// The venue's zone for a schedule that names none and writes its times
    /// without an offset (frab `<start>` times on a `<day date>`, iCalendar
    /// floating times). `None` takes such times as written, in UTC, with a
    /// warning. Programme pages use the layout's zone instead.
    pub timezone: Option<Tz>,
}

/// Reads a programme from the text of a source.
pub fn import(text: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let format = match options.format {
        Some(format) => format,
        None => detect(text)?,
    };
    import_as(format, text, options)
}

/// Reads a programme from the bytes of a source file or download. Bytes that
/// are not UTF-8 are shown as U+FFFD with a warning naming their line, and
/// iCalendar is unfolded before it is decoded, as exporters fold lines in the
/// middle of a character.
pub fn import_bytes(bytes: &[u8], options: &ImportOptions) -> Result<Imported, ImportError> {
    let (text, unreadable) = decode::text(bytes);
    let format = match options.format {
        Some(format) => format,
        None => detect(&text)?,
    };
    if format == SourceFormat::Ical {
        return Ok(ical::parse_bytes(bytes, options.timezone)?);
    }
    let mut imported = import_as(format, &text, options)?;
    imported.warnings.splice(0..0, unreadable);
    Ok(imported)
}

fn import_as(
    format: SourceFormat,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    match format {
        SourceFormat::Marquee => Ok(format::parse(text)?),
        SourceFormat::ProgrammePage => {
            let (content, warnings) = page::parse(text)?;
            let programme = layout::lay_out(content, &options.layout)?;
            Ok(Imported {
                programme,
                warnings,
            })
        }
        SourceFormat::FrabXml => Ok(frab::parse(text, options.timezone)?),
        SourceFormat::C3vocJson => Ok(c3voc::parse(text, options.timezone)?),
        SourceFormat::Ical => Ok(ical::parse(text, options.timezone)?),
    }
}

/// The format of `text`, judged from its content.
pub fn detect(text: &str) -> Result<SourceFormat, ImportError> {
    if format::looks_like_programme(text) {
        return Ok(SourceFormat::Marquee);
    }
    if c3voc::looks_like_c3voc(text) {
        return Ok(SourceFormat::C3vocJson);
    }
    if ical::looks_like_ical(text) {
        return Ok(SourceFormat::Ical);
    }
    if frab::looks_like_frab(text) {
        return Ok(SourceFormat::FrabXml);
    }
    if page::looks_like_page(text) {
        return Ok(SourceFormat::ProgrammePage);
    }
    let expected = SourceFormat::ALL
        .iter()
        .map(|format| format.description())
        .collect::<Vec<_>>()
        .join(" or ");
    Err(ImportError::NotAProgramme {
        expected,
        found: describe(text),
    })
}

/// A few words on what a source that is not a programme seems to be.
fn describe(text: &str) -> &'static str {
    let start = text.trim_start().get(..512).unwrap_or(text.trim_start());
    let lower = start.to_ascii_lowercase();
    if start.is_empty() {
        "an empty file"
    } else if lower.starts_with("<!doctype html") || lower.contains("<html") {
        "an HTML page"
    } else if lower.starts_with("<?xml") || lower.starts_with('<') {
        "an XML document of a kind Marquee does not read"
    } else if lower.starts_with('{') || lower.starts_with('[') {
        "JSON that is not a Marquee programme (no \"format\" field, or the file is cut short)"
    } else {
        "text with no programme sections"
    }
}
