//! The screen's heartbeat, sans I/O: it takes the store's revisions and the
//! screen's time as input, and answers with the screen to publish (only when
//! it differs from the last) and the instant at which it next needs asking.
//! Nothing is drawn between changes. [`crate::runner`] drives it from a
//! thread; a test drives it on virtual time.

use chrono::{DateTime, Utc};
use marquee_core::timeline::{Engine, ScreenConfig, ScreenSnapshot, snapshot};

use crate::error::{ErrorPayload, HostError};
use crate::rooms::find_room;
use crate::screen::{Colours, Screen, Theme};
use crate::settings::ScreenSettings;
use crate::store::Revision;

/// What the scheduler needs of the screen's settings.
#[derive(Debug, Clone)]
pub struct Plan {
    pub rooms: Vec<String>,
    pub scene_seconds: Option<u32>,
    pub theme: Theme,
    /// Screen seconds per real second; scenes are slowed by as much.
    pub clock_rate: f64,
    /// The clock is a preview's or a rehearsal's.
    pub simulated: bool,
}

impl From<&ScreenSettings> for Plan {
    fn from(settings: &ScreenSettings) -> Self {
        Plan {
            rooms: settings.rooms.clone(),
            scene_seconds: settings.scene_seconds,
            theme: settings.theme,
            clock_rate: settings.clock_rate.unwrap_or(1.0),
            simulated: settings.clock.is_some() || settings.clock_rate.is_some(),
        }
    }
}

/// The answer to [`Scheduler::tick`].
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// A screen that differs from the last one published.
    pub screen: Option<Screen>,
    /// When to tick again at the latest, in the screen's time; `None` until
    /// the next revision.
    pub wake_at: Option<DateTime<Utc>>,
}

pub struct Scheduler {
    plan: Plan,
    revision: Revision,
    /// The engine for the revision's programme, or why there is none.
    engine: Option<Result<Engine, HostError>>,
    /// In the screen's time, so that a rehearsal's badge agrees with its clock.
    offline_since: Option<DateTime<Utc>>,
    last: Option<Screen>,
}

impl Scheduler {
    pub fn new(plan: Plan) -> Self {
        Scheduler {
            plan,
            revision: Revision::default(),
            engine: None,
            offline_since: None,
            last: None,
        }
    }

    /// Takes the store as it stands, heard at `now`.
    pub fn update(&mut self, revision: Revision, now: DateTime<Utc>) {
        if revision.number != self.revision.number || self.engine.is_none() {
            self.engine = revision
                .programme
                .clone()
                .map(|programme| self.engine_for(programme));
        }
        match (revision.source.offline, self.offline_since) {
            (true, None) => self.offline_since = Some(now),
            (false, Some(_)) => self.offline_since = None,
            _ => {}
        }
        self.revision = revision;
    }

