//! The options of Marquee's programs, defined once: `marquee` parses
//! [`Cli`], and the programs it hands over to parse the same definitions,
//! `marquee-desktop` its window commands and `marquee-hub` `serve` and
//! `token`, so a command means the same whichever program reads it.
//!
//! It must never depend on the server, the store or the window toolkit: the
//! command line links it.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};
use marquee_core::export::ExportFormat;
use marquee_core::import::{BreakSpec, PageLayout};
use marquee_core::{ImportOptions, SourceFormat};
use marquee_host::clock::ClockStart;
use marquee_host::settings::{ScreenOptions, ScreenRequest};
use marquee_io::Limits;

#[derive(Debug, Parser)]
#[command(
    name = "marquee",
    version,
    about = "Hallway screens for conference venues: what is on now and next in every room.",
    after_help = "Examples:\n  marquee                                   open the display on the default programme\n  marquee import programme.md -o programme.json\n  marquee validate programme.json"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the display window (what `marquee` alone does).
    #[command(
        after_help = "Examples:\n  marquee kiosk --programme data/programme.json --room \"Main Hall\"\n  marquee kiosk --clock 10:42                      a preview of the first day at 10:42\n  marquee kiosk --clock 08:30 --clock-rate 60      rehearse a whole day in ten minutes"
    )]
    Kiosk(KioskArgs),
    /// Read a programme in any supported format and write it as a Marquee programme.
    #[command(
        after_help = "Examples:\n  marquee import programme.md -o data/programme.json\n  marquee import programme.md --day 2026-06-08 --timezone Europe/Berlin --break 3:15:Coffee --break 6:60:Lunch"
    )]
    Import(ImportArgs),
    /// Show what is on now and next in each room, in the venue's time.
    #[command(
        after_help = "Examples:\n  marquee now\n  marquee now data/programme.json --at 2016-06-06T10:42:00-04:00 --room \"Main Hall\" --json\n  marquee now --at 2016-06-06T10:42:00-04:00 --late \"Main Hall:10\""
    )]
    Now(NowArgs),
    /// Write a programme as frab XML, c3voc JSON or iCalendar.
    #[command(
        after_help = "Examples:\n  marquee export data/programme.json --format frab-xml -o schedule.xml\n  marquee export schedule.json --format ical -o programme.ics"
    )]
    Export(ExportArgs),
    /// Check a programme and list its problems (exit 0: no errors, 1: errors, 2: unreadable).
    #[command(after_help = "Example:\n  marquee validate data/programme.json")]
    Validate(ValidateArgs),
    /// Run the venue hub: one programme for every screen, browser and phone.
    #[command(
        after_help = "Examples:\n  marquee serve data/programme.json               a hub on 127.0.0.1:8080\n  marquee serve --bind 0.0.0.0:8080                carry on where it was, for the whole venue\n  marquee serve https://pretalx.example/ev/schedule.json   follow an export"
    )]
    Serve(ServeArgs),
    /// Show, rotate or revoke the organiser's token or a room's chair token, where the hub keeps its data.
    #[command(
        after_help = "Examples:\n  marquee token show                               the organiser's token\n  marquee token show --room main-hall --hub https://hub.example:8080   the room's chair link\n  marquee token rotate --room main-hall            a new chair link; the old one stops working\n  marquee token revoke                             the organiser's token stops working; a new one is kept in the data folder"
    )]
    Token(TokenArgs),
    /// Open the organiser's editor in a window, on a programme file or a hub.
    #[command(
        after_help = "Examples:\n  marquee editor data/programme.json            edit the file; screens that follow it follow the editor\n  marquee editor http://hub.local:8080           edit a hub's programme (it asks for the organiser's token)"
    )]
    Editor(EditorArgs),
    /// Open a room's chair view in a window: a laptop at the lectern or a monitor on the stage floor.
    #[command(
        after_help = "Examples:\n  marquee chair --room main-hall                                   the hub on this machine\n  marquee chair --hub 'http://hub.local:8080/chair/main-hall#token=...' --fullscreen   the link the organiser gave"
    )]
    Chair(ChairArgs),
    /// Open a room's stage monitor, fullscreen: the speaker's countdown and the chair's messages.
    #[command(
        after_help = "Examples:\n  marquee stage --room main-hall                                    the hub on this machine\n  marquee stage --room main-hall --hub http://hub.local:8080 --windowed"
    )]
    Stage(StageArgs),
}

