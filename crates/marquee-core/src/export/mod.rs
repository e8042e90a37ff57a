//! Writing a programme in the formats other tools read: frab schedule XML,
//! c3voc schedule JSON and iCalendar. Each writer emits what its format can
//! carry and stays valid against the format's published schema.

mod c3voc;
mod frab;
mod ical;
mod ids;

use std::fmt;
use std::str::FromStr;

use crate::model::Programme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    FrabXml,
    C3vocJson,
    Ical,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::FrabXml,
        ExportFormat::C3vocJson,
        ExportFormat::Ical,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::FrabXml => "frab-xml",
            ExportFormat::C3vocJson => "c3voc-json",
            ExportFormat::Ical => "ical",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ExportFormat {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| format!("unknown format {name:?}; use frab-xml, c3voc-json or ical"))
    }
}

/// `HH:MM` (hours may exceed 24), the duration form frab and c3voc write.
fn hh_mm(minutes: i64) -> String {
    let minutes = minutes.max(0);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// The programme written in `format`.
pub fn export(programme: &Programme, format: ExportFormat) -> String {
    match format {
        ExportFormat::FrabXml => frab::write(programme),
        ExportFormat::C3vocJson => c3voc::write(programme),
        ExportFormat::Ical => ical::write(programme),
    }
}
