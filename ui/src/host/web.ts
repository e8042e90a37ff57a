// A hub as the host, for a browser: the screen is asked for over HTTP
// (`/api/screen`, with the page's `?room=` and `?theme=`) when the page
// opens, at each instant the screen says it next changes, and whenever the
// hub's event stream tells of a new revision (followed as every view
// follows it, `events.ts`). While the hub cannot be reached the last screen
// stays, marked offline, and the page keeps asking.
import type { Screen } from '../generated/contract';
import { followHub } from './events';
import { ask } from './http';
import type { Host } from './types';

/** How soon to ask again when the hub did not answer. */
const RETRY_MS = 5_000;

function screenAddress(search: string): string {
  const page = new URLSearchParams(search);
  const query = new URLSearchParams();
  // `at`: a fixed instant, as the editor's preview of a screen asks; `show`: one scene, from then on.
  for (const name of ['room', 'theme', 'at', 'show']) {
    const value = page.get(name);
    if (value) query.set(name, value);
  }
  const text = query.toString();
  return `/api/screen${text ? `?${text}` : ''}`;
}

export function webHost(search: string = window.location.search): Host {
  return {
    async followScreen(show) {
      const address = screenAddress(search);
      let stopped = false;
      let last: Screen | null = null;
      let offlineSince: string | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;

      const schedule = (delay: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => void refresh(), Math.max(0, Math.min(delay, 2 ** 31 - 1)));
      };
      const refresh = async () => {
        if (stopped) return;
        try {
          const response = await ask(address);
          if (!response.ok) throw new Error(`the hub answered ${response.status}`);
          const screen = (await response.json()) as Screen;
          offlineSince = null;
          last = screen;
          show(screen);
          const next = screen.next_change ? Date.parse(screen.next_change) : NaN;
          // The hub's time and the page's may differ: wait as long as the hub says.
          const hubNow = screen.snapshot ? Date.parse(screen.snapshot.at) : NaN;
          schedule(Number.isFinite(next) && Number.isFinite(hubNow) ? next - hubNow : 60_000);
        } catch {
          // The hub's time when it was last heard, in the venue's zone.
          offlineSince ??= last?.snapshot?.clock ?? null;
          if (last) show({ ...last, offline: offlineSince ? `offline since ${offlineSince}` : 'offline' });
          schedule(RETRY_MS);
        }
      };

      const stop = followHub({
        revision: () => void refresh(),
        opened: () => void refresh(),
        // The hub went away: find out at once, and show it.
        lost: () => void refresh(),
      });
      await refresh();
      return () => {
        stopped = true;
        clearTimeout(timer);
        stop();
      };
    },
    // A browser display does not report to the hub, so it is never asked.
    onIdentify: () => Promise.resolve(() => {}),
    // A browser's page is closed by the browser.
    exit: () => Promise.resolve(),
    reportPainted() {},
    portraitUrl: (speakerId) => `/media/portrait/${encodeURIComponent(speakerId)}`,
    qrUrl: (address) => `/media/qr/${encodeURIComponent(address)}`,
    logoUrl: () => '/media/logo',
    pictureUrl: (kind, id) => `/media/${kind}/${encodeURIComponent(id)}`,
  };
}
