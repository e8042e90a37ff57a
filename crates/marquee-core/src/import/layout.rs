//! Gives a programme page the times and rooms it lacks: talks run in order in a
//! main room with breaks between them, workshops in a second room. Only the
//! first session of each room is pinned; the rest follow, so an organiser who
//! reorders them later gets times that follow too.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeDelta};
use chrono_tz::Tz;

use super::page::{PageContent, PageSession};
use super::slug::{UniqueIds, slug};
use crate::model::{
    Branding, Conference, FORMAT_VERSION, Placement, Programme, Room, RoomId, Session, SessionId,
    SessionKind, StageSettings,
};
use crate::timing::reflow;

/// Where and when the sessions of a page take place.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    pub day: NaiveDate,
    pub timezone: Tz,
    pub start: NaiveTime,
    pub talk_minutes: i64,
    pub gap_minutes: i64,
    /// Breaks in the main room; `None` gives an hour's lunch after the middle
    /// talk (when there are two talks or more).
    pub breaks: Option<Vec<BreakSpec>>,
    pub main_room: String,
    pub workshop_room: String,
    pub workshop_start: NaiveTime,
    /// Length of a workshop whose page gives none.
    pub workshop_minutes: i64,
    pub workshop_gap_minutes: i64,
}

impl Default for PageLayout {
    /// A believable day for the seed programme: ContainerDays Boston, June 2016.
    fn default() -> Self {
        Self {
            day: NaiveDate::from_ymd_opt(2016, 6, 6).expect("a valid date"),
            timezone: chrono_tz::America::New_York,
            start: NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time"),
            talk_minutes: 25,
            gap_minutes: 5,
            breaks: None,
            main_room: "Main Hall".to_owned(),
            workshop_room: "Workshop Room".to_owned(),
            workshop_start: NaiveTime::from_hms_opt(9, 0, 0).expect("a valid time"),
            workshop_minutes: 120,
            workshop_gap_minutes: 15,
        }
    }
}

/// A break in the main room after the given talk (counted from 1), written
/// `AFTER:MINUTES:TITLE`, e.g. `7:60:Lunch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakSpec {
    pub after_talk: usize,
    pub minutes: i64,
    pub title: String,
}

impl FromStr for BreakSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let usage = || format!("{text:?} is not AFTER:MINUTES:TITLE, e.g. 7:60:Lunch");
        let mut parts = text.splitn(3, ':');
        let after_talk = parts
            .next()
            .and_then(|p| p.trim().parse().ok())
            .ok_or_else(usage)?;
        let minutes = parts
            .next()
            .and_then(|p| p.trim().parse().ok())
            .filter(|m| *m > 0)
            .ok_or_else(usage)?;
        let title = parts.next().map_or("Break", str::trim).to_owned();
        Ok(Self {
            after_talk,
            minutes,
            title,
        })
    }
}

impl fmt::Display for BreakSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.after_talk, self.minutes, self.title)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error(
        "{day} {time} does not exist in {timezone} (the clocks skip it) (fix: start the day at another time)"
    )]
    NoSuchLocalTime {
        day: NaiveDate,
        time: NaiveTime,
        timezone: Tz,
    },
    #[error(
        "a break comes after talk {after_talk}, but the page has {talks} talks (fix: give a number from 1 to {talks})"
    )]
    BreakAfterMissingTalk { after_talk: usize, talks: usize },
    #[error("{what} must be positive, not {minutes} minutes (fix: give a length in minutes)")]
    NonPositiveLength { what: &'static str, minutes: i64 },
}

/// The page's sessions placed in rooms and time.
pub fn lay_out(content: PageContent, layout: &PageLayout) -> Result<Programme, LayoutError> {
    check_lengths(layout)?;
    let talks = content.talks.len();
    let breaks = layout
        .breaks
        .clone()
        .unwrap_or_else(|| lunch_in_the_middle(talks));
    if let Some(spec) = breaks
        .iter()
        .find(|spec| spec.after_talk == 0 || spec.after_talk > talks)
    {
        return Err(LayoutError::BreakAfterMissingTalk {
            after_talk: spec.after_talk,
            talks,
        });
    }
    let mut ids = UniqueIds::default();
    for session in content.talks.iter().chain(&content.workshops) {
        ids.claim(&session.id);
    }
    let mut rooms = Vec::new();
    let mut sessions = Vec::new();
    if !content.talks.is_empty() {
        let room = add_room(&mut rooms, &layout.main_room);
        let first_start = local_instant(layout, layout.start)?;
        for (index, talk) in content.talks.into_iter().enumerate() {
            let after_break = sessions
                .last()
                .is_some_and(|s: &Session| s.kind == SessionKind::Break);
            let placement = match (index, after_break) {
                (0, _) => Placement::Pinned,
                (_, true) => Placement::Follows { gap_minutes: 0 },
                (_, false) => Placement::Follows {
                    gap_minutes: layout.gap_minutes,
                },
            };
            let minutes = talk.duration_minutes.unwrap_or(layout.talk_minutes);
            sessions.push(session(
                talk,
                SessionKind::Talk,
                &room,
                first_start,
                minutes,
                placement,
            ));
            for spec in breaks.iter().filter(|spec| spec.after_talk == index + 1) {
                sessions.push(break_session(spec, &room, first_start, layout, &mut ids));
            }
        }
    }
    if !content.workshops.is_empty() {
        let room = add_room(&mut rooms, &layout.workshop_room);
        let first_start = local_instant(layout, layout.workshop_start)?;
        for (index, workshop) in content.workshops.into_iter().enumerate() {
            let placement = if index == 0 {
                Placement::Pinned
            } else {
                Placement::Follows {
                    gap_minutes: layout.workshop_gap_minutes,
                }
            };
            let minutes = workshop.duration_minutes.unwrap_or(layout.workshop_minutes);
            sessions.push(session(
                workshop,
                SessionKind::Workshop,
                &room,
                first_start,
                minutes,
                placement,
            ));
        }
    }
    let mut programme = Programme {
        format: FORMAT_VERSION,
        conference: Conference {
            title: content.title.unwrap_or_else(|| "Programme".to_owned()),
            acronym: None,
            timezone: layout.timezone,
            days: vec![layout.day],
            branding: Branding {
                logo: content.logo,
                ..Branding::default()
            },
            source_url: None,
            stage: StageSettings::default(),
        },
        rooms,
        speakers: content.people,
        sessions: sessions.into_iter().map(Arc::new).collect(),
        delays: vec![],
        announcements: vec![],
        sponsors: vec![],
        emergency: None,
        changed_today: None,
        stage_messages: vec![],
        stage_phases: vec![],
        room_states: vec![],
    };
    reflow(&mut programme);
    if let Some(room) = programme.rooms.get(1).map(|room| room.id.clone()) {
        make_way_for_speakers(&mut programme, &room, layout.workshop_gap_minutes);
    }
    Ok(programme)
}

