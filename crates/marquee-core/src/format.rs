//! Marquee's own programme file: JSON with a `format` version, read strictly so
//! that a typo is an error at its line and column, never a silently lost field.
//! Older versions are migrated as they are read: version 1 is version 2
//! without announcements, sponsors and the emergency message, and version 2
//! is version 3 without the day's marks, so each reads as it is and is
//! written as version 3. A Marquee that reads only version 2 refuses a
//! version 3 file with "update Marquee", not with an unknown field.

use serde::Deserialize;

use crate::imported::Imported;
use crate::model::{FORMAT_VERSION, Programme};

/// The oldest version still read.
pub const OLDEST_VERSION: u32 = 1;
use crate::problem::{Problem, ProblemKind};
use crate::timing::{FlowNote, reflow};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("line {line}, column {column}, at {path}: {message} (fix: {fix})")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
        fix: &'static str,
    },
    #[error(
        "the file is format version {found}, but this Marquee reads versions {OLDEST_VERSION} to {FORMAT_VERSION} (fix: update Marquee, or export the programme for version {FORMAT_VERSION})"
    )]
    UnsupportedVersion { found: u32 },
}

/// Only the version, read before anything else so that a newer file gets a
/// clear "update Marquee" instead of a list of unknown fields.
#[derive(Deserialize)]
struct VersionProbe {
    format: Option<u32>,
}

/// True when `text` looks like a Marquee programme rather than another format.
pub fn looks_like_programme(text: &str) -> bool {
    if !text.trim_start().starts_with('{') {
        return false;
    }
    match serde_json::from_str::<VersionProbe>(text) {
        Ok(probe) => probe.format.is_some(),
        // A damaged programme is still ours, so its error can name the place.
        Err(_) => {
            starts_with_format_key(text)
                || (text.contains("\"format\"") && text.contains("\"conference\""))
        }
    }
}

/// True when the first key of the JSON object is `"format"`, as Marquee
/// writes it: enough to know the file, however little of it follows.
fn starts_with_format_key(text: &str) -> bool {
    text.trim_start()
        .strip_prefix('{')
        .and_then(|rest| rest.trim_start().strip_prefix("\"format\""))
        .is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// Reads a programme file. Starts of following sessions are derived again
/// from the running order; any that changed come back as warnings.
pub fn parse(text: &str) -> Result<Imported, FormatError> {
    let mut migrated_from = None;
    if let Ok(VersionProbe {
        format: Some(found),
    }) = serde_json::from_str(text)
        && found != FORMAT_VERSION
    {
        if !(OLDEST_VERSION..FORMAT_VERSION).contains(&found) {
            return Err(FormatError::UnsupportedVersion { found });
        }
        migrated_from = Some(found);
    }
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let mut programme: Programme =
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let path = error.path().to_string();
            let inner = error.into_inner();
            invalid(path, &inner)
        })?;
    programme.format = FORMAT_VERSION;
    let migration =
        migrated_from.map(|from| Problem::at_path("format", ProblemKind::Migrated { from }));
    let warnings = migration
        .into_iter()
        .chain(
            reflow(&mut programme)
                .into_iter()
                .filter_map(|note| match note {
                    FlowNote::Moved { index, from, to } => Some(Problem::at_path(
                        format!("sessions[{index}].start"),
                        ProblemKind::Reflowed { from, to },
                    )),
                    // Reported by validation, which sees the same programme.
                    FlowNote::NothingToFollow { .. } => None,
                }),
        )
        .collect();
    Ok(Imported {
        programme,
        warnings,
    })
}

fn invalid(path: String, error: &serde_json::Error) -> FormatError {
    use serde_json::error::Category;
    let full = error.to_string();
    // serde_json appends " at line L column C"; the position is reported apart.
    let message = match full.rfind(" at line ") {
        Some(cut) => full[..cut].to_owned(),
        None => full,
    };
    let fix = match error.classify() {
        Category::Eof => "the file ends too early; restore the rest of it or a backup",
        Category::Syntax => "correct the JSON syntax at that place",
        Category::Io => "read the file again",
        Category::Data if message.starts_with("unknown field") => {
            "remove the field or correct its spelling; schemas/programme.schema.json lists every field"
        }
        Category::Data if message.starts_with("missing field") => {
            "add the field; schemas/programme.schema.json lists every field"
        }
        Category::Data => "give the field a value of the expected kind",
    };
    FormatError::Invalid {
        path: if path.is_empty() {
            ".".to_owned()
        } else {
            path
        },
        line: error.line(),
        column: error.column(),
        message,
        fix,
    }
}

/// The programme as a pretty-printed file, ending in a newline.
pub fn to_json(programme: &Programme) -> String {
    let mut text = Vec::new();
    write_json(programme, &mut text).expect("a programme always serializes");
    String::from_utf8(text).expect("JSON is UTF-8")
}

/// [`to_json`] written straight to `out`, without the whole text in memory.
pub fn write_json(programme: &Programme, mut out: impl std::io::Write) -> std::io::Result<()> {
    // The same text as serde_json's, with the strings of abstracts and
    // biographies escaped many bytes at a time: escaping them byte by byte
    // took a third of a whole import's time.
    let mut json = Chunks {
        out: &mut out,
        buffer: Vec::with_capacity(CHUNK),
    };
    sonic_rs::to_writer_pretty(&mut json, programme).map_err(std::io::Error::other)?;
    json.buffer.push(b'\n');
    json.send()
}

/// How much JSON is gathered before it is written out.
const CHUNK: usize = 64 * 1024;

/// The serializer writes straight into a buffer, as into a `Vec`, and the
/// buffer goes out whenever it is full: the speed of serializing into memory
/// without holding a whole large programme there (sonic-rs's own buffered
/// writer hands every small piece to the writer underneath).
struct Chunks<W: std::io::Write> {
    out: W,
    buffer: Vec<u8>,
}

impl<W: std::io::Write> Chunks<W> {
    fn send(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.buffer)?;
        self.buffer.clear();
        Ok(())
    }
}

impl<W: std::io::Write> std::io::Write for Chunks<W> {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    // The pretty printer writes its indentation a few bytes at a time.
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.buffer.len() + bytes.len() > CHUNK {
            self.send()?;
        }
        self.buffer.extend_from_slice(bytes);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()?;
        self.out.flush()
    }
}

impl<W: std::io::Write> sonic_rs::writer::WriteExt for Chunks<W> {
    fn reserve_with(
        &mut self,
        additional: usize,
    ) -> std::io::Result<&mut [std::mem::MaybeUninit<u8>]> {
        if self.buffer.len() + additional > CHUNK && !self.buffer.is_empty() {
            self.send()?;
        }
        self.buffer.reserve_with(additional)
    }

    unsafe fn flush_len(&mut self, additional: usize) -> std::io::Result<()> {
        // SAFETY: the serializer wrote `additional` bytes into the space
        // `reserve_with` gave it, as `Vec`'s own implementation requires.
        unsafe { self.buffer.flush_len(additional) }
    }
}

/// The JSON Schema of the programme file.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Programme);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema always serializes");
    text.push('\n');
    text
}
