// Generated from the Rust types by `make generate`; do not edit.

/**
 * A note for visitors ("Lunch is in the atrium"): shown between the talk
 * scenes on the screens it is meant for, while its times allow.
 */
export type Announcement = { id: AnnouncementId, title: string, 
/**
 * Plain text or the safe Markdown subset (paragraphs, lists, emphasis);
 * never raw HTML.
 */
text?: string, image?: MediaSource, 
/**
 * An http(s) address, shown as a QR code.
 */
link?: string, 
/**
 * Shown from this instant on; from the start when absent.
 */
from?: string, 
/**
 * Shown until this instant; to the end when absent.
 */
until?: string, 
/**
 * Only on these days of the venue's calendar; on every day when empty.
 */
days?: Array<string>, 
/**
 * Only at these times of day, in the venue's zone; all day when empty.
 */
times?: Array<DailyTimes>, 
/**
 * Only on the screens of these rooms; on every screen when empty.
 */
rooms?: Array<RoomId>, 
/**
 * Shown in one rotation of every `every` (1 to 6); in each when absent.
 */
every?: number, };

/**
 * An announcement's stable id.
 */
export type AnnouncementId = string;

export type Applied = { revision: number, 
/**
 * Set when the change is safe in the hub but its programme file
 * (`--write-back`) could not be written: why, and the fix.
 */
write_back_problem: string | null, etag: string, summary: string, 
/**
 * Posted on the new revision, these undo the batch.
 */
inverse: Array<Operation>, 
/**
 * Set when the batch was made on this older revision and applied on
 * top of the changes since, which touched none of what it touches.
 */
merged_from: number | null, 
/**
 * False when the batch left the programme as it was: `revision` is
 * the current one, not a new one.
 */
changed: boolean, };

export type Batch = { 
/**
 * The ETag of the revision the batch was made on, e.g. `"r7"`.
 */
base: string, 
/**
 * Operations as `schemas/operations.schema.json` describes them, e.g.
 * `{"op": "move", "session": ID, "room": ROOM_ID, "index": N}`.
 */
operations: Array<Operation>, 
/**
 * Try the batch on the current revision and answer with what it
 * would do, storing nothing.
 */
dry_run?: boolean, };

export type Branding = { logo?: MediaSource | null, 
/**
 * Accent colour as `#rrggbb`.
 */
accent_colour?: string | null, 
/**
 * Background colour as `#rrggbb`.
 */
background_colour?: string | null, };

/**
 * What a chair sees: the room now, and whether its stage monitor shows
 * the stage's message.
 */
export type ChairAnswer = { monitor: MonitorStatus, 
/**
 * The instant shown, the hub's time, RFC 3339 in the venue's offset.
 */
at: string, room_id: string, room: string, timezone: string, 
/**
 * "HH:MM"
 */
clock: string, 
/**
 * e.g. "Monday 6 June"
 */
date: string, 
/**
 * How late the room runs now (negative: early).
 */
late_minutes: number, 
/**
 * The talk on, or the one that ran past its end while nothing followed.
 */
now: ChairSession | null, 
/**
 * The next session in the room today.
 */
next: ChairSession | null, 
/**
 * The room's day in order, breaks and cancelled sessions included.
 */
day: Array<DayEntry>, 
/**
 * When nothing is on: what the hallway screens say, e.g. "Lunch · back at 13:30".
 */
headline: string | null, detail: string | null, 
/**
 * What the room's stage monitor shows now.
 */
stage: StageView, 
/**
 * How full the room is, while what was said of it holds.
 */
state: RoomStateView | null, 
/**
 * The messages the chair sends the stage with one tap.
 */
presets: Array<string>, };

export type ChairLink = { room: string, name: string, 
/**
 * The room's chair view, its token in the fragment (never sent to a server).
 */
link: string, 
/**
 * `link` as an SVG QR code.
 */
qr_svg: string, };

export type ChairRoom = { id: string, name: string, };

export type ChairSession = { 
/**
 * As it runs: `time`, `starts_at` and `ends_at` include the delay.
 */
session: SessionView, 
/**
 * As planned, "10:30–10:55".
 */
planned_time: string, late_minutes: number, 
/**
 * For the next session: "in 8 min", or "running 6 min late: about 10:56".
 */
starts: string | null, summary: string, speakers: Array<ChairSpeaker>, };

export type ChairSpeaker = { id: string, name: string, affiliation: string | null, 
/**
 * Plain text or the safe Markdown subset.
 */
bio: string, };

