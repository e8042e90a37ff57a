//! `marquee`: the kiosk window and the command line around the programme.

mod cli;
mod clock;
#[cfg(test)]
mod contract;
mod error;
mod feed;
mod fetch;
mod media;
mod scheduler;
mod screen;
mod settings;
mod shell;
mod source;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        None => shell::run(Default::default(), launched).map(|()| ExitCode::SUCCESS),
        Some(Command::Kiosk(args)) => shell::run(args, launched).map(|()| ExitCode::SUCCESS),
        Some(Command::Import(args)) => cli::import(&args),
        Some(Command::Export(args)) => cli::export(&args),
        Some(Command::Now(args)) => cli::now(&args),
        Some(Command::Validate(args)) => cli::validate_file(&args),
    };
    result.unwrap_or_else(|error| {
        eprintln!("marquee: {error}");
        ExitCode::from(2)
    })
}
