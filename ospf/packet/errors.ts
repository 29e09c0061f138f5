/**
 * Decode errors as values (DESIGN.md §3.4): every dropped packet or LSA carries one `DropReason` (counted per
 * reason by the interface) and a short human detail. The decoders build errors only through `drop`.
 */
import { err } from '../../lib/result.js';
import type { DropReason, OspfDecodeError } from './types.js';

export function dropError(reason: DropReason, detail: string): OspfDecodeError {
  return { reason, detail };
}

export function drop(reason: DropReason, detail: string): { ok: false; error: OspfDecodeError } {
  return err({ reason, detail });
}

export const DROP_REASONS: readonly DropReason[] = [
  'truncated',
  'bad-version',
  'bad-length',
  'bad-checksum',
  'bad-type',
  'auth-type-mismatch',
  'auth-failed',
  'auth-replay',
  'bad-lsa',
  'malformed',
];
