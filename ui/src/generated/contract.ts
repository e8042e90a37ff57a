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

export type SessionKind = "talk" | "keynote" | "workshop" | "break" | "other";
