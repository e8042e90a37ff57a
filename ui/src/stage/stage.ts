// The stage monitor's logic, apart from its looks: the room its address
// names, and the words between talks.

/** The room `/stage/ROOM` names, or null for `/stage`. */
export function stageRoomOf(pathname: string): string | null {
  const match = /^\/stage\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    // Not an address a link of ours makes: the list of rooms instead.
    return null;
  }
}

/** "starts in 4 min", "starts in 1 h 5 min", or "starts now", from `startMs` at `nowMs`. */
export function startsIn(startMs: number, nowMs: number): string {
  const minutes = Math.ceil((startMs - nowMs) / 60_000);
  if (minutes <= 0) return 'starts now';
  if (minutes < 60) return `starts in ${minutes} min`;
  const rest = minutes % 60;
  return `starts in ${Math.floor(minutes / 60)} h${rest ? ` ${rest} min` : ''}`;
}
