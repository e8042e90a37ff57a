// The one host of this page, chosen once at start (see `main.ts`).
import type { ErrorPayload } from '../generated/contract';
import type { Host } from './types';

export type { Host } from './types';

let chosen: Host | null = null;

/** Makes `host` the page's host; called once, before anything renders. */
export function useHost(host: Host): void {
  chosen = host;
}

export function host(): Host {
  if (!chosen) throw new Error('no host was chosen before the page rendered');
  return chosen;
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}

/** A sentence for the screen from whatever a host rejected with. */
export function describeError(error: unknown): string {
  return isErrorPayload(error) ? error.message : String(error);
}
