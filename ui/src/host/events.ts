// The hub's event stream, followed the one way every view follows it: each
// new revision (its number is the event's id) and the hub's heartbeat with
// its time, every 15 s. A stream silent for 45 s (three heartbeats) is
// opened again, since proxies stall streams without closing them; a lost
// or reopened stream is told, so a view can say it is offline and ask for
// what it missed.

/** Three missed heartbeats of the hub's event stream. */
export const SILENCE_MS = 45_000;
/** How often the silence is looked for. */
const WATCH_MS = 5_000;

export interface HubEvents {
  /** A new revision, with the hub's time when it was made. */
  revision?(revision: number, serverTime: string | null): void;
  /** The hub's heartbeat, with its time. */
  time?(serverTime: string | null): void;
  /** A room's stage monitor has news for its chair (a message seen, or back from silence). */
  stage?(room: string, serverTime: string | null): void;
  /** The stream is open: anything may have changed meanwhile. */
  opened?(): void;
  /** The stream broke; the browser tries again by itself. */
  lost?(): void;
}

interface Said {
  server_time?: string;
  room?: string;
}

function said(event: Event): Said {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as Said;
  } catch {
    // A malformed event says nothing.
    return {};
  }
}

function serverTime(event: Event): string | null {
  return said(event).server_time ?? null;
}

/** Follows the hub's events until the returned function is called. */
export function followHub(events: HubEvents, path = '/api/events'): () => void {
  let source: EventSource | null = null;
  let heard = Date.now();
  const open = () => {
    source?.close();
    source = new EventSource(path);
    heard = Date.now();
    source.addEventListener('revision', (event) => {
      heard = Date.now();
      events.revision?.(Number((event as MessageEvent).lastEventId), serverTime(event));
    });
    source.addEventListener('time', (event) => {
      heard = Date.now();
      events.time?.(serverTime(event));
    });
    source.addEventListener('stage', (event) => {
      const { room, server_time } = said(event);
      if (room) events.stage?.(room, server_time ?? null);
    });
    source.addEventListener('open', () => events.opened?.());
    source.addEventListener('error', () => events.lost?.());
  };
  const watchdog = setInterval(() => {
    if (Date.now() - heard > SILENCE_MS) open();
  }, WATCH_MS);
  open();
  return () => {
    clearInterval(watchdog);
    source?.close();
  };
}
