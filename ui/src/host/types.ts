// What a view needs of the program that hosts it, whether that is the
// desktop app (Tauri IPC) or a server (HTTP and server-sent events). Views
// reach their host only through this, so no view knows which it runs in.
import type { Screen } from '../generated/contract';

export interface Host {
  /**
   * Calls `show` with the screen as it stands and with every screen after
   * it, until the returned function is called.
   */
  followScreen(show: (screen: Screen) => void): Promise<() => void>;
  /**
   * Calls `show` with the screen's name whenever the hub asks it to
   * identify itself, until the returned function is called.
   */
  onIdentify(show: (name: string) => void): Promise<() => void>;
  /** Asks the host to end the kiosk, with the PIN typed when the screen has one; rejects a wrong PIN. */
  exit(pin?: string): Promise<void>;
  /** Tells the host a scene is on screen: the first, then every few seconds, that the page still answers. */
  reportPainted(): void;
  portraitUrl(speakerId: string): string;
  qrUrl(address: string): string;
  logoUrl(): string;
  /** An announcement's image or a sponsor's logo, by its id. */
  pictureUrl(kind: 'announcement' | 'sponsor', id: string): string;
}
