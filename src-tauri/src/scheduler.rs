//! The screen's heartbeat: it asks the engine what to show, publishes it,
//! then sleeps until the engine's next change or until the programme
//! changes, whichever comes first. Nothing is drawn between changes.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};

use chrono::{DateTime, Utc};
use marquee_core::Programme;
use marquee_core::timeline::{Engine, ScreenConfig, snapshot};

use crate::clock::{ClockStart, ScreenClock};
use crate::error::{AppError, ErrorPayload};
use crate::screen::{Colours, Screen};
use crate::settings::{ScreenSettings, Theme};

/// What changes a screen from outside its clock.
#[derive(Debug)]
pub enum Update {
    /// A programme that was read and imported.
    Programme(Arc<Programme>),
    /// The programme cannot be read; shown only while there is no good one.
    Unreadable(AppError),
    /// The programme's address cannot be reached since then; `None` once it can.
    Offline(Option<DateTime<Utc>>),
}

/// What the scheduler needs of the screen's settings.
#[derive(Debug, Clone)]
pub struct Plan {
    pub rooms: Vec<String>,
    pub scene_seconds: Option<u32>,
    pub theme: Theme,
    pub clock: Option<ClockStart>,
    pub clock_rate: Option<f64>,
}

impl From<&ScreenSettings> for Plan {
    fn from(settings: &ScreenSettings) -> Self {
        Plan {
            rooms: settings.rooms.clone(),
            scene_seconds: settings.scene_seconds,
            theme: settings.theme,
            clock: settings.clock.clone(),
            clock_rate: settings.clock_rate,
        }
    }
}

pub struct Scheduler {
    plan: Plan,
    programme: Option<Arc<Programme>>,
    problem: Option<AppError>,
    offline_since: Option<DateTime<Utc>>,
    /// Set with the first programme, which a start like "10:42" needs.
    clock: Option<ScreenClock>,
}

impl Scheduler {
    pub fn new(plan: Plan) -> Self {
        Scheduler {
            plan,
            programme: None,
            problem: None,
            offline_since: None,
            clock: None,
        }
    }

    /// Publishes each new screen until `updates` is closed.
    pub fn run(mut self, updates: Receiver<Update>, mut publish: impl FnMut(&Screen)) {
        let mut last: Option<Screen> = None;
        let mut show = |screen: Screen| {
            if last.as_ref() != Some(&screen) {
                publish(&screen);
                last = Some(screen);
            }
        };
        loop {
            let received = match self.programme.clone() {
                Some(programme) => match self.config(&programme) {
                    Ok(config) => self.follow(&programme, config, &updates, &mut show),
                    Err(problem) => {
                        show(self.screen(None, Some(&problem)));
                        updates.recv().map_err(|_| RecvTimeoutError::Disconnected)
                    }
                },
                None => {
                    show(self.screen(None, self.problem.as_ref()));
                    updates.recv().map_err(|_| RecvTimeoutError::Disconnected)
                }
            };
            match received {
                Ok(update) => self.apply(update),
                Err(_) => return,
            }
        }
    }

    /// Shows `programme` as time passes, until an update arrives.
    fn follow(
        &mut self,
        programme: &Programme,
        config: ScreenConfig,
        updates: &Receiver<Update>,
        show: &mut impl FnMut(Screen),
    ) -> Result<Update, RecvTimeoutError> {
        let engine = Engine::new(programme, config, &[]);
        let clock = *self.clock.get_or_insert_with(|| match &self.plan.clock {
            Some(start) => ScreenClock::simulated(
                start.resolve(programme),
                self.plan.clock_rate.unwrap_or(1.0),
            ),
            None => match self.plan.clock_rate {
                Some(rate) => ScreenClock::simulated(Utc::now(), rate),
                None => ScreenClock::Real,
            },
        });
        loop {
            let now = clock.now();
            let moment = engine.state_at(&now);
            show(self.screen(Some(snapshot(&engine, &moment, &now)), None));
            let next = engine.next_change_after(&now);
            let received = match clock.wait(now, next) {
                Some(wait) => updates.recv_timeout(wait),
                None => updates.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            match received {
                Ok(Update::Offline(since)) => self.offline_since = since,
                Ok(update) => return Ok(update),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(RecvTimeoutError::Disconnected);
                }
            }
        }
    }

    fn apply(&mut self, update: Update) {
        match update {
            Update::Programme(programme) => {
                self.programme = Some(programme);
                self.problem = None;
            }
            Update::Unreadable(error) => self.problem = Some(error),
            Update::Offline(since) => self.offline_since = since,
        }
    }

    /// The engine's configuration for this programme: its rooms by name or id.
    fn config(&self, programme: &Programme) -> Result<ScreenConfig, AppError> {
        let rooms = self
            .plan
            .rooms
            .iter()
            .map(|name| crate::cli::find_room(programme, name))
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
        let rate = self.plan.clock_rate.unwrap_or(1.0);
        Ok(config.with_scenes_slowed(rate.round().clamp(1.0, f64::from(u32::MAX)) as u32))
    }

