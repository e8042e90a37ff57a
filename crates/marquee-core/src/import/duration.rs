//! Durations as schedules write them: `H:MM`, `HH:MM`, `HH:MM:SS`, ISO 8601
//! (`PT1H30M`), or a bare number of minutes.

/// A session longer than a year is a mistake in the export; its end would
/// also lie past the instants the timeline can count.
const LONGEST_MINUTES: i64 = 366 * 24 * 60;

/// Whole minutes, rounded up from any seconds; `None` when unreadable or
/// longer than a year.
pub fn parse_minutes(text: &str) -> Option<i64> {
    minutes(text).and_then(plausible)
}

/// `minutes` when no longer than a year either way.
pub fn plausible(minutes: i64) -> Option<i64> {
    (minutes.abs() <= LONGEST_MINUTES).then_some(minutes)
}

fn minutes(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Some(iso) = text.strip_prefix("PT").or_else(|| text.strip_prefix("pt")) {
        return parse_iso(iso);
    }
    if let Ok(minutes) = text.parse::<i64>() {
        return Some(minutes);
    }
    let parts: Vec<&str> = text.split(':').collect();
    let numbers: Option<Vec<i64>> = parts.iter().map(|part| part.parse().ok()).collect();
    match numbers?.as_slice() {
        [hours, minutes] => hours.checked_mul(60)?.checked_add(*minutes),
        [hours, minutes, seconds] => hours
            .checked_mul(60)?
            .checked_add(*minutes)?
            .checked_add(seconds.checked_add(59)? / 60),
        _ => None,
    }
}

fn parse_iso(text: &str) -> Option<i64> {
    let mut seconds = 0i64;
    let mut number = String::new();
    for c in text.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            unit @ ('H' | 'M' | 'S') => {
                let value: i64 = number.parse().ok()?;
                number.clear();
                let unit = match unit {
                    'H' => 3600,
                    'M' => 60,
                    _ => 1,
                };
                seconds = seconds.checked_add(value.checked_mul(unit)?)?;
            }
            _ => return None,
        }
    }
    number.is_empty().then_some(seconds.checked_add(59)? / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_seen_in_schedules() {
        assert_eq!(parse_minutes("0:30"), Some(30));
        assert_eq!(parse_minutes("01:30"), Some(90));
        assert_eq!(parse_minutes("00:25:00"), Some(25));
        assert_eq!(parse_minutes("00:00:30"), Some(1));
        assert_eq!(parse_minutes("PT30M"), Some(30));
        assert_eq!(parse_minutes("PT1H15M"), Some(75));
        assert_eq!(parse_minutes("45"), Some(45));
        assert_eq!(parse_minutes("half an hour"), None);
        assert_eq!(parse_minutes("PT5X"), None);
        assert_eq!(parse_minutes("00:33333333333333330"), None);
        assert_eq!(parse_minutes("9999999999999999:00"), None);
        assert_eq!(parse_minutes("PT9999999999999999H"), None);
    }
}
