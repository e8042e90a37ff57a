//! The picture for someone without a photo: their initials on a colour
//! derived from their name, the same on every screen and every start.

use crate::stable_hash;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub initials: String,
    /// `#rrggbb`, dark enough for white initials to meet WCAG AA.
    pub colour: String,
}

impl Placeholder {
    pub fn for_name(name: &str) -> Placeholder {
        let words: Vec<&str> = name.split_whitespace().collect();
        let initial = |word: &&str| {
            word.chars()
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
        };
        let initials = match (words.first(), words.last()) {
            (Some(first), Some(last)) if words.len() > 1 => {
                format!(
                    "{}{}",
                    initial(first).unwrap_or_default(),
                    initial(last).unwrap_or_default()
                )
            }
            (Some(only), _) => initial(only).unwrap_or_default(),
            _ => "?".to_owned(),
        };
        let hue = (stable_hash(name.trim().to_lowercase().as_bytes()) % 360) as f64;
        Placeholder {
            initials,
            colour: hsl_to_hex(hue, 0.45, 0.32),
        }
    }

    /// A square SVG of the initials on the colour.
    pub fn svg(&self) -> String {
        let initials = self
            .initials
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="{}"/><text x="50" y="50" dy="0.35em" text-anchor="middle" font-family="sans-serif" font-size="42" font-weight="600" fill="#ffffff">{initials}</text></svg>"##,
            self.colour
        )
    }
}

fn hsl_to_hex(hue: f64, saturation: f64, lightness: f64) -> String {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = chroma * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    let byte = |v: f64| ((v + m) * 255.0).round().clamp(0.0, 255.0) as u8;
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
}

/// WCAG contrast ratio between two `#rrggbb` colours.
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_a_stable_readable_colour() {
        let a = Placeholder::for_name("Kapil Arya");
        assert_eq!(a.initials, "KA");
        assert_eq!(
            a,
            Placeholder::for_name("  kapil arya "),
            "the same person, the same picture"
        );
        assert_eq!(Placeholder::for_name("Fefe").initials, "F");
        assert_eq!(Placeholder::for_name("Dr. Kira Vinke").initials, "DV");
        assert_eq!(Placeholder::for_name("").initials, "?");
        assert_eq!(Placeholder::for_name("élodie durand").initials, "ÉD");
        for name in [
            "Kapil Arya",
            "Ray Tsang",
            "Ann",
            "Bo Kim",
            "Zoë Q",
            "Fefe",
            "Atoth",
        ] {
            let colour = Placeholder::for_name(name).colour;
            assert!(
                contrast_ratio(&colour, "#ffffff") >= 4.5,
                "{name}: {colour}"
            );
        }
        assert!(Placeholder::for_name("<b>").svg().contains("&lt;"));
    }
}
