//! The screens that follow the hub. A screen is enrolled before the hub
//! hears it: the organiser asks for a one-time code ([`Hub::enrolment`]),
//! the screen trades it for a token of its own ([`Hub::enrol`]), and from
//! then on every report, screenshot and command poll carries that token,
//! which names the screen ([`Hub::screen_holder`]): a screen can speak only
//! as itself, and one the organiser removes ([`Hub::remove_screen`]) is
//! not heard again. Tokens and codes are kept only as SHA-256 hashes, so
//! the store does not give them away. A screen not heard from for
//! [`FORGET_SCREENS_AFTER`](crate::hub::FORGET_SCREENS_AFTER) (or what the
//! hub is given) drops out of the list.

use chrono::{DateTime, TimeDelta, Utc};
use marquee_core::screen_report::{ScreenCommand, ScreenReport};

use crate::HubError;
use crate::hub::{Holder, Hub};
use crate::secret::sha256_hex;
use crate::store::{Screenshot, Store};

/// How long an enrolment code can be used.
pub const CODE_LIFETIME: TimeDelta = TimeDelta::hours(1);
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

/// Eight letters of [`CODE_LETTERS`] (40 bits) from `random`, as `ABCD-EFGH`.
fn code_of(random: [u8; 8]) -> String {
    let letters: String = random
        .iter()
        .map(|b| CODE_LETTERS[(*b as usize) % CODE_LETTERS.len()] as char)
        .collect();
    format!("{}-{}", &letters[..4], &letters[4..])
}

fn valid_name(name: &str) -> Result<&str, HubError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(HubError::BadScreenName);
    }
    Ok(name)
}

impl Hub {
    /// A new one-time code, made of `random`, for a screen to enrol with,
    /// for the organiser.
    pub fn enrolment(
        &self,
        store: &mut impl Store,
        holder: &Holder,
        now: DateTime<Utc>,
        random: [u8; 8],
    ) -> Result<Enrolment, HubError> {
        holder.organiser()?;
        let code = code_of(random);
        let expires_at = now + CODE_LIFETIME;
        if !store.add_enrolment_code(&hashed(&normalised(&code)), expires_at, now, MOST_CODES)? {
            return Err(HubError::TooManyCodes(MOST_CODES));
        }
        Ok(Enrolment { code, expires_at })
    }

    /// Enrols screen `name` with `code`, and gives it the token `fresh`; a
    /// screen of that name enrolled before loses its token.
    pub fn enrol(
        &self,
        store: &mut impl Store,
        code: &str,
        name: &str,
        now: DateTime<Utc>,
        fresh: String,
    ) -> Result<String, HubError> {
        let name = valid_name(name)?;
        if store.enrolled_count()? >= MOST_SCREENS && !store.is_enrolled(name)? {
            return Err(HubError::TooManyScreens(MOST_SCREENS));
        }
        if store.enrol(&hashed(&normalised(code)), name, &hashed(&fresh), now)? {
            Ok(fresh)
        } else {
            Err(HubError::UnknownEnrolmentCode)
        }
    }

