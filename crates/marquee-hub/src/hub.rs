//! What a change to the hub's programme does, who may make it and what it
//! announces. [`Hub`] is a value: each command takes the [`Store`], the
//! time and who asks, and returns its answer and, for a new revision, the
//! [`Saved`] its driver carries out (tell the listeners, publish it to the
//! screens, write the file). The HTTP server is a thin layer over the
//! driver: it turns requests into these calls and their errors into status
//! codes.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use marquee_core::days::{day_began, day_of};
use marquee_core::edit::{
    self, Edited, Operation, RebaseError, carry_live, changed_today, changelog,
};
use marquee_core::format::to_json;
use marquee_core::model::RoomId;
use marquee_core::screen_report::ScreenCommand;
use marquee_core::{ImportOptions, Programme, import_bytes};

use crate::secret::same_secret;
use crate::store::{NewRevision, RevisionInfo, RevisionNumber, Store, StoredEdit, StoredRelease};
use crate::{HubError, StoreError};

/// The programme as it stands, at one revision; cheap to clone.
#[derive(Debug, Clone)]
pub struct Current {
    pub info: RevisionInfo,
    pub programme: Arc<Programme>,
    /// In Marquee's file format, as stored.
    pub json: Arc<str>,
}

/// A batch of operations stored.
#[derive(Debug, Clone)]
pub struct Operated {
    pub current: Current,
    /// Applied on the new revision, these undo the batch.
    pub inverse: Vec<Operation>,
    /// False when the batch left the programme as it was: no new revision.
    pub changed: bool,
    /// The batch was made on this older revision and applied on top of the
    /// changes since, which touched none of what it touches.
    pub merged_from: Option<RevisionNumber>,
}

/// What a new revision announces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    pub revision: RevisionNumber,
    pub summary: String,
}

/// A new revision, safe in the store: what the hub's driver now does with
/// it (announce it, publish it to the screens, write the file).
#[derive(Debug)]
pub struct Saved {
    pub current: Current,
    pub announcement: Announcement,
    /// Why the marks of what changed today were left off it, if they were:
    /// a save never waits on them.
    pub marks_left_off: Option<StoreError>,
}

/// Who holds a token the hub accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holder {
    Organiser,
    /// The chair of this room.
    Chair(RoomId),
}

impl Holder {
    /// As the revisions' history names them.
    fn author(&self) -> String {
        match self {
            Holder::Organiser => "organiser".to_owned(),
            Holder::Chair(room) => format!("chair of {room}"),
        }
    }

    /// Only the organiser may go on.
    pub(crate) fn organiser(&self) -> Result<(), HubError> {
        match self {
            Holder::Organiser => Ok(()),
            Holder::Chair(_) => Err(HubError::Unauthorized),
        }
    }
}

/// How long a silent screen stays on the list by default.
pub const FORGET_SCREENS_AFTER: TimeDelta = TimeDelta::days(1);

pub struct Hub {
    current: Option<Current>,
    /// The programme as the conference day began, kept for the day.
    day_began: Option<(NaiveDate, Arc<Programme>)>,
    /// What the organiser asked of each screen, until its next report.
    pub(crate) orders: HashMap<String, Vec<ScreenCommand>>,
    /// A screen not heard from for this long drops out of the list.
    pub(crate) forget_screens_after: TimeDelta,
}

impl Hub {
    /// The hub where `store` left it.
    pub fn new(store: &impl Store) -> Result<Hub, HubError> {
        let current = store.latest()?.map(|revision| Current {
            json: to_json(&revision.programme).into(),
            info: revision.info,
            programme: Arc::new(revision.programme),
        });
        Ok(Hub {
            current,
            day_began: None,
            orders: HashMap::new(),
            forget_screens_after: FORGET_SCREENS_AFTER,
        })
    }

    /// Drops screens silent for `after` from the list (30 s at the least).
    pub fn forgetting_screens_after(mut self, after: TimeDelta) -> Hub {
        self.forget_screens_after = after.max(TimeDelta::seconds(30));
        self
    }

