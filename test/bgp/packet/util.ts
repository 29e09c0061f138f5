/** Shared helpers for the BGP codec tests: contexts, hex with comments, message framing. */

import type { CodecCtx } from '../../../bgp/packet/types.js';
import { type PrefixKey, parseIPv6, parsePrefix } from '../../../lib/prefix.js';

export function ctx(o: Partial<CodecCtx> = {}): CodecCtx {
  return { fourOctetAs: true, extendedMessage: false, addPathRx: new Set(), addPathTx: new Set(), ibgp: false, ...o };
}

/** Hex text to bytes; `#` starts a comment that runs to the end of the line; whitespace is ignored. */
export function hex(s: string): Buffer {
  const clean = s.replace(/#[^\n]*/g, '').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`bad hex: ${clean}`);
  return Buffer.from(clean, 'hex');
}

export const MARKER = 'ffffffffffffffffffffffffffffffff';

/** A whole message: marker, length, type, then `body` (hex with comments). */
export function msg(type: number, body: string): Buffer {
  const b = hex(body);
  const h = Buffer.alloc(19, 0xff);
  h.writeUInt16BE(19 + b.length, 16);
  h[18] = type;
  return Buffer.concat([h, b]);
}

export function pfx(s: string): PrefixKey {
  const r = parsePrefix(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export function v6(s: string): Uint8Array {
  const a = parseIPv6(s);
  if (!a) throw new Error(`bad IPv6 ${s}`);
  return a;
}

export function ip4(s: string): number {
  const p = s.split('.').map(Number);
  return (((p[0] ?? 0) << 24) | ((p[1] ?? 0) << 16) | ((p[2] ?? 0) << 8) | (p[3] ?? 0)) >>> 0;
}

/** Hex to a plain Uint8Array (what the decoders hand out), for expected message fields. */
export function u8(s: string): Uint8Array {
  return new Uint8Array(hex(s));
}
