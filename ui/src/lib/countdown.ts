// A countdown to an instant by the hub's clock, as the chair's phone and
// the stage monitor both show it: its text, and its colour at the
// programme's thresholds. The event stream carries the hub's time, so a
// device whose clock is off still counts right and keeps counting while
// the connection is down.

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

function clockText(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${minutes}:${two(seconds)}`;
}

/** How long is left until `endMs` at `nowMs`, and its colour. */
export function countdown(endMs: number, nowMs: number, thresholds: Thresholds): Countdown {
  const left = Math.ceil((endMs - nowMs) / 1000);
  if (left <= 0) return { text: `+${clockText(-left)}`, phase: 'over' };
  const phase: Phase = left <= thresholds.red * 60 ? 'red' : left <= thresholds.amber * 60 ? 'amber' : 'green';
  return { text: clockText(left), phase };
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

