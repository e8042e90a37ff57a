//! `marquee-desktop`: Marquee's windows. `marquee kiosk` (and `marquee`
//! alone) starts it with the same options.

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use marquee::args::KioskArgs;
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
    Kiosk(KioskArgs),
}

fn main() -> ExitCode {
    let launched = Instant::now();
    webkit::tune_environment();
    marquee::logging::init();
    let cli = DesktopCli::parse();
    let args = match cli.window {
        Some(Window::Kiosk(args)) => args,
        None => KioskArgs::default(),
    };
    match kiosk(&args, launched) {
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
