//! The screens that follow the hub. A screen is enrolled before the hub
//! hears it: the organiser asks for a one-time code ([`Hub::enrolment`]),
//! the screen trades it for a token of its own ([`Hub::enrol`]), and from
//! then on every report, screenshot and command poll carries that token,
//! which names the screen ([`Hub::screen_holder`]): a screen can speak only
//! as itself, and one the organiser removes ([`Hub::remove_screen`]) is
//! not heard again. Tokens and codes are kept only as SHA-256 hashes, so
//! the database does not give them away. A screen not heard from for
//! [`FORGET_AFTER`] (or what the hub is given) drops out of the list.

use chrono::{DateTime, TimeDelta, Utc};
use marquee_host::report::{ScreenCommand, ScreenReport};

use crate::hub::{Hub, HubError, lock};
use crate::store::Screenshot;
use crate::token::{random_secret, sha256_hex};

/// How long an enrolment code can be used.
pub const CODE_LIFETIME: TimeDelta = TimeDelta::hours(1);
/// How long a silent screen stays on the list by default.
pub const FORGET_AFTER: TimeDelta = TimeDelta::days(1);
/// The most screens a hub keeps; a venue has tens.
const MOST_SCREENS: u64 = 1000;
/// The most enrolment codes open at once.
const MOST_CODES: u64 = 100;
/// Letters that cannot be mistaken for one another when typed from a screen.
const CODE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A one-time code that enrols one screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    /// As typed: `ABCD-EFGH`.
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// A screen as the hub last heard from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub report: ScreenReport,
    pub at: DateTime<Utc>,
    /// When its last screenshot was taken, if it sent one.
    pub screenshot_at: Option<DateTime<Utc>>,
}

fn hashed(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// A code as typed: upper case, without spaces or dashes.
fn normalised(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Eight letters of [`CODE_LETTERS`] (40 bits), as `ABCD-EFGH`.
fn new_code() -> Result<String, HubError> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| crate::token::TokenError::Random(e.to_string()))?;
    let letters: String = bytes
        .iter()
        .map(|b| CODE_LETTERS[(*b as usize) % CODE_LETTERS.len()] as char)
        .collect();
    Ok(format!("{}-{}", &letters[..4], &letters[4..]))
}

fn valid_name(name: &str) -> Result<&str, HubError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(HubError::BadReport(
            "a screen needs a name of 1 to 100 characters (fix: start it with --name NAME)"
                .to_owned(),
        ));
    }
    Ok(name)
}

impl Hub {
    /// Drops screens silent for `after` from the list (30 s at the least).
    pub fn forgetting_screens_after(mut self, after: TimeDelta) -> Hub {
        self.forget_screens_after = after.max(TimeDelta::seconds(30));
        self
    }

    /// A new one-time code for a screen to enrol with, for the organiser.
    pub fn enrolment(
        &self,
        token: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Enrolment, HubError> {
        self.authorize(token)?;
        let code = new_code()?;
        let expires_at = now + CODE_LIFETIME;
        let mut store = lock(&self.store);
        if !store.add_enrolment_code(&hashed(&normalised(&code)), expires_at, now, MOST_CODES)? {
            return Err(HubError::BadReport(format!(
                "{MOST_CODES} enrolment codes are open already (fix: use them, or wait an hour for them to expire)"
            )));
        }
        Ok(Enrolment { code, expires_at })
    }

    /// Enrols screen `name` with `code`, and gives its token; a screen of
    /// that name enrolled before loses its token.
    pub fn enrol(&self, code: &str, name: &str, now: DateTime<Utc>) -> Result<String, HubError> {
        let name = valid_name(name)?;
        let secret = random_secret()?;
        let mut store = lock(&self.store);
        if store.enrolled_count()? >= MOST_SCREENS && store.screen_of_name(name)?.is_none() {
            return Err(HubError::BadReport(format!(
                "the hub keeps {MOST_SCREENS} screens at most (fix: remove screens no longer used)"
            )));
        }
        if store.enrol(&hashed(&normalised(code)), name, &hashed(&secret), now)? {
            Ok(secret)
        } else {
            Err(HubError::UnknownEnrolmentCode)
        }
    }

    /// The name of the screen that holds `token`.
    pub fn screen_holder(&self, token: Option<&str>) -> Result<String, HubError> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or(HubError::UnknownScreenToken)?;
        lock(&self.store)
            .screen_of(&hashed(token))?
            .ok_or(HubError::UnknownScreenToken)
    }

