/**
 * Hello packet body (RFC 2328 §A.3.2), after the 24-octet header.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Network Mask                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         HelloInterval         |    Options    |    Rtr Pri    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     RouterDeadInterval                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      Designated Router                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Backup Designated Router                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Neighbor                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 *
 * The neighbor list runs to the end of the packet (the packet length, not the IP payload: an RFC 5613 LLS
 * block sits after it and is not ours to parse).
 */
import { ok, type Result } from '../../lib/result.js';
import { drop } from './errors.js';
import { HELLO_FIXED_LEN } from './iana.js';
import type { HelloPkt, OspfDecodeError } from './types.js';
import { get16, get32, put16, put32 } from './wire.js';

export function helloSize(h: HelloPkt): number {
  return HELLO_FIXED_LEN + 4 * h.neighbors.length;
}

export function writeHello(h: HelloPkt, b: Uint8Array, at: number): number {
  put32(b, at, h.mask);
  put16(b, at + 4, h.helloInterval);
  b[at + 6] = h.options;
  b[at + 7] = h.priority;
  put32(b, at + 8, h.deadInterval);
  put32(b, at + 12, h.dr);
  put32(b, at + 16, h.bdr);
  let p = at + HELLO_FIXED_LEN;
  for (const n of h.neighbors) {
    put32(b, p, n);
    p += 4;
  }
  return p;
}

export function readHello(b: Uint8Array, from: number, to: number): Result<HelloPkt, OspfDecodeError> {
  const len = to - from;
  if (len < HELLO_FIXED_LEN) return drop('malformed', `Hello body of ${len} octets`);
  if ((len - HELLO_FIXED_LEN) % 4 !== 0)
    return drop('malformed', `Hello neighbor list of ${len - HELLO_FIXED_LEN} octets`);
  const neighbors: number[] = [];
  for (let p = from + HELLO_FIXED_LEN; p < to; p += 4) neighbors.push(get32(b, p));
  return ok({
    type: 1,
    mask: get32(b, from),
    helloInterval: get16(b, from + 4),
    options: b[from + 6] as number,
    priority: b[from + 7] as number,
    deadInterval: get32(b, from + 8),
    dr: get32(b, from + 12),
    bdr: get32(b, from + 16),
    neighbors,
  });
}
