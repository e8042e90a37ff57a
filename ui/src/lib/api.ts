// The only place that talks to the Rust side: the screen arrives as events,
// pictures come from the app's own `media:` scheme.
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { ErrorPayload, Screen } from '../generated/contract';

/**
 * Calls `show` with the screen as it stands and with every screen after it,
 * until the returned function is called.
 */
export async function followScreen(show: (screen: Screen) => void): Promise<UnlistenFn> {
  let pushed = false;
  const unlisten = await listen<Screen>('screen', (event) => {
    pushed = true;
    show(event.payload);
  });
  const current = await invoke<Screen>('screen');
  // A screen pushed meanwhile is newer than the one asked for.
  if (!pushed) show(current);
  return unlisten;
}

/** Tells the app the first scene is on screen. */
export function reportPainted(): void {
  void invoke('painted');
}

export function portraitUrl(speakerId: string): string {
  return convertFileSrc(`portrait/${speakerId}`, 'media');
}

export function qrUrl(address: string): string {
  return convertFileSrc(`qr/${address}`, 'media');
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}

/** A sentence for the screen from whatever a command rejected with. */
export function describeError(error: unknown): string {
  return isErrorPayload(error) ? error.message : String(error);
}

export function logoUrl(): string {
  return convertFileSrc('logo', 'media');
}
