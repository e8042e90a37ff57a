// Every view's HTTP to its hub, in one place: a token given in a link's
// fragment (which never reaches a server or its logs) is kept in this
// browser under its key and taken off the address at once; a request
// carries the token as a bearer and the revision it was made on as
// `If-Match`; and a refusal reads as the hub's own words.

/** What a request to the hub carries beside its method and path. */
export interface Ask {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The bearer token; none for what anyone may read. */
  token?: string | null;
  /** The ETag of the revision a change was made on. */
  base?: string;
  /** JSON, or a body sent as it is (a file, a programme's text). */
  json?: unknown;
  body?: Blob | string;
}

/** Asks the hub at `path`; never cached, since the programme moves on. */
export function ask(path: string, what: Ask = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (what.token) headers.Authorization = `Bearer ${what.token}`;
  if (what.base) headers['If-Match'] = what.base;
  let body: Blob | string | undefined = what.body;
  if (what.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(what.json);
  } else if (what.body instanceof Blob) {
    headers['Content-Type'] = what.body.type || 'application/octet-stream';
  }
  return fetch(path, { method: what.method ?? 'GET', cache: 'no-store', headers, body });
}

/** The body of a good answer as `T`, else `fallback`. */
export async function answer<T>(response: Response, fallback: T): Promise<T> {
  return response.ok ? ((await response.json()) as T) : fallback;
}


/** The token from `#token=...`, kept under `key`, and taken off the address; else the kept one. */
export function takeTokenFrom(key: string, location: Location = window.location): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const given = fragment.get('token');
  if (given) {
    localStorage.setItem(key, given);
    history.replaceState(null, '', location.pathname + location.search);
    return given;
  }
  return localStorage.getItem(key);
}

/** The hub's reason for refusing, or its status. */
export async function message(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: string; fix?: string };
    if (!body.error) return `the hub answered ${response.status}`;
    return body.fix ? `${body.error} (fix: ${body.fix})` : body.error;
  } catch {
    return `the hub answered ${response.status}`;
  }
}
