/**
 * From SPF results to RIB changes: the difference between the previous and the new OSPF routing table
 * (RFC 2328 §16 output) as route adds, changes and withdrawals, and the candidate the protocol-independent
 * RIB receives for each (administrative distance 110, the OSPF default in FRR).
 *
 * Pure and O(routes of both tables). Next-hop lists are compared as sets; SPF shares one list object among
 * routes with the same next hops, so the common case is a reference comparison.
 */
import type { PrefixKey } from '../lib/prefix.js';
import type { OspfNexthop, OspfRoute, SpfResult } from './spf.js';

export const OSPF_DISTANCE = 110;

export type OspfRouteChange =
  | { kind: 'add'; prefix: PrefixKey; route: OspfRoute }
  | { kind: 'change'; prefix: PrefixKey; route: OspfRoute; previous: OspfRoute }
  | { kind: 'withdraw'; prefix: PrefixKey; previous: OspfRoute };

type RouteTable = ReadonlyMap<PrefixKey, OspfRoute>;

/** Changes that turn `prev` (undefined: nothing installed yet) into `next`; withdrawals come first. */
export function diffRoutes(prev: RouteTable | SpfResult | undefined, next: RouteTable | SpfResult): OspfRouteChange[] {
  const a = prev === undefined ? undefined : tableOf(prev);
  const b = tableOf(next);
  const out: OspfRouteChange[] = [];
  if (a) {
    for (const [prefix, previous] of a) if (!b.has(prefix)) out.push({ kind: 'withdraw', prefix, previous });
  }
  for (const [prefix, route] of b) {
    const previous = a?.get(prefix);
    if (!previous) out.push({ kind: 'add', prefix, route });
    else if (!sameRoute(previous, route)) out.push({ kind: 'change', prefix, route, previous });
  }
  return out;
}

function tableOf(t: RouteTable | SpfResult): RouteTable {
  return t instanceof Map ? t : (t as SpfResult).routes;
}

export function sameRoute(a: OspfRoute, b: OspfRoute): boolean {
  if (a === b) return true;
  if (a.type !== b.type || a.cost !== b.cost || a.type2Cost !== b.type2Cost || a.area !== b.area) return false;
  return sameNexthops(a.nexthops, b.nexthops);
}

/** Set equality of two next-hop lists (SPF sorts them, but do not rely on it). */
export function sameNexthops(a: readonly OspfNexthop[], b: readonly OspfNexthop[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (const x of a) {
    if (!b.some((y) => y.address === x.address && y.ifIndexOrName === x.ifIndexOrName)) return false;
  }
  return true;
}

/** The RIB's view of a next hop: a gateway address (absent when directly attached) and the interface. */
export interface OspfRibNexthop {
  gateway?: Uint8Array;
  ifname?: string;
}

/** What the RIB stores for an OSPF route (distance `OSPF_DISTANCE`). */
export interface OspfRibCandidate {
  /** E2: the type 2 metric (what FRR shows as the metric); otherwise the OSPF cost. */
  metric: number;
  nexthops: OspfRibNexthop[];
}

export function toRibCandidate(r: OspfRoute): OspfRibCandidate {
  return {
    metric: r.type === 'e2' ? (r.type2Cost ?? r.cost) : r.cost,
    nexthops: r.nexthops.map((n) => {
      const h: OspfRibNexthop = {};
      if (n.address !== 0)
        h.gateway = Uint8Array.of(
          n.address >>> 24,
          (n.address >>> 16) & 0xff,
          (n.address >>> 8) & 0xff,
          n.address & 0xff,
        );
      if (n.ifIndexOrName !== '') h.ifname = n.ifIndexOrName;
      return h;
    }),
  };
}

/** Only the changes the RIB sees (metric and next hops); an area or path-type change alone is not one. */
export function ribRelevant(c: OspfRouteChange): boolean {
  if (c.kind !== 'change') return true;
  const ma = c.previous.type === 'e2' ? c.previous.type2Cost : c.previous.cost;
  const mb = c.route.type === 'e2' ? c.route.type2Cost : c.route.cost;
  return ma !== mb || !sameNexthops(c.previous.nexthops, c.route.nexthops);
}
