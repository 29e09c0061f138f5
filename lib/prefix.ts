/**
 * Compact IP addresses and prefixes (DESIGN.md §3.9: no per-prefix strings in hot paths).
 *
 * A `PrefixKey` is what RIBs, codecs and maps use:
 *   - IPv4: a number, `addr * 64 + len` (addr is the u32 network address, host bits zero; exact in a double).
 *   - IPv6: a 17-character latin1 string: the 16 network-address octets (host bits zero), then the length.
 * `typeof key === 'number'` tells the family. Human-readable text exists only at the edges (config, API, logs).
 */
import { err, ok, type Result } from './result.js';

export type PrefixKey = number | string;
export type Afi = 1 | 2;
export const AFI_IPV4: Afi = 1;
export const AFI_IPV6: Afi = 2;

export interface PrefixParts {
  afi: Afi;
  /** Network address octets: 4 for IPv4, 16 for IPv6. */
  addr: Uint8Array;
  len: number;
}

export function isV4(key: PrefixKey): key is number {
  return typeof key === 'number';
}

export function afiOf(key: PrefixKey): Afi {
  return typeof key === 'number' ? AFI_IPV4 : AFI_IPV6;
}

export function prefixLen(key: PrefixKey): number {
  return typeof key === 'number' ? key % 64 : key.charCodeAt(16);
}

/** Mask a u32 to its first `len` bits. */
export function maskV4(addr: number, len: number): number {
  if (len <= 0) return 0;
  if (len >= 32) return addr >>> 0;
  return (addr & (0xffffffff << (32 - len))) >>> 0;
}

export function v4Key(addr: number, len: number): number {
  return maskV4(addr, len) * 64 + len;
}

export function v4KeyAddr(key: number): number {
  return Math.floor(key / 64);
}

/** IPv6 key from 16 (or fewer, zero-padded) octets; host bits are cleared. */
export function v6Key(addr: Uint8Array, len: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    const bitsLeft = len - i * 8;
    const b = addr[i] ?? 0;
    const m = bitsLeft >= 8 ? 0xff : bitsLeft <= 0 ? 0 : (0xff << (8 - bitsLeft)) & 0xff;
    s += String.fromCharCode(b & m);
  }
  return s + String.fromCharCode(len);
}

export function keyFromParts(afi: Afi, addr: Uint8Array, len: number): PrefixKey {
  if (afi === AFI_IPV4) {
    const a = (((addr[0] ?? 0) << 24) | ((addr[1] ?? 0) << 16) | ((addr[2] ?? 0) << 8) | (addr[3] ?? 0)) >>> 0;
    return v4Key(a, len);
  }
  return v6Key(addr, len);
}

export function keyParts(key: PrefixKey): PrefixParts {
  if (typeof key === 'number') {
    const a = v4KeyAddr(key);
    return {
      afi: AFI_IPV4,
      addr: Uint8Array.of(a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff),
      len: key % 64,
    };
  }
  const addr = new Uint8Array(16);
  for (let i = 0; i < 16; i++) addr[i] = key.charCodeAt(i);
  return { afi: AFI_IPV6, addr, len: key.charCodeAt(16) };
}

/** Does prefix `outer` contain (or equal) prefix `inner`? Families must match. */
export function contains(outer: PrefixKey, inner: PrefixKey): boolean {
  if (typeof outer === 'number') {
    if (typeof inner !== 'number') return false;
    const ol = outer % 64;
    return ol <= inner % 64 && maskV4(v4KeyAddr(inner), ol) === v4KeyAddr(outer);
  }
  if (typeof inner === 'number') return false;
  const ol = outer.charCodeAt(16);
  if (ol > inner.charCodeAt(16)) return false;
  return v6Key(keyParts(inner).addr, ol) === outer;
}

// ---- addresses ----

export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = v * 256 + n;
  }
  return v;
}

export function formatIPv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** Parse IPv6 text (with `::` and an optional embedded dotted quad) into 16 octets. */
export function parseIPv6(s: string): Uint8Array | undefined {
  if (s.length === 0 || s.length > 45) return undefined;
  let head = s;
  let tail4: number | undefined;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.indexOf('.', lastColon) > 0) {
    tail4 = parseIPv4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parse = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const a = parse(halves[0] ?? '');
  const b = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!a || !b) return undefined;
  if (halves.length === 1 ? a.length !== 8 : a.length + b.length > 7) return undefined;
  const groups = [...a, ...new Array<number>(8 - a.length - b.length).fill(0), ...b];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >>> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  if (tail4 !== undefined) {
    out[12] = tail4 >>> 24;
    out[13] = (tail4 >>> 16) & 0xff;
    out[14] = (tail4 >>> 8) & 0xff;
    out[15] = tail4 & 0xff;
  }
  return out;
}

/** RFC 5952 text form: lower case, longest run (>= 2) of zero groups compressed, first one on ties. */
export function formatIPv6(b: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(((b[i * 2] ?? 0) << 8) | (b[i * 2 + 1] ?? 0));
  let bestAt = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}

/** An address of either family as text. 4 octets → IPv4, 16 → IPv6. */
export function formatAddr(b: Uint8Array): string {
  if (b.length === 4)
    return formatIPv4((((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0);
  return formatIPv6(b);
}

export function parseAddr(s: string): { afi: Afi; addr: Uint8Array } | undefined {
  const v4 = parseIPv4(s);
  if (v4 !== undefined)
    return { afi: AFI_IPV4, addr: Uint8Array.of(v4 >>> 24, (v4 >>> 16) & 0xff, (v4 >>> 8) & 0xff, v4 & 0xff) };
  const v6 = parseIPv6(s);
  return v6 ? { afi: AFI_IPV6, addr: v6 } : undefined;
}

/**
 * Parse "a.b.c.d/len" or "x::/len". With `strict`, host bits must be zero (config input); otherwise
 * they are cleared. A bare address means a host route (/32 or /128).
 */
export function parsePrefix(s: string, strict = false): Result<PrefixKey, string> {
  const slash = s.indexOf('/');
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const a = parseAddr(addrText);
  if (!a) return err(`not an IP address: ${JSON.stringify(addrText)}`);
  const max = a.afi === AFI_IPV4 ? 32 : 128;
  let len = max;
  if (slash >= 0) {
    const lt = s.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lt) || Number(lt) > max) return err(`bad prefix length in ${JSON.stringify(s)}`);
    len = Number(lt);
  }
  const key = keyFromParts(a.afi, a.addr, len);
  if (strict) {
    const masked = keyParts(key).addr;
    if (!masked.every((v, i) => v === a.addr[i]))
      return err(`${s} has host bits set (did you mean ${formatPrefix(key)}?)`);
  }
  return ok(key);
}

export function formatPrefix(key: PrefixKey): string {
  const p = keyParts(key);
  return `${formatAddr(p.addr)}/${p.len}`;
}

/** Order prefixes by family, then address, then length (for stable API output; not a hot path). */
export function comparePrefix(a: PrefixKey, b: PrefixKey): number {
  if (typeof a === 'number') {
    if (typeof b !== 'number') return -1;
    const d = v4KeyAddr(a) - v4KeyAddr(b);
    return d !== 0 ? d : (a % 64) - (b % 64);
  }
  if (typeof b === 'number') return 1;
  for (let i = 0; i < 17; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}
