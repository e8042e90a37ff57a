//! Chooses the venue's time zone for a schedule from the zone it names and
//! the offsets its events carry. The offsets are facts about each event; a
//! zone name that contradicts them is a mistake in the export.

use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// The zone in which a schedule's times written without an offset are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalZone {
    Named(Tz),
    /// An offset the schedule writes on another of its times.
    Offset(FixedOffset),
}

impl LocalZone {
    /// The instant a wall-clock time names: the earlier one when the clocks
    /// go back, none when they skip it.
    pub fn instant(self, local: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            LocalZone::Named(zone) => zone
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.fixed_offset()),
            LocalZone::Offset(offset) => offset.from_local_datetime(&local).single(),
        }
    }
}

/// What went wrong with the named zone, for a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneNote {
    Missing {
        chosen: Tz,
    },
    Unknown {
        name: String,
        chosen: Tz,
    },
    Contradicted {
        name: String,
        offset: FixedOffset,
        chosen: Tz,
    },
}

impl std::fmt::Display for ZoneNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ZoneNote::Missing { chosen } => write!(
                f,
                "the schedule names no time zone; {chosen} is used, from the events' offsets"
            ),
            ZoneNote::Unknown { name, chosen } => write!(
                f,
                "the time zone {name:?} is not in the tz database; {chosen} is used, from the events' offsets"
            ),
            ZoneNote::Contradicted {
                name,
                offset,
                chosen,
            } => write!(
                f,
                "the schedule names the time zone {name}, but its events are at {offset}; the events' offsets win and {chosen} is used"
            ),
        }
    }
}

/// The zone for a schedule whose events start at `starts`.
pub fn venue_zone(name: Option<&str>, starts: &[DateTime<FixedOffset>]) -> (Tz, Option<ZoneNote>) {
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    let named = name.and_then(|n| n.parse::<Tz>().ok());
    let disagreement = |zone: Tz| {
        starts
            .iter()
            .find(|start| {
                zone.offset_from_utc_datetime(&start.naive_utc()).fix() != *start.offset()
            })
            .map(|start| *start.offset())
    };
    let from_offsets = || {
        starts
            .first()
            .map_or(chrono_tz::UTC, |start| fixed_zone(*start.offset()))
    };
    match (name, named) {
        (Some(_), Some(zone)) => match disagreement(zone) {
            None => (zone, None),
            Some(offset) => {
                let chosen = from_offsets();
                let name = zone.name().to_owned();
                (
                    chosen,
                    Some(ZoneNote::Contradicted {
                        name,
                        offset,
                        chosen,
                    }),
                )
            }
        },
        (Some(name), None) => {
            let chosen = from_offsets();
            (
                chosen,
                Some(ZoneNote::Unknown {
                    name: name.to_owned(),
                    chosen,
                }),
            )
        }
        (None, _) => {
            let chosen = from_offsets();
            (chosen, Some(ZoneNote::Missing { chosen }))
        }
    }
}

/// The tz database's fixed zone for an offset (`Etc/GMT-1` is UTC+1), or UTC
/// when the offset is not a whole number of hours.
fn fixed_zone(offset: FixedOffset) -> Tz {
    let seconds = offset.local_minus_utc();
    if seconds == 0 || seconds % 3600 != 0 {
        return chrono_tz::UTC;
    }
    let hours = seconds / 3600;
    // The Etc zones count the other way round.
    let name = format!("Etc/GMT{:+}", -hours);
    name.parse().unwrap_or(chrono_tz::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_named_zone_that_fits_the_offsets_is_kept() {
        let starts = [
            at("2024-12-27T10:30:00+01:00"),
            at("2024-07-01T10:30:00+02:00"),
        ];
        assert_eq!(
            venue_zone(Some("Europe/Berlin"), &starts),
            (chrono_tz::Europe::Berlin, None)
        );
    }

    #[test]
    fn offsets_win_over_a_contradicting_or_missing_name() {
        let starts = [at("2020-12-14T09:00:00+01:00")];
        let (zone, note) = venue_zone(Some("UTC"), &starts);
        assert_eq!(zone.name(), "Etc/GMT-1");
        assert!(note.unwrap().to_string().contains("events' offsets win"));
        let (zone, note) = venue_zone(None, &starts);
        assert_eq!(zone.name(), "Etc/GMT-1");
        assert!(matches!(note, Some(ZoneNote::Missing { .. })));
        let (zone, _) = venue_zone(Some("Mars/Olympus"), &[at("2020-01-01T00:00:00+05:30")]);
        assert_eq!(zone, chrono_tz::UTC);
    }
}