export type ChairView = { 
/**
 * The instant shown, the hub's time, RFC 3339 in the venue's offset.
 */
at: string, room_id: string, room: string, timezone: string, 
/**
 * "HH:MM"
 */
clock: string, 
/**
 * e.g. "Monday 6 June"
 */
date: string, 
/**
 * How late the room runs now (negative: early).
 */
late_minutes: number, 
/**
 * The talk on, or the one that ran past its end while nothing followed.
 */
now: ChairSession | null, 
/**
 * The next session in the room today.
 */
next: ChairSession | null, 
/**
 * The room's day in order, breaks and cancelled sessions included.
 */
day: Array<DayEntry>, 
/**
 * When nothing is on: what the hallway screens say, e.g. "Lunch · back at 13:30".
 */
headline: string | null, detail: string | null, 
/**
 * What the room's stage monitor shows now.
 */
stage: StageView, 
/**
 * How full the room is, while what was said of it holds.
 */
state: RoomStateView | null, 
/**
 * The messages the chair sends the stage with one tap.
 */
presets: Array<string>, };

/**
 * One change a visitor would notice.
 */
export type Change = { "change": "added", session: SessionId, title: string, } | { "change": "removed", session: SessionId, title: string, } | { "change": "moved", session: SessionId, title: string, from: RoomId, to: RoomId, } | { "change": "new-time", session: SessionId, title: string, from: string, to: string, } | { "change": "cancelled", session: SessionId, title: string, } | { "change": "restored", session: SessionId, title: string, };

export type ChangeKind = "moved" | "new_time" | "cancelled";

export type ChangeNote = { kind: ChangeKind, text: string, };

/**
 * One session as it was when the day began, where that differs from now.
 */
export type ChangedSession = { session: SessionId, 
/**
 * The room it was in, when it moved.
 */
room_was?: RoomId, 
/**
 * Its start then, when it has a new time.
 */
start_was?: string, 
/**
 * Called off since.
 */
cancelled?: boolean, };

/**
 * The sessions changed since the conference day `day` began (its 06:00 in
 * the venue's zone); screens show them only on that day.
 */
export type ChangedToday = { day: string, sessions: Array<ChangedSession>, };

export type Conference = { title: string, acronym?: string | null, 
/**
 * The venue's IANA time zone, e.g. `America/New_York`.
 */
timezone: string, 
/**
 * The conference days, in the venue's calendar.
 */
days: Array<string>, branding: Branding, 
/**
 * Where the programme was published.
 */
source_url?: string | null, stage?: StageSettings, };

/**
 * Something two changes both touched.
 */
export type Conflict = { "what": "session", "id": SessionId } | { "what": "running-order", "id": RoomId } | { "what": "speaker", "id": SpeakerId } | { "what": "room", "id": RoomId } | { "what": "delay", "id": RoomId } | { "what": "announcement", "id": AnnouncementId } | { "what": "sponsor", "id": SponsorId } | { "what": "emergency" } | { "what": "conference" };

export type ConflictBody = { error: string, fix: string, 
/**
 * Each as `{"what": "session" | "running-order" | "speaker" | "room" | "conference", "id": ID}`.
 */
conflicts: Array<Conflict>, };

/**
 * A time of day from `from` to `until` in the venue's zone, e.g. 11:30 to
 * 13:30; an `until` before `from` runs past midnight into the next day.
 */
export type DailyTimes = { from: string, until: string, };

export type DayEntry = { id: string, title: string, kind: SessionKind, 
/**
 * As it runs, "10:30–10:55".
 */
time: string, planned_time: string, late_minutes: number, cancelled: boolean, 
/**
 * `done`, `now`, `next` or `later`.
 */
state: DayState, };

export type DayState = "done" | "now" | "next" | "later";

/**
 * A room off its plan from `session` on: it started `started_minutes` late
 * (negative: early) and ends `minutes` late. The sessions after it in its
 * room follow until a break or a pinned session takes the difference up.
 */
export type Delay = { session: SessionId, started_minutes?: number, minutes: number, };

/**
 * The message that must reach everyone at once ("Please leave the building
 * by the nearest exit"): while it is set, it is all that screens show.
 */
export type Emergency = { title: string, 
/**
 * Plain text or the safe Markdown subset.
 */
text?: string, 
/**
 * When it was posted, by the hub's clock.
 */
since: string, };

export type EnrolmentCode = { 
/**
 * One use, within the hour, as `ABCD-EFGH`.
 */
code: string, 
/**
 * RFC 3339.
 */
expires_at: string, 
/**
 * What to run on the screen.
 */
command: string, };

/**
 * One thing `marquee validate` finds.
 */
