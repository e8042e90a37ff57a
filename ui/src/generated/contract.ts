// Generated from the Rust types by `make generate`; do not edit.

export type ChangeKind = "moved" | "new_time" | "cancelled";

export type ChangeNote = { kind: ChangeKind, text: string, };

/**
 * The theme, with the conference's colours where they keep text legible.
 */
export type Colours = { theme: Theme, 
/**
 * `#rrggbb`, used only when it meets WCAG AA against the background.
 */
accent: string | null, background: string | null, };

/**
 * What kind of failure, for the front end.
 */
export type ErrorKind = "read" | "import" | "fetch" | "write" | "settings" | "usage";

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

/**
 * How full a room is, as a chair or a door volunteer says.
 */
export type Occupancy = "free" | "filling" | "full";

export type RoomRow = { room: string, current: SessionView | null, 
/**
 * "until 10:40"
 */
until: string | null, next: UpcomingView | null, 
/**
 * Filling or full, while what was said of it holds.
 */
state: RoomStateView | null, };

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

export type RunningView = { 
/**
 * "ends 10:40"
 */
ends: string, 
/**
 * "12 min left"
 */
left: string, progress_permille: number, };

export type SceneView = { "kind": "now", page: number, pages: number, rows: Array<RoomRow>, } | { "kind": "session", room: string, session: SessionView, running: RunningView, next: UpcomingView | null, 
/**
 * Filling or full, while what was said of it holds.
 */
state: RoomStateView | null, } | { "kind": "up_next", items: Array<UpcomingView>, } | { "kind": "later_today", items: Array<SessionView>, } | { "kind": "situation", headline: string, detail: string | null, } | { "kind": "announcement", id: string, title: string, text: Array<TextBlock>, 
/**
 * Whether it has an image, to ask the host for by its id.
 */
image: boolean, 
/**
 * An http(s) address for its QR code.
 */
link: string | null, } | { "kind": "sponsors", tier: string, sponsors: Array<SponsorView>, page: number, pages: number, } | { "kind": "emergency", title: string, text: Array<TextBlock>, 
/**
 * "since 14:02"
 */
since: string, };

export type Screen = { 
/**
 * What to show; none until a programme could be read.
 */
snapshot: ScreenSnapshot | null, 
/**
 * Why nothing can be shown.
 */
problem: ErrorPayload | null, 
/**
 * The clock is a preview's or a rehearsal's, not the real time.
 */
simulated: boolean, 
/**
 * "offline since 14:02": the programme's address cannot be reached and
 * the last good programme is shown.
 */
offline: string | null, colours: Colours, 
/**
 * When what this screen shows next changes, RFC 3339: a host that asks
 * for screens (a browser) asks again then.
 */
next_change: string | null, };

export type ScreenSnapshot = { 
/**
 * The instant shown, RFC 3339 in the venue's offset.
 */
at: string, conference: string, logo: string | null, 
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

export type Span = { text: string, strong: boolean, emphasis: boolean, };

export type SpeakerView = { id: string, name: string, affiliation: string | null, };

export type SponsorView = { id: string, name: string, 
/**
 * Whether it has a logo, to ask the host for by its id.
 */
logo: boolean, };

export type TextBlock = { 
/**
 * A bullet point rather than a paragraph.
 */
item: boolean, spans: Array<Span>, };

/**
 * Light for bright foyers, dark everywhere else.
 */
export type Theme = "dark" | "light";

export type UpcomingView = { session: SessionView, 
/**
 * "10:50 · in 8 min"
 */
starts: string, 
/**
 * Its room filling or full now, while what was said of it holds.
 */
state: RoomStateView | null, };

export const SCREEN_EVENT = "screen";
export const IDENTIFY_EVENT = "identify";
export const SCREEN_COMMAND = "screen";
export const PAINTED_COMMAND = "painted";
export const EXIT_COMMAND = "exit";