    /// The name of the screen that holds `token`.
    pub fn screen_holder(
        &self,
        store: &impl Store,
        token: Option<&str>,
    ) -> Result<String, HubError> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or(HubError::UnknownScreenToken)?;
        store
            .screen_of(&hashed(token))?
            .ok_or(HubError::UnknownScreenToken)
    }

    /// Keeps the report of screen `enrolled` (named by its token), and
    /// answers with what the organiser asked of it since.
    pub fn report(
        &mut self,
        store: &mut impl Store,
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
        store.save_report(enrolled, report, at)?;
        Ok(self.orders.remove(enrolled).unwrap_or_default())
    }

    /// Every screen heard from lately, for the organiser.
    pub fn screens(
        &self,
        store: &impl Store,
        holder: &Holder,
        now: DateTime<Utc>,
    ) -> Result<Vec<Seen>, HubError> {
        holder.organiser()?;
        let shots: std::collections::HashMap<String, DateTime<Utc>> =
            store.screenshot_times()?.into_iter().collect();
        Ok(store
            .reports()?
            .into_iter()
            .filter(|(_, at)| now - *at <= self.forget_screens_after)
            .map(|(report, at)| Seen {
                screenshot_at: shots.get(&report.name).copied(),
                report,
                at,
            })
            .collect())
    }

    /// Keeps what screen `enrolled` showed at `at`, as a PNG.
    pub fn keep_screenshot(
        &self,
        store: &mut impl Store,
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
        Ok(store.save_screenshot(enrolled, png, at)?)
    }

    /// Screen `name`'s last screenshot, for the organiser.
    pub fn screenshot(
        &self,
        store: &impl Store,
        holder: &Holder,
        name: &str,
    ) -> Result<Option<Screenshot>, HubError> {
        holder.organiser()?;
        Ok(store.screenshot(name)?)
    }

    /// Asks screen `name` to do `command` when it next reports.
    pub fn order(
        &mut self,
        store: &impl Store,
        holder: &Holder,
        name: &str,
        command: ScreenCommand,
    ) -> Result<(), HubError> {
        holder.organiser()?;
        if !store.is_enrolled(name)? {
            return Err(HubError::UnknownScreen(name.to_owned()));
        }
        let queued = self.orders.entry(name.to_owned()).or_default();
        if !queued.contains(&command) {
            queued.push(command);
        }
        Ok(())
    }

    /// Forgets screen `name`: its token stops working at once.
    pub fn remove_screen(
        &mut self,
        store: &mut impl Store,
        holder: &Holder,
        name: &str,
    ) -> Result<(), HubError> {
        holder.organiser()?;
        self.orders.remove(name);
        if store.remove_screen(name)? {
            Ok(())
        } else {
            Err(HubError::UnknownScreen(name.to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::{ORGANISER, Venue, at};

    fn report(name: &str) -> ScreenReport {
        ScreenReport {
            name: name.to_owned(),
            rooms: Vec::new(),
            version: "0.1.0".to_owned(),
            revision: None,
            scene: None,
            uptime_seconds: 1,
            every_seconds: 30,
            offline: false,
            photos_queued: 0,
            photos_failed: 0,
        }
    }

    /// Enrols `name` at `now`, and gives its token.
    fn enrolled(venue: &mut Venue, name: &str, now: DateTime<Utc>) -> String {
        let organiser = venue.holder(Some(ORGANISER)).unwrap();
        let random = venue.fresh();
        let code = venue
            .hub
            .enrolment(
                &mut venue.store,
                &organiser,
                now,
                random[..8].try_into().unwrap(),
            )
            .unwrap()
            .code;
        let fresh = crate::secret::token_of(&venue.fresh());
        venue
            .hub
            .enrol(&mut venue.store, &code, name, now, fresh)
            .unwrap()
    }

    #[test]
    fn a_code_lives_an_hour_and_a_silent_screen_a_day() {
        let mut venue = Venue::new();
        let t = at("2016-06-06T08:00:00Z");
        let organiser = venue.holder(Some(ORGANISER)).unwrap();
        let code = |venue: &mut Venue, random: u8| {
            venue
                .hub
                .enrolment(&mut venue.store, &organiser, t, [random; 8])
                .unwrap()
                .code
        };
        let (in_time, too_late) = (code(&mut venue, 1), code(&mut venue, 2));
        let enrol = |venue: &mut Venue, code: &str, name: &str, when| {
            venue
                .hub
                .enrol(&mut venue.store, code, name, when, format!("token-{name}"))
        };
        let minute = TimeDelta::minutes(1);
        assert!(enrol(&mut venue, &in_time, "door", t + CODE_LIFETIME - minute).is_ok());
        assert!(matches!(
            enrol(&mut venue, &too_late, "late", t + CODE_LIFETIME),
            Err(HubError::UnknownEnrolmentCode)
        ));
        venue
            .hub
            .report(&mut venue.store, "door", &report("door"), t)
            .unwrap();
        let listed = |venue: &Venue, when| {
            let seen = venue.hub.screens(&venue.store, &organiser, when);
            seen.unwrap().len()
        };
        let day = crate::hub::FORGET_SCREENS_AFTER;
        assert_eq!(listed(&venue, t + day), 1);
        assert_eq!(listed(&venue, t + day + TimeDelta::seconds(1)), 0);
    }

    #[test]
    fn orders_wait_for_the_screen_s_next_report_and_are_given_once() {
        let mut venue = Venue::new();
        let t = at("2016-06-06T08:00:00Z");
        let token = enrolled(&mut venue, "foyer", t);
        assert_eq!(
            venue.hub.screen_holder(&venue.store, Some(&token)).unwrap(),
            "foyer"
        );
        let organiser = venue.holder(Some(ORGANISER)).unwrap();
        for command in [
            ScreenCommand::Identify,
            ScreenCommand::Identify,
            ScreenCommand::Reload,
        ] {
            venue
                .hub
                .order(&venue.store, &organiser, "foyer", command)
                .unwrap();
        }
        assert!(matches!(
            venue
                .hub
                .order(&venue.store, &organiser, "nowhere", ScreenCommand::Reload),
            Err(HubError::UnknownScreen(_))
        ));
        let mut heard = |when| {
            venue
                .hub
                .report(&mut venue.store, "foyer", &report("foyer"), when)
                .unwrap()
        };
        assert_eq!(
            heard(t + TimeDelta::seconds(30)),
            [ScreenCommand::Identify, ScreenCommand::Reload]
        );
        assert!(heard(t + TimeDelta::seconds(60)).is_empty());
        // Removed, its orders and its token go with it.
        venue
            .hub
            .order(&venue.store, &organiser, "foyer", ScreenCommand::Screenshot)
            .unwrap();
        venue
            .hub
            .remove_screen(&mut venue.store, &organiser, "foyer")
            .unwrap();
        assert!(matches!(
            venue.hub.screen_holder(&venue.store, Some(&token)),
            Err(HubError::UnknownScreenToken)
        ));
        assert!(venue.hub.orders.is_empty());
    }
}
