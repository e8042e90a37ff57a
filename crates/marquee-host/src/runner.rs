//! The scheduler driven on a thread by the screen's clock: it hears the
//! store's revisions, asks the scheduler at each wake-up, and hands every new
//! screen to the host's `publish`. It stops when dropped.

use std::sync::mpsc::{RecvTimeoutError, channel};

use chrono::Utc;

use crate::background::Background;
use crate::clock::{ClockStart, ScreenClock};
use crate::scheduler::{Plan, Scheduler};
use crate::screen::Screen;
use crate::settings::ScreenSettings;
use crate::store::{ProgrammeStore, Revision};

enum Signal {
    Revision(Revision),
    Stop,
}

/// A screen's heartbeat, until dropped.
pub struct ScreenRunner {
    _thread: Background,
}

impl ScreenRunner {
    pub fn start(
        store: &ProgrammeStore,
        settings: &ScreenSettings,
        mut publish: impl FnMut(&Screen) + Send + 'static,
    ) -> std::io::Result<ScreenRunner> {
        let (signals, received) = channel();
        let heard = signals.clone();
        store.subscribe(move |revision| heard.send(Signal::Revision(revision.clone())).is_ok());
        let plan = Plan::from(settings);
        let start = settings.clock.clone();
        let rate = settings.clock_rate;
        let thread = std::thread::Builder::new()
            .name("scheduler".to_owned())
            .spawn(move || {
                let mut scheduler = Scheduler::new(plan);
                // Set with the first programme, which a start like "10:42" needs.
                let mut clock: Option<ScreenClock> = None;
                let mut signal = received.recv().ok();
                loop {
                    match signal {
                        Some(Signal::Revision(revision)) => {
                            if clock.is_none()
                                && let Some(programme) = &revision.programme
                            {
                                clock = Some(screen_clock(start.as_ref(), rate, programme));
                            }
                            let now = clock.map_or_else(Utc::now, |c| c.now());
                            scheduler.update(revision, now);
                        }
                        Some(Signal::Stop) | None => return,
                    }
                    // Tick until the next signal.
                    signal = loop {
                        let ticking = clock.unwrap_or(ScreenClock::Real);
                        let now = ticking.now();
                        let tick = scheduler.tick(now);
                        if let Some(screen) = &tick.screen {
                            publish(screen);
                        }
                        let wait = tick.wake_at.and_then(|at| ticking.wait(now, at));
                        let next = match wait {
                            Some(wait) => received.recv_timeout(wait),
                            None => received.recv().map_err(|_| RecvTimeoutError::Disconnected),
                        };
                        match next {
                            Ok(signal) => break Some(signal),
                            Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => break None,
                        }
                    };
                }
            })?;
        let thread = Background::new(thread, move || {
            let _ = signals.send(Signal::Stop);
        });
        Ok(ScreenRunner { _thread: thread })
    }
}

fn screen_clock(
    start: Option<&ClockStart>,
    rate: Option<f64>,
    programme: &marquee_core::Programme,
) -> ScreenClock {
    match (start, rate) {
        (Some(start), rate) => {
            ScreenClock::simulated(start.resolve(programme), rate.unwrap_or(1.0))
        }
        (None, Some(rate)) => ScreenClock::simulated(Utc::now(), rate),
        (None, None) => ScreenClock::Real,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;
    use crate::settings::{ScreenOptions, ScreenRequest};
    use crate::testing::default_programme;

    fn settings(clock: &str, rate: f64) -> ScreenSettings {
        ScreenSettings::resolve(&ScreenRequest {
            options: ScreenOptions {
                programme: Some(PathBuf::from("programme.json")),
                rooms: vec!["Main Hall".to_owned()],
                clock: Some(clock.parse().unwrap()),
                clock_rate: Some(rate),
                scene_seconds: Some(5),
                ..ScreenOptions::default()
            },
            ..ScreenRequest::default()
        })
        .unwrap()
    }

    fn clock_of(screen: &Screen) -> String {
        screen.snapshot.as_ref().expect("a snapshot").clock.clone()
    }

    #[test]
    fn it_follows_the_store_on_the_screens_clock_and_stops_when_dropped() {
        let store = ProgrammeStore::new();
        let (screens, published) = channel();
        let runner = ScreenRunner::start(&store, &settings("10:42", 600.0), move |screen| {
            let _ = screens.send(screen.clone());
        })
        .unwrap();
        let wait = Duration::from_secs(5);
        let first = published.recv_timeout(wait).unwrap();
        assert!(first.snapshot.is_none() && first.problem.is_none());

        store.publish(default_programme());
        let shown = published.recv_timeout(wait).unwrap();
        assert!(shown.simulated);
        assert_eq!(clock_of(&shown), "10:42");
        // Ten minutes a second: the clock moves on without being asked.
        let mut clocks = vec![clock_of(&shown)];
        while clocks.len() < 3 {
            let screen = published.recv_timeout(wait).unwrap();
            if clocks.last() != Some(&clock_of(&screen)) {
                clocks.push(clock_of(&screen));
            }
        }
        assert_eq!(clocks, ["10:42", "10:43", "10:44"]);
        drop(runner);
        // Its publisher is gone with its thread.
        while published.try_recv().is_ok() {}
        assert!(matches!(
            published.recv_timeout(Duration::from_millis(100)),
            Err(RecvTimeoutError::Disconnected)
        ));
    }
}
