// The chair's view's logic, apart from its looks: the countdown and its
// colour, the hub's clock (the event stream carries the hub's time, so a
// phone whose clock is off still counts right and keeps counting while the
// connection is down) and the thresholds a chair may set. Its way to the
// hub is `host/chair-hub`.

export type Phase = 'green' | 'amber' | 'red' | 'over';

export interface Countdown {
  /** "12:34", or the overrun "+3:12". */
  text: string;
  phase: Phase;
}

export interface Thresholds {
  /** Amber from this many minutes before the end. */
  amber: number;
  /** Red from this many minutes before the end. */
  red: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { amber: 5, red: 2 };
const THRESHOLDS_KEY = 'marquee.chair-thresholds';

function clockText(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** How long is left until `endMs` at `nowMs`, and its colour. */
export function countdown(endMs: number, nowMs: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): Countdown {
  const left = Math.ceil((endMs - nowMs) / 1000);
  if (left <= 0) return { text: `+${clockText(-left)}`, phase: 'over' };
  const phase: Phase = left <= thresholds.red * 60 ? 'red' : left <= thresholds.amber * 60 ? 'amber' : 'green';
  return { text: clockText(left), phase };
}

export function loadThresholds(storage: Storage = localStorage): Thresholds {
  try {
    const kept = JSON.parse(storage.getItem(THRESHOLDS_KEY) ?? 'null') as Partial<Thresholds> | null;
    return sanitised({ ...DEFAULT_THRESHOLDS, ...kept });
  } catch {
    return DEFAULT_THRESHOLDS;
  }
}

export function saveThresholds(thresholds: Thresholds, storage: Storage = localStorage): Thresholds {
  const kept = sanitised(thresholds);
  storage.setItem(THRESHOLDS_KEY, JSON.stringify(kept));
  return kept;
}

/** Whole minutes, red no later than amber. */
function sanitised({ amber, red }: Thresholds): Thresholds {
  const whole = (n: number, fallback: number) => (Number.isFinite(n) && n >= 0 ? Math.round(n) : fallback);
  const a = whole(amber, DEFAULT_THRESHOLDS.amber);
  return { amber: a, red: Math.min(whole(red, DEFAULT_THRESHOLDS.red), a) };
}

/** The hub's time, from what the hub last said it was and when that was heard. */
export class HubClock {
  private offsetMs = 0;

  constructor(private readonly local: () => number = () => Date.now()) {}

  /** The hub said it was `hubTime` (RFC 3339) just now. */
  heard(hubTime: string): void {
    const hub = Date.parse(hubTime);
    if (Number.isFinite(hub)) this.offsetMs = hub - this.local();
  }

  now(): number {
    return this.local() + this.offsetMs;
  }
}

/** The room `/chair/ROOM` names, or null for `/chair`. */
export function roomOf(pathname: string): string | null {
  const match = /^\/chair\/([^/]+)\/?$/.exec(pathname);
  return match ? decodeURIComponent(match[1]) : null;
}

/** "11:00 → 11:10" for a session the preview moves, from its times as they run now and then. */
export function shift(fromTime: string, toStart: string, zone: string): string {
  const start = new Date(toStart).toLocaleTimeString('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  const was = fromTime.split('–')[0];
  return was === start ? start : `${was} → ${start}`;
}
