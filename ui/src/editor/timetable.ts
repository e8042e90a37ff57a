// The editor's timetable as numbers: which conference day each session is
// on, where its block goes, and which position in its room's running order
// a point of the timetable stands for. Every start carries the venue's
// offset at that instant, so its written date and time are the venue's own.
import type { Programme, Room, Session } from '../generated/hub';

/** Days run past midnight until 06:00, as the core's `days` module has it. */
const DAY_CHANGE_MINUTES = 6 * 60;
const MINUTES_PER_DAY = 24 * 60;

/** Minutes since the venue's midnight before `date` (YYYY-MM-DD). */
function minutesFrom(date: string, start: string): number {
  const day = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));
  const local = Date.UTC(
    +start.slice(0, 4),
    +start.slice(5, 7) - 1,
    +start.slice(8, 10),
    +start.slice(11, 13),
    +start.slice(14, 16),
  );
  return (local - day) / 60_000;
}

/** The conference day of a start, YYYY-MM-DD. */
export function dayOf(start: string): string {
  const shifted = new Date(Date.parse(`${start.slice(0, 16)}Z`) - DAY_CHANGE_MINUTES * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** Minutes from the start of its conference day: 25:30 for 01:30 after midnight. */
export function minuteOfDay(start: string): number {
  return minutesFrom(dayOf(start), start);
}

/** `HH:MM` of a minute of the day, wrapping past midnight. */
export function clock(minute: number): string {
  const wrapped = ((minute % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const h = Math.floor(wrapped / 60);
  const m = Math.round(wrapped % 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Every conference day: the listed ones and any a session is on, in order. */
export function days(programme: Programme): string[] {
  const all = new Set(programme.conference.days ?? []);
  for (const session of programme.sessions ?? []) all.add(dayOf(session.start));
  return [...all].sort();
}

export function roomsInOrder(programme: Programme): Room[] {
  return [...(programme.rooms ?? [])].sort((a, b) => a.order - b.order);
}

/** Every room's sessions on `day`, in running order, in one pass. */
export function dayPlan(programme: Programme, day: string): Map<string, Session[]> {
  const plan = new Map<string, Session[]>();
  for (const session of programme.sessions ?? []) {
    if (dayOf(session.start) !== day) continue;
    const list = plan.get(session.room);
    if (list) list.push(session);
    else plan.set(session.room, [session]);
  }
  return plan;
}

/** The minutes a day's timetable spans, whole hours around its sessions. */
export function span(sessions: Session[]): { from: number; to: number } {
  if (sessions.length === 0) return { from: 9 * 60, to: 18 * 60 };
  const starts = sessions.map((s) => minuteOfDay(s.start));
  const ends = sessions.map((s, i) => starts[i] + s.duration_minutes);
  return {
    from: Math.floor(Math.min(...starts) / 60) * 60,
    to: Math.ceil(Math.max(...ends) / 60) * 60,
  };
}

/**
 * The position in `order` (a room's running order, without the session being
 * dragged) that a drop at `minute` stands for: before the first session
 * whose middle comes after it.
 */
export function dropIndex(order: Session[], minute: number): number {
  const index = order.findIndex((s) => minuteOfDay(s.start) + s.duration_minutes / 2 > minute);
  return index === -1 ? order.length : index;
}

/** Whether a session matches a search by its title or its speakers' names. */
export function matches(programme: Programme, session: Session, search: string): boolean {
  const words = search.trim().toLowerCase();
  if (!words) return true;
  const names = (session.speakers ?? []).map(
    (id) => programme.speakers?.find((p) => p.id === id)?.name ?? '',
  );
  return [session.title, session.subtitle ?? '', ...names].some((text) =>
    text.toLowerCase().includes(words),
  );
}

/** Every track the programme names, sorted. */
export function tracks(programme: Programme): string[] {
  const all = new Set<string>();
  for (const session of programme.sessions ?? []) if (session.track) all.add(session.track);
  return [...all].sort();
}

/**
 * When a session added after `last` starts (at 09:00 on `day` when its
 * room's day is empty), written in the venue's `offset` (`+02:00`, or `Z`)
 * as every start is.
 */
export function startAfter(last: { start: string; duration_minutes: number } | undefined, day: string, offset: string): string {
  const start = last
    ? Date.parse(last.start) + last.duration_minutes * 60_000
    : Date.parse(`${day}T09:00:00${offset}`);
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset === 'Z' ? [0, 0] : offset.slice(1).split(':').map(Number);
  const local = new Date(start + sign * (hours * 60 + minutes) * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === 'Z' ? '+00:00' : offset}`;
}
