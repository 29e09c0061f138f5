/**
 * The routing table under construction (RFC 2328 §11): one working entry per destination, with next hops as
 * interned sets. Path types are preferred in the order of §11: intra-area, inter-area, type 1 external,
 * type 2 external; within a type, the lower cost (for type 2, the type 2 metric first, §16.4 step 6), and
 * equal paths are merged (ECMP).
 */
import { maskV4 } from '../../lib/prefix.js';
import type { NhSet } from './nexthops.js';
import { unionNh } from './nexthops.js';
import type { OspfPathType } from './types.js';

export interface WorkRoute {
  type: OspfPathType;
  cost: number;
  /** E2 only; 0 otherwise. */
  type2Cost: number;
  area: number;
  nh: NhSet;
}

export interface WorkRouter {
  area: number;
  type: 'intra' | 'inter';
  cost: number;
  abr: boolean;
  asbr: boolean;
  nh: NhSet;
}

const RANK: Record<OspfPathType, number> = { intra: 0, inter: 1, e1: 2, e2: 3 };

export function rankOf(t: OspfPathType): number {
  return RANK[t];
}

/** Offer a path for a destination: it replaces a worse one, merges with an equal one, or is dropped. */
export function offerRoute(
  table: Map<number, WorkRoute>,
  key: number,
  type: OspfPathType,
  cost: number,
  type2Cost: number,
  area: number,
  nh: NhSet,
): void {
  if (nh.length === 0) return; // no way to forward: not a route
  const old = table.get(key);
  if (old) {
    let d = RANK[type] - RANK[old.type];
    if (d === 0 && type === 'e2') d = type2Cost - old.type2Cost;
    if (d === 0) d = cost - old.cost;
    if (d > 0) return;
    if (d === 0) {
      old.nh = unionNh(old.nh, nh);
      return;
    }
  }
  table.set(key, { type, cost, type2Cost, area, nh });
}

/** Prefix length of a contiguous mask, or -1 (a non-contiguous mask makes the LSA unusable). */
export function maskLen(mask: number): number {
  const m = mask >>> 0;
  const len = Math.clz32(~m);
  return len === 32 || m === (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) ? len : -1;
}

/** The IPv4 PrefixKey of (address, mask), or -1 for a non-contiguous mask. */
export function prefixOf(addr: number, mask: number): number {
  const len = maskLen(mask);
  return len < 0 ? -1 : maskV4(addr >>> 0, len) * 64 + len;
}
