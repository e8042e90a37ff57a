// A room's chair's way to its hub: the room as the hub sees it, with its
// ETag and whether the page's token is still taken, and the chair's
// operations with a preview before and the inverse after.
import type { Applied, ChairAnswer, ChairRoom, Operation, Preview } from '../generated/hub';
import { answer, ask, message, takeTokenFrom } from './http';

export type Outcome = { kind: 'done'; applied: Applied } | { kind: 'refused'; message: string; status: number };

export interface Loaded {
  view: ChairAnswer;
  etag: string;
  /** False once the hub no longer takes this page's token (its link was replaced). */
  tokenAccepted: boolean;
}

/** A room's chair speaking to its hub. */
export class ChairHub {
  readonly token: string | null;

  constructor(
    readonly room: string,
    location: Location = window.location,
  ) {
    this.token = takeTokenFrom(`marquee.chair-token.${room}`, location);
  }

  async load(): Promise<Loaded> {
    const response = await ask(`/api/chair/${encodeURIComponent(this.room)}`, { token: this.token });
    if (!response.ok) throw new Error(await message(response));
    return {
      view: (await response.json()) as ChairAnswer,
      etag: response.headers.get('ETag') ?? '"r0"',
      tokenAccepted: response.headers.get('Marquee-Token') !== 'refused',
    };
  }

  private post(body: object): Promise<Response> {
    return ask('/api/operations', { method: 'POST', token: this.token ?? '', json: body });
  }

  /** What `operations` would move, storing nothing. */
  async preview(base: string, operations: Operation[]): Promise<Preview | string> {
    const response = await this.post({ base, operations, dry_run: true });
    return response.ok ? ((await response.json()) as Preview) : message(response);
  }

  async apply(base: string, operations: Operation[]): Promise<Outcome> {
    const response = await this.post({ base, operations });
    if (response.ok) return { kind: 'done', applied: (await response.json()) as Applied };
    return { kind: 'refused', message: await message(response), status: response.status };
  }
}

/** Every room, for the chair to pick theirs; else why not. */
export async function chairRooms(): Promise<ChairRoom[] | string> {
  const response = await ask('/api/chair');
  return response.ok ? answer<ChairRoom[]>(response, []) : message(response);
}