export type Finding = { 
/**
 * The session it is about, when it is about one.
 */
session: string | null, path: string, 
/**
 * `error` or `warning`.
 */
severity: string, message: string, fix: string, };

export type ImportFrom = { 
/**
 * An http(s) address, e.g. a pretalx event's
 * `/schedule/export/schedule.json`.
 */
address: string, };

export type Link = { kind: LinkKind, url: string, title?: string | null, };

export type LinkKind = "slides" | "video" | "code" | "info" | "feedback" | "other";

export type LinkView = { kind: LinkKind, 
/**
 * "Slides", "Video", ...
 */
label: string, url: string, };

/**
 * Where an image comes from: a path under `data/` or an http(s) URL.
 */
export type MediaSource = string;

/**
 * What a chair sees of the room's stage monitor.
 */
export type MonitorStatus = { 
/**
 * Heard from in the last 30 seconds.
 */
online: boolean, 
/**
 * When it last spoke, RFC 3339.
 */
heard_at: string | null, 
/**
 * When it first showed the stage's message now, RFC 3339; none while
 * it has not (or there is no message).
 */
seen_at: string | null, };

/**
 * How full a room is, as a chair or a door volunteer says.
 */
export type Occupancy = "free" | "filling" | "full";

/**
 * One change to a programme.
 */
export type Operation = { "op": "move", session: SessionId, room: RoomId, index: number, day?: string | null, } | { "op": "pin", session: SessionId, start: string, } | { "op": "follow", session: SessionId, gap_minutes: number, } | { "op": "resize", session: SessionId, duration_minutes: number, } | { "op": "edit", session: SessionId, changes: SessionChanges, } | { "op": "put-session", session: Session, after?: SessionId, first?: boolean, } | { "op": "duplicate", session: SessionId, new_id?: SessionId, } | { "op": "delete-session", session: SessionId, } | { "op": "cancel", session: SessionId, } | { "op": "restore", session: SessionId, } | { "op": "put-speaker", speaker: Speaker, after?: SpeakerId, first?: boolean, } | { "op": "delete-speaker", speaker: SpeakerId, from_sessions?: boolean, } | { "op": "put-room", room: Room, after?: RoomId, first?: boolean, } | { "op": "delete-room", room: RoomId, sessions?: RoomSessions, } | { "op": "late", room: RoomId, minutes: number, session?: SessionId, started_minutes?: number, } | { "op": "on-time", room: RoomId, } | { "op": "started", session: SessionId, } | { "op": "ended", session: SessionId, } | { "op": "apply-delay", room: RoomId, } | { "op": "put-announcement", announcement: Announcement, after?: AnnouncementId, first?: boolean, } | { "op": "delete-announcement", announcement: AnnouncementId, } | { "op": "put-sponsor", sponsor: Sponsor, after?: SponsorId, first?: boolean, } | { "op": "delete-sponsor", sponsor: SponsorId, } | { "op": "emergency", title: string, text?: string, since?: string, } | { "op": "clear-emergency", } | { "op": "stage-message", room: RoomId, text: string, flash?: boolean, since?: string, } | { "op": "clear-stage-message", room: RoomId, } | { "op": "stage-phase", room: RoomId, phase: Phase, since?: string, } | { "op": "room-state", room: RoomId, state: Occupancy, since?: string, };

export type Order = { 
/**
 * `identify`, `reload` or `screenshot`.
 */
command: ScreenCommand, };

/**
 * The part of a talk a room is in, as its chair says.
 */
export type Phase = "talk" | "qa" | "wrap-up";

export type Placed = { id: string, room: string, start: string, end: string, cancelled: boolean, };

/**
 * How a session's start is decided: pinned to its own `start`, or following
 * the previous session in the same room after a gap. Reordering a room then
 * only moves sessions; their times follow.
 */
export type Placement = { "mode": "pinned" } | { "mode": "follows", gap_minutes: number, };

export type Preview = { 
/**
 * The sessions whose room, time or state the batch changes, as they
 * would be, at the times they would run (delays included).
 */
sessions: Array<Placed>, problems: Array<Finding>, };

export type ProblemBody = { 
/**
 * What went wrong.
 */
error: string, 
/**
 * What to do about it.
 */
fix: string, };

/**
 * A whole conference programme, as stored in a `.json` programme file.
 */
