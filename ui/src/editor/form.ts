// A session's form as plain values: what the organiser typed, the reason a
// field is not right yet, and the operations that make the session so.
import type { Link, LinkKind, Operation, Session, SessionKind } from '../generated/hub';
import { dayOf, minuteOfDay } from './timetable';

export interface Draft {
  title: string;
  subtitle: string;
  kind: SessionKind;
  track: string;
  language: string;
  level: string;
  summary: string;
  duration: string;
  pinned: boolean;
  /** `HH:MM` when pinned. */
  time: string;
  /** Minutes after the session before, when it follows. */
  gap: string;
  speakers: string[];
  links: { kind: LinkKind; url: string }[];
}

export type Problems = Partial<Record<'title' | 'duration' | 'time' | 'gap' | `link${number}`, string>>;

function hhmm(minute: number): string {
  const wrapped = minute % (24 * 60);
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

export function draftOf(session: Session): Draft {
  return {
    title: session.title,
    subtitle: session.subtitle ?? '',
    kind: session.kind,
    track: session.track ?? '',
    language: session.language ?? '',
    level: session.level ?? '',
    summary: session.abstract ?? '',
    duration: String(session.duration_minutes),
    pinned: session.placement.mode === 'pinned',
    time: hhmm(minuteOfDay(session.start)),
    gap: String(session.placement.mode === 'follows' ? session.placement.gap_minutes : 0),
    speakers: [...(session.speakers ?? [])],
    links: (session.links ?? []).map((link) => ({ kind: link.kind, url: link.url })),
  };
}

const WHOLE = /^\d+$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Why each field is not right yet; empty when the draft can be saved. */
export function check(draft: Draft): Problems {
  const problems: Problems = {};
  if (!draft.title.trim()) problems.title = 'A session needs a title.';
  if (!WHOLE.test(draft.duration.trim()) || +draft.duration === 0)
    problems.duration = 'Whole minutes, at least 1.';
  if (draft.pinned && !TIME.test(draft.time.trim())) problems.time = 'A time as HH:MM, e.g. 14:30.';
  if (!draft.pinned && !WHOLE.test(draft.gap.trim())) problems.gap = 'Whole minutes, 0 or more.';
  draft.links.forEach((link, i) => {
    if (!/^https?:\/\/[^\s]+$/i.test(link.url.trim()))
      problems[`link${i}`] = 'Only http(s) addresses are shown on screens.';
  });
  return problems;
}

/** The start of `time` on the conference day of `session`, in its offset. */
function startAt(session: Session, time: string): string {
  const [h, m] = time.split(':').map(Number);
  const day = dayOf(session.start);
  // Times before the day change belong to the night after the day.
  const date = h * 60 + m < 6 * 60 ? new Date(Date.parse(`${day}T00:00Z`) + 86_400_000).toISOString().slice(0, 10) : day;
  return `${date}T${time}:00${session.start.slice(19)}`;
}

/** The operations that make `session` what `draft` says. */
export function operationsFor(session: Session, draft: Draft): Operation[] {
  const before = draftOf(session);
  const changes: Record<string, unknown> = {};
  for (const field of ['title', 'subtitle', 'track', 'language', 'level'] as const) {
    if (draft[field].trim() !== before[field]) changes[field] = draft[field].trim();
  }
  if (draft.kind !== before.kind) changes.kind = draft.kind;
  if (draft.summary !== before.summary) changes.abstract = draft.summary;
  if (JSON.stringify(draft.speakers) !== JSON.stringify(before.speakers)) changes.speakers = draft.speakers;
  if (JSON.stringify(draft.links) !== JSON.stringify(before.links)) {
    changes.links = draft.links.map(
      (link, i): Link => ({ ...(session.links?.[i] ?? {}), kind: link.kind, url: link.url.trim() }),
    );
  }
  const operations: Operation[] = [];
  if (Object.keys(changes).length > 0) operations.push({ op: 'edit', session: session.id, changes });
  if (+draft.duration !== session.duration_minutes)
    operations.push({ op: 'resize', session: session.id, duration_minutes: +draft.duration });
  if (draft.pinned && (!before.pinned || draft.time !== before.time))
    operations.push({ op: 'pin', session: session.id, start: startAt(session, draft.time) });
  if (!draft.pinned && (before.pinned || draft.gap !== before.gap))
    operations.push({ op: 'follow', session: session.id, gap_minutes: +draft.gap });
  return operations;
}

/** An id made from `name` (`lunch-in-the-atrium`), with `-2`, `-3`, … when `taken`. */
export function freeId(name: string, fallback: string, taken: (id: string) => boolean): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || fallback;
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/** Why an image source cannot be used, or `''`. */
export function mediaProblem(source: string): string {
  const text = source.trim();
  return !text || /^https?:\/\/\S+$/i.test(text) || /^data\/[\w./-]+$/.test(text)
    ? ''
    : 'A path such as data/logo.png, or an http(s) address.';
}
