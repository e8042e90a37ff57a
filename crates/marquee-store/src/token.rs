//! The organiser's token, which every write to the hub needs: the one in
//! `MARQUEE_TOKEN` when that is set, else one made at the first start from
//! the system's random source (256 bits) and kept in the data folder,
//! readable by its owner alone. A chair's token, kept in the hub's store,
//! lets its holder say how one room runs and nothing else. Tokens are compared in constant time, so a
//! wrong one says nothing about how close it came. The organiser's token
//! is read again when its file changes, so `marquee token rotate` takes
//! effect in a hub that is running.

use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::time::SystemTime;

use marquee_hub::TokenError;
use marquee_hub::secret::{same_secret, token_of};

/// The file in the data folder that holds the token.
pub const TOKEN_FILE: &str = "organiser-token";

pub struct Token {
    /// The secret, and its file's stamp when it was read.
    held: RwLock<(Option<Stamp>, String)>,
    /// Where it is kept, when it was not given in the environment.
    pub path: Option<PathBuf>,
}

/// What tells one version of a file from another: its modification time
/// and, where there is one, its inode (a rename makes a new one).
type Stamp = (SystemTime, u64);

fn modified(path: &Path) -> Option<Stamp> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
    #[cfg(not(unix))]
    let inode = 0;
    Some((metadata.modified().ok()?, inode))
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Token {
    /// `MARQUEE_TOKEN`, or the token kept in `data`, made there if need be.
    pub fn load_or_create(data: &Path) -> Result<Token, TokenError> {
        if let Some(secret) = std::env::var("MARQUEE_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
        {
            return Ok(Token {
                held: RwLock::new((None, secret)),
                path: None,
            });
        }
        let path = data.join(TOKEN_FILE);
        let file_error = |source| TokenError::File {
            path: path.clone(),
            source,
        };
        match std::fs::read_to_string(&path) {
            Ok(secret) if !secret.trim().is_empty() => {
                return Ok(Token {
                    held: RwLock::new((modified(&path), secret.trim().to_owned())),
                    path: Some(path),
                });
            }
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(file_error(error)),
        }
        let secret = random_secret()?;
        write_private(&path, &secret).map_err(file_error)?;
        Ok(Token {
            held: RwLock::new((modified(&path), secret)),
            path: Some(path),
        })
    }

    /// True when `offered` is this token.
    pub fn accepts(&self, offered: &str) -> bool {
        !offered.is_empty() && same_secret(&self.secret(), offered)
    }

    /// The token itself, for the one who runs the hub: as its file holds
    /// it now.
    pub fn secret(&self) -> String {
        if let Some(path) = &self.path {
            let changed = modified(path);
            let stale = self.held.read().unwrap_or_else(|e| e.into_inner()).0 != changed;
            if stale {
                // A file changed but unreadable takes every token away
                // rather than leave the one it replaced working.
                let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
                    tracing::error!(
                        "{}: cannot read the organiser's token: {error}",
                        path.display()
                    );
                    String::new()
                });
                *self.held.write().unwrap_or_else(|e| e.into_inner()) =
                    (changed, text.trim().to_owned());
            }
        }
        self.held
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    /// Replaces the token with a new one, kept in its file; the old one
    /// stops working at once, in this hub and in one running on the folder.
    pub fn rotate(&self) -> Result<String, TokenError> {
        let path = self.path.as_ref().ok_or(TokenError::FromEnvironment)?;
        let secret = random_secret()?;
        let failed = |source| TokenError::File {
            path: path.clone(),
            source,
        };
        let fresh = path.with_extension("new");
        let _ = std::fs::remove_file(&fresh);
        write_private(&fresh, &secret).map_err(failed)?;
        // Run as root for a hub that runs as its own user: the file stays
        // the hub's.
        #[cfg(unix)]
        if let Ok(old) = std::fs::metadata(path) {
            use std::os::unix::fs::MetadataExt;
            std::os::unix::fs::chown(&fresh, Some(old.uid()), Some(old.gid())).map_err(failed)?;
        }
        std::fs::rename(&fresh, path).map_err(failed)?;
        *self.held.write().unwrap_or_else(|e| e.into_inner()) = (modified(path), secret.clone());
        Ok(secret)
    }
}

/// 256 bits from the system's random source, in hex.
pub fn random_secret() -> Result<String, TokenError> {
    Ok(token_of(&random_bytes()?))
}

/// `N` bytes from the system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], TokenError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| TokenError::Random(e.to_string()))?;
    Ok(bytes)
}

/// Writes `text` to a new file only its owner may read.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()
    }
    #[cfg(not(unix))]
    {
        marquee_io::write_atomically(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_made_once_kept_private_and_compared_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let token = Token::load_or_create(dir.path()).unwrap();
        assert_eq!(token.secret().len(), 64);
        let again = Token::load_or_create(dir.path()).unwrap();
        assert_eq!(token.secret(), again.secret());
        assert!(token.accepts(&again.secret()));
        assert!(!token.accepts(&token.secret()[..63]));
        assert!(!token.accepts(""));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(TOKEN_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Rotated, the old one is refused here and by a hub that read the
        // same folder before.
        let before = token.secret();
        let rotated = token.rotate().unwrap();
        assert_ne!(rotated, before);
        assert!(token.accepts(&rotated) && !token.accepts(&before));
        assert!(again.accepts(&rotated) && !again.accepts(&before));
        // Rotated by root for a hub that runs as its own user, the file
        // stays the hub's.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let file = dir.path().join(TOKEN_FILE);
            let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
            if root {
                std::os::unix::fs::chown(&file, Some(65534), Some(65534)).unwrap();
                token.rotate().unwrap();
                let owner = std::fs::metadata(&file).unwrap();
                assert_eq!((owner.uid(), owner.gid()), (65534, 65534));
            }
        }
        let other = tempfile::tempdir().unwrap();
        assert_ne!(
            Token::load_or_create(other.path()).unwrap().secret(),
            token.secret()
        );
    }
}
