// The editor's way to its hub: the programme with its ETag, the problems in
// it, batches of operations, and the event stream that tells of every new
// revision, whoever made it. The organiser's token is asked for once and
// kept in this browser; a link may carry it in its fragment, which never
// reaches a server or its logs, and is taken off the address at once.
import type {
  Applied,
  ChairLink,
  ConflictBody,
  EnrolmentCode,
  Finding,
  ImportFrom,
  Operation,
  Preview,
  Programme,
  Release,
  RevisionEntry,
  ScreenCommand,
  ScreenEntry,
  Uploaded,
} from '../generated/hub';

import { followHub } from './events';
import { answer, ask, message, takeTokenFrom } from './http';

const TOKEN_KEY = 'marquee.organiser-token';

export type Outcome =
  | { kind: 'applied'; applied: Applied }
  | { kind: 'conflict'; message: string; conflicts: ConflictBody['conflicts'] }
  | { kind: 'refused'; message: string; status: number };

export interface Loaded {
  programme: Programme;
  etag: string;
}

/** The organiser's token from `#token=...`, or the one kept. */
export function takeToken(location: Location = window.location): string | null {
  return takeTokenFrom(TOKEN_KEY, location);
}

export function keepToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

export class Hub {
  constructor(private token: string) {}

  async load(): Promise<Loaded> {
    const response = await ask('/api/programme');
    if (!response.ok) throw new Error(await message(response));
    const etag = response.headers.get('ETag') ?? '"r0"';
    return { programme: (await response.json()) as Programme, etag };
  }

  async problems(): Promise<Finding[]> {
    return answer(await ask('/api/problems'), []);
  }

  async history(): Promise<RevisionEntry[]> {
    return answer(await ask('/api/revisions'), []);
  }

  async releases(): Promise<Release[]> {
    return answer(await ask('/api/releases'), []);
  }

  /** Each room's chair link, with its token, to hand out. */
  async chairs(): Promise<ChairLink[]> {
    return answer(await ask('/api/chairs', { token: this.token }), []);
  }

  /** Every screen that reported, online or when last seen. */
  async screens(): Promise<ScreenEntry[]> {
    return answer(await ask('/api/screens', { token: this.token }), []);
  }

  /** Asks screen `name` to identify itself, reload or send a screenshot; null once asked, else why not. */
  async order(name: string, command: ScreenCommand): Promise<string | null> {
    const path = `/api/screens/${encodeURIComponent(name)}/commands`;
    const response = await ask(path, { method: 'POST', token: this.token, json: { command } });
    return response.ok ? null : message(response);
  }

  /** A one-time code for a new screen, with the command that enrols it; else why not. */
  async enrolment(): Promise<EnrolmentCode | string> {
    const response = await ask('/api/screens/enrolments', { method: 'POST', token: this.token });
    return response.ok ? ((await response.json()) as EnrolmentCode) : message(response);
  }

  /** Removes screen `name`: its token stops working. Null once done, else why not. */
  async removeScreen(name: string): Promise<string | null> {
    const path = `/api/screens/${encodeURIComponent(name)}`;
    const response = await ask(path, { method: 'DELETE', token: this.token });
    return response.ok ? null : message(response);
  }

  /** Screen `name`'s last screenshot as an address for an image, or null when it sent none. */
  async screenshot(name: string): Promise<string | null> {
    const path = `/api/screens/${encodeURIComponent(name)}/screenshot`;
    const response = await ask(path, { token: this.token });
    return response.ok ? URL.createObjectURL(await response.blob()) : null;
  }

  /** Publishes the current revision as version `name`. */
  async publish(name: string): Promise<Release | string> {
    const response = await ask('/api/releases', { method: 'POST', token: this.token, json: { name } });
    return response.ok ? ((await response.json()) as Release) : message(response);
  }

  /** Revision `number`'s programme, as it was saved. */
  async revision(number: number): Promise<Programme> {
    const response = await ask(`/api/revisions/${number}`);
    if (!response.ok) throw new Error(await message(response));
    return (await response.json()) as Programme;
  }

  /** Makes revision `number`'s programme the current one, as a new revision. */
  async restore(number: number, base: string): Promise<string | null> {
    const old = await ask(`/api/revisions/${number}`);
    if (!old.ok) return message(old);
    return this.replace(new Blob([await old.text()], { type: 'application/json' }), base);
  }

  /** Replaces the programme with `body`, in any format and encoding Marquee reads. */
  async replace(body: Blob | string, base: string): Promise<string | null> {
    const response = await ask('/api/programme', { method: 'PUT', token: this.token, base, body });
    return response.ok ? null : message(response);
  }

  /** Keeps a picture on the hub: the path a programme names it by, or why not. */
  async uploadPhoto(file: Blob): Promise<{ path: string } | { problem: string }> {
    const response = await ask('/api/photos', { method: 'POST', token: this.token, body: file });
    if (!response.ok) return { problem: await message(response) };
    const uploaded = (await response.json()) as Uploaded;
    return { path: uploaded.path };
  }

  /** Replaces the programme with the schedule the hub fetches from `address`. */
  async importFrom(address: string, base: string): Promise<string | null> {
    const from: ImportFrom = { address };
    const response = await ask('/api/import', { method: 'POST', token: this.token, base, json: from });
    return response.ok ? null : message(response);
  }

  private post(body: object): Promise<Response> {
    return ask('/api/operations', { method: 'POST', token: this.token, json: body });
  }

  /** Stores `operations`, made on revision `base`, as one revision. */
  async apply(base: string, operations: Operation[]): Promise<Outcome> {
    const response = await this.post({ base, operations });
    if (response.ok) return { kind: 'applied', applied: (await response.json()) as Applied };
    if (response.status === 409) {
      const body = (await response.json()) as ConflictBody;
      return { kind: 'conflict', message: body.error, conflicts: body.conflicts };
    }
    return { kind: 'refused', message: await message(response), status: response.status };
  }

  /** What `operations` would do to the current revision, storing nothing. */
  async preview(base: string, operations: Operation[]): Promise<Preview | null> {
    return answer(await this.post({ base, operations, dry_run: true }), null);
  }

  /** Whether the hub takes this token for writes. */
  async accepts(): Promise<boolean> {
    const response = await this.post({ base: '"r0"', operations: [], dry_run: true });
    return response.status !== 401;
  }

  /** Calls `changed` with each new revision's number until the returned function is called. */
  follow(changed: (revision: number) => void): () => void {
    return followHub({ revision: changed });
  }
}
