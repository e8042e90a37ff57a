//! Speaker photos as square thumbnails, and conference logos in their own
//! proportions: decoded within limits (a truncated file, a 12,000-pixel
//! "photo bomb" or a web page served as an image is refused, never a crash or
//! a hang), turned upright by their EXIF orientation, photos cropped square
//! towards the top of portraits where faces are, and resized with a good
//! filter.

use std::io::Cursor;

use image::imageops::{self, FilterType};
use image::{DynamicImage, GenericImageView, ImageDecoder, ImageReader, Limits};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoLimits {
    pub max_bytes: usize,
    pub max_side: u32,
    /// Width times height: what a decoded picture holds, 4 bytes a pixel.
    pub max_pixels: u64,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        Self {
            max_bytes: 25 * 1024 * 1024,
            // A 48-megapixel phone photo is about 8,000 pixels wide.
            max_side: 9_000,
            // That photo decodes to at most 192 MB: a screen on a 1 GB
            // Raspberry Pi keeps room for its page beside one decode.
            max_pixels: 48_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the file is {bytes} bytes, more than the {limit} a photo may have")]
    TooManyBytes { bytes: usize, limit: usize },
    #[error("the picture is larger than {limit} pixels on a side")]
    TooManyPixels { limit: u32 },
    #[error(
        "the picture has {pixels} pixels, more than the {limit} a photo may have (fix: use a smaller copy)"
    )]
    TooLarge { pixels: u64, limit: u64 },
    #[error("this is not a JPEG, PNG or WebP picture")]
    NotAnImage,
    #[error("the picture cannot be decoded: {0}")]
    Broken(String),
}

/// What a picture is made into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A person: a square JPEG, `size` pixels on a side.
    Square,
    /// A conference's logo: its proportions and transparency kept, as PNG,
    /// at most `size` pixels high and four times that wide.
    Logo,
}

impl Shape {
    pub fn extension(self) -> &'static str {
        match self {
            Shape::Square => "jpg",
            Shape::Logo => "png",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Shape::Square => "image/jpeg",
            Shape::Logo => "image/png",
        }
    }

    /// The picture made from the bytes of its source.
    pub fn make(self, bytes: &[u8], size: u32, limits: PhotoLimits) -> Result<Vec<u8>, PhotoError> {
        match self {
            Shape::Square => square_thumbnail(bytes, size, limits),
            Shape::Logo => logo_thumbnail(bytes, size, limits),
        }
    }
}

/// Where the square is cut from a portrait: this share of the spare height
/// lies above it, so the top of the head and the face stay in.
const PORTRAIT_TOP_SHARE: f32 = 0.2;

/// A square JPEG of `size` pixels from the bytes of a photo.
pub fn square_thumbnail(
    bytes: &[u8],
    size: u32,
    limits: PhotoLimits,
) -> Result<Vec<u8>, PhotoError> {
    let image = decode(bytes, limits)?.into_rgb8();
    let (x, y, side) = square_region(image.width(), image.height());
    let square = image.view(x, y, side, side);
    // A fast area-averaging pass to twice the size, then a sharp filter: the
    // quality of the filter at a fraction of its cost on a 12-megapixel photo.
    let halfway = if side > size * 2 {
        imageops::thumbnail(&*square, size * 2, size * 2)
    } else {
        square.to_image()
    };
    let resized = imageops::resize(&halfway, size, size, FilterType::Lanczos3);
    let mut out = Vec::new();
    resized
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    Ok(out)
}

/// A logo at most `height` pixels high and four times as wide, as PNG with
/// its transparency; a small logo is not blown up.
pub fn logo_thumbnail(
    bytes: &[u8],
    height: u32,
    limits: PhotoLimits,
) -> Result<Vec<u8>, PhotoError> {
    let image = decode(bytes, limits)?;
    let fitted = if image.height() > height || image.width() > height * 4 {
        image.resize(height * 4, height, FilterType::Lanczos3)
    } else {
        image
    };
    let mut out = Vec::new();
    fitted
        .into_rgba8()
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    Ok(out)
}

/// The photo decoded and turned upright.
pub fn decode(bytes: &[u8], limits: PhotoLimits) -> Result<DynamicImage, PhotoError> {
    if bytes.len() > limits.max_bytes {
        return Err(PhotoError::TooManyBytes {
            bytes: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::Broken(e.to_string()))?;
    match reader.format() {
        None => return Err(PhotoError::NotAnImage),
        // JPEG decoders fill a cut-off file with grey; a photo must be whole.
        Some(image::ImageFormat::Jpeg) if !ends_with_jpeg_end(bytes) => {
            return Err(PhotoError::Broken("the JPEG is cut short".to_owned()));
        }
        Some(_) => {}
    }
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    decoder_limits.max_alloc = Some(limits.max_pixels * 4);
    reader.limits(decoder_limits);
    let mut decoder = reader.into_decoder().map_err(|e| refuse(e, limits))?;
    let (width, height) = decoder.dimensions();
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(PhotoError::TooLarge {
            pixels,
            limit: limits.max_pixels,
        });
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| refuse(e, limits))?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// True when the JPEG's End Of Image marker is there (trailing padding allowed).
fn ends_with_jpeg_end(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    tail.windows(2).any(|pair| pair == [0xFF, 0xD9])
}

fn refuse(error: image::ImageError, limits: PhotoLimits) -> PhotoError {
    match error {
        image::ImageError::Limits(_) => PhotoError::TooManyPixels {
            limit: limits.max_side,
        },
        image::ImageError::Unsupported(_) => PhotoError::NotAnImage,
        other => PhotoError::Broken(other.to_string()),
    }
}

/// The largest square, as `(x, y, side)`: centred in landscapes, near the
/// top of portraits.
pub fn square_region(width: u32, height: u32) -> (u32, u32, u32) {
    let side = width.min(height);
    let x = (width - side) / 2;
    let y = ((height - side) as f32 * PORTRAIT_TOP_SHARE) as u32;
    (x, y, side)
}
