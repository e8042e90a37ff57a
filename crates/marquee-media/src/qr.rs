//! QR codes for links, as SVG: the quiet zone kept, error correction at
//! level M, which keeps modules large enough to scan across a hallway while
//! surviving glare. Only http(s) addresses become codes.

use std::collections::HashMap;
use std::sync::Arc;

use marquee_core::safety::is_web_url;
use std::fmt::Write;

use qrcode::{Color, EcLevel, QrCode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error("{0:?} is not an http(s) address, so it gets no QR code")]
    NotWebUrl(String),
    #[error("{0:?} is too long for a QR code that scans from a distance")]
    TooLong(String),
}

/// The QR code of `url`, as its module matrix.
pub fn qr_code(url: &str) -> Result<QrCode, QrError> {
    if !is_web_url(url) {
        return Err(QrError::NotWebUrl(url.to_owned()));
    }
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|_| QrError::TooLong(url.to_owned()))
}

/// Modules of light margin around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

/// The QR code of `url` as a standalone SVG that scales to any size: one
/// path of dark runs per row, crisp at every scale.
pub fn qr_svg(url: &str) -> Result<String, QrError> {
    let code = qr_code(url)?;
    let width = code.width();
    let colors = code.to_colors();
    let full = width + 2 * QUIET_ZONE;
    let mut path = String::with_capacity(width * width);
    for (row, line) in colors.chunks(width).enumerate() {
        let mut column = 0;
        while column < width {
            if line[column] == Color::Dark {
                let run = line[column..]
                    .iter()
                    .take_while(|&&c| c == Color::Dark)
                    .count();
                let _ = write!(
                    path,
                    "M{} {}h{run}v1h-{run}z",
                    column + QUIET_ZONE,
                    row + QUIET_ZONE
                );
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
