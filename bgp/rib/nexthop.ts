/**
 * Next-hop keys and the next hop → prefixes index used for next-hop tracking (RFC 4271 §9.1.2.1: a route
 * whose NEXT_HOP cannot be resolved is excluded from the decision; when resolution changes, the affected
 * prefixes are re-run, and only those).
 */
import { formatIPv4, formatIPv6, type PrefixKey } from '../../lib/prefix.js';
import type { NexthopKey, NexthopResolver } from './types.js';

/** Key from next-hop octets: 4 → u32; 16 or 32 (RFC 2545 global + link-local) → the global 16 as latin1. */
export function nexthopFromBytes(b: Uint8Array): NexthopKey | undefined {
  if (b.length === 4) return (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
  if (b.length !== 16 && b.length !== 32) return undefined;
  return String.fromCharCode(...b.subarray(0, 16));
}

export function nexthopToBytes(nh: NexthopKey): Uint8Array {
  if (typeof nh === 'number') return Uint8Array.of(nh >>> 24, (nh >>> 16) & 0xff, (nh >>> 8) & 0xff, nh & 0xff);
  const out = new Uint8Array(nh.length);
  for (let i = 0; i < nh.length; i++) out[i] = nh.charCodeAt(i);
  return out;
}

/** Text form, for the API and logs only. */
export function formatNexthop(nh: NexthopKey): string {
  return typeof nh === 'number' ? formatIPv4(nh) : formatIPv6(nexthopToBytes(nh));
}

/** A comparable key for a peer address (peer-address tie-break): the octets as a latin1 string. */
export function addrKey(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

/**
 * next hop → prefixes that have at least one path through it. The resolver is told when a next hop gains its
 * first dependent prefix (track) and loses its last (untrack).
 */
export class NexthopIndex {
  private readonly map = new Map<NexthopKey, Set<PrefixKey>>();

  constructor(private readonly resolver: NexthopResolver) {}

  get size(): number {
    return this.map.size;
  }

  add(nh: NexthopKey, prefix: PrefixKey): void {
    let s = this.map.get(nh);
    if (!s) {
      s = new Set();
      this.map.set(nh, s);
      this.resolver.track?.(nh);
    }
    s.add(prefix);
  }

  remove(nh: NexthopKey, prefix: PrefixKey): void {
    const s = this.map.get(nh);
    if (!s) return;
    s.delete(prefix);
    if (s.size === 0) {
      this.map.delete(nh);
      this.resolver.untrack?.(nh);
    }
  }

  prefixes(nh: NexthopKey): ReadonlySet<PrefixKey> | undefined {
    return this.map.get(nh);
  }

  nexthops(): IterableIterator<NexthopKey> {
    return this.map.keys();
  }
}
