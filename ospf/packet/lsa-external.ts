/**
 * AS-external-LSA body, type 5 (RFC 2328 §A.4.5). The TOS 0 metric block follows the mask; further blocks
 * (obsolete TOS routing) repeat the same 12 octets with a TOS value.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Network Mask                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |E|     0       |                  metric                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Forwarding address                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      External Route Tag                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |E|    TOS      |                TOS  metric                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Forwarding address                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      External Route Tag                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
import { err, ok, type Result } from '../../lib/result.js';
import { EXTERNAL_E_BIT, EXTERNAL_ENTRY_LEN } from './iana.js';
import type { ExternalLsaBody } from './types.js';
import { get24, get32, put24, put32 } from './wire.js';

export function externalBodySize(body: ExternalLsaBody): number {
  return 4 + EXTERNAL_ENTRY_LEN * (1 + body.tos.length);
}

function writeEntry(b: Uint8Array, p: number, e2: boolean, tos: number, metric: number, fwd: number, tag: number) {
  b[p] = (e2 ? EXTERNAL_E_BIT : 0) | (tos & 0x7f);
  put24(b, p + 1, metric);
  put32(b, p + 4, fwd);
  put32(b, p + 8, tag);
}

export function writeExternalBody(body: ExternalLsaBody, b: Uint8Array, at: number): number {
  put32(b, at, body.mask);
  writeEntry(b, at + 4, body.e2, 0, body.metric, body.forwarding, body.tag);
  let p = at + 4 + EXTERNAL_ENTRY_LEN;
  for (const t of body.tos) {
    writeEntry(b, p, t.e2, t.tos, t.metric, t.forwarding, t.tag);
    p += EXTERNAL_ENTRY_LEN;
  }
  return p;
}

export function readExternalBody(b: Uint8Array, from: number, to: number): Result<ExternalLsaBody, string> {
  const len = to - from;
  if (len < 4 + EXTERNAL_ENTRY_LEN || (len - 4) % EXTERNAL_ENTRY_LEN !== 0)
    return err(`AS-external-LSA body of ${len} octets`);
  const tos: ExternalLsaBody['tos'] = [];
  for (let p = from + 4 + EXTERNAL_ENTRY_LEN; p < to; p += EXTERNAL_ENTRY_LEN) {
    const eTos = b[p] as number;
    tos.push({
      e2: (eTos & EXTERNAL_E_BIT) !== 0,
      tos: eTos & 0x7f,
      metric: get24(b, p + 1),
      forwarding: get32(b, p + 4),
      tag: get32(b, p + 8),
    });
  }
  const q = from + 4;
  return ok({
    kind: 'external',
    mask: get32(b, from),
    e2: ((b[q] as number) & EXTERNAL_E_BIT) !== 0,
    metric: get24(b, q + 1),
    forwarding: get32(b, q + 4),
    tag: get32(b, q + 8),
    tos,
  });
}
