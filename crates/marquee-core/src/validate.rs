//! Checks a programme for what would mislead a visitor or break a screen:
//! dangling references, impossible times, clashes and unsafe links.

mod beyond_talks;

use std::collections::{HashMap, HashSet};

use crate::model::{Placement, Programme, Session};
use crate::problem::{Problem, ProblemKind};
use crate::safety::{contains_raw_html, is_web_url};

/// All problems in `programme`, check by check.
pub fn validate(programme: &Programme) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_conference(programme, &mut problems);
    check_rooms(programme, &mut problems);
    check_ids(programme, &mut problems);
    check_speakers(programme, &mut problems);
    check_sessions(programme, &mut problems);
    check_overlaps(programme, &mut problems);
    check_double_bookings(programme, &mut problems);
    check_delays(programme, &mut problems);
    beyond_talks::check(programme, &mut problems);
    problems
}

fn check_delays(programme: &Programme, problems: &mut Vec<Problem>) {
    let mut rooms = HashSet::new();
    for (index, delay) in programme.delays.iter().enumerate() {
        let path = format!("delays[{index}]");
        match programme.sessions.iter().find(|s| s.id == delay.session) {
            None => problems.push(Problem::at_path(
                path,
                ProblemKind::UnknownDelaySession(delay.session.clone()),
            )),
            Some(session) if !rooms.insert(&session.room) => problems.push(Problem::at_path(
                path,
                ProblemKind::SecondDelay(session.room.clone()),
            )),
            Some(_) => {}
        }
    }
}

fn session_path(index: usize, session: &Session) -> String {
    format!("sessions[{index}] ({:?})", session.id.as_str())
}

/// A room's stream is shown as a QR code and its overflow room named on
/// screens: the one must be a web address, the other another room.
fn check_rooms(programme: &Programme, problems: &mut Vec<Problem>) {
    for (i, room) in programme.rooms.iter().enumerate() {
        if let Some(stream) = &room.stream
            && !is_web_url(stream)
        {
            problems.push(Problem::at_path(
                format!("rooms[{i}].stream"),
                ProblemKind::UnsafeLink(stream.clone()),
            ));
        }
        if let Some(overflow) = &room.overflow
            && (overflow == &room.id || programme.room(overflow).is_none())
        {
            problems.push(Problem::at_path(
                format!("rooms[{i}].overflow"),
                ProblemKind::UnknownOverflow(overflow.clone()),
            ));
        }
    }
}

fn check_conference(programme: &Programme, problems: &mut Vec<Problem>) {
    let branding = &programme.conference.branding;
    if let Some(logo) = &branding.logo
        && logo.classify().is_none()
    {
        problems.push(Problem::at_path(
            "conference.branding.logo",
            ProblemKind::UnsafeMedia(logo.0.clone()),
        ));
    }
    for (field, colour) in [
        ("accent_colour", &branding.accent_colour),
        ("background_colour", &branding.background_colour),
    ] {
        if let Some(colour) = colour
            && !is_hex_colour(colour)
        {
            problems.push(Problem::at_path(
                format!("conference.branding.{field}"),
                ProblemKind::BadColour(colour.clone()),
            ));
        }
    }
}

fn is_hex_colour(colour: &str) -> bool {
    colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].chars().all(|c| c.is_ascii_hexdigit())
}

fn check_ids(programme: &Programme, problems: &mut Vec<Problem>) {
    let mut report = |what: &'static str, ids: Vec<(String, &str)>| {
        let mut seen = HashSet::new();
        for (path, id) in ids {
            if !seen.insert(id) {
                problems.push(Problem::at_path(
                    path,
                    ProblemKind::DuplicateId {
                        what,
                        id: id.to_owned(),
                    },
                ));
            }
        }
    };
    report(
        "room",
        programme
            .rooms
            .iter()
            .enumerate()
            .map(|(i, room)| (format!("rooms[{i}]"), room.id.as_str()))
            .collect(),
    );
    report(
        "speaker",
        programme
            .speakers
            .iter()
            .enumerate()
            .map(|(i, speaker)| (format!("speakers[{i}]"), speaker.id.as_str()))
            .collect(),
    );
    report(
        "session",
        programme
            .sessions
            .iter()
            .enumerate()
            .map(|(i, session)| (session_path(i, session), session.id.as_str()))
            .collect(),
    );
    report(
        "announcement",
        programme
            .announcements
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("announcements[{i}]"), a.id.as_str()))
            .collect(),
    );
    report(
        "sponsor",
        programme
            .sponsors
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("sponsors[{i}]"), s.id.as_str()))
            .collect(),
    );
}

