// The desktop app as a host: the screen arrives as events, pictures come
// from the app's own `media:` scheme.
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import {
  EXIT_COMMAND,
  IDENTIFY_EVENT,
  PAINTED_COMMAND,
  SCREEN_COMMAND,
  SCREEN_EVENT,
  type Screen,
} from '../generated/contract';
import type { Host } from './types';

export const tauriHost: Host = {
  async followScreen(show) {
    let pushed = false;
    const unlisten = await listen<Screen>(SCREEN_EVENT, (event) => {
      pushed = true;
      show(event.payload);
    });
    const current = await invoke<Screen>(SCREEN_COMMAND);
    // A screen pushed meanwhile is newer than the one asked for.
    if (!pushed) show(current);
    return unlisten;
  },
  onIdentify(show) {
    return listen<string>(IDENTIFY_EVENT, (event) => show(event.payload));
  },
  exit: (pin) => invoke(EXIT_COMMAND, { pin: pin ?? null }),
  reportPainted() {
    void invoke(PAINTED_COMMAND);
  },
  portraitUrl: (speakerId) => convertFileSrc(`portrait/${speakerId}`, 'media'),
  qrUrl: (address) => convertFileSrc(`qr/${address}`, 'media'),
  logoUrl: () => convertFileSrc('logo', 'media'),
  pictureUrl: (kind, id) => convertFileSrc(`${kind}/${id}`, 'media'),
};
