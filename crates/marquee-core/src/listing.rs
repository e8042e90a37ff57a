//! The programme as a plain list per room, with times already written in the
//! venue's zone, for views that show the whole programme at once.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{LinkKind, Programme, SessionKind};

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Listing {
    pub title: String,
    pub timezone: String,
    pub rooms: Vec<RoomListing>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RoomListing {
    pub id: String,
    pub name: String,
    pub sessions: Vec<ListedSession>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListedSession {
    pub id: String,
    pub title: String,
    pub kind: SessionKind,
    /// e.g. "Mon 6 Jun"
    pub day: String,
    /// e.g. "09:00–09:25", in the venue's zone
    pub time: String,
    pub speakers: Vec<String>,
    /// Only http(s) links ever reach a screen.
    pub links: Vec<ListedLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListedLink {
    pub kind: LinkKind,
    pub url: String,
}

impl Listing {
    pub fn of(programme: &Programme) -> Self {
        let zone = programme.conference.timezone;
        let rooms = programme
            .rooms_in_order()
            .into_iter()
            .map(|room| {
                let mut sessions: Vec<_> = programme
                    .sessions
                    .iter()
                    .filter(|session| session.room == room.id)
                    .collect();
                sessions.sort_by_key(|session| session.start);
                RoomListing {
                    id: room.id.0.clone(),
                    name: room.name.clone(),
                    sessions: sessions
                        .into_iter()
                        .map(|session| {
                            let start = session.start.with_timezone(&zone);
                            let end = session.end().with_timezone(&zone);
                            ListedSession {
                                id: session.id.0.clone(),
                                title: session.title.clone(),
                                kind: session.kind,
                                day: start.format("%a %-d %b").to_string(),
                                time: format!("{}–{}", start.format("%H:%M"), end.format("%H:%M")),
                                speakers: programme
                                    .speakers_of(session)
                                    .map(|speaker| speaker.name.clone())
                                    .collect(),
                                links: session
                                    .web_links()
                                    .map(|link| ListedLink {
                                        kind: link.kind,
                                        url: link.url.clone(),
                                    })
                                    .collect(),
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Listing {
            title: programme.conference.title.clone(),
            timezone: zone.name().to_owned(),
            rooms,
        }
    }
}
