// The chair's view's logic, apart from its looks and its countdown
// (`lib/countdown`): the room its address names, and what a change moves.
// Its way to the hub is `host/chair-hub`.

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
