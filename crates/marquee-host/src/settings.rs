//! A screen's settings: what the person starting it asked for (the command
//! line, in the binary) over `screen.toml`, the file beside the programme
//! where a venue sets up each screen once.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use marquee_core::ImportOptions;
use marquee_io::{Limits, is_address};
use serde::Deserialize;

use crate::clock::ClockStart;
use crate::error::HostError;
use crate::screen::Theme;
use crate::source::default_programme_path;

/// The name of the settings file looked for beside the programme.
pub const SETTINGS_FILE: &str = "screen.toml";

/// A screen's options, each optional: the command line's (`marquee kiosk
/// --room ...`) and `screen.toml`'s (`rooms = [...]`) are this one value,
/// and what was asked for wins over the file. A new option is a field here,
/// and its resolved value in [`ScreenSettings`].
#[derive(Debug, Clone, Default, clap::Args, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScreenOptions {
    /// The programme to show: a file or http(s) address, in any supported format [default: data/programme.json]
    #[arg(long, value_name = "FILE|URL")]
    #[serde(skip)]
    pub programme: Option<PathBuf>,
    /// Only this room, for a screen outside it (its name or id); repeat for more
    #[arg(long = "room", value_name = "ROOM")]
    #[serde(default)]
    pub rooms: Vec<String>,
    /// Start the clock at this instant, then run: 2016-06-06T10:42:00-04:00, 2016-06-06T10:42 or 10:42 (first day), venue time
    #[arg(long, value_name = "INSTANT")]
    pub clock: Option<ClockStart>,
    /// Run time this many times faster (0 stands still)
    #[arg(long, value_name = "N")]
    pub clock_rate: Option<f64>,
    /// A normal window instead of fullscreen
    #[arg(long)]
    #[serde(default)]
    pub windowed: bool,
    /// Show each scene of the rotation this many seconds
    #[arg(long, value_name = "SECONDS")]
    pub scene_seconds: Option<u32>,
    /// Colours: dark, or light for bright foyers [default: dark]
    #[arg(long, value_name = "THEME")]
    pub theme: Option<Theme>,
    /// Fetch a programme at an address again this often [default: 60]
    #[arg(long, value_name = "SECONDS")]
    pub refresh_seconds: Option<u64>,
    /// The screen's name on the hub's Screens page [default: the host name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Report to the hub this often [default: 30]
    #[arg(long, value_name = "SECONDS")]
    pub report_seconds: Option<u64>,
    /// Enrol with the hub it follows, with the one-time code from the editor's Screens panel; the screen keeps its token
    #[arg(long, value_name = "CODE")]
    #[serde(skip)]
    pub enrol: Option<String>,
    /// The certificate authority (PEM) that signed the hub's certificate, when the venue makes its own; verified against it alone
    #[arg(long, value_name = "FILE")]
    #[serde(skip)]
    pub hub_ca: Option<PathBuf>,
    /// The screen's settings file [default: screen.toml beside the programme, if there is one]
    #[arg(long, value_name = "FILE")]
    #[serde(skip)]
    pub config: Option<PathBuf>,
    /// What must be typed after the exit chord; only in the settings file,
    /// where the command line of a running screen cannot show it.
    #[arg(skip)]
    pub exit_pin: Option<String>,
}

/// What the person starting a screen asked for, and how to read its programme.
#[derive(Debug, Clone, Default)]
pub struct ScreenRequest {
    pub options: ScreenOptions,
    pub import: ImportOptions,
    pub fetch: Limits,
}

/// Everything one screen runs with.
#[derive(Debug, Clone)]
pub struct ScreenSettings {
    /// A file or an http(s) address.
    pub programme: PathBuf,
    pub import: ImportOptions,
    pub fetch: Limits,
    /// Room names or ids; all rooms when empty.
    pub rooms: Vec<String>,
    pub clock: Option<ClockStart>,
    pub clock_rate: Option<f64>,
    pub windowed: bool,
    pub scene_seconds: Option<u32>,
    pub theme: Theme,
    /// How often a programme at an address is fetched again.
    pub refresh: Duration,
    /// Where thumbnails and the last good programme of an address are kept.
    pub cache: PathBuf,
    /// Its name in its reports to a hub.
    pub name: String,
    pub report_every: Duration,
    /// A one-time code to enrol with at the hub it follows.
    pub enrol: Option<String>,
    /// The certificate authority of the hub it follows, when the venue makes its own.
    pub hub_ca: Option<PathBuf>,
    /// What must be typed after the exit chord, when set (only in `screen.toml`).
    pub exit_pin: Option<String>,
}

