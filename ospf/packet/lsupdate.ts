/**
 * Link State Update packet body (RFC 2328 §A.3.5): a count, then that many whole LSAs.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                            # LSAs                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +-                                                            +-+
 *  |                             LSAs                              |
 *  +-                                                            +-+
 *  |                              ...                              |
 *
 * Two levels of failure, as RFC 2328 §13 and FRR's ospfd draw them:
 *  - the LSAs cannot be delimited (a length shorter than a header or past the packet end, a count that does
 *    not match the octets): the whole packet is dropped ('bad-lsa' / 'malformed');
 *  - one delimited LSA is bad (checksum, §13 (1); unknown LS type, §13 (2); a malformed body): that LSA alone
 *    is skipped and reported in `drops`, the others are processed (and acknowledged) as usual.
 */
import { ok, type Result } from '../../lib/result.js';
import { drop } from './errors.js';
import { LSA_HEADER_LEN, LSU_FIXED_LEN } from './iana.js';
import { decodeLsaAt, lsaLengthAt, lsaSize, writeLsa } from './lsa.js';
import type { Lsa, LsUpdatePkt, OspfDecodeError } from './types.js';
import { copyOf, get32, put32 } from './wire.js';

export interface LsUpdateRead {
  pkt: LsUpdatePkt;
  /** The received octets of each LSA in `pkt.lsas` (same index), copied out of the packet. */
  raws: Uint8Array[];
  /** LSAs skipped one by one (§13 (1), (2)). */
  drops: OspfDecodeError[];
}

export function lsUpdateSize(u: LsUpdatePkt): number {
  let n = LSU_FIXED_LEN;
  for (const l of u.lsas) n += lsaSize(l);
  return n;
}

export function writeLsUpdate(u: LsUpdatePkt, b: Uint8Array, at: number): number {
  put32(b, at, u.lsas.length);
  let p = at + LSU_FIXED_LEN;
  for (const l of u.lsas) p = writeLsa(l, b, p);
  return p;
}

/** Body size and writer for an LS Update built from already encoded LSAs (byte-exact flooding). */
export function rawLsUpdateSize(raws: readonly Uint8Array[]): number {
  let n = LSU_FIXED_LEN;
  for (const r of raws) n += r.length;
  return n;
}

export function writeRawLsUpdate(raws: readonly Uint8Array[], b: Uint8Array, at: number): number {
  put32(b, at, raws.length);
  let p = at + LSU_FIXED_LEN;
  for (const r of raws) {
    b.set(r, p);
    p += r.length;
  }
  return p;
}

export function readLsUpdate(b: Uint8Array, from: number, to: number): Result<LsUpdateRead, OspfDecodeError> {
  if (to - from < LSU_FIXED_LEN) return drop('malformed', `LS Update body of ${to - from} octets`);
  const count = get32(b, from);
  // Every LSA is at least a header: refuse an impossible count before looping on it.
  if (count > (to - from - LSU_FIXED_LEN) / LSA_HEADER_LEN)
    return drop('bad-lsa', `LS Update claims ${count} LSAs in ${to - from - LSU_FIXED_LEN} octets`);
  const lsas: Lsa[] = [];
  const raws: Uint8Array[] = [];
  const drops: OspfDecodeError[] = [];
  let p = from + LSU_FIXED_LEN;
  for (let i = 0; i < count; i++) {
    const len = lsaLengthAt(b, p, to);
    if (!len.ok) return drop('bad-lsa', `LSA ${i}: ${len.error.detail}`);
    const lsa = decodeLsaAt(b, p, len.value);
    if (lsa.ok) {
      lsas.push(lsa.value);
      raws.push(copyOf(b, p, p + len.value));
    } else drops.push({ reason: lsa.error.reason, detail: `LSA ${i}: ${lsa.error.detail}` });
    p += len.value;
  }
  if (p !== to) return drop('malformed', `${to - p} octets after the ${count} LSAs of an LS Update`);
  return ok({ pkt: { type: 4, lsas }, raws, drops });
}
