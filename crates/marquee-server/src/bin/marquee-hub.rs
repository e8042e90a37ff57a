//! `marquee-hub`: the venue hub, which `marquee serve` (and `marquee token`,
//! which needs its store) starts in its place with the same options; apart,
//! so that the command line carries none of the server's libraries.

use std::process::ExitCode;

use clap::Parser;
use marquee_args::{Cli, Command};
use marquee_host::logging;
use marquee_server::{serve, token_command as token};

fn main() -> ExitCode {
    logging::init();
    let result = match Cli::parse().command {
        Some(Command::Serve(args)) => serve::serve(&args).map_err(|e| e.to_string()),
        Some(Command::Token(args)) => token::token(&args).map_err(|e| e.to_string()),
        _ => Err("marquee-hub runs the venue hub only (fix: run `marquee serve ...`)".to_owned()),
    };
    result.unwrap_or_else(|error| {
        eprintln!("marquee: {error}");
        ExitCode::from(2)
    })
}
