// The desktop app as a host: the screen arrives as events, pictures come
// from the app's own `media:` scheme.
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type { Screen } from '../generated/contract';
import type { Host } from './types';

/** True inside a Tauri window. */
export function inTauri(): boolean {
  return '__TAURI_INTERNALS__' in window;
}

export const tauriHost: Host = {
  async followScreen(show) {
    let pushed = false;
    const unlisten = await listen<Screen>('screen', (event) => {
      pushed = true;
      show(event.payload);
    });
    const current = await invoke<Screen>('screen');
    // A screen pushed meanwhile is newer than the one asked for.
    if (!pushed) show(current);
    return unlisten;
  },
  onIdentify(show) {
    return listen<string>('identify', (event) => show(event.payload));
  },
  exit: (pin) => invoke('exit', { pin: pin ?? null }),
  reportPainted() {
    void invoke('painted');
  },
  portraitUrl: (speakerId) => convertFileSrc(`portrait/${speakerId}`, 'media'),
  qrUrl: (address) => convertFileSrc(`qr/${address}`, 'media'),
  logoUrl: () => convertFileSrc('logo', 'media'),
  pictureUrl: (kind, id) => convertFileSrc(`${kind}/${id}`, 'media'),
};
