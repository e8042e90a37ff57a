// The only place that talks to the Rust side.
import { invoke } from '@tauri-apps/api/core';
import type { ErrorPayload, Listing } from '../generated/contract';

export function loadListing(): Promise<Listing> {
  return invoke<Listing>('listing');
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}

/** A sentence for the screen from whatever a command rejected with. */
export function describeError(error: unknown): string {
  return isErrorPayload(error) ? error.message : String(error);
}
