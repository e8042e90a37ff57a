//! Pictures for the display, served on the app's own `media:` scheme so the
//! page never loads anything from the network: `portrait/<speaker id>` is the
//! person's photo (or their placeholder while it is not ready), `logo` the
//! conference's logo (once it is ready), `announcement/<id>` and
//! `sponsor/<id>` an announcement's image and a sponsor's logo (each once it
//! is ready) and `qr/<address>` a QR code for one of the programme's links. Every host serves these routes: a window on its
//! own scheme, a server over HTTP.

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use marquee_media::photo::Shape;
use marquee_media::qr::QrCache;
use marquee_media::service::{PhotoService, Portrait};

use crate::store::ProgrammeStore;

/// Name of the scheme; the page asks for `media://localhost/<path>`.
pub const SCHEME: &str = "media";

/// Pixels of a portrait's side: sharp at 4K for the largest photo shown.
const PORTRAIT_SIZE: u32 = 384;

/// Pixels of the logo's height: sharp at 4K in the header.
const LOGO_HEIGHT: u32 = 160;

/// Pixels of an announcement image's height: half a 4K screen's.
const IMAGE_HEIGHT: u32 = 1080;

/// Pixels of a sponsor logo's height: sharp at 4K with two to a row.
const SPONSOR_HEIGHT: u32 = 480;

#[derive(Debug, PartialEq, Eq)]
pub struct Asset {
    pub content_type: &'static str,
    pub body: Cow<'static, [u8]>,
    /// Placeholders are asked for again later, when the photo may be ready.
    pub cacheable: bool,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("no such picture: {0}")]
    NotFound(String),
    #[error("the picture could not be read: {0}")]
    Unreadable(String),
}

pub struct Media {
    photos: PhotoService,
    qr: Mutex<QrCache>,
    store: Arc<ProgrammeStore>,
}

impl Media {
    pub fn new(photos: PhotoService, store: Arc<ProgrammeStore>) -> Self {
        Media {
            photos,
            qr: Mutex::default(),
            store,
        }
    }

    /// The asset at `path`, the request's path with its percent-encoding.
    pub fn get(&self, path: &str) -> Result<Asset, MediaError> {
        let decoded = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
            .decode_utf8_lossy()
            .into_owned();
        let not_found = || MediaError::NotFound(decoded.clone());
        let programme = self.store.programme().ok_or_else(not_found)?;
        if decoded == "logo" {
            let source = programme.conference.branding.logo.as_ref();
            let path = source.and_then(|source| self.photos.logo(source, LOGO_HEIGHT));
            return read_asset(&path.ok_or_else(not_found)?, Shape::Logo);
        }
        match decoded.split_once('/') {
            Some(("portrait", id)) => {
                let speaker = programme
                    .speakers
                    .iter()
                    .find(|s| s.id.0 == id)
                    .ok_or_else(not_found)?;
                self.portrait(speaker)
            }
            Some(("announcement", id)) => {
                let source = programme
                    .announcements
                    .iter()
                    .find(|a| a.id.0 == id)
                    .and_then(|a| a.image.as_ref());
                let path = source.and_then(|s| self.photos.logo(s, IMAGE_HEIGHT));
                read_asset(&path.ok_or_else(not_found)?, Shape::Logo)
            }
            Some(("sponsor", id)) => {
                let source = programme
                    .sponsors
                    .iter()
                    .find(|s| s.id.0 == id)
                    .and_then(|s| s.logo.as_ref());
                let path = source.and_then(|s| self.photos.logo(s, SPONSOR_HEIGHT));
                read_asset(&path.ok_or_else(not_found)?, Shape::Logo)
            }
            Some(("qr", url)) => {
                // Only the programme's own links: the scheme is no QR service.
                let known = programme
                    .sessions
                    .iter()
                    .flat_map(|s| s.web_links())
                    .any(|link| link.url == url)
                    || programme
                        .announcements
                        .iter()
                        .any(|a| a.link.as_deref() == Some(url));
                if !known {
                    return Err(not_found());
                }
                let mut codes = self.qr.lock().map_err(|_| not_found())?;
                let svg = codes
                    .svg(url)
                    .map_err(|e| MediaError::Unreadable(e.to_string()))?;
                Ok(Asset {
                    content_type: "image/svg+xml",
                    body: Cow::Owned(svg.as_bytes().to_vec()),
                    cacheable: true,
                })
            }
            _ => Err(not_found()),
        }
    }

    fn portrait(&self, speaker: &marquee_core::model::Speaker) -> Result<Asset, MediaError> {
        match self.photos.portrait(speaker, PORTRAIT_SIZE) {
            Portrait::Photo(path) => read_asset(&path, Shape::Square),
            Portrait::Placeholder(placeholder) => Ok(Asset {
                content_type: "image/svg+xml",
                body: Cow::Owned(placeholder.svg().into_bytes()),
                cacheable: false,
            }),
        }
    }
}

