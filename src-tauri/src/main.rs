//! `marquee-desktop`: Marquee's windows. `marquee kiosk` (and `marquee`
//! alone) starts it with the same options.

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use marquee_args::{ChairArgs, EditorArgs, KioskArgs, StageArgs};
use marquee_desktop::editor::{
    CHAIR_WINDOW, EditorPage, HubWindow, STAGE_WINDOW, run_editor, run_hub_window,
};
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
    /// Open a room's chair view.
    Chair(ChairArgs),
    /// Open a room's stage monitor.
    Stage(StageArgs),
}

fn main() -> ExitCode {
    let launched = Instant::now();
    webkit::tune_environment();
    let cli = DesktopCli::parse();
    match cli.window {
        Some(Window::Kiosk(_)) | None => marquee_host::logging::init_for_screen(),
        Some(_) => marquee_host::logging::init(),
    }
    let opened = match cli.window {
        Some(Window::Kiosk(args)) => kiosk(&args, launched),
        Some(Window::Editor(args)) => editor(&args),
        Some(Window::Chair(args)) => chair(&args),
        Some(Window::Stage(args)) => stage(&args),
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

/// A screen nobody watches: its page tuned for days and healed when it hangs.
fn unattended(window: &tauri::WebviewWindow) {
    webkit::tune_webview(window);
    webkit::watch_page(window.clone());
}

/// As [`unattended`], and the whole screen's: it keeps a Wayland session awake.
fn unattended_fullscreen(window: &tauri::WebviewWindow) {
    unattended(window);
    #[cfg(target_os = "linux")]
    marquee_desktop::idle_inhibit::hold(window);
}

fn kiosk(args: &KioskArgs, launched: Instant) -> Result<(), ShellError> {
    let settings = ScreenSettings::resolve(&args.request())?;
    settings.trust_hub_authority()?;
    let kiosk = Kiosk {
        settings,
        store: ProgrammeStore::new(),
        launched,
    };
    let fullscreen = !kiosk.settings.windowed;
    let unattended: fn(&tauri::WebviewWindow) = if fullscreen {
        unattended_fullscreen
    } else {
        unattended
    };
    // A fullscreen kiosk keeps the screen on, and gives it back on exit.
    let awake = fullscreen.then(marquee_desktop::awake::Awake::hold);
    // First of all: a second kiosk for this screen hands over and exits here.
    let builder = tauri::Builder::default()
        .plugin(marquee_desktop::one_instance::plugin(&kiosk.settings.name));
    run_app(builder, kiosk, unattended)?.run(move |_, event| {
        if let (tauri::RunEvent::Exit, Some(awake)) = (event, &awake) {
            awake.release();
        }
    });
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

fn chair(args: &ChairArgs) -> Result<(), ShellError> {
    let address = args
        .address()
        .map_err(marquee_desktop::editor::EditorError::ChairLink)?;
    let window = HubWindow {
        label: CHAIR_WINDOW,
        title: "Marquee chair",
        address: &address,
        fullscreen: args.fullscreen,
    };
    run_hub_window(tauri::Builder::default(), &window)?.run(|_, _| {});
    Ok(())
}

/// The speaker's monitor: unattended on the stage floor, so it keeps the
/// screen on as a kiosk does.
fn stage(args: &StageArgs) -> Result<(), ShellError> {
    let address = args
        .address()
        .map_err(marquee_desktop::editor::EditorError::ChairLink)?;
    let window = HubWindow {
        label: STAGE_WINDOW,
        title: "Marquee stage",
        address: &address,
        fullscreen: !args.windowed,
    };
    let awake = (!args.windowed).then(marquee_desktop::awake::Awake::hold);
    run_hub_window(tauri::Builder::default(), &window)?.run(move |_, event| {
        if let (tauri::RunEvent::Exit, Some(awake)) = (event, &awake) {
            awake.release();
        }
    });
    Ok(())
}
