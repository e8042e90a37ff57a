//! The desktop app's one error: the host's, or the window's own. It
//! serializes as `{kind, message}`, as the host's errors do.

use marquee_host::error::HostError;
use serde::Serialize;
use serde::ser::SerializeStruct;

#[derive(Debug, thiserror::Error)]
pub enum ShellError {
    #[error(transparent)]
    Host(#[from] HostError),
    #[error(transparent)]
    Editor(#[from] crate::editor::EditorError),
    #[error("the window could not start: {0}")]
    Window(#[from] tauri::Error),
    #[error("a thread could not start: {0}")]
    Thread(#[from] std::io::Error),
    #[error("That is not the screen's exit PIN; the screen carries on. Try again, or leave it.")]
    WrongPin,
}

impl Serialize for ShellError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ShellError::Host(error) => error.serialize(serializer),
            other => {
                let mut payload = serializer.serialize_struct("ErrorPayload", 2)?;
                payload.serialize_field("kind", "shell")?;
                payload.serialize_field("message", &other.to_string())?;
                payload.end()
            }
        }
    }
}
