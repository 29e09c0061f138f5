/**
 * Summary-LSA body, types 3 and 4 (RFC 2328 §A.4.4). For type 4 (ASBR-summary) the mask is meaningless and
 * must be zero; it is carried as received.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Network Mask                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      0        |                  metric                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     TOS       |                TOS  metric                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
import { err, ok, type Result } from '../../lib/result.js';
import { TOS_ENTRY_LEN } from './iana.js';
import type { SummaryLsaBody } from './types.js';
import { get24, get32, put24, put32 } from './wire.js';

const FIXED_LEN = 8;

export function summaryBodySize(body: SummaryLsaBody): number {
  return FIXED_LEN + TOS_ENTRY_LEN * body.tos.length;
}

export function writeSummaryBody(body: SummaryLsaBody, b: Uint8Array, at: number): number {
  put32(b, at, body.mask);
  b[at + 4] = 0;
  put24(b, at + 5, body.metric);
  let p = at + FIXED_LEN;
  for (const t of body.tos) {
    b[p] = t.tos;
    put24(b, p + 1, t.metric);
    p += TOS_ENTRY_LEN;
  }
  return p;
}

export function readSummaryBody(b: Uint8Array, from: number, to: number): Result<SummaryLsaBody, string> {
  const len = to - from;
  if (len < FIXED_LEN || (len - FIXED_LEN) % TOS_ENTRY_LEN !== 0) return err(`summary-LSA body of ${len} octets`);
  const tos: SummaryLsaBody['tos'] = [];
  for (let p = from + FIXED_LEN; p < to; p += TOS_ENTRY_LEN) tos.push({ tos: b[p] as number, metric: get24(b, p + 1) });
  return ok({ kind: 'summary', mask: get32(b, from), metric: get24(b, from + 5), tos });
}
