//! Checks of what screens show besides talks: announcements, sponsors and
//! the emergency message.

use crate::model::{MOST_ROTATIONS_APART, MediaSource, Programme};
use crate::problem::{Problem, ProblemKind};
use crate::safety::{contains_raw_html, is_web_url};

pub(super) fn check(programme: &Programme, problems: &mut Vec<Problem>) {
    for (index, a) in programme.announcements.iter().enumerate() {
        let path = format!("announcements[{index}] ({:?})", a.id.as_str());
        let mut push = |kind| problems.push(Problem::at_path(path.clone(), kind));
        if a.title.trim().is_empty() {
            push(ProblemKind::EmptyTitle);
        }
        if contains_raw_html(&a.text) {
            push(ProblemKind::RawHtml { field: "text" });
        }
        if let Some(kind) = unsafe_media(a.image.as_ref()) {
            push(kind);
        }
        if let Some(link) = &a.link
            && !is_web_url(link)
        {
            push(ProblemKind::UnsafeLink(link.clone()));
        }
        if let (Some(from), Some(until)) = (a.from, a.until)
            && until <= from
        {
            push(ProblemKind::EndsBeforeItBegins { from, until });
        }
        if !(1..=MOST_ROTATIONS_APART).contains(&a.every) {
            push(ProblemKind::RotationsApart(a.every));
        }
        for room in a.rooms.iter().filter(|r| programme.room(r).is_none()) {
            push(ProblemKind::AnnouncementRoom(room.clone()));
        }
    }
    for (index, sponsor) in programme.sponsors.iter().enumerate() {
        let path = format!("sponsors[{index}] ({:?})", sponsor.id.as_str());
        if sponsor.name.trim().is_empty() {
            problems.push(Problem::at_path(path.clone(), ProblemKind::EmptyName));
        }
        if let Some(kind) = unsafe_media(sponsor.logo.as_ref()) {
            problems.push(Problem::at_path(path, kind));
        }
    }
    if let Some(emergency) = &programme.emergency {
        if emergency.title.trim().is_empty() {
            problems.push(Problem::at_path("emergency", ProblemKind::EmptyTitle));
        }
        if contains_raw_html(&emergency.text) {
            problems.push(Problem::at_path(
                "emergency",
                ProblemKind::RawHtml { field: "text" },
            ));
        }
    }
}

fn unsafe_media(source: Option<&MediaSource>) -> Option<ProblemKind> {
    source
        .filter(|s| s.classify().is_none())
        .map(|s| ProblemKind::UnsafeMedia(s.0.clone()))
}
