/**
 * Addresses and prefixes in rtnetlink attributes, straight to and from the compact `PrefixKey` of
 * lib/prefix.ts (DESIGN.md §3.9): no text and no intermediate arrays on the route hot path.
 */

import type { Writer } from '../../lib/bytes.js';
import { type PrefixKey, v4Key, v6Key } from '../../lib/prefix.js';
import { AF_INET, AF_INET6 } from './constants.js';
import type { NlView } from './nlmsg.js';

export function familyOfKey(key: PrefixKey): number {
  return typeof key === 'number' ? AF_INET : AF_INET6;
}

export function addrLen(family: number): number {
  return family === AF_INET ? 4 : family === AF_INET6 ? 16 : 0;
}

/** The network address octets of a prefix key (4 or 16), written in network order. */
export function writeKeyAddr(w: Writer, key: PrefixKey): void {
  if (typeof key === 'number') {
    w.u32(Math.floor(key / 64));
    return;
  }
  for (let i = 0; i < 16; i++) w.u8(key.charCodeAt(i));
}

/** A prefix key from `len`-bit prefix octets at `at` (4 or 16 octets present; host bits are cleared). */
export function readKey(v: NlView, family: number, at: number, plen: number): PrefixKey {
  if (family === AF_INET) return v4Key(v.dv.getUint32(at, false), plen);
  return v6Key(v.buf.subarray(at, at + 16), plen);
}

/** The zero prefix of a family (a default route has no RTA_DST). */
export function zeroKey(family: number, plen = 0): PrefixKey {
  return family === AF_INET ? v4Key(0, plen) : v6Key(new Uint8Array(16), plen);
}
