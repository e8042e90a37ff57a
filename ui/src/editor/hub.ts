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

import { message, takeTokenFrom } from '../lib/token';

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
    const response = await fetch('/api/programme', { cache: 'no-store' });
    if (!response.ok) throw new Error(await message(response));
    const etag = response.headers.get('ETag') ?? '"r0"';
    return { programme: (await response.json()) as Programme, etag };
  }

  async problems(): Promise<Finding[]> {
    const response = await fetch('/api/problems', { cache: 'no-store' });
    return response.ok ? ((await response.json()) as Finding[]) : [];
  }

  async history(): Promise<RevisionEntry[]> {
    const response = await fetch('/api/revisions', { cache: 'no-store' });
    return response.ok ? ((await response.json()) as RevisionEntry[]) : [];
  }

  async releases(): Promise<Release[]> {
    const response = await fetch('/api/releases', { cache: 'no-store' });
    return response.ok ? ((await response.json()) as Release[]) : [];
  }

  /** Each room's chair link, with its token, to hand out. */
  async chairs(): Promise<ChairLink[]> {
    const response = await fetch('/api/chairs', { headers: { Authorization: `Bearer ${this.token}` } });
    return response.ok ? ((await response.json()) as ChairLink[]) : [];
  }

  /** Every screen that reported, online or when last seen. */
  async screens(): Promise<ScreenEntry[]> {
    const response = await fetch('/api/screens', {
      cache: 'no-store',
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return response.ok ? ((await response.json()) as ScreenEntry[]) : [];
  }

  /** Asks screen `name` to identify itself, reload or send a screenshot; null once asked, else why not. */
  async order(name: string, command: ScreenCommand): Promise<string | null> {
    const response = await fetch(`/api/screens/${encodeURIComponent(name)}/commands`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ command }),
    });
    return response.ok ? null : message(response);
  }

  /** A one-time code for a new screen, with the command that enrols it; else why not. */
  async enrolment(): Promise<EnrolmentCode | string> {
    const response = await fetch('/api/screens/enrolments', {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return response.ok ? ((await response.json()) as EnrolmentCode) : message(response);
  }

  /** Removes screen `name`: its token stops working. Null once done, else why not. */
  async removeScreen(name: string): Promise<string | null> {
    const response = await fetch(`/api/screens/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return response.ok ? null : message(response);
  }

  /** Screen `name`'s last screenshot as an address for an image, or null when it sent none. */
  async screenshot(name: string): Promise<string | null> {
    const response = await fetch(`/api/screens/${encodeURIComponent(name)}/screenshot`, {
      cache: 'no-store',
      headers: { Authorization: `Bearer ${this.token}` },
    });
    return response.ok ? URL.createObjectURL(await response.blob()) : null;
  }

  /** Publishes the current revision as version `name`. */
  async publish(name: string): Promise<Release | string> {
    const response = await fetch('/api/releases', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ name }),
    });
    return response.ok ? ((await response.json()) as Release) : message(response);
  }

  /** Revision `number`'s programme, as it was saved. */
  async revision(number: number): Promise<Programme> {
    const response = await fetch(`/api/revisions/${number}`);
    if (!response.ok) throw new Error(await message(response));
    return (await response.json()) as Programme;
  }

  /** Makes revision `number`'s programme the current one, as a new revision. */
  async restore(number: number, base: string): Promise<string | null> {
    const old = await fetch(`/api/revisions/${number}`);
    if (!old.ok) return message(old);
    const response = await fetch('/api/programme', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}`, 'If-Match': base },
      body: await old.text(),
    });
    return response.ok ? null : message(response);
  }

  /** Replaces the programme with `body`, in any format and encoding Marquee reads. */
  async replace(body: Blob | string, base: string): Promise<string | null> {
    const response = await fetch('/api/programme', {
      method: 'PUT',
      headers: { Authorization: `Bearer ${this.token}`, 'If-Match': base },
      body,
    });
    return response.ok ? null : message(response);
  }

  /** Keeps a picture on the hub: the path a programme names it by, or why not. */
  async uploadPhoto(file: Blob): Promise<{ path: string } | { problem: string }> {
    const response = await fetch('/api/photos', {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream', Authorization: `Bearer ${this.token}` },
      body: file,
    });
    if (!response.ok) return { problem: await message(response) };
    const uploaded = (await response.json()) as Uploaded;
    return { path: uploaded.path };
  }

  /** Replaces the programme with the schedule the hub fetches from `address`. */
  async importFrom(address: string, base: string): Promise<string | null> {
    const from: ImportFrom = { address };
    const response = await fetch('/api/import', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}`, 'If-Match': base },
      body: JSON.stringify(from),
    });
    return response.ok ? null : message(response);
  }

  private post(body: object): Promise<Response> {
    return fetch('/api/operations', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
    });
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
    const response = await this.post({ base, operations, dry_run: true });
    return response.ok ? ((await response.json()) as Preview) : null;
  }

  /** Whether the hub takes this token for writes. */
  async accepts(): Promise<boolean> {
    const response = await this.post({ base: '"r0"', operations: [], dry_run: true });
    return response.status !== 401;
  }

  /** Calls `changed` with each new revision's number until the returned function is called. */
  follow(changed: (revision: number) => void): () => void {
    const source = new EventSource('/api/events');
    // The event's id is the revision's number.
    source.addEventListener('revision', (event) => changed(Number((event as MessageEvent).lastEventId)));
    return () => source.close();
  }
}