    /// Keeps the report of screen `enrolled` (named by its token), and
    /// answers with what the organiser asked of it since.
    pub fn report(
        &self,
        enrolled: &str,
        report: &ScreenReport,
        at: DateTime<Utc>,
    ) -> Result<Vec<ScreenCommand>, HubError> {
        let named = valid_name(&report.name)?;
        if named != enrolled {
            return Err(HubError::NotThisScreen {
                enrolled: enrolled.to_owned(),
                named: named.to_owned(),
            });
        }
        let json = serde_json::to_string(report).expect("a report serializes");
        lock(&self.store).save_screen(enrolled, &json, at)?;
        Ok(lock(&self.orders).remove(enrolled).unwrap_or_default())
    }

    /// Every screen heard from lately, for the organiser.
    pub fn screens(&self, token: Option<&str>, now: DateTime<Utc>) -> Result<Vec<Seen>, HubError> {
        self.authorize(token)?;
        let store = lock(&self.store);
        let shots: std::collections::HashMap<String, DateTime<Utc>> =
            store.screenshot_times()?.into_iter().collect();
        Ok(store
            .screens()?
            .into_iter()
            .filter(|(_, at)| now - *at <= self.forget_screens_after)
            .filter_map(|(json, at)| {
                let report: ScreenReport = serde_json::from_str(&json).ok()?;
                let screenshot_at = shots.get(&report.name).copied();
                Some(Seen {
                    report,
                    at,
                    screenshot_at,
                })
            })
            .collect())
    }

    /// Keeps what screen `enrolled` showed at `at`, as a PNG.
    pub fn keep_screenshot(
        &self,
        enrolled: &str,
        named: &str,
        png: &[u8],
        at: DateTime<Utc>,
    ) -> Result<(), HubError> {
        if named != enrolled {
            return Err(HubError::NotThisScreen {
                enrolled: enrolled.to_owned(),
                named: named.to_owned(),
            });
        }
        Ok(lock(&self.store).save_screenshot(enrolled, png, at)?)
    }

    /// Screen `name`'s last screenshot, for the organiser.
    pub fn screenshot(
        &self,
        token: Option<&str>,
        name: &str,
    ) -> Result<Option<Screenshot>, HubError> {
        self.authorize(token)?;
        Ok(lock(&self.store).screenshot(name)?)
    }

    /// Asks screen `name` to do `command` when it next reports.
    pub fn order(
        &self,
        token: Option<&str>,
        name: &str,
        command: ScreenCommand,
    ) -> Result<(), HubError> {
        self.authorize(token)?;
        if lock(&self.store).screen_of_name(name)?.is_none() {
            return Err(HubError::UnknownScreen(name.to_owned()));
        }
        let mut orders = lock(&self.orders);
        let queued = orders.entry(name.to_owned()).or_default();
        if !queued.contains(&command) {
            queued.push(command);
        }
        Ok(())
    }

