//! Marquee's command line: [`commands`] does each subcommand that reads or
//! writes a programme and exits. Its options are `marquee_args`; the windows
//! and the venue hub are programs beside it (`marquee_host::companion`).
//!
//! It must never depend on the server, the store, an async runtime or the
//! window toolkit: it starts in a millisecond and runs where none is
//! installed.

pub mod commands;
