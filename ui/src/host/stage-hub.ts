// A stage monitor's way to its hub: what the room's stage shows, and the
// monitor saying it is there and which message it shows, so the chair
// sees it acknowledged. Anyone may read a stage, as anyone may read a
// screen; the acknowledgement names the message by when it was sent.
import type { StageView } from '../generated/hub';
import { ask, message } from './http';

/** How often a monitor says it is there; the hub calls it offline after 30 s. */
export const HEARTBEAT_MS = 10_000;

const path = (room: string) => `/api/stage/${encodeURIComponent(room)}`;

export async function loadStage(room: string): Promise<StageView> {
  const response = await ask(path(room));
  if (!response.ok) throw new Error(await message(response));
  return (await response.json()) as StageView;
}

/** What the hub said to a monitor's word: heard, or the message is no longer on the stage (`409`), or neither. */
export type Heard = 'heard' | 'gone' | 'failed';

/** Says the monitor shows the message sent at `since` (or none). */
export async function sayShown(room: string, since: string | null): Promise<Heard> {
  const response = await ask(`${path(room)}/seen`, { method: 'POST', json: { message: since } });
  return response.ok ? 'heard' : response.status === 409 ? 'gone' : 'failed';
}