    /// Forgets screen `name`: its token stops working at once.
    pub fn remove_screen(&self, token: Option<&str>, name: &str) -> Result<(), HubError> {
        self.authorize(token)?;
        lock(&self.orders).remove(name);
        if lock(&self.store).remove_screen(name)? {
            Ok(())
        } else {
            Err(HubError::UnknownScreen(name.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn now() -> DateTime<Utc> {
        "2016-06-06T14:42:00Z".parse().unwrap()
    }

    fn report(name: &str) -> ScreenReport {
        ScreenReport {
            name: name.to_owned(),
            rooms: Vec::new(),
            version: "0.1.0".to_owned(),
            revision: None,
            scene: Some(marquee_core::timeline::SceneKind::Now),
            uptime_seconds: 1,
            every_seconds: 30,
            offline: false,
            photos_queued: 0,
            photos_failed: 0,
        }
    }

    fn hub(data: &Path) -> (Hub, String) {
        let hub = Hub::open(data).unwrap();
        let organiser = hub.token().secret().to_owned();
        (hub, organiser)
    }

    #[test]
    fn a_screen_is_heard_only_with_its_own_token_from_a_code_used_once() {
        let dir = tempfile::tempdir().unwrap();
        let (hub, organiser) = hub(dir.path());
        assert!(matches!(
            hub.enrolment(None, now()),
            Err(HubError::Unauthorized)
        ));
        let enrolment = hub.enrolment(Some(&organiser), now()).unwrap();
        assert_eq!(enrolment.code.len(), 9);
        assert_eq!(enrolment.expires_at, now() + CODE_LIFETIME);
        // Typed in lower case without the dash, it is the same code.
        let typed = enrolment.code.replace('-', "").to_lowercase();
        let token = hub.enrol(&typed, "foyer-left", now()).unwrap();
        assert!(matches!(
            hub.enrol(&enrolment.code, "intruder", now()),
            Err(HubError::UnknownEnrolmentCode)
        ));
        assert_eq!(hub.screen_holder(Some(&token)).unwrap(), "foyer-left");
        for forged in [None, Some(""), Some("0000"), Some(organiser.as_str())] {
            assert!(matches!(
                hub.screen_holder(forged),
                Err(HubError::UnknownScreenToken)
            ));
        }
        hub.report("foyer-left", &report("foyer-left"), now())
            .unwrap();
        assert!(matches!(
            hub.report("foyer-left", &report("main-hall"), now()),
            Err(HubError::NotThisScreen { .. })
        ));
        let png = b"\x89PNG\r\n\x1a\nfake";
        assert!(matches!(
            hub.keep_screenshot("foyer-left", "main-hall", png, now()),
            Err(HubError::NotThisScreen { .. })
        ));
        hub.keep_screenshot("foyer-left", "foyer-left", png, now())
            .unwrap();
        let listed = hub.screens(Some(&organiser), now()).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].screenshot_at, Some(now()));
        // Removed, its token is refused and it is gone from the list.
        hub.remove_screen(Some(&organiser), "foyer-left").unwrap();
        assert!(matches!(
            hub.screen_holder(Some(&token)),
            Err(HubError::UnknownScreenToken)
        ));
        assert!(hub.screens(Some(&organiser), now()).unwrap().is_empty());
        assert!(
            hub.screenshot(Some(&organiser), "foyer-left")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_code_expires_and_a_silent_screen_drops_out_of_the_list() {
        let dir = tempfile::tempdir().unwrap();
        let (hub, organiser) = hub(dir.path());
        let hub = hub.forgetting_screens_after(TimeDelta::hours(2));
        let late = hub.enrolment(Some(&organiser), now()).unwrap();
        assert!(matches!(
            hub.enrol(&late.code, "late", now() + CODE_LIFETIME),
            Err(HubError::UnknownEnrolmentCode)
        ));
        let code = hub.enrolment(Some(&organiser), now()).unwrap().code;
        let token = hub.enrol(&code, "quiet", now()).unwrap();
        hub.report("quiet", &report("quiet"), now()).unwrap();
        let listed = |at| hub.screens(Some(&organiser), at).unwrap().len();
        assert_eq!(listed(now() + TimeDelta::hours(2)), 1);
        assert_eq!(listed(now() + TimeDelta::hours(3)), 0);
        // Still enrolled: heard again, it is back.
        assert_eq!(hub.screen_holder(Some(&token)).unwrap(), "quiet");
        hub.report("quiet", &report("quiet"), now() + TimeDelta::hours(3))
            .unwrap();
        assert_eq!(listed(now() + TimeDelta::hours(3)), 1);
    }

    #[test]
    fn enrolling_a_name_again_replaces_its_token() {
        let dir = tempfile::tempdir().unwrap();
        let (hub, organiser) = hub(dir.path());
        let first = hub
            .enrol(
                &hub.enrolment(Some(&organiser), now()).unwrap().code,
                "door",
                now(),
            )
            .unwrap();
        let second = hub
            .enrol(
                &hub.enrolment(Some(&organiser), now()).unwrap().code,
                "door",
                now(),
            )
            .unwrap();
        assert!(hub.screen_holder(Some(&first)).is_err());
        assert_eq!(hub.screen_holder(Some(&second)).unwrap(), "door");
    }
}
