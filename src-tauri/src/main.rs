//! `marquee`: the kiosk window and the command line around the programme.

mod cli;
#[cfg(test)]
mod contract;
mod error;
mod fetch;
mod shell;
mod source;

use std::process::ExitCode;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        None => shell::run(Default::default()).map(|()| ExitCode::SUCCESS),
        Some(Command::Kiosk(args)) => shell::run(args).map(|()| ExitCode::SUCCESS),
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
