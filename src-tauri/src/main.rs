//! `marquee-desktop`: Marquee's windows. `marquee kiosk` (and `marquee`
//! alone) starts it with the same options.

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use marquee::args::{EditorArgs, KioskArgs};
use marquee_desktop::editor::{EditorPage, run_editor};
use marquee_desktop::{Kiosk, ShellError, run_app, webkit};
use marquee_host::ProgrammeStore;
use marquee_host::settings::ScreenSettings;

#[derive(Debug, Parser)]
#[command(
    name = "marquee",
    version,
    about = "Marquee's windows: the hallway screen (what `marquee` alone opens)."
)]
struct DesktopCli {
    #[command(subcommand)]
    window: Option<Window>,
}

#[derive(Debug, Subcommand)]
enum Window {
    /// Open the display window.
    Kiosk(Box<KioskArgs>),
    /// Open the organiser's editor.
    Editor(EditorArgs),
}

fn main() -> ExitCode {
    let launched = Instant::now();
    webkit::tune_environment();
    marquee::logging::init();
    let cli = DesktopCli::parse();
    let opened = match cli.window {
        Some(Window::Kiosk(args)) => kiosk(&args, launched),
        Some(Window::Editor(args)) => editor(&args),
        None => kiosk(&KioskArgs::default(), launched),
    };
    match opened {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("marquee: {error}");
            ExitCode::from(2)
        }
    }
}

fn kiosk(args: &KioskArgs, launched: Instant) -> Result<(), ShellError> {
    let settings = ScreenSettings::resolve(&args.request())?;
    let kiosk = Kiosk {
        settings,
        store: ProgrammeStore::new(),
        launched,
    };
    run_app(tauri::Builder::default(), kiosk, webkit::tune_webview)?.run(|_, _| {});
    Ok(())
}

fn editor(args: &EditorArgs) -> Result<(), ShellError> {
    let source = match &args.source {
        Some(source) => source.clone(),
        None => marquee_host::source::default_programme_path()?,
    };
    let page = EditorPage::open(&source)?;
    run_editor(tauri::Builder::default(), &page)?.run(|_, _| {});
    // The hub for the file stops with the window.
    drop(page);
    Ok(())
}