#[derive(Debug, Args, Default)]
pub struct ChairArgs {
    /// The room (its id or name); not needed when --hub is a room's chair link
    #[arg(long, value_name = "ROOM")]
    pub room: Option<String>,
    /// The hub's address, or the room's chair link the organiser handed out
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
    pub hub: String,
    /// A file holding the room's chair token, to say how the room runs (a chair link carries it; so may MARQUEE_CHAIR_TOKEN). A token is never given on the command line, where `ps` shows it
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Fill the screen
    #[arg(long)]
    pub fullscreen: bool,
}

#[derive(Debug, Args, Default)]
pub struct StageArgs {
    /// The room (its id or name)
    #[arg(long, value_name = "ROOM")]
    pub room: String,
    /// The hub's address
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
    pub hub: String,
    /// A window instead of the whole screen (a rehearsal on a laptop)
    #[arg(long)]
    pub windowed: bool,
}

impl StageArgs {
    /// The room's stage page on the hub.
    pub fn address(&self) -> Result<String, ChairLinkError> {
        let hub = http_address(&self.hub)?;
        Ok(format!(
            "{hub}/stage/{}",
            percent_encoding::utf8_percent_encode(
                self.room.trim(),
                percent_encoding::NON_ALPHANUMERIC
            )
        ))
    }
}

/// `hub` without its trailing slash, when it is an http(s) address.
fn http_address(hub: &str) -> Result<&str, ChairLinkError> {
    let hub = hub.trim().trim_end_matches('/');
    if !(hub.starts_with("http://") || hub.starts_with("https://")) {
        return Err(ChairLinkError::NotHttp(hub.to_owned()));
    }
    Ok(hub)
}

