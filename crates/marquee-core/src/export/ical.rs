//! iCalendar (RFC 5545): CRLF lines folded at 75 octets, text escaped, times
//! in UTC so that no VTIMEZONE is needed, and the venue's zone named in
//! `X-WR-TIMEZONE` for readers that show local times.

use chrono::{DateTime, FixedOffset, Utc};

use crate::model::{LinkKind, Programme};

pub fn write(programme: &Programme) -> String {
    let conference = &programme.conference;
    let mut out = String::new();
    let mut line = |text: String| fold(&mut out, &text);
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//Marquee//Marquee {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN".into());
    line(format!("X-WR-CALNAME:{}", escape(&conference.title)));
    line(format!("X-WR-TIMEZONE:{}", conference.timezone.name()));
    for session in &programme.sessions {
        let names: Vec<&str> = programme
            .speakers_of(session)
            .map(|speaker| speaker.name.as_str())
            .collect();
        let summary = if names.is_empty() {
            session.title.clone()
        } else {
            format!("{} - {}", session.title, names.join(", "))
        };
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(session.id.as_str())));
        // A fixed stamp keeps exports of the same programme identical.
        line(format!("DTSTAMP:{}", utc(session.start)));
        line(format!("DTSTART:{}", utc(session.start)));
        line(format!("DTEND:{}", utc(session.end())));
        line(format!("SUMMARY:{}", escape(&summary)));
        if let Some(room) = programme.room(&session.room) {
            line(format!("LOCATION:{}", escape(&room.name)));
        }
        if !session.summary.is_empty() {
            line(format!("DESCRIPTION:{}", escape(&session.summary)));
        }
        if let Some(track) = &session.track {
            line(format!("CATEGORIES:{}", escape(track)));
        }
        let page = session
            .links
            .iter()
            .find(|link| link.kind == LinkKind::Info)
            .or_else(|| session.links.first());
        if let Some(link) = page {
            line(format!("URL:{}", link.url));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn utc(instant: DateTime<FixedOffset>) -> String {
    instant
        .with_timezone(&Utc)
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

/// TEXT escaping: backslash, semicolon, comma and line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no physical line exceeds 75
/// octets, never splitting a character.
fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        fold(&mut out, &format!("DESCRIPTION:{}", "é".repeat(60)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", "é".repeat(60)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