/// A picture from the cache.
fn read_asset(path: &std::path::Path, shape: Shape) -> Result<Asset, MediaError> {
    let body = std::fs::read(path)
        .map_err(|e| MediaError::Unreadable(format!("{}: {e}", path.display())))?;
    Ok(Asset {
        content_type: shape.content_type(),
        body: Cow::Owned(body),
        cacheable: true,
    })
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use image::{Rgb, RgbImage};
    use marquee_core::model::MediaSource;
    use marquee_media::service::FetchPolicy;

    use super::*;

    fn media(dir: &std::path::Path) -> (Media, marquee_core::Programme) {
        let mut programme = crate::testing::default_programme();
        programme.speakers[0].photo = Some(MediaSource("data/photos/first.png".to_owned()));
        programme.conference.branding.logo = Some(MediaSource("data/logo.png".to_owned()));
        let photos = PhotoService::start(
            dir.join("cache"),
            dir.join("data"),
            FetchPolicy {
                remote: false,
                ..FetchPolicy::default()
            },
        );
        let store = ProgrammeStore::new();
        store.publish(programme.clone());
        (Media::new(photos, store), programme)
    }

    #[test]
    fn a_portrait_is_a_placeholder_until_the_photo_is_ready() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data/photos")).unwrap();
        RgbImage::from_pixel(600, 800, Rgb([200, 40, 40]))
            .save(dir.path().join("data/photos/first.png"))
            .unwrap();
        let (media, programme) = media(dir.path());
        let path = format!("/portrait%2F{}", programme.speakers[0].id.0);
        let first = media.get(&path).unwrap();
        assert_eq!(first.content_type, "image/svg+xml");
        assert!(!first.cacheable);
        let photo = ready(&media, &path, "image/jpeg");
        let photo = image::load_from_memory(&photo.body).unwrap();
        assert_eq!((photo.width(), photo.height()), (384, 384));
        let nobody = media.get("/portrait%2Fno-such-person").unwrap_err();
        assert_eq!(
            nobody,
            MediaError::NotFound("portrait/no-such-person".to_owned())
        );
    }

    /// Waits for the picture at `path` to be ready.
    fn ready(media: &Media, path: &str, content_type: &str) -> Asset {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match media.get(path) {
                Ok(asset) if asset.content_type == content_type => return asset,
                _ => {}
            }
            assert!(Instant::now() < deadline, "{path} was never made");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn the_logo_is_served_once_it_is_made() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        RgbImage::from_pixel(900, 300, Rgb([20, 90, 200]))
            .save(dir.path().join("data/logo.png"))
            .unwrap();
        let (media, _) = media(dir.path());
        assert!(matches!(media.get("/logo"), Err(MediaError::NotFound(_))));
        let logo = ready(&media, "/logo", "image/png");
        let image = image::load_from_memory(&logo.body).unwrap();
        assert_eq!((image.width(), image.height()), (480, 160));
    }

    #[test]
    fn announcement_images_sponsor_logos_and_announcement_links_are_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        RgbImage::from_pixel(1600, 800, Rgb([20, 160, 90]))
            .save(dir.path().join("data/acme.png"))
            .unwrap();
        let (media, mut programme) = media(dir.path());
        let extra: marquee_core::Programme = serde_json::from_value(serde_json::json!({
            "format": 3, "conference": {"title": "T", "timezone": "UTC"},
            "announcements": [{"id": "lunch", "title": "Lunch", "image": "data/acme.png",
                               "link": "https://example.org/map"}],
            "sponsors": [{"id": "acme", "name": "Acme", "tier": "Gold", "logo": "data/acme.png"}]}))
        .unwrap();
        programme.announcements = extra.announcements;
        programme.sponsors = extra.sponsors;
        media.store.publish(programme);
        let logo = ready(&media, "/sponsor%2Facme", "image/png");
        let logo = image::load_from_memory(&logo.body).unwrap();
        assert_eq!((logo.width(), logo.height()), (960, 480));
        ready(&media, "/announcement%2Flunch", "image/png");
        let qr = media.get("/qr%2Fhttps%3A%2F%2Fexample.org%2Fmap").unwrap();
        assert_eq!(qr.content_type, "image/svg+xml");
        assert!(matches!(
            media.get("/sponsor%2Fnobody"),
            Err(MediaError::NotFound(_))
        ));
    }

    #[test]
    fn qr_codes_are_made_only_for_the_programmes_links() {
        let dir = tempfile::tempdir().unwrap();
        let (media, programme) = media(dir.path());
        let url = programme
            .sessions
            .iter()
            .flat_map(|s| s.web_links())
            .next()
            .unwrap()
            .url
            .clone();
        let encoded =
            percent_encoding::utf8_percent_encode(&url, percent_encoding::NON_ALPHANUMERIC);
        let code = media.get(&format!("/qr%2F{encoded}")).unwrap();
        assert_eq!(code.content_type, "image/svg+xml");
        assert!(code.body.starts_with(b"<svg"));
        let elsewhere = media
            .get("/qr%2Fhttps%3A%2F%2Fevil.example%2F")
            .unwrap_err();
        assert!(matches!(elsewhere, MediaError::NotFound(_)));
    }
}