    fn screen(
        &self,
        snapshot: Option<marquee_core::timeline::ScreenSnapshot>,
        problem: Option<&AppError>,
    ) -> Screen {
        let programme = self.programme.as_deref();
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
            simulated: self.clock.is_some_and(|c| c.is_simulated()),
            offline,
            colours: Colours::for_programme(self.plan.theme, programme),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;
    use std::time::Duration;

    use marquee_core::timeline::SceneView;

    use super::*;

    fn default_programme() -> Arc<Programme> {
        Arc::new(crate::source::default_programme())
    }

    fn plan(clock: &str, rate: f64) -> Plan {
        Plan {
            rooms: vec!["Main Hall".to_owned()],
            scene_seconds: Some(5),
            theme: Theme::Dark,
            clock: Some(clock.parse().unwrap()),
            clock_rate: Some(rate),
        }
    }

    /// Runs a scheduler on its own thread and hands back what it publishes.
    fn start(plan: Plan) -> (std::sync::mpsc::Sender<Update>, Receiver<Screen>) {
        let (updates, receive_updates) = channel();
        let (screens, published) = channel();
        std::thread::spawn(move || {
            Scheduler::new(plan).run(receive_updates, |screen| {
                let _ = screens.send(screen.clone());
            })
        });
        (updates, published)
    }

    fn clock_of(screen: &Screen) -> String {
        screen.snapshot.as_ref().expect("a snapshot").clock.clone()
    }

    #[test]
    fn it_explains_a_problem_until_a_programme_arrives_then_follows_the_clock() {
        let (updates, published) = start(plan("10:42", 600.0));
        let wait = Duration::from_secs(5);
        let first = published.recv_timeout(wait).unwrap();
        assert!(first.snapshot.is_none() && first.problem.is_none());

        updates
            .send(Update::Unreadable(AppError::Usage(
                "no programme yet".to_owned(),
            )))
            .unwrap();
        let explained = published.recv_timeout(wait).unwrap();
        assert_eq!(explained.problem.unwrap().message, "no programme yet");

        updates
            .send(Update::Programme(default_programme()))
            .unwrap();
        let shown = published.recv_timeout(wait).unwrap();
        assert!(shown.simulated);
        assert_eq!(clock_of(&shown), "10:42");
        // Ten minutes a second: the clock moves on without being asked.
        let mut clocks = vec![clock_of(&shown)];
        while clocks.len() < 4 {
            let screen = published.recv_timeout(wait).unwrap();
            if clocks.last() != Some(&clock_of(&screen)) {
                clocks.push(clock_of(&screen));
            }
        }
        assert_eq!(clocks, ["10:42", "10:43", "10:44", "10:45"]);
    }

    #[test]
    fn a_new_programme_shows_at_once_and_a_stopped_clock_publishes_nothing_more() {
        let (updates, published) = start(plan("10:42", 0.0));
        let wait = Duration::from_secs(5);
        published.recv_timeout(wait).unwrap();
        let programme = default_programme();
        updates.send(Update::Programme(programme.clone())).unwrap();
        let shown = published.recv_timeout(wait).unwrap();
        let title_of = |screen: &Screen| match &screen.snapshot.as_ref().unwrap().scene {
            SceneView::Now { rows, .. } => rows[0].current.as_ref().unwrap().title.clone(),
            SceneView::Session { session, .. } => session.title.clone(),
            other => panic!("at 10:42 a talk is on: {other:?}"),
        };
        assert_eq!(
            title_of(&shown),
            "ComplianceOps: Containers in Regulated Environments"
        );
        assert!(published.recv_timeout(Duration::from_millis(300)).is_err());

        let mut renamed = (*programme).clone();
        let talk = renamed
            .sessions
            .iter_mut()
            .find(|s| s.title.starts_with("ComplianceOps"))
            .unwrap();
        talk.title = "Compliance, renamed".to_owned();
        updates.send(Update::Programme(Arc::new(renamed))).unwrap();
        let changed = published.recv_timeout(wait).unwrap();
        assert_eq!(title_of(&changed), "Compliance, renamed");

        updates
            .send(Update::Offline(Some(
                "2016-06-06T18:02:00Z".parse().unwrap(),
            )))
            .unwrap();
        let offline = published.recv_timeout(wait).unwrap();
        assert_eq!(offline.offline.as_deref(), Some("offline since 14:02"));
    }

    #[test]
    fn a_room_the_programme_does_not_have_is_explained() {
        let mut plan = plan("10:42", 1.0);
        plan.rooms = vec!["Ballroom".to_owned()];
        let (updates, published) = start(plan);
        published.recv_timeout(Duration::from_secs(5)).unwrap();
        updates
            .send(Update::Programme(default_programme()))
            .unwrap();
        let screen = published.recv_timeout(Duration::from_secs(5)).unwrap();
        let problem = screen.problem.expect("a problem");
        assert!(
            problem.message.contains("no room \"Ballroom\""),
            "{}",
            problem.message
        );
        assert!(problem.message.contains("Main Hall, Workshop Room"));
    }
}
