// Generated from the Rust types by `make generate`; do not edit.

/**
 * What kind of failure, for the front end.
 */
export type ErrorKind = "read" | "import" | "fetch" | "write" | "usage" | "shell";

/**
 * An error as the front end receives it.
 */
export type ErrorPayload = { kind: ErrorKind, message: string, };

export type LinkKind = "slides" | "video" | "code" | "info" | "feedback" | "other";

export type LinkView = { kind: LinkKind, 
/**
 * "Slides", "Video", ...
 */
label: string, url: string, };

export type ListedLink = { kind: LinkKind, url: string, };

export type ListedSession = { id: string, title: string, kind: SessionKind, 
/**
 * e.g. "Mon 6 Jun"
 */
day: string, 
/**
 * e.g. "09:00–09:25", in the venue's zone
 */
time: string, speakers: Array<string>, 
/**
 * Only http(s) links ever reach a screen.
 */
links: Array<ListedLink>, };

export type Listing = { title: string, timezone: string, rooms: Array<RoomListing>, };

export type RoomListing = { id: string, name: string, sessions: Array<ListedSession>, };

export type RoomRow = { room: string, current: SessionView | null, 
/**
 * "until 10:40"
 */
until: string | null, next: UpcomingView | null, };

export type RunningView = { 
/**
 * "ends 10:40"
 */
ends: string, 
/**
 * "12 min left"
 */
left: string, progress_permille: number, };

export type SceneView = { "kind": "now", page: number, pages: number, rows: Array<RoomRow>, } | { "kind": "session", room: string, session: SessionView, running: RunningView, next: UpcomingView | null, } | { "kind": "up_next", items: Array<UpcomingView>, } | { "kind": "later_today", items: Array<SessionView>, } | { "kind": "situation", headline: string, detail: string | null, };

export type ScreenSnapshot = { conference: string, logo: string | null, 
/**
 * The venue's clock, "HH:MM".
 */
clock: string, 
/**
 * e.g. "Monday 6 June"
 */
date: string, timezone: string, scene: SceneView, scene_index: number, scene_count: number, };

export type SessionKind = "talk" | "keynote" | "workshop" | "break" | "other";

export type SessionView = { id: string, title: string, subtitle: string | null, kind: SessionKind, room: string, 
/**
 * "10:00–10:40"
 */
time: string, speakers: Array<SpeakerView>, links: Array<LinkView>, 
/**
 * "running 10 min late", when it is.
 */
late: string | null, };

export type SpeakerView = { id: string, name: string, affiliation: string | null, };

export type UpcomingView = { session: SessionView, 
/**
 * "10:50 · in 8 min"
 */
starts: string, };
