/**
 * Database Description packet body (RFC 2328 §A.3.3).
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Interface MTU         |    Options    |0|0|0|0|0|I|M|MS
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     DD sequence number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +-                                                             -+
 *  |                             An LSA Header                     |
 *  +-                                                             -+
 *  |                              ...                              |
 *
 * The whole flags octet is kept: the neighbor state machine decides what unknown bits mean (RFC 5613 uses 0x08
 * for R, out-of-band resync). The DD sequence number is unsigned.
 */
import { ok, type Result } from '../../lib/result.js';
import { drop } from './errors.js';
import { DD_FIXED_LEN, LSA_HEADER_LEN } from './iana.js';
import { decodeLsaHeader, writeLsaHeader } from './lsa.js';
import type { DbDescPkt, LsaHeader, OspfDecodeError } from './types.js';
import { get16, get32, put16, put32 } from './wire.js';

export function dbDescSize(d: DbDescPkt): number {
  return DD_FIXED_LEN + LSA_HEADER_LEN * d.headers.length;
}

export function writeDbDesc(d: DbDescPkt, b: Uint8Array, at: number): number {
  put16(b, at, d.mtu);
  b[at + 2] = d.options;
  b[at + 3] = d.flags;
  put32(b, at + 4, d.seq);
  let p = at + DD_FIXED_LEN;
  for (const h of d.headers) {
    writeLsaHeader(h, b, p);
    p += LSA_HEADER_LEN;
  }
  return p;
}

/** A list of LSA headers filling `b[from..to)` exactly (DD and LS Acknowledgment). */
export function readLsaHeaders(b: Uint8Array, from: number, to: number): Result<LsaHeader[], OspfDecodeError> {
  if ((to - from) % LSA_HEADER_LEN !== 0) return drop('malformed', `LSA header list of ${to - from} octets`);
  const headers: LsaHeader[] = [];
  for (let p = from; p < to; p += LSA_HEADER_LEN) {
    const h = decodeLsaHeader(b, p);
    if (!h.ok) return h;
    headers.push(h.value);
  }
  return ok(headers);
}

export function readDbDesc(b: Uint8Array, from: number, to: number): Result<DbDescPkt, OspfDecodeError> {
  if (to - from < DD_FIXED_LEN) return drop('malformed', `Database Description body of ${to - from} octets`);
  const headers = readLsaHeaders(b, from + DD_FIXED_LEN, to);
  if (!headers.ok) return headers;
  return ok({
    type: 2,
    mtu: get16(b, from),
    options: b[from + 2] as number,
    flags: b[from + 3] as number,
    seq: get32(b, from + 4),
    headers: headers.value,
  });
}
