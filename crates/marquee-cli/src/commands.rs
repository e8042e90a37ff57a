//! What each of the command line's subcommands does.

use std::path::Path;
use std::process::ExitCode;

use chrono::Utc;
use marquee_core::edit::{self, Operation};
use marquee_core::format::{to_json, write_json};
use marquee_core::timeline::{Engine, NowReport, ScreenConfig, now_report};
use marquee_core::{Severity, validate};
use marquee_host::HostError;
use marquee_host::rooms::find_room;
use marquee_host::source::{default_programme_path, import_from, read_programme, write_file};

use marquee_args::{ExportArgs, ImportArgs, NowArgs, ValidateArgs};

/// Reads a programme for a command that reads it once and exits: a file is
/// mapped rather than copied into memory, which spares the page faults of a
/// copy (a third of a large import's system time). Hosts that run for days
/// read files with [`read_programme`]: a file truncated in place under a
/// mapping would stop the process.
fn read_once(
    source: &Path,
    options: &marquee_core::ImportOptions,
    limits: marquee_io::Limits,
) -> Result<marquee_core::Imported, HostError> {
    if marquee_io::is_address(&source.to_string_lossy()) {
        return read_programme(source, options, limits);
    }
    let file = std::fs::File::open(source).map_err(|e| HostError::read(source, e))?;
    // SAFETY: the mapping lives only while this command imports it; the
    // file changing meanwhile can tear what is read, never memory safety
    // beyond what the importer already checks (it validates UTF-8).
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(mapped) => import_from(source, &mapped, options),
        // An empty file cannot be mapped; read it as it is.
        Err(_) => read_programme(source, options, limits),
    }
}

/// `marquee import`: warnings go to standard error, the programme to the
/// output file (written atomically) or to standard output.
pub fn import(args: &ImportArgs) -> Result<ExitCode, HostError> {
    let imported = read_once(&args.source, &args.read.options(), args.read.fetch.limits())?;
    let name = args.source.display().to_string();
    for warning in &imported.warnings {
        eprintln!("{}", warning.report(&name));
    }
    match &args.output {
        Some(path) => write_file(path, to_json(&imported.programme).as_bytes())?,
        None => {
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            write_json(&imported.programme, out)
                .map_err(|e| HostError::write("standard output", e))?;
        }
    }
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

/// Why a command did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Host(#[from] HostError),
    #[error("--late {0:?} is not ROOM:MINUTES")]
    LateSpec(String),
    #[error("--late {spec:?}: {minutes:?} is not a number of minutes")]
    LateMinutes { spec: String, minutes: String },
    #[error("--late: {0}")]
    Late(marquee_core::edit::Refused),
}

/// `marquee now`: now and next in each room, as text or JSON.
pub fn now(args: &NowArgs) -> Result<ExitCode, CommandError> {
    let path = match &args.file {
        Some(path) => path.clone(),
        None => default_programme_path()?,
    };
    let imported = read_once(&path, &args.read.options(), args.read.fetch.limits())?;
    let programme = &imported.programme;
    let at = args.at.unwrap_or_else(|| Utc::now().fixed_offset());
    let rooms = args
        .room
        .iter()
        .map(|name| find_room(programme, name))
        .collect::<Result<Vec<_>, _>>()?;
    let late = args
        .late
        .iter()
        .map(|spec| {
            let (room, minutes) = spec
                .rsplit_once(':')
                .ok_or_else(|| CommandError::LateSpec(spec.clone()))?;
            let minutes = minutes
                .trim()
                .parse()
                .map_err(|_| CommandError::LateMinutes {
                    spec: spec.clone(),
                    minutes: minutes.to_owned(),
                })?;
            Ok(Operation::Late {
                room: find_room(programme, room)?,
                minutes,
                session: None,
                started_minutes: None,
            })
        })
        .collect::<Result<Vec<_>, CommandError>>()?;
    let programme = edit::apply(programme, &late, at.with_timezone(&Utc))
        .map_err(CommandError::Late)?
        .programme;
    let config = ScreenConfig {
        rooms,
        ..ScreenConfig::default()
    };
    let engine = Engine::new(programme.clone().into(), config);
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
pub fn export(args: &ExportArgs) -> Result<ExitCode, HostError> {
    let options = args.layout.options(args.from);
    let imported = read_once(&args.file, &options, args.fetch.limits())?;
    let text = marquee_core::export::export(&imported.programme, args.format);
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to a file atomically, or to standard output.
fn write_output(path: Option<&Path>, text: &str) -> Result<(), HostError> {
    match path {
        Some(path) => write_file(path, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// `marquee validate`: every problem on its own line, then a summary.
pub fn validate_file(args: &ValidateArgs) -> Result<ExitCode, HostError> {
    let imported = read_once(&args.file, &args.read.options(), args.read.fetch.limits())?;
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
