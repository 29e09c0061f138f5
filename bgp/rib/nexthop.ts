/**
 * Next-hop keys and the per-next-hop path counts used for next-hop tracking (RFC 4271 §9.1.2.1: a route
 * whose NEXT_HOP cannot be resolved is excluded from the decision; when resolution changes, the affected
 * prefixes are re-run, and only those).
 */
import { formatIPv4, formatIPv6 } from '../../lib/prefix.js';
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
 * How many paths use each next hop. The resolver is told when a next hop gains its first path (track) and
 * loses its last (untrack). No next hop → prefixes back references: finding the prefixes behind a changed
 * next hop is one scan of the Loc-RIB (a rare event), cheaper than a million set entries kept up to date.
 */
export class NexthopRefs {
  private readonly map = new Map<NexthopKey, number>();

  constructor(private readonly resolver: NexthopResolver) {}

  get size(): number {
    return this.map.size;
  }

  add(nh: NexthopKey): void {
    const n = this.map.get(nh);
    if (n === undefined) {
      this.map.set(nh, 1);
      this.resolver.track?.(nh);
    } else this.map.set(nh, n + 1);
  }

  remove(nh: NexthopKey): void {
    const n = this.map.get(nh);
    if (n === undefined) return;
    if (n > 1) {
      this.map.set(nh, n - 1);
      return;
    }
    this.map.delete(nh);
    this.resolver.untrack?.(nh);
  }

  /** Paths through `nh`. */
  count(nh: NexthopKey): number {
    return this.map.get(nh) ?? 0;
  }

  nexthops(): IterableIterator<NexthopKey> {
    return this.map.keys();
  }
}
