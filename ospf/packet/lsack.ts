/**
 * Link State Acknowledgment packet body (RFC 2328 §A.3.6): LSA headers up to the end of the packet.
 */
import { ok, type Result } from '../../lib/result.js';
import { readLsaHeaders } from './dbdesc.js';
import { LSA_HEADER_LEN } from './iana.js';
import { writeLsaHeader } from './lsa.js';
import type { LsAckPkt, OspfDecodeError } from './types.js';

export function lsAckSize(a: LsAckPkt): number {
  return LSA_HEADER_LEN * a.headers.length;
}

export function writeLsAck(a: LsAckPkt, b: Uint8Array, at: number): number {
  let p = at;
  for (const h of a.headers) {
    writeLsaHeader(h, b, p);
    p += LSA_HEADER_LEN;
  }
  return p;
}

export function readLsAck(b: Uint8Array, from: number, to: number): Result<LsAckPkt, OspfDecodeError> {
  const headers = readLsaHeaders(b, from, to);
  if (!headers.ok) return headers;
  return ok({ type: 5, headers: headers.value });
}
