/**
 * The benchmark's prefix space: unique IPv4 /24s numbered 0..n-1 from 32.0.0.0 upward (1M of them fill
 * 32.0.0.0 – 47.255.255.0, clear of the link nets, RFC 1918 space and martians). Sender s of a fan-in gets
 * the block [s*n, (s+1)*n). Pure: the receiver maps a prefix back to its number with `prefixIndex`.
 */
import { v4Key } from '../../lib/prefix.js';

export const PREFIX_BASE = 0x20000000; // 32.0.0.0
export const PREFIX_LEN = 24;
/** The most /24s the space holds before it would reach 224.0.0.0 (multicast). */
export const MAX_PREFIXES = (0xe0000000 - PREFIX_BASE) / 256;

/** The key of prefix number `i`. */
export function prefixKey(i: number): number {
  return v4Key((PREFIX_BASE + i * 256) >>> 0, PREFIX_LEN);
}

/** Keys of prefixes [from, from+count). */
export function prefixKeys(from: number, count: number): number[] {
  if (from < 0 || count < 0 || from + count > MAX_PREFIXES) throw new RangeError(`prefixes ${from}+${count}`);
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = prefixKey(from + i);
  return out;
}

/** The number of a key in the benchmark space, or -1 when it is not one of ours (another length or range). */
export function prefixIndex(key: number, total: number): number {
  if (key % 64 !== PREFIX_LEN) return -1;
  const i = (Math.floor(key / 64) - PREFIX_BASE) / 256;
  return i >= 0 && i < total ? i : -1;
}
