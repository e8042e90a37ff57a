// What the editor and the chair's view share of speaking to a hub: a token
// given in a link's fragment (which never reaches a server or its logs) is
// kept in this browser under `key` and taken off the address at once, and a
// refusal reads as the hub's own words.

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
