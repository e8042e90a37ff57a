//! What the display window receives, complete each time: the engine's
//! snapshot and what only the screen knows (a problem to explain, a
//! simulated clock, being offline, its colours).

use marquee_core::Programme;
use marquee_core::timeline::ScreenSnapshot;
use marquee_media::placeholder::contrast_ratio;
use serde::{Deserialize, Serialize};

use crate::error::ErrorPayload;

/// Light for bright foyers, dark everywhere else.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    Dark,
    Light,
}

impl std::str::FromStr for Theme {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "dark" => Ok(Theme::Dark),
            "light" => Ok(Theme::Light),
            _ => Err(format!("{text:?} is not a theme: use dark or light")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Screen {
    /// What to show; none until a programme could be read.
    pub snapshot: Option<ScreenSnapshot>,
    /// Why nothing can be shown.
    pub problem: Option<ErrorPayload>,
    /// The clock is a preview's or a rehearsal's, not the real time.
    pub simulated: bool,
    /// "offline since 14:02": the programme's address cannot be reached and
    /// the last good programme is shown.
    pub offline: Option<String>,
    pub colours: Colours,
    /// When what this screen shows next changes, RFC 3339: a host that asks
    /// for screens (a browser) asks again then.
    pub next_change: Option<String>,
}

/// The theme, with the conference's colours where they keep text legible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Colours {
    pub theme: Theme,
    /// `#rrggbb`, used only when it meets WCAG AA against the background.
    pub accent: Option<String>,
    pub background: Option<String>,
}

/// The text colour of each theme, as the stylesheet sets it.
fn text_colour(theme: Theme) -> &'static str {
    match theme {
        Theme::Dark => "#f3f1ea",
        Theme::Light => "#16181d",
    }
}

/// The background of each theme, as the stylesheet sets it.
fn background_colour(theme: Theme) -> &'static str {
    match theme {
        Theme::Dark => "#0f1116",
        Theme::Light => "#f7f5ef",
    }
}

fn is_hex_colour(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].chars().all(|c| c.is_ascii_hexdigit())
}

impl Colours {
    /// The conference's colours, each kept only if text on it stays readable
    /// (4.5:1, WCAG AA for body text).
    pub fn for_programme(theme: Theme, programme: Option<&Programme>) -> Colours {
        let branding = programme.map(|p| &p.conference.branding);
        let pick = |colour: Option<&String>| colour.filter(|c| is_hex_colour(c)).cloned();
        let background = pick(branding.and_then(|b| b.background_colour.as_ref()))
            .filter(|bg| theme == Theme::Dark && contrast_ratio(bg, text_colour(theme)) >= 7.0);
        let behind = background
            .clone()
            .unwrap_or_else(|| background_colour(theme).to_owned());
        let accent = pick(branding.and_then(|b| b.accent_colour.as_ref()))
            .filter(|accent| contrast_ratio(accent, &behind) >= 4.5);
        Colours {
            theme,
            accent,
            background,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn branded(accent: &str, background: &str) -> Programme {
        let mut programme = crate::testing::default_programme();
        programme.conference.branding.accent_colour = Some(accent.to_owned());
        programme.conference.branding.background_colour = Some(background.to_owned());
        programme
    }

    #[test]
    fn branding_colours_are_used_only_where_text_stays_legible() {
        let good = branded("#f5b041", "#101820");
        let colours = Colours::for_programme(Theme::Dark, Some(&good));
        assert_eq!(colours.accent.as_deref(), Some("#f5b041"));
        assert_eq!(colours.background.as_deref(), Some("#101820"));

        // Navy accent on a dark screen, and a mid-grey background: both unreadable.
        let bad = branded("#1a237e", "#777777");
        let colours = Colours::for_programme(Theme::Dark, Some(&bad));
        assert_eq!(colours.accent, None);
        assert_eq!(colours.background, None);

        // The same navy is fine on the light theme.
        let colours = Colours::for_programme(Theme::Light, Some(&bad));
        assert_eq!(colours.accent.as_deref(), Some("#1a237e"));
    }

    #[test]
    fn the_theme_colours_themselves_meet_wcag_aa() {
        for theme in [Theme::Dark, Theme::Light] {
            assert!(contrast_ratio(text_colour(theme), background_colour(theme)) >= 7.0);
        }
    }

    /// The value the stylesheet gives `name` in the block that opens with `selector`.
    fn stylesheet_colour(css: &str, selector: &str, name: &str) -> String {
        let block = css
            .split_once(&format!("{selector} {{"))
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(block, _)| block)
            .unwrap_or_else(|| panic!("app.css has no {selector} block"));
        block
            .lines()
            .find_map(|line| line.trim().strip_prefix(&format!("{name}:")))
            .map(|value| value.trim().trim_end_matches(';').to_owned())
            .unwrap_or_else(|| panic!("{selector} sets no {name}"))
    }

    #[test]
    fn the_colours_checked_here_are_the_stylesheets() {
        let css = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/app.css"),
        )
        .unwrap();
        for (theme, selector) in [(Theme::Dark, ":root"), (Theme::Light, ":root.light")] {
            assert_eq!(
                stylesheet_colour(&css, selector, "--text"),
                text_colour(theme)
            );
            assert_eq!(
                stylesheet_colour(&css, selector, "--bg"),
                background_colour(theme)
            );
        }
    }
}