export type Programme = { 
/**
 * Version of this file format: 3. Versions 1 (without announcements,
 * sponsors and the emergency message) and 2 (without the day's marks,
 * `changed_today`) are read as well.
 */
format: number, conference: Conference, 
/**
 * Rooms, in any order; `order` decides the order on screen.
 */
rooms: Array<Room>, speakers: Array<Speaker>, 
/**
 * Sessions; within one room, the order here is the running order.
 */
sessions: Array<Session>, 
/**
 * Rooms running late or early today, as their chairs said: live state
 * that screens show and feeds carry, not the plan.
 */
delays?: Array<Delay>, 
/**
 * Notes for visitors shown between the talk scenes, each in its times.
 */
announcements?: Array<Announcement>, 
/**
 * In the order they are shown; tiers in the order they first appear.
 */
sponsors?: Array<Sponsor>, 
/**
 * A message that replaces every screen's rotation until it is cleared.
 */
emergency?: Emergency | null, 
/**
 * What changed for visitors since the conference day began, as the hub
 * that keeps the programme's history saw it: live state that screens
 * mark on the talk itself, so a reader of the printed programme is not
 * lost.
 */
changed_today?: ChangedToday | null, 
/**
 * Each room's message on its stage monitor, as its chair sent it.
 */
stage_messages?: Array<StageMessage>, 
/**
 * Rooms in questions or asked to wrap up, as their chairs said.
 */
stage_phases?: Array<StagePhase>, 
/**
 * Rooms filling or full, as a chair or a door volunteer said.
 */
room_states?: Array<RoomState>, };

export type Publish = { 
/**
 * What to call the version, e.g. `Monday noon`.
 */
name: string, };

export type Release = { name: string, revision: number, published_at: string, 
/**
 * Each as `{"change": "moved" | "new-time" | "cancelled" | "restored" | "added" | "removed", ...}`.
 */
changes: Array<Change>, };

export type RevisionEntry = { number: number, saved_at: string, author: string, summary: string, };

export type Room = { id: RoomId, name: string, 
/**
 * Position on screens, smallest first.
 */
order: number, 
/**
 * The address of the room's live stream, for visitors who cannot get in.
 */
stream?: string, 
/**
 * The room visitors go to when this one is full.
 */
overflow?: RoomId, };

/**
 * A room's stable id, unchanged when the room is renamed.
 */
export type RoomId = string;

/**
 * What becomes of a deleted room's sessions.
 */
export type RoomSessions = { "move-to": RoomId } | "delete";

/**
 * A room that is filling or full, since a volunteer said so.
 */
export type RoomState = { room: RoomId, state: Occupancy, since: string, };

/**
 * How full a room is, for the hallway screens, with where else to go.
 */
export type RoomStateView = { state: Occupancy, 
/**
 * When it was said, RFC 3339.
 */
since: string, 
/**
 * The overflow room's name, when the programme names one.
 */
overflow: string | null, 
/**
 * The room's live stream, when it has one.
 */
stream: string | null, };

export type Saved = { revision: number, summary: string, 
/**
 * Set when the change is safe in the hub but its programme file
 * (`--write-back`) could not be written: why, and the fix.
 */
write_back_problem: string | null, };

/**
 * A kind of scene: an entry of a screen's rotation, and what a screen
 * reports it shows (the `kind` of its scene).
 */
export type SceneKind = "now" | "session" | "up_next" | "later_today" | "situation" | "announcement" | "sponsors" | "emergency" | "problem";

/**
 * What the hub may ask of a screen.
 */
export type ScreenCommand = "identify" | "reload" | "screenshot";

export type ScreenEntry = { report: ScreenReport, 
/**
 * When it last reported, RFC 3339.
 */
seen_at: string, 
/**
 * It reported within three of its intervals.
 */
online: boolean, 
/**
 * It shows the hub's current revision.
 */
current: boolean, 
/**
 * When its last screenshot was taken, RFC 3339.
 */
screenshot_at: string | null, };

export type ScreenReport = { 
/**
 * `--name`, by default the machine's host name.
 */
name: string, 
/**
 * The rooms it shows; all when empty.
 */
rooms: Array<string>, 
/**
 * Marquee's version.
 */
version: string, 
/**
 * The hub's ETag of the programme on screen, e.g. `"r12"`.
 */
revision: string | null, 
/**
 * The scene on screen, or `problem` when it explains one.
 */
scene: SceneKind | null, uptime_seconds: number, 
/**
 * How often it reports, so the hub knows when one is overdue.
 */
every_seconds: number, 
/**
 * It cannot reach its source; the last good programme stays.
 */
offline: boolean, 
/**
 * Photos waiting to be fetched, and failed for now.
 */
photos_queued: number, photos_failed: number, };

