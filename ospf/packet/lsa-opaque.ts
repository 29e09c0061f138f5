/**
 * Opaque-LSA body, types 9, 10 and 11 (RFC 5250 §3): the body is application data this codec stores and floods
 * without parsing. The Link State ID of an opaque LSA is split into Opaque Type (8 bits) and Opaque ID (24 bits).
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Opaque Type  |               Opaque ID                       |    (the Link State ID)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  +                                                               +
 *  |                      Opaque Information                       |
 *  +                                                               +
 */
import { ok, type Result } from '../../lib/result.js';
import type { OpaqueLsaBody } from './types.js';
import { copyOf } from './wire.js';

export function opaqueBodySize(body: OpaqueLsaBody): number {
  return body.data.length;
}

export function writeOpaqueBody(body: OpaqueLsaBody, b: Uint8Array, at: number): number {
  b.set(body.data, at);
  return at + body.data.length;
}

/** The data is copied: an LSDB entry must not keep a whole receive buffer alive. */
export function readOpaqueBody(b: Uint8Array, from: number, to: number): Result<OpaqueLsaBody, string> {
  return ok({ kind: 'opaque', data: copyOf(b, from, to) });
}

/** RFC 5250 §3: the Opaque Type of an opaque LSA's Link State ID. */
export function opaqueType(lsid: number): number {
  return lsid >>> 24;
}

/** RFC 5250 §3: the Opaque ID of an opaque LSA's Link State ID. */
export function opaqueId(lsid: number): number {
  return lsid & 0xffffff;
}

export function opaqueLsid(type: number, id: number): number {
  return (((type & 0xff) << 24) | (id & 0xffffff)) >>> 0;
}