    pub fn current(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    /// Who holds `offered`: the organiser (whose token is `organiser`), a
    /// room's chair, or no one.
    pub fn holder(
        &self,
        store: &impl Store,
        organiser: &str,
        offered: Option<&str>,
    ) -> Result<Holder, HubError> {
        let offered = offered
            .filter(|t| !t.is_empty())
            .ok_or(HubError::Unauthorized)?;
        if !organiser.is_empty() && same_secret(organiser, offered) {
            return Ok(Holder::Organiser);
        }
        // Every token is compared, so the time taken says nothing of which matched.
        let matched = store
            .chair_tokens()?
            .into_iter()
            .fold(None, |found, (room, secret)| {
                if same_secret(&secret, offered) {
                    Some(room)
                } else {
                    found
                }
            });
        matched.map(Holder::Chair).ok_or(HubError::Unauthorized)
    }

    /// Takes `programme` from the hub's own source (at start, or from the
    /// address it follows) as a new revision, unless it is the one current
    /// or the one last taken from that source: edits made on the hub since
    /// stay until the source itself changes.
    pub fn take_from_source(
        &mut self,
        store: &mut impl Store,
        programme: Programme,
        source: &str,
        at: DateTime<Utc>,
    ) -> Result<Option<Saved>, HubError> {
        let author = format!("source {source}");
        // As it was read: the marks of the day the hub added are not the source's.
        let last = store.latest_by(&author)?.map(|taken| Programme {
            changed_today: programme.changed_today.clone(),
            ..taken.programme
        });
        if last.as_ref() == Some(&programme) {
            return Ok(None);
        }
        // What chairs said today stays with its sessions.
        let programme = match &self.current {
            Some(current) => carry_live(last.as_ref(), &current.programme, programme),
            None => programme,
        };
        self.save(store, programme, &author, at, None)
    }

    /// Replaces the programme with `body`, in any format and text encoding
    /// Marquee reads, for `holder`, if the programme is still at revision
    /// `base`.
    pub fn replace(
        &mut self,
        store: &mut impl Store,
        holder: &Holder,
        base: Option<RevisionNumber>,
        body: impl AsRef<[u8]>,
        at: DateTime<Utc>,
    ) -> Result<(Current, Option<Saved>), HubError> {
        holder.organiser()?;
        let base = base.ok_or(HubError::BaseMissing)?;
        let current = self
            .current
            .as_ref()
            .map_or(RevisionNumber::default(), |c| c.info.number);
        if base != current {
            return Err(HubError::Stale { base, current });
        }
        let programme = import_bytes(body.as_ref(), &ImportOptions::default())?.programme;
        let programme = match (&self.current, programme.delays.is_empty()) {
            (Some(current), true) => carry_live(None, &current.programme, programme),
            _ => programme,
        };
        let saved = self.save(store, programme, "organiser", at, None)?;
        Ok((self.current.clone().ok_or(HubError::Empty)?, saved))
    }

    /// Applies `operations`, made on revision `base`, as one revision, for
    /// `holder`: the organiser, or a room's chair for what a chair may do
    /// there. Made on an older revision, the batch is applied on top when
    /// nothing changed since touches what it touches.
    pub fn operate(
        &mut self,
        store: &mut impl Store,
        holder: &Holder,
        base: Option<RevisionNumber>,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<(Operated, Option<Saved>), HubError> {
        let base = base.ok_or(HubError::BaseMissing)?;
        let current = self.current.clone().ok_or(HubError::Empty)?;
        permitted(holder, &current.programme, operations)?;
        let now = current.info.number;
        let (edited, merged_from) = if base == now {
            (edit::apply(&current.programme, operations, at)?, None)
        } else if base < now {
            let old = store
                .revision(base)?
                .ok_or(HubError::Stale { base, current: now })?
                .programme;
            let edited =
                edit::rebase(&old, &current.programme, operations, at).map_err(|e| match e {
                    RebaseError::Refused(refused) => HubError::Refused(refused),
                    RebaseError::Conflicts(conflicts) => HubError::Conflicts(conflicts),
                })?;
            (edited, Some(base))
        } else {
            return Err(HubError::Stale { base, current: now });
        };
        let summary = edit::describe(&current.programme, operations);
        let stored = StoredEdit {
            operations: operations.to_vec(),
            inverse: edited.inverse.clone(),
        };
        let saved = self.save(
            store,
            edited.programme,
            &holder.author(),
            at,
            Some((&summary, &stored)),
        )?;
        let operated = Operated {
            current: self.current.clone().ok_or(HubError::Empty)?,
            inverse: edited.inverse,
            changed: saved.is_some(),
            merged_from,
        };
        Ok((operated, saved))
    }

    /// What `operations` would make of the current programme, for
    /// `holder`, storing nothing.
    pub fn preview(
        &self,
        holder: &Holder,
        operations: &[Operation],
        at: DateTime<Utc>,
    ) -> Result<(Current, Edited), HubError> {
        let current = self.current.clone().ok_or(HubError::Empty)?;
        permitted(holder, &current.programme, operations)?;
        let edited = edit::apply(&current.programme, operations, at)?;
        Ok((current, edited))
    }

    /// Gives `room` the chair token `fresh`, in place of the one it had:
    /// its old link stops working at once. For whoever holds the data folder.
    pub fn rotate_chair(
        &self,
        store: &mut impl Store,
        room: &RoomId,
        fresh: String,
    ) -> Result<String, HubError> {
        let current = self.current.as_ref().ok_or(HubError::Empty)?;
        if current.programme.room(room).is_none() {
            return Err(HubError::UnknownRoom(room.clone()));
        }
        store.replace_chair_token(room, &fresh)?;
        Ok(fresh)
    }

    /// Each room's chair token, made from `fresh` the first time, for the
    /// organiser to hand out; in the programme's order of rooms.
    pub fn chair_tokens<E>(
        &self,
        store: &mut impl Store,
        holder: &Holder,
        mut fresh: impl FnMut() -> Result<String, E>,
    ) -> Result<Vec<(RoomId, String)>, HubError>
    where
        HubError: From<E>,
    {
        holder.organiser()?;
        let current = self.current.as_ref().ok_or(HubError::Empty)?;
        current
            .programme
            .rooms_in_order()
            .into_iter()
            .map(|room| {
                let secret = store.chair_token(&room.id, fresh()?)?;
                Ok((room.id.clone(), secret))
            })
            .collect()
    }

    /// Stores `programme` as the next revision (with the edit that made it,
    /// and its summary); `None` when it is the programme already current.
    fn save(
        &mut self,
        store: &mut impl Store,
        programme: Programme,
        author: &str,
        at: DateTime<Utc>,
        edit: Option<(&str, &StoredEdit)>,
    ) -> Result<Option<Saved>, HubError> {
        let (programme, marks_left_off) = self.marking_changes(store, programme, at);
        if self
            .current
            .as_ref()
            .is_some_and(|current| *current.programme == programme)
        {
            return Ok(None);
        }
        let json = to_json(&programme);
        let summary = match edit {
            Some((summary, _)) => summary.to_owned(),
            None => format!(
                "{} sessions, {} speakers, {} rooms",
                programme.sessions.len(),
                programme.speakers.len(),
                programme.rooms.len()
            ),
        };
        let info = store.save(NewRevision {
            programme: &programme,
            json: &json,
            author,
            summary: &summary,
            at,
            edit: edit.map(|(_, e)| e),
        })?;
        let current = Current {
            info: info.clone(),
            programme: Arc::new(programme),
            json: json.into(),
        };
        self.current = Some(current.clone());
        Ok(Some(Saved {
            current,
            announcement: Announcement {
                revision: info.number,
                summary,
            },
            marks_left_off,
        }))
    }

    /// `programme` with what changed for visitors since the conference day
    /// of `at` began, for screens to mark on the talks. Marks it cannot
    /// work out are left off, and why is given.
    fn marking_changes(
        &mut self,
        store: &impl Store,
        mut programme: Programme,
        at: DateTime<Utc>,
    ) -> (Programme, Option<StoreError>) {
        match self.day_began_with(store, &programme, at) {
            Ok(began) => {
                let day = day_of(at, programme.conference.timezone);
                programme.changed_today = began
                    .map(|began| changed_today(&began, &programme, day))
                    .filter(|changed| !changed.sessions.is_empty());
                (programme, None)
            }
            Err(error) => {
                programme.changed_today = None;
                (programme, Some(error))
            }
        }
    }

    /// The programme as the conference day of `at` began, kept for the day.
    fn day_began_with(
        &mut self,
        store: &impl Store,
        programme: &Programme,
        at: DateTime<Utc>,
    ) -> Result<Option<Arc<Programme>>, StoreError> {
        let zone = programme.conference.timezone;
        let day = day_of(at, zone);
        if let Some((kept_day, began)) = &self.day_began
            && *kept_day == day
        {
            return Ok(Some(began.clone()));
        }
        let since = day_began(day, zone).with_timezone(&Utc);
        // Before the hub's first revision, the day begins with it.
        let Some(began) = store.as_of(since)? else {
            return Ok(None);
        };
        let began = Arc::new(began.programme);
        self.day_began = Some((day, began.clone()));
        Ok(Some(began))
    }

    /// Publishes the current revision as version `name`, with what changed
    /// for visitors since the version before (or since the first revision).
    pub fn publish(
        &self,
        store: &mut impl Store,
        holder: &Holder,
        name: &str,
        at: DateTime<Utc>,
    ) -> Result<StoredRelease, HubError> {
        holder.organiser()?;
        if name.trim().is_empty() {
            return Err(HubError::Unnamed);
        }
        let current = self.current.as_ref().ok_or(HubError::Empty)?;
        let since = store
            .releases()?
            .first()
            .map_or(RevisionNumber(1), |r| r.revision);
        let before = store.revision(since)?.ok_or(HubError::Empty)?.programme;
        let release = StoredRelease {
            name: name.trim().to_owned(),
            revision: current.info.number,
            published_at: at,
            changes: changelog(&before, &current.programme),
        };
        store.publish(&release)?;
        Ok(release)
    }

    /// Whether `programme` is that of one of the newest `count` revisions.
    pub fn is_recent(
        &self,
        store: &impl Store,
        programme: &Programme,
        count: u64,
    ) -> Result<bool, HubError> {
        let Some(current) = &self.current else {
            return Ok(false);
        };
        if *current.programme == *programme {
            return Ok(true);
        }
        let newest = current.info.number.0;
        for number in (newest.saturating_sub(count - 1)..newest).rev() {
            match store.revision(RevisionNumber(number)) {
                Ok(Some(revision)) if revision.programme == *programme => return Ok(true),
                // One that cannot be read is not this one.
                Ok(_) | Err(StoreError::Unreadable { .. }) => {}
                Err(error) => return Err(error.into()),
            }
        }
        Ok(false)
    }
}

/// Whether `holder` may make `operations` on `programme`: a chair may only
/// say how their own room runs.
fn permitted(
    holder: &Holder,
    programme: &Programme,
    operations: &[Operation],
) -> Result<(), HubError> {
    let Holder::Chair(room) = holder else {
        return Ok(());
    };
    if operations
        .iter()
        .all(|operation| operation.chair_room(programme).as_ref() == Some(room))
    {
        Ok(())
    } else {
        Err(HubError::Forbidden { room: room.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{ORGANISER, Venue, at, default_text, ops};

    fn marked(venue: &Venue) -> Option<(String, Vec<String>)> {
        let changed = venue.current().programme.changed_today.clone()?;
        let sessions = changed.sessions.iter().map(|m| m.session.0.clone());
        Some((changed.day.to_string(), sessions.collect()))
    }

    #[test]
    fn the_day_s_marks_follow_the_venue_s_clock_across_days() {
        let mut venue = Venue::new();
        let token = Some(ORGANISER);
        let cancel = |id: &str| ops(&format!(r#"[{{"op": "cancel", "session": "{id}"}}]"#));
        venue
            .replace(token, Some(0), default_text(), at("2016-06-06T09:58:00Z"))
            .unwrap();
        assert_eq!(marked(&venue), None, "the first revision marks nothing");
        venue
            .operate(
                token,
                Some(1),
                &cancel("secrets"),
                at("2016-06-06T09:59:00Z"),
            )
            .unwrap();
        assert_eq!(
            marked(&venue),
            Some(("2016-06-05".into(), vec!["secrets".into()])),
            "05:59 in Boston is the night before"
        );
        venue
            .operate(token, Some(2), &cancel("clair"), at("2016-06-06T10:01:00Z"))
            .unwrap();
        assert_eq!(
            marked(&venue),
            Some(("2016-06-06".into(), vec!["clair".into()]))
        );
        // A day later, what changed the day before is the new day's start.
        let next_day = venue
            .operate(
                token,
                Some(3),
                &cancel("kubernetes"),
                at("2016-06-07T10:01:00Z"),
            )
            .unwrap();
        assert_eq!(next_day.current.info.number, 4);
        assert_eq!(
            marked(&venue),
            Some(("2016-06-07".into(), vec!["kubernetes".into()]))
        );
        let marks_left = venue.saved.iter().filter(|s| s.marks_left_off.is_some());
        assert_eq!(marks_left.count(), 0);
    }

    #[test]
    fn only_a_new_programme_is_a_revision_and_each_is_announced_once() {
        let mut venue = Venue::new();
        let programme = marquee_core::format::parse(&default_text())
            .unwrap()
            .programme;
        let t = at("2016-06-06T08:00:00Z");
        assert!(
            venue
                .take_from_source(programme.clone(), "p.json", t)
                .unwrap()
        );
        assert!(!venue.take_from_source(programme, "p.json", t).unwrap());
        let same = venue.replace(Some(ORGANISER), Some(1), default_text(), t);
        assert_eq!(same.unwrap().info.number, 1);
        let announced: Vec<u64> = venue
            .saved
            .iter()
            .map(|s| s.announcement.revision.0)
            .collect();
        assert_eq!(announced, [1]);
        assert_eq!(venue.saved[0].current.info.author, "source p.json");
        assert_eq!(venue.store.revisions.len(), 1);
    }

    #[test]
    fn a_chair_may_say_how_only_their_own_room_runs() {
        let mut venue = Venue::new();
        let t = at("2016-06-06T14:00:00Z");
        venue
            .replace(Some(ORGANISER), Some(0), default_text(), t)
            .unwrap();
        let organiser = venue.holder(Some(ORGANISER)).unwrap();
        let fresh = venue.fresh();
        let mut next = Some(crate::secret::token_of(&fresh));
        let tokens = venue
            .hub
            .chair_tokens(&mut venue.store, &organiser, || {
                Ok::<_, HubError>(next.take().unwrap_or_else(|| format!("{}", t.timestamp())))
            })
            .unwrap();
        let (room, secret) = tokens[0].clone();
        assert_eq!(room.as_str(), "main-hall");
        let chair = Some(secret.as_str());
        assert_eq!(venue.holder(chair).unwrap(), Holder::Chair(room.clone()));
        let late = ops(r#"[{"op": "late", "room": "main-hall", "minutes": 10}]"#);
        assert!(venue.operate(chair, Some(1), &late, t).unwrap().changed);
        let reorder =
            ops(r#"[{"op": "move", "session": "realworld", "room": "main-hall", "index": 1}]"#);
        assert!(matches!(
            venue.operate(chair, Some(2), &reorder, t),
            Err(HubError::Forbidden { .. })
        ));
        assert!(matches!(
            venue.replace(chair, Some(2), default_text(), t),
            Err(HubError::Unauthorized)
        ));
        let holder = venue.holder(chair).unwrap();
        assert!(matches!(
            venue.hub.publish(&mut venue.store, &holder, "v1", t),
            Err(HubError::Unauthorized)
        ));
        // Rotated, the old link says nothing.
        venue
            .hub
            .rotate_chair(&mut venue.store, &room, "rotated".into())
            .unwrap();
        assert!(matches!(venue.holder(chair), Err(HubError::Unauthorized)));
    }
}