export type Session = { id: SessionId, title: string, subtitle?: string | null, kind: SessionKind, room: RoomId, 
/**
 * Start with the venue's offset. For a session that follows the previous
 * one this is derived from the running order and rewritten on load.
 */
start: string, duration_minutes: number, placement: Placement, track?: string | null, language?: string | null, level?: string | null, 
/**
 * Plain text or the safe Markdown subset; never raw HTML.
 */
abstract?: string, speakers?: Array<SpeakerId>, links?: Array<Link>, 
/**
 * Called off: it keeps its place in the printed programme, but screens
 * never show it as on or next.
 */
cancelled?: boolean, };

/**
 * The fields [`Operation::Edit`] sets; an empty text clears an optional one.
 */
export type SessionChanges = { title?: string, subtitle?: string, kind?: SessionKind, track?: string, language?: string, level?: string, abstract?: string, speakers?: Array<SpeakerId>, links?: Array<Link>, };

/**
 * A session's stable id, unchanged when the session moves.
 */
export type SessionId = string;

export type SessionKind = "talk" | "keynote" | "workshop" | "break" | "other";

export type SessionView = { id: string, title: string, subtitle: string | null, kind: SessionKind, room: string, 
/**
 * "10:00–10:40"
 */
time: string, 
/**
 * The instants behind `time`, RFC 3339 in the venue's offset, so that a
 * countdown can tick between snapshots.
 */
starts_at: string, ends_at: string, speakers: Array<SpeakerView>, links: Array<LinkView>, 
/**
 * "running 10 min late", when it is.
 */
late: string | null, 
/**
 * What changed since the day began: "moved to Room B", "new time
 * 14:30", "cancelled".
 */
changes: Array<ChangeNote>, };

/**
 * What a stage monitor says each time it speaks.
 */
export type Showing = { 
/**
 * The `since` of the message it shows; none when it shows none.
 */
message?: string | null, };

/**
 * A handle on a social network, e.g. `twitter` / `@jefferai`.
 */
export type Social = { network: string, handle: string, url?: string | null, };

export type Speaker = { id: SpeakerId, name: string, affiliation?: string | null, 
/**
 * Plain text or the safe Markdown subset; never raw HTML.
 */
bio?: string, photo?: MediaSource | null, socials?: Array<Social>, };

/**
 * A person's stable id, shared by all the sessions they appear in.
 */
export type SpeakerId = string;

export type SpeakerView = { id: string, name: string, affiliation: string | null, };

/**
 * A sponsor of the conference, shown in the sponsors scene by tier.
 */
export type Sponsor = { id: SponsorId, name: string, 
/**
 * e.g. "Gold"; sponsors of one tier are shown together.
 */
tier: string, logo?: MediaSource, };

/**
 * A sponsor's stable id.
 */
export type SponsorId = string;

/**
 * What the chair shows the speaker, on the room's stage monitor.
 */
export type StageMessage = { room: RoomId, text: string, 
/**
 * Whether the monitor flashes it (a steady frame where motion is reduced).
 */
flash?: boolean, 
/**
 * When it was sent, by the hub's clock.
 */
since: string, };

export type StageMessageView = { text: string, flash: boolean, 
/**
 * When the chair sent it, RFC 3339; the monitor acknowledges it by this.
 */
since: string, };

/**
 * A room's phase other than the talk, since the chair set it.
 */
export type StagePhase = { room: RoomId, phase: Phase, since: string, };

/**
 * The stage's settings, shared by the chair's view and the stage monitor
 * so that both colour the same countdown alike.
 */
export type StageSettings = { 
/**
 * How long questions last once the chair calls them.
 */
qa_minutes: number, 
/**
 * The countdown turns amber this many minutes before the end.
 */
amber_minutes: number, 
/**
 * And red this many.
 */
red_minutes: number, 
/**
 * The messages a chair sends with one tap.
 */
presets: Array<string>, 
/**
 * How long a room's "filling" or "full" holds unless said again.
 */
room_state_minutes: number, };

export type StageView = { 
/**
 * The instant shown, the hub's time, RFC 3339 in the venue's offset.
 */
at: string, room_id: string, room: string, timezone: string, 
/**
 * What the countdown runs to, RFC 3339; none between talks.
 */
ends: string | null, phase: Phase, message: StageMessageView | null, 
/**
 * The talk on, or the one running past its end while nothing followed.
 */
now: SessionView | null, 
/**
 * The next session in the room today.
 */
next: SessionView | null, 
/**
 * The countdown turns amber this many minutes before `ends`, and red
 * `red_minutes` before.
 */
amber_minutes: number, red_minutes: number, };

export type Uploaded = { 
/**
 * What a programme names the picture by, e.g. `data/photos/3f2a….jpg`.
 */
path: string, };