    /// What the screen shows at `now`.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Tick {
        let (screen, wake_at) = match &self.engine {
            Some(Ok(engine)) => {
                let moment = engine.state_at(&now);
                let shown = snapshot(engine, &moment, &now);
                let next = engine.next_change_after(&now);
                let mut screen = self.screen(Some(shown), None);
                screen.next_change = Some(next.to_rfc3339());
                (screen, Some(next))
            }
            Some(Err(problem)) => (self.screen(None, Some(problem)), None),
            None => (
                self.screen(None, self.revision.source.problem.as_ref()),
                None,
            ),
        };
        let screen = (self.last.as_ref() != Some(&screen)).then(|| {
            self.last = Some(screen.clone());
            screen
        });
        Tick { screen, wake_at }
    }

    fn engine_for(
        &self,
        programme: std::sync::Arc<marquee_core::Programme>,
    ) -> Result<Engine, HostError> {
        let rooms = self
            .plan
            .rooms
            .iter()
            .map(|name| find_room(&programme, name))
            .collect::<Result<Vec<_>, _>>()?;
        let config = ScreenConfig {
            rooms,
            ..ScreenConfig::default()
        };
        let config = match self.plan.scene_seconds {
            Some(seconds) => config.with_scene_seconds(seconds),
            None => config,
        };
        // Scene lengths are in the clock's seconds: rehearsing a day at 60
        // times the speed keeps each scene up as long as on the day.
        let slowed = self.plan.clock_rate.round().clamp(1.0, f64::from(u32::MAX)) as u32;
        Ok(Engine::new(programme, config.with_scenes_slowed(slowed)))
    }

    fn screen(&self, snapshot: Option<ScreenSnapshot>, problem: Option<&HostError>) -> Screen {
        let programme = self.revision.programme.as_deref();
        let offline = self.offline_since.map(|since| {
            let zone = programme.map_or(chrono_tz::UTC, |p| p.conference.timezone);
            format!(
                "offline since {}",
                since.with_timezone(&zone).format("%H:%M")
            )
        });
        Screen {
            snapshot,
            problem: problem.map(ErrorPayload::from),
            simulated: self.plan.simulated,
            offline,
            colours: Colours::for_programme(self.plan.theme, programme),
            next_change: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use chrono::TimeDelta;
    use marquee_core::edit::{self, Operation};
    use marquee_core::timeline::SceneView;

    use super::*;
    use crate::store::{ProgrammeStore, SourceStatus};
    use crate::testing::default_programme;

    fn plan() -> Plan {
        Plan {
            rooms: Vec::new(),
            scene_seconds: Some(10),
            theme: Theme::Dark,
            clock_rate: 1.0,
            simulated: true,
        }
    }

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    /// The sessions on now that the screen shows.
    fn on_now(screen: &Screen) -> Vec<marquee_core::timeline::SessionView> {
        match &screen.snapshot.as_ref().expect("a snapshot").scene {
            SceneView::Now { rows, .. } => rows.iter().filter_map(|r| r.current.clone()).collect(),
            SceneView::Session { session, .. } => vec![(**session).clone()],
            other => panic!("a talk is on: {other:?}"),
        }
    }

    fn titles(screen: &Screen) -> Vec<String> {
        on_now(screen).into_iter().map(|s| s.title).collect()
    }

    #[test]
    fn a_whole_day_replays_on_virtual_time_and_every_publication_is_what_the_engine_says() {
        let store = ProgrammeStore::new();
        store.publish(default_programme());
        let revision = store.current();
        let engine = Engine::new(
            revision.programme.clone().unwrap(),
            ScreenConfig::default().with_scene_seconds(10),
        );
        let mut scheduler = Scheduler::new(plan());
        let mut now = at("2016-06-06T11:00:00Z");
        scheduler.update(revision, now);
        let end = at("2016-06-07T04:00:00Z");
        let mut published = 0;
        while now < end {
            let tick = scheduler.tick(now);
            let screen = tick
                .screen
                .expect("every wake-up has something new to show");
            let expected = snapshot(&engine, &engine.state_at(&now), &now);
            assert_eq!(screen.snapshot.as_ref(), Some(&expected), "at {now}");
            assert!(screen.problem.is_none() && screen.offline.is_none());
            // Asked again before it is due, it has nothing new.
            assert_eq!(scheduler.tick(now).screen, None);
            let next = tick.wake_at.expect("a programme always has a next change");
            assert!(next > now, "time moves on at {now}");
            now = next;
            published += 1;
        }
        // At least the clock's every minute over these seventeen hours.
        assert!(published > 17 * 60, "{published} publications");
    }

    #[test]
    fn a_new_revision_shows_at_once_and_a_room_running_late_reaches_the_screen() {
        let store = ProgrammeStore::new();
        let programme = default_programme();
        store.publish(programme.clone());
        let mut scheduler = Scheduler::new(Plan {
            rooms: vec!["Main Hall".to_owned()],
            ..plan()
        });
        let now = at("2016-06-06T14:42:00Z");
        scheduler.update(store.current(), now);
        let first = scheduler.tick(now).screen.unwrap();
        assert_eq!(
            titles(&first),
            ["ComplianceOps: Containers in Regulated Environments"]
        );

        let mut renamed = programme.clone();
        let talk = renamed
            .sessions
            .iter_mut()
            .find(|s| s.title.starts_with("ComplianceOps"))
            .map(Arc::make_mut)
            .unwrap();
        talk.title = "Compliance, renamed".to_owned();
        store.publish(renamed.clone());
        scheduler.update(store.current(), now);
        assert_eq!(
            titles(&scheduler.tick(now).screen.unwrap()),
            ["Compliance, renamed"]
        );

        let hall = programme.rooms[0].id.clone();
        let late_by = |minutes| Operation::Late {
            room: hall.clone(),
            minutes,
            session: None,
            started_minutes: None,
        };
        let late = edit::apply(&renamed, &[late_by(10)], now)
            .unwrap()
            .programme;
        store.publish(late.clone());
        scheduler.update(store.current(), now);
        let late = on_now(&scheduler.tick(now).screen.unwrap());
        assert_eq!(late[0].late.as_deref(), Some("running 10 min late"));
        assert_eq!(late[0].time, "10:30–11:05", "the talk on runs over");
        store.publish(renamed);
        scheduler.update(store.current(), now);
        let on_time = on_now(&scheduler.tick(now).screen.unwrap());
        assert_eq!(
            (on_time[0].late.as_deref(), on_time[0].time.as_str()),
            (None, "10:30–10:55")
        );
    }

    #[test]
    fn the_emergency_message_in_a_programme_replaces_the_screen_and_goes_with_it() {
        let store = ProgrammeStore::new();
        let programme = default_programme();
        let now = at("2016-06-06T14:42:00Z");
        let posted = edit::apply(
            &programme,
            &[Operation::Emergency {
                title: "Please leave the building".to_owned(),
                text: String::new(),
                since: None,
            }],
            now,
        )
        .unwrap()
        .programme;
        let mut scheduler = Scheduler::new(plan());
        store.publish(posted);
        scheduler.update(store.current(), now);
        let screen = scheduler.tick(now).screen.unwrap();
        let scene = &screen.snapshot.as_ref().unwrap().scene;
        assert!(
            matches!(scene, SceneView::Emergency { title, .. } if title == "Please leave the building"),
            "{scene:?}"
        );
        store.publish(programme);
        scheduler.update(store.current(), now);
        let screen = scheduler.tick(now).screen.unwrap();
        assert!(!matches!(
            screen.snapshot.unwrap().scene,
            SceneView::Emergency { .. }
        ));
    }

    #[test]
    fn offline_is_dated_by_the_screens_clock_and_a_problem_shows_only_without_a_programme() {
        let mut scheduler = Scheduler::new(plan());
        let now = at("2016-06-06T18:02:00Z");
        let problem = HostError::NoDefaultProgramme(Vec::new());
        scheduler.update(
            Revision {
                source: SourceStatus {
                    problem: Some(problem.clone()),
                    ..SourceStatus::default()
                },
                ..Revision::default()
            },
            now,
        );
        let explained = scheduler.tick(now);
        assert_eq!(explained.wake_at, None, "nothing to wait for");
        let explained = explained.screen.unwrap();
        assert_eq!(explained.problem.unwrap().message, problem.to_string());

        let revision = Revision {
            number: 1,
            programme: Some(Arc::new(default_programme())),
            source: SourceStatus {
                problem: Some(problem),
                offline: true,
                version: None,
            },
        };
        scheduler.update(revision.clone(), now);
        let shown = scheduler.tick(now).screen.unwrap();
        assert!(shown.problem.is_none() && shown.snapshot.is_some());
        assert_eq!(shown.offline.as_deref(), Some("offline since 14:02"));
        // Still offline an hour on: still since 14:02.
        let later = now + TimeDelta::hours(1);
        scheduler.update(revision, later);
        let still = scheduler.tick(later).screen.unwrap();
        assert_eq!(still.offline.as_deref(), Some("offline since 14:02"));
    }

    #[test]
    fn a_room_the_programme_does_not_have_is_explained() {
        let store = ProgrammeStore::new();
        store.publish(default_programme());
        let mut scheduler = Scheduler::new(Plan {
            rooms: vec!["Ballroom".to_owned()],
            ..plan()
        });
        let now = at("2016-06-06T14:42:00Z");
        scheduler.update(store.current(), now);
        let problem = scheduler
            .tick(now)
            .screen
            .unwrap()
            .problem
            .expect("a problem");
        assert!(
            problem.message.contains("no room \"Ballroom\""),
            "{}",
            problem.message
        );
        assert!(problem.message.contains("Main Hall, Workshop Room"));
    }
}
