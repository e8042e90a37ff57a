//! Paths to the shared inputs that tests read in place.

// Each test file uses its own part of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

pub mod round_trip;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file under the `shared/` folder that sits beside the repository.
pub fn shared(path: &str) -> PathBuf {
    root().join("../shared").join(path)
}

pub fn read_shared(path: &str) -> String {
    let path = shared(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture of this crate's tests, as bytes.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub const SEED: &str = "seeds/containerdays-boston-2016-programme.md";

/// A generated session: room (0..3), follows the previous one, start offset
/// in minutes, duration in minutes, gap in minutes, break or not.
pub type SessionSpec = (u8, bool, i64, i64, i64, bool);

/// A programme in Europe/Berlin whose sessions start from the evening of 28
/// March 2026, so that generated days cross midnight and the change to summer
/// time.
pub fn generated_programme(specs: &[SessionSpec]) -> marquee_core::Programme {
    use chrono::{TimeDelta, TimeZone};
    use marquee_core::model::*;
    let zone = chrono_tz::Europe::Berlin;
    let base = zone.with_ymd_and_hms(2026, 3, 28, 20, 0, 0).unwrap();
    let rooms = (0..3)
        .map(|i| Room::new(RoomId(format!("r{i}")), format!("Room {i}"), i))
        .collect();
    let sessions = specs
        .iter()
        .enumerate()
        .map(
            |(i, &(room, follows, offset, minutes, gap, is_break))| Session {
                id: SessionId(format!("s{i}")),
                title: format!("Session {i}"),
                subtitle: None,
                kind: if is_break {
                    SessionKind::Break
                } else {
                    SessionKind::Talk
                },
                room: RoomId(format!("r{}", room % 3)),
                start: (base + TimeDelta::minutes(offset)).fixed_offset(),
                duration_minutes: minutes,
                placement: if follows {
                    Placement::Follows { gap_minutes: gap }
                } else {
                    Placement::Pinned
                },
                track: None,
                language: None,
                level: None,
                summary: String::new(),
                speakers: vec![],
                links: vec![],
                cancelled: false,
            },
        )
        .map(std::sync::Arc::new)
        .collect();
    Programme {
        format: FORMAT_VERSION,
        conference: Conference {
            title: "T".into(),
            acronym: None,
            timezone: zone,
            days: vec![],
            branding: Default::default(),
            source_url: None,
            stage: Default::default(),
        },
        rooms,
        speakers: vec![],
        sessions,
        delays: vec![],
        announcements: vec![],
        sponsors: vec![],
        emergency: None,
        changed_today: None,
        stage_messages: vec![],
        stage_phases: vec![],
        room_states: vec![],
    }
}
