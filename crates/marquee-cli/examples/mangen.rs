//! Writes the man pages of the three programs the package installs, from
//! the command line's own definitions: `marquee` and a page per subcommand,
//! `marquee-hub` (which takes `serve` and `token`), and `marquee-desktop`
//! (which takes the window commands). `cargo run -p marquee --example
//! mangen -- FOLDER`; the Makefile compresses them for the package.

use std::path::PathBuf;

use clap::CommandFactory;
use marquee_args::Cli;

fn main() -> std::io::Result<()> {
    let folder = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "man1".to_owned()));
    std::fs::create_dir_all(&folder)?;
    clap_mangen::generate_to(Cli::command(), &folder)?;
    let beside = |name: &'static str, about: &'static str| {
        Cli::command()
            .name(name)
            .bin_name(name)
            .about(about)
            .version(env!("CARGO_PKG_VERSION"))
    };
    clap_mangen::Man::new(beside(
        "marquee-hub",
        "Marquee's venue hub, which `marquee serve` and `marquee token` start in their place",
    ))
    .generate_to(&folder)?;
    clap_mangen::Man::new(beside(
        "marquee-desktop",
        "Marquee's windows (the hallway screen, the editor, the chair's view), which `marquee kiosk`, `marquee editor` and `marquee chair` start in their place",
    ))
    .generate_to(&folder)?;
    Ok(())
}