/// Why a chair's window has no page to open.
#[derive(Debug, thiserror::Error)]
pub enum ChairLinkError {
    #[error("--hub {0:?} is not an http(s) address (fix: e.g. http://hub.local:8080)")]
    NotHttp(String),
    #[error("say which room: --room ROOM, or give the room's chair link as --hub")]
    NoRoom,
    #[error("--token-file {}: {source} (fix: give the file that holds the room's chair token)", path.display())]
    TokenFile {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ChairArgs {
    /// The page to open: the chair link as given, or the room's page on the
    /// hub, with the token in the fragment, which never reaches a server.
    pub fn address(&self) -> Result<String, ChairLinkError> {
        let hub = http_address(&self.hub)?;
        let page = match (&self.room, hub.contains("/chair/")) {
            (_, true) => hub.to_owned(),
            (Some(room), false) => format!(
                "{hub}/chair/{}",
                percent_encoding::utf8_percent_encode(
                    room.trim(),
                    percent_encoding::NON_ALPHANUMERIC
                )
            ),
            (None, false) => return Err(ChairLinkError::NoRoom),
        };
        Ok(match self.token()? {
            Some(token) if !page.contains('#') => format!("{page}#token={token}"),
            _ => page,
        })
    }

    /// The chair token from `--token-file`, else `MARQUEE_CHAIR_TOKEN`.
    fn token(&self) -> Result<Option<String>, ChairLinkError> {
        let given =
            match &self.token_file {
                Some(file) => Some(std::fs::read_to_string(file).map_err(|source| {
                    ChairLinkError::TokenFile {
                        path: file.clone(),
                        source,
                    }
                })?),
                None => std::env::var("MARQUEE_CHAIR_TOKEN").ok(),
            };
        Ok(given
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty()))
    }
}

#[derive(Debug, Args, Default)]
pub struct EditorArgs {
    /// A programme file in Marquee's format (its hub's store goes in a folder beside it), or a hub's address [default: the default programme]
    #[arg(value_name = "FILE|URL")]
    pub source: Option<PathBuf>,
}

/// A screen's options (each may also be set in `screen.toml` beside the
/// programme), and how to read its programme.
#[derive(Debug, Args, Default)]
pub struct KioskArgs {
    #[command(flatten)]
    pub screen: ScreenOptions,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The source file or http(s) address: a Marquee programme, a programme page (Markdown), frab XML, c3voc JSON or iCalendar
    pub source: PathBuf,
    /// Where to write the programme [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct NowArgs {
    /// The programme: a file or http(s) address, in any supported format [default: data/programme.json]
    pub file: Option<PathBuf>,
    /// The instant to ask about, RFC 3339 (e.g. 2016-06-06T10:42:00-04:00) [default: now]
    #[arg(long, value_name = "INSTANT")]
    pub at: Option<DateTime<FixedOffset>>,
    /// Only this room (its name or id); repeat for more
    #[arg(long, value_name = "ROOM")]
    pub room: Vec<String>,
    /// A room running late from the instant asked about, ROOM:MINUTES; repeat for more
    #[arg(long, value_name = "ROOM:MINUTES")]
    pub late: Vec<String>,
    /// Print JSON: {"at", "timezone", "rooms": [{"room", "current", "next"}]}
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The programme: a file or http(s) address, in any supported format
    pub file: PathBuf,
    /// The format to write
    #[arg(long, value_name = "FORMAT", value_parser = export_formats())]
    pub format: ExportFormat,
    /// Where to write it [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The programme's format [default: detected from the content]
    #[arg(long = "from", value_name = "FORMAT", value_parser = source_formats())]
    pub from: Option<SourceFormat>,
    #[command(flatten)]
    pub layout: LayoutArgs,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The programme to start from, and follow: a file or http(s) address in any supported format [default: carry on with the programme the hub has]
    pub source: Option<PathBuf>,
    /// Where to listen; a venue passes 0.0.0.0:8080 to be reached from other machines
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: std::net::SocketAddr,
    /// Where the hub keeps its store and its token [default: $XDG_DATA_HOME/marquee/hub]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Start the hub's clock at this instant, then run (rehearsals and tests)
    #[arg(long, value_name = "INSTANT")]
    pub clock: Option<ClockStart>,
    /// Run the hub's time this many times faster (0 stands still)
    #[arg(long, value_name = "N")]
    pub clock_rate: Option<f64>,
    /// Fetch a SOURCE at an address again this often [default: 60]
    #[arg(long, value_name = "SECONDS")]
    pub refresh_seconds: Option<u64>,
    /// Write every change back to SOURCE, a file in Marquee's format, whole and atomically; SOURCE is then read at start, not followed
    #[arg(long, requires = "source")]
    pub write_back: bool,
    /// Serve HTTPS with this certificate chain (PEM, e.g. certbot's fullchain.pem); a renewed file is picked up without a restart
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM, e.g. certbot's privkey.pem)
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Let imports and photos reach loopback and private addresses (a pretalx on the venue's LAN); implied when SOURCE is on one. Link-local addresses are never reached
    #[arg(long)]
    pub allow_private_sources: bool,
    /// Drop a screen from the Screens list after this many hours without a report [default: 24]
    #[arg(long, value_name = "HOURS")]
    pub forget_screens_after: Option<u32>,
    /// The hub of `marquee editor FILE`: its store beside SOURCE, only
    /// requests to loopback hosts answered, imports from this machine's
    /// network, and the editor's link printed on the first line
    #[arg(long, hide = true, requires = "source")]
    pub editor: bool,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// What to do with the token
    #[arg(value_enum)]
    pub action: TokenAction,
    /// A room's chair token (its id or name) instead of the organiser's
    #[arg(long, value_name = "ROOM")]
    pub room: Option<String>,
    /// Where the hub keeps its store and its token [default: $XDG_DATA_HOME/marquee/hub]
    #[arg(long, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The hub's address as the venue reaches it, for a chair's link
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080")]
    pub hub: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TokenAction {
    /// Print the token (a room's as its chair link)
    Show,
    /// Replace it and print the new one; the old one stops working at once
    Rotate,
    /// Replace it without printing the new one; the old one stops working at once
    Revoke,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The programme to check: a file or http(s) address, in any supported format
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How to read a source; the layout options give times and rooms to pages
/// that have none.
#[derive(Debug, Args, Default)]
pub struct ReadArgs {
    /// The source's format [default: detected from the content]
    #[arg(long = "format", value_name = "FORMAT", value_parser = source_formats())]
    pub format: Option<SourceFormat>,
    #[command(flatten)]
    pub layout: LayoutArgs,
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// Limits for programmes read from an address.
#[derive(Debug, Args, Default)]
pub struct FetchArgs {
    /// Give up on an address after this many seconds [default: 30]
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<u64>,
}

impl FetchArgs {
    pub fn limits(&self) -> Limits {
        let defaults = Limits::default();
        Limits {
            total: self.timeout.map_or(defaults.total, Duration::from_secs),
            connect: self.timeout.map_or(defaults.connect, |t| {
                defaults.connect.min(Duration::from_secs(t))
            }),
            ..defaults
        }
    }
}

/// Times and rooms for a programme page, which has none.
#[derive(Debug, Args, Default)]
pub struct LayoutArgs {
    /// The day of a page's sessions [default: 2016-06-06]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub day: Option<NaiveDate>,
    /// The venue's IANA time zone, for a page and for a schedule that names none [default for a page: America/New_York]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub timezone: Option<Tz>,
    /// When the first talk starts, HH:MM [default: 09:00]
    #[arg(long, value_parser = parse_time, help_heading = "Layout of a page without times")]
    pub start: Option<NaiveTime>,
    /// Length of a talk in minutes [default: 25]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub talk_minutes: Option<i64>,
    /// Minutes between talks [default: 5]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub gap_minutes: Option<i64>,
    /// A break after a talk, AFTER:MINUTES:TITLE; repeat for more [default: an hour's lunch after the middle talk]
    #[arg(
        long = "break",
        value_name = "AFTER:MINUTES:TITLE",
        help_heading = "Layout of a page without times"
    )]
    pub breaks: Vec<BreakSpec>,
    /// Name of the room for talks [default: Main Hall]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub main_room: Option<String>,
    /// Name of the room for workshops [default: Workshop Room]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub workshop_room: Option<String>,
    /// When the first workshop starts, HH:MM [default: 09:00]
    #[arg(long, value_parser = parse_time, help_heading = "Layout of a page without times")]
    pub workshop_start: Option<NaiveTime>,
    /// Length of a workshop whose page gives none, in minutes [default: 120]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub workshop_minutes: Option<i64>,
    /// Minutes between workshops [default: 15]
    #[arg(long, help_heading = "Layout of a page without times")]
    pub workshop_gap_minutes: Option<i64>,
}

fn parse_time(text: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map_err(|_| format!("{text:?} is not a time of the form HH:MM"))
}

fn source_formats() -> impl clap::builder::TypedValueParser<Value = SourceFormat> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(SourceFormat::ALL.map(SourceFormat::name))
        .map(|name| name.parse().expect("only listed names pass"))
}

fn export_formats() -> impl clap::builder::TypedValueParser<Value = ExportFormat> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(ExportFormat::ALL.map(ExportFormat::name))
        .map(|name| name.parse().expect("only listed names pass"))
}

impl ReadArgs {
    pub fn options(&self) -> ImportOptions {
        self.layout.options(self.format)
    }
}

impl KioskArgs {
    /// What the screen was asked for, for the host's settings.
    pub fn request(&self) -> ScreenRequest {
        ScreenRequest {
            options: self.screen.clone(),
            import: self.read.options(),
            fetch: self.read.fetch.limits(),
        }
    }
}

impl LayoutArgs {
    /// How to read a source of `format`: only a zone given here stands in
    /// for one a schedule does not name, never the page layout's default.
    pub fn options(&self, format: Option<SourceFormat>) -> ImportOptions {
        ImportOptions {
            format,
            layout: self.layout(),
            timezone: self.timezone,
        }
    }

