/**
 * Network-LSA body (RFC 2328 §A.4.3): the network mask, then the Router ID of every router attached to the
 * transit network (the DR included), up to the end of the LSA.
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Network Mask                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Attached Router                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { NetworkLsaBody } from './types.js';
import { get32, put32 } from './wire.js';

export function networkBodySize(body: NetworkLsaBody): number {
  return 4 + 4 * body.attached.length;
}

export function writeNetworkBody(body: NetworkLsaBody, b: Uint8Array, at: number): number {
  put32(b, at, body.mask);
  let p = at + 4;
  for (const r of body.attached) {
    put32(b, p, r);
    p += 4;
  }
  return p;
}

export function readNetworkBody(b: Uint8Array, from: number, to: number): Result<NetworkLsaBody, string> {
  const len = to - from;
  if (len < 4 || len % 4 !== 0) return err(`network-LSA body of ${len} octets`);
  const attached: number[] = [];
  for (let p = from + 4; p < to; p += 4) attached.push(get32(b, p));
  return ok({ kind: 'network', mask: get32(b, from), attached });
}
