//! A screen's settings: the command line over `screen.toml`, the file beside
//! the programme where a venue sets up each screen once.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::cli::KioskArgs;
use crate::clock::ClockStart;
use crate::error::AppError;
use crate::fetch::FetchLimits;
use crate::source::default_programme_path;
use marquee_core::ImportOptions;

/// The name of the settings file looked for beside the programme.
pub const SETTINGS_FILE: &str = "screen.toml";

/// Light for bright foyers, dark everywhere else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

impl std::str::FromStr for Theme {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "dark" => Ok(Theme::Dark),
            "light" => Ok(Theme::Light),
            _ => Err(format!("{text:?} is not a theme: use dark or light")),
        }
    }
}

/// What `screen.toml` may hold; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SettingsFile {
    rooms: Option<Vec<String>>,
    clock: Option<String>,
    clock_rate: Option<f64>,
    windowed: Option<bool>,
    scene_seconds: Option<u32>,
    theme: Option<Theme>,
    refresh_seconds: Option<u64>,
}

/// Everything one screen runs with.
#[derive(Debug, Clone)]
pub struct ScreenSettings {
    /// A file or an http(s) address.
    pub programme: PathBuf,
    pub import: ImportOptions,
    pub fetch: FetchLimits,
    /// Room names or ids; all rooms when empty.
    pub rooms: Vec<String>,
    pub clock: Option<ClockStart>,
    pub clock_rate: Option<f64>,
    pub windowed: bool,
    pub scene_seconds: Option<u32>,
    pub theme: Theme,
    /// How often a programme at an address is fetched again.
    pub refresh: Duration,
}

impl ScreenSettings {
    /// The command line's settings, over those of the settings file (the
    /// one named, or `screen.toml` beside a programme file if there is one).
    pub fn from_args(args: &KioskArgs) -> Result<Self, AppError> {
        let programme = args
            .programme
            .clone()
            .unwrap_or_else(default_programme_path);
        let file = match &args.config {
            Some(path) => read_settings(path)?,
            None => match beside(&programme) {
                Some(path) if path.exists() => read_settings(&path)?,
                _ => SettingsFile::default(),
            },
        };
        let clock = match (&args.clock, &file.clock) {
            (Some(start), _) => Some(start.clone()),
            (None, Some(text)) => Some(
                text.parse()
                    .map_err(|e| AppError::Usage(format!("{SETTINGS_FILE}: clock: {e}")))?,
            ),
            (None, None) => None,
        };
        let rate = args.clock_rate.or(file.clock_rate);
        if let Some(rate) = rate.filter(|r| !(r.is_finite() && *r >= 0.0)) {
            return Err(AppError::Usage(format!(
                "clock rate {rate} is not a number of times faster than real time (fix: use 0 or more)"
            )));
        }
        Ok(ScreenSettings {
            import: args.read.options(),
            fetch: args.read.fetch.limits(),
            rooms: if args.room.is_empty() {
                file.rooms.unwrap_or_default()
            } else {
                args.room.clone()
            },
            clock,
            clock_rate: rate,
            windowed: args.windowed || file.windowed.unwrap_or(false),
            scene_seconds: args.scene_seconds.or(file.scene_seconds),
            theme: args.theme.or(file.theme).unwrap_or_default(),
            refresh: Duration::from_secs(
                args.refresh_seconds
                    .or(file.refresh_seconds)
                    .unwrap_or(60)
                    .max(1),
            ),
            programme,
        })
    }
}

/// `screen.toml` in the programme's folder, for a programme on disk.
fn beside(programme: &Path) -> Option<PathBuf> {
    if crate::fetch::is_address(&programme.to_string_lossy()) {
        return None;
    }
    let folder = programme.parent().filter(|p| !p.as_os_str().is_empty());
    Some(folder.unwrap_or(Path::new(".")).join(SETTINGS_FILE))
}

fn read_settings(path: &Path) -> Result<SettingsFile, AppError> {
    let text = std::fs::read_to_string(path).map_err(|e| AppError::read(path, e))?;
    toml::from_str(&text).map_err(|e| AppError::Settings {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(line: &[&str]) -> KioskArgs {
        let cli = crate::cli::Cli::parse_from(["marquee", "kiosk"].iter().chain(line));
        match cli.command {
            Some(crate::cli::Command::Kiosk(args)) => args,
            other => panic!("not the kiosk: {other:?}"),
        }
    }

    #[test]
    fn the_file_beside_the_programme_sets_up_the_screen_and_the_command_line_wins() {
        let dir = tempfile::tempdir().unwrap();
        let programme = dir.path().join("programme.json");
        std::fs::write(
            dir.path().join(SETTINGS_FILE),
            "rooms = [\"Main Hall\"]\nclock = \"10:42\"\nclock-rate = 60\ntheme = \"light\"\nscene-seconds = 8\n",
        )
        .unwrap();
        let path = programme.to_str().unwrap();
        let settings = ScreenSettings::from_args(&args(&["--programme", path])).unwrap();
        assert_eq!(settings.rooms, ["Main Hall"]);
        assert_eq!(settings.clock, Some("10:42".parse().unwrap()));
        assert_eq!(settings.clock_rate, Some(60.0));
        assert_eq!(settings.theme, Theme::Light);
        assert_eq!(settings.scene_seconds, Some(8));
        assert!(!settings.windowed);

        let line = [
            "--programme",
            path,
            "--room",
            "Workshop Room",
            "--theme",
            "dark",
        ];
        let settings = ScreenSettings::from_args(&args(&line)).unwrap();
        assert_eq!(settings.rooms, ["Workshop Room"]);
        assert_eq!(settings.theme, Theme::Dark);
    }

    #[test]
    fn a_mistake_in_the_settings_file_names_the_file_and_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("hall.toml");
        std::fs::write(&config, "theme = \"dark\"\nrom = \"Main Hall\"\n").unwrap();
        let err =
            ScreenSettings::from_args(&args(&["--config", config.to_str().unwrap()])).unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with(config.to_str().unwrap()), "{message}");
        assert!(message.contains("line 2"), "{message}");
        assert!(message.contains("unknown field `rom`"), "{message}");
    }
}