/// Delays each session of `room` that would put one of its speakers in two
/// places at once until the other session has ended, plus `gap_minutes`.
fn make_way_for_speakers(programme: &mut Programme, room: &RoomId, gap_minutes: i64) {
    for index in 0..programme.sessions.len() {
        let session = &programme.sessions[index];
        if &session.room != room {
            continue;
        }
        let clash_end = programme
            .sessions
            .iter()
            .filter(|other| &other.room != room)
            .filter(|other| other.start < session.end() && session.start < other.end())
            .filter(|other| other.speakers.iter().any(|s| session.speakers.contains(s)))
            .map(|other| other.end())
            .max();
        let Some(clash_end) = clash_end else { continue };
        let delay = clash_end + TimeDelta::minutes(gap_minutes) - session.start;
        let session = Arc::make_mut(&mut programme.sessions[index]);
        match &mut session.placement {
            Placement::Pinned => session.start += delay,
            Placement::Follows { gap_minutes } => *gap_minutes += delay.num_minutes(),
        }
        reflow(programme);
    }
}

fn lunch_in_the_middle(talks: usize) -> Vec<BreakSpec> {
    if talks < 2 {
        return Vec::new();
    }
    vec![BreakSpec {
        after_talk: talks.div_ceil(2),
        minutes: 60,
        title: "Lunch".to_owned(),
    }]
}

fn check_lengths(layout: &PageLayout) -> Result<(), LayoutError> {
    let lengths = [
        ("the talk length", layout.talk_minutes),
        ("the workshop length", layout.workshop_minutes),
    ];
    for (what, minutes) in lengths {
        if minutes <= 0 {
            return Err(LayoutError::NonPositiveLength { what, minutes });
        }
    }
    Ok(())
}

fn add_room(rooms: &mut Vec<Room>, name: &str) -> RoomId {
    let id = RoomId(slug(name));
    rooms.push(Room::new(id.clone(), name.to_owned(), rooms.len() as u32));
    id
}

fn local_instant(
    layout: &PageLayout,
    time: NaiveTime,
) -> Result<DateTime<FixedOffset>, LayoutError> {
    layout
        .day
        .and_time(time)
        .and_local_timezone(layout.timezone)
        .earliest()
        .map(|instant| instant.fixed_offset())
        .ok_or(LayoutError::NoSuchLocalTime {
            day: layout.day,
            time,
            timezone: layout.timezone,
        })
}

/// A session whose start is `start` until [`reflow`] derives it.
fn session(
    page: PageSession,
    kind: SessionKind,
    room: &RoomId,
    start: DateTime<FixedOffset>,
    duration_minutes: i64,
    placement: Placement,
) -> Session {
    Session {
        id: SessionId(page.id),
        title: page.title,
        subtitle: None,
        kind,
        room: room.clone(),
        start,
        duration_minutes,
        placement,
        track: None,
        language: None,
        level: page.level,
        summary: page.summary,
        speakers: page.speakers,
        links: page.links,
        cancelled: false,
    }
}

fn break_session(
    spec: &BreakSpec,
    room: &RoomId,
    start: DateTime<FixedOffset>,
    layout: &PageLayout,
    ids: &mut UniqueIds,
) -> Session {
    let page = PageSession {
        id: ids.claim(&slug(&spec.title)),
        title: spec.title.clone(),
        ..PageSession::default()
    };
    let placement = Placement::Follows {
        gap_minutes: layout.gap_minutes,
    };
    session(
        page,
        SessionKind::Break,
        room,
        start,
        spec.minutes,
        placement,
    )
}
