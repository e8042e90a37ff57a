//! `marquee`: the command line around the programme, and the way into the
//! desktop app's windows and the venue hub.

use std::process::ExitCode;

use clap::Parser;
use marquee::commands;
use marquee_args::{Cli, Command};
use marquee_host::{companion, logging};

fn main() -> ExitCode {
    logging::init();
    let cli = Cli::parse();
    let result: Result<ExitCode, commands::CommandError> = match cli.command {
        None
        | Some(Command::Kiosk(_) | Command::Editor(_) | Command::Chair(_) | Command::Stage(_)) => {
            companion::DESKTOP
                .run(std::env::args_os().skip(1))
                .map_err(Into::into)
        }
        Some(Command::Import(args)) => commands::import(&args).map_err(Into::into),
        Some(Command::Export(args)) => commands::export(&args).map_err(Into::into),
        Some(Command::Now(args)) => commands::now(&args),
        Some(Command::Validate(args)) => commands::validate_file(&args).map_err(Into::into),
        Some(Command::Serve(_) | Command::Token(_)) => companion::HUB
            .run(std::env::args_os().skip(1))
            .map_err(Into::into),
    };
    result.unwrap_or_else(|error| {
        eprintln!("marquee: {error}");
        ExitCode::from(2)
    })
}
