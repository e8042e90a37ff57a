//! Log lines on standard error, `info` and above unless `RUST_LOG` says
//! otherwise; the same for the command line and the desktop app. A screen,
//! which runs for days, also writes them to daily files in
//! `$XDG_STATE_HOME/marquee/logs`, the newest week kept, so its logs stay
//! bounded (and under systemd standard error is the journal).

use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::MakeWriterExt;

/// Daily files kept: a week.
const LOG_FILES_KEPT: usize = 7;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

pub fn init() {
    tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_writer(std::io::stderr)
        .init();
}

/// As [`init`], and to the screen's rotating log files.
pub fn init_for_screen() {
    let folder = crate::source::state_dir().join("logs");
    let files = std::fs::create_dir_all(&folder)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            RollingFileAppender::builder()
                .rotation(Rotation::DAILY)
                .filename_prefix("marquee")
                .filename_suffix("log")
                .max_log_files(LOG_FILES_KEPT)
                .build(&folder)
                .map_err(|e| e.to_string())
        });
    match files {
        Ok(files) => tracing_subscriber::fmt()
            .with_env_filter(filter())
            .with_writer(std::io::stderr.and(files))
            .init(),
        Err(error) => {
            init();
            tracing::warn!("no log files in {}: {error}", folder.display());
        }
    }
}