impl ScreenSettings {
    /// What was asked for, over the settings file (the one named, or
    /// `screen.toml` beside a programme file if there is one).
    pub fn resolve(request: &ScreenRequest) -> Result<Self, HostError> {
        let (asked, import, fetch) = (&request.options, &request.import, request.fetch);
        let programme = match &asked.programme {
            Some(programme) => programme.clone(),
            None => default_programme_path()?,
        };
        let file = match &asked.config {
            Some(path) => read_settings(path)?,
            None => match beside(&programme) {
                Some(path) if path.exists() => read_settings(&path)?,
                _ => ScreenOptions::default(),
            },
        };
        let clock = asked.clock.clone().or(file.clock);
        let rate = asked.clock_rate.or(file.clock_rate);
        if let Some(rate) = rate.filter(|r| !(r.is_finite() && *r >= 0.0)) {
            return Err(HostError::ClockRate(rate));
        }
        Ok(ScreenSettings {
            import: import.clone(),
            fetch,
            rooms: if asked.rooms.is_empty() {
                file.rooms
            } else {
                asked.rooms.clone()
            },
            clock,
            clock_rate: rate,
            windowed: asked.windowed || file.windowed,
            scene_seconds: asked.scene_seconds.or(file.scene_seconds),
            theme: asked.theme.or(file.theme).unwrap_or_default(),
            refresh: Duration::from_secs(
                asked
                    .refresh_seconds
                    .or(file.refresh_seconds)
                    .unwrap_or(60)
                    .max(1),
            ),
            programme,
            cache: crate::source::cache_dir(),
            name: asked
                .name
                .clone()
                .or(file.name)
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty())
                .unwrap_or_else(crate::report::host_name),
            report_every: asked
                .report_seconds
                .or(file.report_seconds)
                .map_or(crate::report::REPORT_EVERY, |s| {
                    Duration::from_secs(s.max(1))
                }),
            exit_pin: file.exit_pin.filter(|pin| !pin.trim().is_empty()),
            enrol: asked.enrol.clone(),
            hub_ca: asked.hub_ca.clone(),
        })
    }

    /// Trusts the hub's own certificate authority (`--hub-ca`) for the hub
    /// the screen follows, and for nothing else.
    pub fn trust_hub_authority(&self) -> Result<(), HostError> {
        let Some(authority) = &self.hub_ca else {
            return Ok(());
        };
        let programme = self.programme.to_string_lossy();
        let hub = crate::hub_events::hub_root(&programme)
            .ok_or_else(|| HostError::NotAHub(programme.clone().into_owned()))?;
        marquee_io::trust::trust_for(hub, authority).map_err(|e| HostError::Trust(Arc::new(e)))
    }

    /// The folder local pictures of the programme are read from.
    pub fn data_folder(&self) -> PathBuf {
        self.programme
            .parent()
            .filter(|_| !is_address(&self.programme.to_string_lossy()))
            .map(ToOwned::to_owned)
            .unwrap_or_default()
    }
}

/// `screen.toml` in the programme's folder, for a programme on disk.
fn beside(programme: &Path) -> Option<PathBuf> {
    if is_address(&programme.to_string_lossy()) {
        return None;
    }
    let folder = programme.parent().filter(|p| !p.as_os_str().is_empty());
    Some(folder.unwrap_or(Path::new(".")).join(SETTINGS_FILE))
}

fn read_settings(path: &Path) -> Result<ScreenOptions, HostError> {
    let text = std::fs::read_to_string(path).map_err(|e| HostError::read(path, e))?;
    toml::from_str(&text).map_err(|e| HostError::Settings {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_beside_the_programme_sets_up_the_screen_and_what_was_asked_for_wins() {
        let dir = tempfile::tempdir().unwrap();
        let programme = dir.path().join("programme.json");
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "rooms = [\"Main Hall\"]\nclock = \"10:42\"\nclock-rate = 60\ntheme = \"light\"\nscene-seconds = 8\n",
        )
        .unwrap();
        let request = ScreenRequest {
            options: ScreenOptions {
                programme: Some(programme.clone()),
                ..ScreenOptions::default()
            },
            ..ScreenRequest::default()
        };
        let settings = ScreenSettings::resolve(&request).unwrap();
        assert_eq!(settings.rooms, ["Main Hall"]);
        assert_eq!(settings.clock, Some("10:42".parse().unwrap()));
        assert_eq!(settings.clock_rate, Some(60.0));
        assert_eq!(settings.theme, Theme::Light);
        assert_eq!(settings.scene_seconds, Some(8));
        assert!(!settings.windowed);

        let request = ScreenRequest {
            options: ScreenOptions {
                rooms: vec!["Workshop Room".to_owned()],
                theme: Some(Theme::Dark),
                ..request.options
            },
            ..request
        };
        let settings = ScreenSettings::resolve(&request).unwrap();
        assert_eq!(settings.rooms, ["Workshop Room"]);
        assert_eq!(settings.theme, Theme::Dark);
    }

    #[test]
    fn a_mistake_in_the_settings_file_names_the_file_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("hall.toml");
        std::fs::write(&config, "theme = \"dark\"\nrom = \"Main Hall\"\n").unwrap();
        let request = ScreenRequest {
            options: ScreenOptions {
                programme: Some(dir.path().join("programme.json")),
                config: Some(config.clone()),
                ..ScreenOptions::default()
            },
            ..ScreenRequest::default()
        };
        let message = ScreenSettings::resolve(&request).unwrap_err().to_string();
        assert!(message.starts_with(config.to_str().unwrap()), "{message}");
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("unknown field `rom`"), "{message}");
    }

    #[test]
    fn a_clock_rate_below_zero_is_refused() {
        let request = ScreenRequest {
            options: ScreenOptions {
                programme: Some(PathBuf::from("programme.json")),
                clock_rate: Some(-1.0),
                ..ScreenOptions::default()
            },
            ..ScreenRequest::default()
        };
        let message = ScreenSettings::resolve(&request).unwrap_err().to_string();
        assert!(message.contains("fix: use 0 or more"), "{message}");
    }
}
