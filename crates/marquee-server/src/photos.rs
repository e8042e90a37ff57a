//! `POST /api/photos`: a picture an organiser uploads from a file (a
//! speaker's photo), kept in the data folder's `photos/` under a name made
//! from its bytes. The answer is the path a programme names it by
//! (`data/photos/NAME`); the organiser's form puts it in the speaker's photo
//! and saves, so the picture is part of the programme only once saved; one
//! never saved into it is removed a day later ([`sweep`], hourly).

use std::path::Path;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use marquee_media::photo::{PhotoError, PhotoLimits};
use marquee_media::upload::{UPLOADS, unused_uploads, upload_name};
use serde::Serialize;

use crate::refusal::{ProblemBody, Refusal};
use crate::state::ServerState;
use crate::work::blocking;

/// The most a photo uploaded may weigh: a phone's photo, with room to spare.
pub const MOST_PHOTO_BYTES: usize = 16 * 1024 * 1024;

#[derive(Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Uploaded {
    /// What a programme names the picture by, e.g. `data/photos/3f2a….jpg`.
    pub path: String,
}

#[derive(Debug, thiserror::Error)]
enum UploadError {
    #[error("{0} (fix: choose a JPEG, PNG or WebP picture)")]
    Picture(#[from] PhotoError),
    #[error("{}: cannot keep the picture: {source} (fix: check that the folder is writable)", path.display())]
    Keep {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// A picture's bytes, as the API document describes a body of them.
pub struct Picture;

impl utoipa::PartialSchema for Picture {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for Picture {}

/// Keeps a picture for the programme to name.
#[utoipa::path(post, path = "/api/photos", operation_id = "post_api_photos", tag = "programme",
    security(("bearer" = [])),
    request_body(description = "a JPEG, PNG or WebP picture", content(
        (Picture = "image/jpeg"),
        (Picture = "image/png"),
        (Picture = "image/webp"),
    )),
    responses(
        (status = 201, description = "kept; `path` names it in a programme", body = Uploaded),
        (status = 401, description = "no token, or not the organiser's", body = ProblemBody),
        (status = 413, description = "larger than 16 MB", body = ProblemBody),
        (status = 422, description = "not a picture a screen can show", body = ProblemBody),
    ))]
pub async fn post(State(state): State<Arc<ServerState>>, body: Bytes) -> Response {
    let folder = state.data_folder.join(UPLOADS);
    // Decoding and writing with fsync block: off the async workers.
    let kept = blocking(move || keep(&folder, &body)).await;
    match kept {
        Ok(Ok(name)) => (
            StatusCode::CREATED,
            Json(Uploaded {
                path: format!("data/{UPLOADS}/{name}"),
            }),
        )
            .into_response(),
        Ok(Err(error)) => {
            let status = match &error {
                UploadError::Picture(_) => StatusCode::UNPROCESSABLE_ENTITY,
                UploadError::Keep { .. } => {
                    tracing::error!("{error}");
                    StatusCode::INTERNAL_SERVER_ERROR
                }
            };
            Refusal::from_sentence(status, &error.to_string()).into_response()
        }
        Err(lost) => lost,
    }
}

/// Removes the uploads in `folder` a day old that no programme names, as
/// `named` says of each path; answers how many went.
pub fn sweep(folder: &Path, named: impl Fn(&str) -> bool) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let files: Vec<(String, std::time::SystemTime)> = entries
        .flatten()
        .filter_map(|entry| {
            let written = entry.metadata().and_then(|m| m.modified()).ok()?;
            Some((entry.file_name().to_str()?.to_owned(), written))
        })
        .collect();
    let unused = unused_uploads(&files, named, std::time::SystemTime::now());
    for name in &unused {
        match std::fs::remove_file(folder.join(name)) {
            Ok(()) => tracing::info!(
                "{name}: uploaded a day ago and never saved into the programme; removed"
            ),
            Err(error) => tracing::warn!("{name}: cannot remove it: {error}"),
        }
    }
    unused.len()
}

/// Sweeps the uploads every hour, for as long as the hub serves.
pub async fn sweep_every_hour(state: Arc<ServerState>) {
    let mut hours = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        hours.tick().await;
        let folder = state.data_folder.join(UPLOADS);
        let hub = state.hub.clone();
        // Named by any revision, an upload stays: a version restored finds it.
        let _ = blocking(move || sweep(&folder, |path| hub.ever_named(path).unwrap_or(true))).await;
    }
}

fn keep(folder: &Path, bytes: &[u8]) -> Result<String, UploadError> {
    let limits = PhotoLimits {
        max_bytes: MOST_PHOTO_BYTES,
        ..PhotoLimits::default()
    };
    let name = upload_name(bytes, limits)?;
    let path = folder.join(&name);
    let failed = |source| UploadError::Keep {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(folder).map_err(failed)?;
    // Named by its bytes: one already there is this picture, kept a day
    // from now as if just sent.
    match std::fs::File::options().write(true).open(&path) {
        Ok(file) => file
            .set_modified(std::time::SystemTime::now())
            .map_err(failed)?,
        Err(_) => marquee_io::write_atomically(&path, bytes).map_err(failed)?,
    }
    Ok(name)
}

#[cfg(test)]
mod sweeping {
    use std::time::{Duration, SystemTime};

    #[test]
    fn an_upload_never_saved_into_the_programme_goes_after_a_day() {
        let folder = tempfile::tempdir().unwrap();
        let two_days_ago = SystemTime::now() - Duration::from_secs(2 * 86_400);
        let never = format!("{}.jpg", "a".repeat(32));
        let saved = format!("{}.png", "b".repeat(32));
        let today = format!("{}.webp", "c".repeat(32));
        for (name, old) in [
            (never.as_str(), true),
            (saved.as_str(), true),
            (today.as_str(), false),
            ("speaker.jpg", true),
        ] {
            let file = std::fs::File::create(folder.path().join(name)).unwrap();
            if old {
                file.set_modified(two_days_ago).unwrap();
            }
        }
        let programme =
            format!(r#"{{"speakers": [{{"id": "a", "photo": "data/photos/{saved}"}}]}}"#);
        assert_eq!(
            super::sweep(folder.path(), |path| programme.contains(path)),
            1
        );
        let left: std::collections::BTreeSet<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, [saved, today, "speaker.jpg".to_owned()].into());
    }
}