fn check_speakers(programme: &Programme, problems: &mut Vec<Problem>) {
    for (index, speaker) in programme.speakers.iter().enumerate() {
        let path = format!("speakers[{index}] ({:?})", speaker.id.as_str());
        if let Some(photo) = &speaker.photo
            && photo.classify().is_none()
        {
            problems.push(Problem::at_path(
                path.clone(),
                ProblemKind::UnsafeMedia(photo.0.clone()),
            ));
        }
        if contains_raw_html(&speaker.bio) {
            problems.push(Problem::at_path(
                path.clone(),
                ProblemKind::RawHtml { field: "bio" },
            ));
        }
        for url in speaker.socials.iter().filter_map(|s| s.url.as_deref()) {
            if !is_web_url(url) {
                problems.push(Problem::at_path(
                    path.clone(),
                    ProblemKind::UnsafeLink(url.to_owned()),
                ));
            }
        }
    }
}

fn check_sessions(programme: &Programme, problems: &mut Vec<Problem>) {
    let zone = programme.conference.timezone;
    let days = &programme.conference.days;
    let mut rooms_seen = HashSet::new();
    for (index, session) in programme.sessions.iter().enumerate() {
        let path = session_path(index, session);
        let mut push = |kind| problems.push(Problem::at_path(path.clone(), kind));
        if session.title.trim().is_empty() {
            push(ProblemKind::EmptyTitle);
        }
        if programme.room(&session.room).is_none() {
            push(ProblemKind::UnknownRoom(session.room.clone()));
        }
        for speaker in &session.speakers {
            if programme.speaker(speaker).is_none() {
                push(ProblemKind::UnknownSpeaker(speaker.clone()));
            }
        }
        if session.duration_minutes <= 0 {
            push(ProblemKind::NonPositiveDuration(session.duration_minutes));
        }
        for link in &session.links {
            if !is_web_url(&link.url) {
                push(ProblemKind::UnsafeLink(link.url.clone()));
            }
        }
        if contains_raw_html(&session.summary) {
            push(ProblemKind::RawHtml { field: "abstract" });
        }
        let local = session.start.with_timezone(&zone);
        let expected = local.fixed_offset().offset().to_owned();
        if *session.start.offset() != expected {
            push(ProblemKind::OffsetMismatch {
                start: session.start,
                expected,
            });
        }
        let day = local.date_naive();
        if !days.is_empty() && !days.contains(&day) {
            push(ProblemKind::OutsideDays(day));
        }
        let first_in_room = rooms_seen.insert(session.room.clone());
        if first_in_room && matches!(session.placement, Placement::Follows { .. }) {
            push(ProblemKind::NothingToFollow);
        }
    }
}

/// Sessions grouped by a key, each group sorted by start, as indices.
fn sorted_groups<K: Ord + std::hash::Hash + Clone>(
    programme: &Programme,
    keys: impl Fn(&Session) -> Vec<K>,
) -> Vec<(K, Vec<usize>)> {
    let mut groups: HashMap<K, Vec<usize>> = HashMap::new();
    // A cancelled session holds no room and no speaker.
    let held = programme
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.cancelled);
    for (index, session) in held {
        for key in keys(session) {
            groups.entry(key).or_default().push(index);
        }
    }
    let mut groups: Vec<(K, Vec<usize>)> = groups.into_iter().collect();
    for (_, group) in &mut groups {
        group.sort_by_key(|&i| (programme.sessions[i].start, i));
    }
    groups.sort();
    groups
}

/// Pairs `(later, earlier)` within one group whose times intersect.
fn clashes(programme: &Programme, group: &[usize]) -> Vec<(usize, usize)> {
    let sessions = &programme.sessions;
    let mut pairs = Vec::new();
    for (position, &earlier) in group.iter().enumerate() {
        for &later in &group[position + 1..] {
            if sessions[later].start >= sessions[earlier].end() {
                break;
            }
            if sessions[earlier].duration_minutes > 0 && sessions[later].duration_minutes > 0 {
                pairs.push((later, earlier));
            }
        }
    }
    pairs
}

fn check_overlaps(programme: &Programme, problems: &mut Vec<Problem>) {
    for (room, group) in sorted_groups(programme, |session| vec![session.room.clone()]) {
        for (later, earlier) in clashes(programme, &group) {
            problems.push(Problem::at_path(
                session_path(later, &programme.sessions[later]),
                ProblemKind::Overlap {
                    other: programme.sessions[earlier].id.clone(),
                    room: room.clone(),
                },
            ));
        }
    }
}

fn check_double_bookings(programme: &Programme, problems: &mut Vec<Problem>) {
    for (speaker, group) in sorted_groups(programme, |session| session.speakers.clone()) {
        for (later, earlier) in clashes(programme, &group) {
            problems.push(Problem::at_path(
                session_path(later, &programme.sessions[later]),
                ProblemKind::SpeakerDoubleBooked {
                    speaker: speaker.clone(),
                    other: programme.sessions[earlier].id.clone(),
                },
            ));
        }
    }
}
