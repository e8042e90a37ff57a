//! A picture an organiser uploads (a speaker's photo), kept as it was sent:
//! checked whole first, by the same decoding within limits as every photo,
//! and named by its SHA-256, so the same picture sent twice is one file and
//! a programme's path to it never comes to mean another picture. An upload
//! the programme does not name a day later was chosen and never saved: it
//! goes ([`unused_uploads`]).

use sha2::{Digest, Sha256};

use crate::photo::{PhotoError, PhotoLimits, decode};

/// The folder, under the data folder, that uploads are kept in.
pub const UPLOADS: &str = "photos";

/// The file name `bytes` are kept under (the first half of their SHA-256 in
/// hex, e.g. `3f2a…9c.jpg`), or why they are not a picture a screen can show.
pub fn upload_name(bytes: &[u8], limits: PhotoLimits) -> Result<String, PhotoError> {
    let extension = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => "jpg",
        Ok(image::ImageFormat::Png) => "png",
        Ok(image::ImageFormat::WebP) => "webp",
        _ => return Err(PhotoError::NotAnImage),
    };
    decode(bytes, limits)?;
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{hex}.{extension}"))
}

/// How long an upload the programme does not name is kept.
pub const KEEP_UNUSED: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// True for a name [`upload_name`] gives: 32 hex digits and a picture's
/// extension. Nothing else in the folder is an upload's.
pub fn is_upload_name(name: &str) -> bool {
    name.split_once('.').is_some_and(|(hex, extension)| {
        hex.len() == 32
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && matches!(extension, "jpg" | "png" | "webp")
    })
}

/// The uploads among `files` (name and when it was written) older than
/// [`KEEP_UNUSED`] at `now` whose path (`photos/NAME`) no programme names,
/// as `named` says.
pub fn unused_uploads(
    files: &[(String, std::time::SystemTime)],
    named: impl Fn(&str) -> bool,
    now: std::time::SystemTime,
) -> Vec<String> {
    files
        .iter()
        .filter(|(name, written)| {
            is_upload_name(name)
                && now
                    .duration_since(*written)
                    .is_ok_and(|age| age > KEEP_UNUSED)
                && !named(&format!("{UPLOADS}/{name}"))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::new(width, height)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        bytes
    }

    #[test]
    fn a_picture_is_named_by_its_bytes_and_anything_else_refused() {
        let picture = png(40, 30);
        let name = upload_name(&picture, PhotoLimits::default()).unwrap();
        assert!(name.ends_with(".png"), "{name}");
        assert_eq!(
            upload_name(&picture, PhotoLimits::default()),
            Ok(name.clone())
        );
        assert_ne!(upload_name(&png(41, 30), PhotoLimits::default()), Ok(name));
        assert_eq!(
            upload_name(b"<html>", PhotoLimits::default()),
            Err(PhotoError::NotAnImage)
        );
        let cut = &picture[..picture.len() / 2];
        assert!(matches!(
            upload_name(cut, PhotoLimits::default()),
            Err(PhotoError::Broken(_))
        ));
        let small = PhotoLimits {
            max_bytes: 1 << 20,
            max_side: 20,
            ..PhotoLimits::default()
        };
        assert_eq!(
            upload_name(&picture, small),
            Err(PhotoError::TooManyPixels { limit: 20 })
        );
    }

    #[test]
    fn an_upload_goes_a_day_after_if_no_programme_names_it() {
        let now = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(10 * 86_400);
        let hour = std::time::Duration::from_secs(3600);
        let upload = |n: u8| format!("{}.jpg", format!("{n:x}").repeat(32));
        let files = vec![
            (upload(1), now - 30 * hour),
            (upload(2), now - 25 * hour),
            (upload(3), now - hour),
            (upload(4), now + hour),
            ("speaker.jpg".to_owned(), now - 30 * hour),
        ];
        let programme = format!(
            r#"{{"speakers": [{{"photo": "data/photos/{}"}}]}}"#,
            upload(1)
        );
        assert_eq!(
            unused_uploads(&files, |path| programme.contains(path), now),
            vec![upload(2)],
            "named, new and not uploads' files stay"
        );
        assert!(is_upload_name(&upload(10)));
        assert!(!is_upload_name("3F2A000000000000000000000000000a.jpg"));
        assert!(!is_upload_name("speaker.jpg"));
    }

    proptest! {
        // Whatever a browser sends is refused or named, never a panic; a
        // name is always a hash and a picture's extension.
        #[test]
        fn any_bytes_are_named_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048), png_head in any::<bool>()) {
            let mut bytes = bytes;
            if png_head {
                bytes.splice(0..0, png(2, 2)[..16].iter().copied());
            }
            if let Ok(name) = upload_name(&bytes, PhotoLimits::default()) {
                let (hash, extension) = name.split_once('.').unwrap();
                prop_assert_eq!(hash.len(), 32);
                prop_assert!(["jpg", "png", "webp"].contains(&extension));
            }
        }
    }
}