    fn layout(&self) -> PageLayout {
        let defaults = PageLayout::default();
        PageLayout {
            day: self.day.unwrap_or(defaults.day),
            timezone: self.timezone.unwrap_or(defaults.timezone),
            start: self.start.unwrap_or(defaults.start),
            talk_minutes: self.talk_minutes.unwrap_or(defaults.talk_minutes),
            gap_minutes: self.gap_minutes.unwrap_or(defaults.gap_minutes),
            breaks: if self.breaks.is_empty() {
                defaults.breaks
            } else {
                Some(self.breaks.clone())
            },
            main_room: self.main_room.clone().unwrap_or(defaults.main_room),
            workshop_room: self.workshop_room.clone().unwrap_or(defaults.workshop_room),
            workshop_start: self.workshop_start.unwrap_or(defaults.workshop_start),
            workshop_minutes: self.workshop_minutes.unwrap_or(defaults.workshop_minutes),
            workshop_gap_minutes: self
                .workshop_gap_minutes
                .unwrap_or(defaults.workshop_gap_minutes),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ChairArgs, ChairLinkError};

    fn chair(room: Option<&str>, hub: &str, token: Option<&str>) -> Result<String, ChairLinkError> {
        let folder = tempfile::tempdir().unwrap();
        let token_file = token.map(|token| {
            let file = folder.path().join("chair-token");
            std::fs::write(&file, format!("{token}\n")).unwrap();
            file
        });
        ChairArgs {
            room: room.map(ToOwned::to_owned),
            hub: hub.to_owned(),
            token_file,
            fullscreen: false,
        }
        .address()
    }

    #[test]
    fn the_chair_window_opens_the_rooms_page_with_its_token_in_the_fragment() {
        assert_eq!(
            chair(Some("Main Hall"), "http://127.0.0.1:8080/", Some("t0k")).unwrap(),
            "http://127.0.0.1:8080/chair/Main%20Hall#token=t0k"
        );
        let link = "http://hub.local:8080/chair/main-hall#token=abc";
        assert_eq!(chair(None, link, Some("other")).unwrap(), link);
        assert!(
            chair(None, "http://hub.local:8080", None)
                .unwrap_err()
                .to_string()
                .contains("--room")
        );
        assert!(
            chair(Some("x"), "hub.local", None)
                .unwrap_err()
                .to_string()
                .contains("http(s)")
        );
    }
}
