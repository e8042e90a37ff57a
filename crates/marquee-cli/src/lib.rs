//! Marquee's command line: [`args`] says what it takes (the desktop app
//! takes the same options for its windows), [`commands`] does each
//! subcommand, [`companion`] hands the windows and the hub over to the programs beside it, and
//! [`logging`] sets up the log both share; [`serve`] runs the venue hub and
//! [`token`] manages its tokens.

pub mod args;
pub mod commands;
pub mod companion;
pub mod logging;
pub mod serve;
pub mod token;
