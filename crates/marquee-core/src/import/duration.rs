//! Durations as schedules write them: `H:MM`, `HH:MM`, `HH:MM:SS`, ISO 8601
//! (`PT1H30M`), or a bare number of minutes.

/// Whole minutes, rounded up from any seconds; `None` when unreadable.
pub fn parse_minutes(text: &str) -> Option<i64> {
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
        [hours, minutes] => Some(hours * 60 + minutes),
        [hours, minutes, seconds] => Some(hours * 60 + minutes + (seconds + 59) / 60),
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
                seconds += value
                    * match unit {
                        'H' => 3600,
                        'M' => 60,
                        _ => 1,
                    };
            }
            _ => return None,
        }
    }
    number.is_empty().then_some((seconds + 59) / 60)
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
    }
}
