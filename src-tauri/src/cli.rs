//! The `marquee` command line: its arguments and what each subcommand does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};
use marquee_core::export::ExportFormat;
use marquee_core::format::to_json;
use marquee_core::import::{BreakSpec, PageLayout};
use marquee_core::model::{Programme, RoomId};
use marquee_core::timeline::{Delay, Engine, NowReport, ScreenConfig, now_report};
use marquee_core::{ImportOptions, Severity, SourceFormat, validate};

use crate::clock::ClockStart;
use crate::error::AppError;
use crate::fetch::FetchLimits;
use crate::settings::Theme;
use crate::source::{default_programme_path, read_programme, write_atomically};

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
}

/// A screen's options; each may also be set in `screen.toml` beside the programme.
#[derive(Debug, Args, Default)]
pub struct KioskArgs {
    /// The programme to show: a file or http(s) address, in any supported format [default: data/programme.json]
    #[arg(long, value_name = "FILE|URL")]
    pub programme: Option<PathBuf>,
    /// Only this room, for a screen outside it (its name or id); repeat for more
    #[arg(long, value_name = "ROOM")]
    pub room: Vec<String>,
    /// Start the clock at this instant, then run: 2016-06-06T10:42:00-04:00, 2016-06-06T10:42 or 10:42 (first day), venue time
    #[arg(long, value_name = "INSTANT")]
    pub clock: Option<ClockStart>,
    /// Run time this many times faster (0 stands still)
    #[arg(long, value_name = "N")]
    pub clock_rate: Option<f64>,
    /// A normal window instead of fullscreen
    #[arg(long)]
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
    /// The screen's settings file [default: screen.toml beside the programme, if there is one]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
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
    pub fn limits(&self) -> FetchLimits {
        let defaults = FetchLimits::default();
        FetchLimits {
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
    /// The venue's IANA time zone [default: America/New_York]
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
        ImportOptions {
            format: self.format,
            layout: self.layout.layout(),
        }
    }
}

impl LayoutArgs {
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

/// `marquee import`: warnings go to standard error, the programme to the
/// output file (written atomically) or to standard output.
pub fn import(args: &ImportArgs) -> Result<ExitCode, AppError> {
    let imported = read_programme(&args.source, &args.read.options(), args.read.fetch.limits())?;
    let name = args.source.display().to_string();
    for warning in &imported.warnings {
        eprintln!("{}", warning.report(&name));
    }
    write_output(args.output.as_deref(), &to_json(&imported.programme))?;
    if let Some(path) = &args.output {
        eprintln!(
            "wrote {} ({} sessions, {} speakers, {} rooms)",
            path.display(),
            imported.programme.sessions.len(),
            imported.programme.speakers.len(),
            imported.programme.rooms.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `marquee now`: now and next in each room, as text or JSON.
pub fn now(args: &NowArgs) -> Result<ExitCode, AppError> {
    let path = args.file.clone().unwrap_or_else(default_programme_path);
    let imported = read_programme(&path, &args.read.options(), args.read.fetch.limits())?;
    let programme = &imported.programme;
    let at = args.at.unwrap_or_else(|| Utc::now().fixed_offset());
    let rooms = args
        .room
        .iter()
        .map(|name| find_room(programme, name))
        .collect::<Result<Vec<_>, _>>()?;
    let delays = args
        .late
        .iter()
        .map(|spec| {
            let (room, minutes) = spec
                .rsplit_once(':')
                .ok_or_else(|| AppError::Usage(format!("--late {spec:?} is not ROOM:MINUTES")))?;
            let minutes = minutes.trim().parse().map_err(|_| {
                AppError::Usage(format!(
                    "--late {spec:?}: {minutes:?} is not a number of minutes"
                ))
            })?;
            Ok(Delay {
                room: find_room(programme, room)?,
                from: at,
                minutes,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let config = ScreenConfig {
        rooms,
        ..ScreenConfig::default()
    };
    let engine = Engine::new(programme, config, &delays);
    let report = now_report(&engine, &at);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serializes")
        );
    } else {
        print!("{}", now_text(&programme.conference.title, &report));
    }
    Ok(ExitCode::SUCCESS)
}

/// The room `name` names, by its name (any case) or its id.
pub(crate) fn find_room(programme: &Programme, name: &str) -> Result<RoomId, AppError> {
    let name = name.trim();
    programme
        .rooms
        .iter()
        .find(|room| room.id.as_str() == name || room.name.eq_ignore_ascii_case(name))
        .map(|room| room.id.clone())
        .ok_or_else(|| {
            let known: Vec<&str> = programme
                .rooms
                .iter()
                .map(|room| room.name.as_str())
                .collect();
            AppError::Usage(format!(
                "there is no room {name:?}; the rooms are: {}",
                known.join(", ")
            ))
        })
}

/// `HH:MM` of an RFC 3339 instant written in venue time.
fn clock(rfc3339: &str) -> &str {
    rfc3339.get(11..16).unwrap_or(rfc3339)
}

fn now_text(title: &str, report: &NowReport) -> String {
    let mut out = format!(
        "{title}: {} {} ({})\n",
        &report.at[..10],
        clock(&report.at),
        report.timezone
    );
    for room in &report.rooms {
        let late = room
            .late_minutes
            .map(|m| format!(" (running {m} min late)"))
            .unwrap_or_default();
        out.push_str(&format!("\n{}{late}\n", room.room));
        for (label, session) in [("now ", &room.current), ("next", &room.next)] {
            match session {
                Some(s) => {
                    let speakers = if s.speakers.is_empty() {
                        String::new()
                    } else {
                        format!(" · {}", s.speakers.join(", "))
                    };
                    out.push_str(&format!(
                        "  {label}  {}–{}  {}{speakers}\n",
                        clock(&s.start),
                        clock(&s.end),
                        s.title
                    ));
                }
                None => out.push_str(&format!("  {label}  —\n")),
            }
        }
    }
    out
}

/// `marquee export`: the programme in another format.
pub fn export(args: &ExportArgs) -> Result<ExitCode, AppError> {
    let options = ImportOptions {
        format: args.from,
        layout: args.layout.layout(),
    };
    let imported = read_programme(&args.file, &options, args.fetch.limits())?;
    let text = marquee_core::export::export(&imported.programme, args.format);
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to a file atomically, or to standard output.
fn write_output(path: Option<&Path>, text: &str) -> Result<(), AppError> {
    match path {
        Some(path) => write_atomically(path, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// `marquee validate`: every problem on its own line, then a summary.
pub fn validate_file(args: &ValidateArgs) -> Result<ExitCode, AppError> {
    let imported = read_programme(&args.file, &args.read.options(), args.read.fetch.limits())?;
    Ok(report_problems(&args.file, &imported))
}

fn report_problems(file: &Path, imported: &marquee_core::Imported) -> ExitCode {
    let name = file.display().to_string();
    let problems: Vec<_> = imported
        .warnings
        .iter()
        .cloned()
        .chain(validate(&imported.programme))
        .collect();
    for problem in &problems {
        println!("{}", problem.report(&name));
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    println!(
        "{name}: {} sessions, {} speakers, {} rooms: {errors} errors, {warnings} warnings",
        imported.programme.sessions.len(),
        imported.programme.speakers.len(),
        imported.programme.rooms.len()
    );
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
