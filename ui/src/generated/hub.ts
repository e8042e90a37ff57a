// Generated from the Rust types by `make generate`; do not edit.

export type Applied = { revision: number, etag: string, summary: string, 
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
 * One change a visitor would notice.
 */
export type Change = { "change": "added", session: SessionId, title: string, } | { "change": "removed", session: SessionId, title: string, } | { "change": "moved", session: SessionId, title: string, from: RoomId, to: RoomId, } | { "change": "new-time", session: SessionId, title: string, from: string, to: string, } | { "change": "cancelled", session: SessionId, title: string, } | { "change": "restored", session: SessionId, title: string, };

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
source_url?: string | null, };

/**
 * Something two changes both touched.
 */
export type Conflict = { "what": "session", "id": SessionId } | { "what": "running-order", "id": RoomId } | { "what": "speaker", "id": SpeakerId } | { "what": "room", "id": RoomId } | { "what": "conference" };

export type ConflictBody = { error: string, 
/**
 * Each as `{"what": "session" | "running-order" | "speaker" | "room" | "conference", "id": ID}`.
 */
conflicts: Array<Conflict>, };

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

export type Link = { kind: LinkKind, url: string, title?: string | null, };

export type LinkKind = "slides" | "video" | "code" | "info" | "feedback" | "other";

/**
 * Where an image comes from: a path under `data/` or an http(s) URL.
 */
export type MediaSource = string;

/**
 * One change to a programme.
 */
export type Operation = { "op": "move", session: SessionId, room: RoomId, index: number, day?: string | null, } | { "op": "pin", session: SessionId, start: string, } | { "op": "follow", session: SessionId, gap_minutes: number, } | { "op": "resize", session: SessionId, duration_minutes: number, } | { "op": "edit", session: SessionId, changes: SessionChanges, } | { "op": "put-session", session: Session, after?: SessionId, first?: boolean, } | { "op": "duplicate", session: SessionId, new_id?: SessionId, } | { "op": "delete-session", session: SessionId, } | { "op": "cancel", session: SessionId, } | { "op": "restore", session: SessionId, } | { "op": "put-speaker", speaker: Speaker, after?: SpeakerId, first?: boolean, } | { "op": "delete-speaker", speaker: SpeakerId, from_sessions?: boolean, } | { "op": "put-room", room: Room, after?: RoomId, first?: boolean, } | { "op": "delete-room", room: RoomId, sessions?: RoomSessions, };

export type Placed = { id: string, room: string, start: string, end: string, cancelled: boolean, };

/**
 * How a session's start is decided: pinned to its own `start`, or following
 * the previous session in the same room after a gap. Reordering a room then
 * only moves sessions; their times follow.
 */
export type Placement = { "mode": "pinned" } | { "mode": "follows", gap_minutes: number, };

export type Preview = { 
/**
 * The sessions whose room, time or state the batch changes, as they would be.
 */
sessions: Array<Placed>, problems: Array<Finding>, };

export type ProblemBody = { error: string, };

/**
 * A whole conference programme, as stored in a `.json` programme file.
 */
export type Programme = { 
/**
 * Version of this file format; always 1 for now.
 */
format: number, conference: Conference, 
/**
 * Rooms, in any order; `order` decides the order on screen.
 */
rooms: Array<Room>, speakers: Array<Speaker>, 
/**
 * Sessions; within one room, the order here is the running order.
 */
sessions: Array<Session>, };

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
order: number, };

/**
 * A room's stable id, unchanged when the room is renamed.
 */
export type RoomId = string;

/**
 * What becomes of a deleted room's sessions.
 */
export type RoomSessions = { "move-to": RoomId } | "delete";

export type Saved = { revision: number, summary: string, };

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
