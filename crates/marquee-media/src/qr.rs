//! QR codes for links, as SVG: the quiet zone kept, error correction at
//! level M, which keeps modules large enough to scan across a hallway while
//! surviving glare. Only http(s) addresses become codes.

use std::collections::HashMap;
use std::sync::Arc;

use marquee_core::safety::is_web_url;

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, bits, ec};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("{0:?} is not an http(s) address, so it gets no QR code")]
    NotWebUrl(String),
    #[error("{0:?} is too long for a QR code that scans from a distance")]
    TooLong(String),
}

/// A QR code's modules, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    pub width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// The code as a greyscale picture, `module` pixels a module, quiet zone included.
    pub fn to_image(&self, module: u32) -> image::GrayImage {
        let full = (self.width + 2 * QUIET_ZONE) as u32;
        image::GrayImage::from_fn(full * module, full * module, |x, y| {
            let (x, y) = ((x / module) as usize, (y / module) as usize);
            let inside = |v: usize| (QUIET_ZONE..QUIET_ZONE + self.width).contains(&v);
            let dark = inside(x) && inside(y) && self.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
            image::Luma([if dark { 0 } else { 255 }])
        })
    }
}

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The QR code of `url`, with the mask that scores best on the standard's
/// penalty rules (scored here on plain booleans, which is what makes a code
/// take microseconds rather than milliseconds).
pub fn qr_code(url: &str) -> Result<QrMatrix, QrError> {
    if !is_web_url(url) {
        return Err(QrError::NotWebUrl(url.to_owned()));
    }
    let too_long = |_| QrError::TooLong(url.to_owned());
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).map_err(too_long)?;
    let version = bits.version();
    let (data, ec) =
        ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).map_err(too_long)?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = version.width() as usize;
    MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let dark: Vec<bool> = masked
                .into_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect();
            (penalty(width, &dark), dark)
        })
        .min_by_key(|(score, _)| *score)
        .map(|(_, dark)| QrMatrix { width, dark })
        .ok_or_else(|| QrError::TooLong(url.to_owned()))
}

/// ISO/IEC 18004 mask penalty: runs of five or more, 2x2 blocks, finder-like
/// patterns, and the balance of dark and light.
fn penalty(width: usize, dark: &[bool]) -> u32 {
    let mut columns = vec![false; width * width];
    for (y, row) in dark.chunks(width).enumerate() {
        for (x, &module) in row.iter().enumerate() {
            columns[x * width + y] = module;
        }
    }
    let mut score = 0u32;
    for lines in [dark, columns.as_slice()] {
        for line in lines.chunks(width) {
            score += line_penalty(line);
        }
    }
    for y in 0..width - 1 {
        let (row, below) = (
            &dark[y * width..(y + 1) * width],
            &dark[(y + 1) * width..(y + 2) * width],
        );
        for x in 0..width - 1 {
            let v = row[x];
            if row[x + 1] == v && below[x] == v && below[x + 1] == v {
                score += 3;
            }
        }
    }
    let dark_count = dark.iter().filter(|&&d| d).count();
    let percent = dark_count * 100 / dark.len();
    score + (percent.abs_diff(50) / 5 * 10) as u32
}

/// Runs of five or more, and finder-like patterns with light on one side.
fn line_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 1;
    for j in 1..=line.len() {
        if j < line.len() && line[j] == line[j - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += run - 2;
            }
            run = 1;
        }
    }
    let light = |from: usize, to: usize| {
        line[from.min(line.len())..to.min(line.len())]
            .iter()
            .all(|&d| !d)
    };
    for (j, w) in line.windows(7).enumerate() {
        // Dark, light, three dark, light, dark: like a finder pattern.
        let finder = w[0] && !w[1] && w[2] && w[3] && w[4] && !w[5] && w[6];
        if finder && (light(j.saturating_sub(4), j) || light(j + 7, j + 11)) {
            score += 40;
        }
    }
    score
}

/// Modules of light margin around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// The QR code of `url` as a standalone SVG that scales to any size: one
/// path of dark runs per row, crisp at every scale.
pub fn qr_svg(url: &str) -> Result<String, QrError> {
    let code = qr_code(url)?;
    let width = code.width;
    let full = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for (row, line) in code.dark.chunks(width).enumerate() {
        let mut column = 0;
        while column < width {
            if line[column] {
                let run = line[column..].iter().take_while(|&&d| d).count();
                let mut number = itoa::Buffer::new();
                path.push('M');
                path.push_str(number.format(column + QUIET_ZONE));
                path.push(' ');
                path.push_str(number.format(row + QUIET_ZONE));
                path.push('h');
                path.push_str(number.format(run));
                path.push_str("v1h-");
                path.push_str(number.format(run));
                path.push('z');
                column += run;
            } else {
                column += 1;
            }
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}" shape-rendering="crispEdges"><rect width="{full}" height="{full}" fill="#ffffff"/><path fill="#000000" stroke="none" d="{path}"/></svg>"##
    ))
}

/// QR codes by address, each made once.
#[derive(Debug, Default)]
pub struct QrCache {
    codes: HashMap<String, Arc<str>>,
}

impl QrCache {
    pub fn svg(&mut self, url: &str) -> Result<Arc<str>, QrError> {
        if let Some(svg) = self.codes.get(url) {
            return Ok(svg.clone());
        }
        let svg: Arc<str> = qr_svg(url)?.into();
        self.codes.insert(url.to_owned(), svg.clone());
        Ok(svg)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}
