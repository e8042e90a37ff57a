//! Marquee's command line: [`args`] says what it takes (the desktop app
//! takes the same options for its windows), [`commands`] does each
//! subcommand, [`desktop`] hands the windows over to the desktop app, and
//! [`logging`] sets up the log both share; [`serve`] runs the venue hub.

pub mod args;
pub mod commands;
pub mod desktop;
pub mod logging;
pub mod serve;
