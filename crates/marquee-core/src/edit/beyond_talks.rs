//! Operations on what screens show besides talks: announcements, sponsors
//! and the emergency message. Each is refused when a screen could not show
//! what it asks for, with the fix.

use chrono::{DateTime, FixedOffset, Utc};

use super::operation::Refusal;
use crate::model::{
    Announcement, AnnouncementId, Emergency, MOST_ROTATIONS_APART, MediaSource, Programme, Sponsor,
    SponsorId,
};
use crate::safety::is_web_url;

pub(super) fn check_announcement(a: &Announcement) -> Result<(), Refusal> {
    if a.title.trim().is_empty() {
        return Err(Refusal::EmptyTitle);
    }
    if let Some(link) = a.link.as_ref().filter(|l| !is_web_url(l)) {
        return Err(Refusal::NotAWebLink(link.clone()));
    }
    check_media(a.image.as_ref())?;
    if !(1..=MOST_ROTATIONS_APART).contains(&a.every) {
        return Err(Refusal::RotationsApart(a.every));
    }
    Ok(())
}

pub(super) fn check_sponsor(sponsor: &Sponsor) -> Result<(), Refusal> {
    if sponsor.name.trim().is_empty() {
        return Err(Refusal::EmptyName);
    }
    check_media(sponsor.logo.as_ref())
}

fn check_media(source: Option<&MediaSource>) -> Result<(), Refusal> {
    match source {
        Some(source) if source.classify().is_none() => Err(Refusal::UnsafeMedia(source.0.clone())),
        _ => Ok(()),
    }
}

pub(super) fn delete_announcement(p: &mut Programme, id: &AnnouncementId) -> Result<(), Refusal> {
    let at = p
        .announcements
        .iter()
        .position(|a| &a.id == id)
        .ok_or_else(|| Refusal::UnknownAnnouncement(id.clone()))?;
    p.announcements.remove(at);
    Ok(())
}

pub(super) fn delete_sponsor(p: &mut Programme, id: &SponsorId) -> Result<(), Refusal> {
    let at = p
        .sponsors
        .iter()
        .position(|s| &s.id == id)
        .ok_or_else(|| Refusal::UnknownSponsor(id.clone()))?;
    p.sponsors.remove(at);
    Ok(())
}

pub(super) fn emergency(
    p: &mut Programme,
    title: &str,
    text: &str,
    since: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    if title.trim().is_empty() {
        return Err(Refusal::EmptyTitle);
    }
    let zone = p.conference.timezone;
    let since = since.map_or(now, |s| s.to_utc());
    p.emergency = Some(Emergency {
        title: title.to_owned(),
        text: text.to_owned(),
        since: since.with_timezone(&zone).fixed_offset(),
    });
    Ok(())
}

pub(super) fn clear_emergency(p: &mut Programme) -> Result<(), Refusal> {
    p.emergency.take().map(|_| ()).ok_or(Refusal::NoEmergency)
}
