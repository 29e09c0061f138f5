/**
 * Link State Request packet body (RFC 2328 §A.3.4): a list of (LS type, Link State ID, Advertising Router),
 * the LS type on 32 bits.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          LS type                              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Link State ID                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Advertising Router                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
import { ok, type Result } from '../../lib/result.js';
import { drop } from './errors.js';
import { LSR_ENTRY_LEN } from './iana.js';
import { isLsaType } from './lsa.js';
import type { LsRequestPkt, OspfDecodeError } from './types.js';
import { get32, put32 } from './wire.js';

export function lsRequestSize(r: LsRequestPkt): number {
  return LSR_ENTRY_LEN * r.requests.length;
}

export function writeLsRequest(r: LsRequestPkt, b: Uint8Array, at: number): number {
  let p = at;
  for (const q of r.requests) {
    put32(b, p, q.type);
    put32(b, p + 4, q.lsid);
    put32(b, p + 8, q.advRouter);
    p += LSR_ENTRY_LEN;
  }
  return p;
}

export function readLsRequest(b: Uint8Array, from: number, to: number): Result<LsRequestPkt, OspfDecodeError> {
  if ((to - from) % LSR_ENTRY_LEN !== 0) return drop('malformed', `LS Request body of ${to - from} octets`);
  const requests: LsRequestPkt['requests'] = [];
  for (let p = from; p < to; p += LSR_ENTRY_LEN) {
    const type = get32(b, p);
    if (!isLsaType(type)) return drop('bad-lsa', `LS Request for unknown LS type ${type}`);
    requests.push({ type, lsid: get32(b, p + 4), advRouter: get32(b, p + 8) });
  }
  return ok({ type: 3, requests });
}
