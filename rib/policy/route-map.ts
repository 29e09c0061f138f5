/**
 * Route maps: evaluation with FRR semantics (lib/routemap.c route_map_apply_ext), protocol-independent.
 *
 * Order: entries by seq. An entry matches when all its conditions hold (none → matches everything).
 *   - deny entry matches   → deny, stop.
 *   - permit entry matches → apply its sets, then: exit (default) → permit; `next` → continue with the next
 *     entry; `goto N` → continue with the first entry whose seq >= N (none left → permit).
 *   - entry does not match → continue; the provisional result becomes deny.
 * The result is that of the last entry evaluated: running off the end after a permit with on-match is a permit
 * only if no later entry was evaluated (FRR resets `ret` to deny on every non-matching entry). No entry matched →
 * deny. An absent or empty map → deny (FRR `map == NULL || map->head == NULL`).
 *
 * Later entries match against the attributes as modified by earlier sets ("in-flight" route, as FRR does).
 * The input route and its PathAttrs are never mutated; an unchanged result carries the same PathAttrs object.
 */
import type { PathAttrs } from '../../bgp/packet/types.js';
import { type PrefixKey, v4Key, v6Key } from '../../lib/prefix.js';
import {
  type CompiledAsPathList,
  type CompiledLargeCommunityList,
  type CompiledStdCommunityList,
  matchAsPathList,
  matchCommunityList,
  matchLargeCommunityList,
} from './lists.js';
import { type CompiledPrefixList, matchPrefixList } from './prefix-list.js';
import type { PolicyAction, RouteProtocol } from './schema.js';
import { applySet, type CompiledSet } from './set.js';

/** A route as policy sees it. */
export interface PolicyRoute {
  prefix: PrefixKey;
  attrs: PathAttrs;
  protocol: RouteProtocol;
  /**
   * What `match.peer` compares and what `set.nextHop: peer-address` writes: the peer's address on import, our own
   * address on the session on export (FRR semantics). IPv4 as u32, IPv6 as 16 octets.
   */
  peerAddress?: number | Uint8Array;
  /** Route metric for non-BGP routes; `match.metric` falls back to the MED when absent. */
  metric?: number;
  /** Local weight carried so far (FRR `weight`); passed through unless a set changes it. */
  weight?: number;
}

export interface RouteMapResult {
  action: PolicyAction;
  /** The input attrs when denied or unchanged (same object); a new object when a set changed something. */
  attrs: PathAttrs;
  weight?: number;
  /** `set.nextHop: unchanged` fired: keep the next hop on eBGP export. */
  nextHopUnchanged?: boolean;
  /** Seq of the last entry that matched, when one did. */
  seq?: number;
}

export const PROTOCOL_BIT: Readonly<Record<RouteProtocol, number>> = {
  bgp: 1,
  connected: 2,
  static: 4,
  ospf: 8,
  kernel: 16,
};

/** Compiled conditions; every field present (undefined = no condition) so all share one shape. */
export interface CompiledMatch {
  /** Bit set of PROTOCOL_BIT; 0 = any. */
  protocols: number;
  metric: number | undefined;
  localPref: number | undefined;
  origin: 0 | 1 | 2 | undefined;
  peer: number | Uint8Array | undefined;
  nextHopAddress: number | Uint8Array | undefined;
  nextHopPrefixList: CompiledPrefixList | undefined;
  prefixList: CompiledPrefixList | undefined;
  asPathList: CompiledAsPathList | undefined;
  community: CompiledStdCommunityList | undefined;
  communityExact: boolean;
  largeCommunity: CompiledLargeCommunityList | undefined;
  largeCommunityExact: boolean;
}

export interface CompiledRouteMapEntry {
  seq: number;
  action: PolicyAction;
  description: string | undefined;
  /** undefined: matches every route. */
  match: CompiledMatch | undefined;
  set: CompiledSet | undefined;
  /** -1: exit. Otherwise the index of the entry to continue with (may be entries.length: none left). */
  next: number;
}

export interface CompiledRouteMap {
  name: string;
  /** Sorted by seq. */
  entries: readonly CompiledRouteMapEntry[];
}

function sameAddress(a: number | Uint8Array, b: number | Uint8Array): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NEXT_HOP (IPv4), else the global address of MP_REACH_NLRI's next hop. */
export function routeNextHop(attrs: PathAttrs): number | Uint8Array | undefined {
  if (attrs.nextHop !== undefined) return attrs.nextHop;
  const nh = attrs.mpReach?.nextHop;
  if (!nh) return undefined;
  if (nh.length === 4) return (((nh[0] ?? 0) << 24) | ((nh[1] ?? 0) << 16) | ((nh[2] ?? 0) << 8) | (nh[3] ?? 0)) >>> 0;
  return nh.length > 16 ? nh.subarray(0, 16) : nh;
}

function nextHopMatches(m: CompiledMatch, attrs: PathAttrs): boolean {
  const nh = routeNextHop(attrs);
  if (nh === undefined) return false;
  if (m.nextHopAddress !== undefined && !sameAddress(m.nextHopAddress, nh)) return false;
  if (m.nextHopPrefixList !== undefined) {
    const key = typeof nh === 'number' ? v4Key(nh, 32) : v6Key(nh, 128);
    if (matchPrefixList(m.nextHopPrefixList, key) !== 'permit') return false;
  }
  return true;
}

/** All conditions, cheapest first. */
function matches(m: CompiledMatch, route: PolicyRoute, attrs: PathAttrs): boolean {
  if (m.protocols !== 0 && (m.protocols & PROTOCOL_BIT[route.protocol]) === 0) return false;
  if (m.metric !== undefined && (route.metric ?? attrs.med ?? 0) !== m.metric) return false;
  if (m.localPref !== undefined && attrs.localPref !== m.localPref) return false;
  if (m.origin !== undefined && attrs.origin !== m.origin) return false;
  if (m.peer !== undefined && (route.peerAddress === undefined || !sameAddress(m.peer, route.peerAddress)))
    return false;
  if ((m.nextHopAddress !== undefined || m.nextHopPrefixList !== undefined) && !nextHopMatches(m, attrs)) return false;
  if (m.prefixList !== undefined && matchPrefixList(m.prefixList, route.prefix) !== 'permit') return false;
  if (m.asPathList !== undefined && matchAsPathList(m.asPathList, attrs) !== 'permit') return false;
  if (m.community !== undefined && matchCommunityList(m.community, attrs, m.communityExact) !== 'permit') return false;
  if (
    m.largeCommunity !== undefined &&
    matchLargeCommunityList(m.largeCommunity, attrs, m.largeCommunityExact) !== 'permit'
  )
    return false;
  return true;
}

/** Apply a route map. See the header for the exact semantics. */
export function applyRouteMap(map: CompiledRouteMap | undefined, route: PolicyRoute): RouteMapResult {
  const entries = map?.entries;
  if (entries === undefined || entries.length === 0) return { action: 'deny', attrs: route.attrs };
  let attrs = route.attrs;
  let weight = route.weight;
  let nextHopUnchanged = false;
  let permitted = false;
  let seq = -1;
  for (let i = 0; i < entries.length; ) {
    const e = entries[i] as CompiledRouteMapEntry;
    if (e.match !== undefined && !matches(e.match, route, attrs)) {
      permitted = false;
      i++;
      continue;
    }
    if (e.action === 'deny') return { action: 'deny', attrs: route.attrs, seq: e.seq };
    permitted = true;
    seq = e.seq;
    const s = e.set;
    if (s !== undefined) {
      attrs = applySet(s, attrs, route.peerAddress);
      if (s.weight !== undefined) weight = s.weight;
      if (s.nextHop?.kind === 'unchanged') nextHopUnchanged = true;
    }
    if (e.next < 0) break;
    i = e.next;
  }
  if (!permitted) return { action: 'deny', attrs: route.attrs };
  const out: RouteMapResult = { action: 'permit', attrs, seq };
  if (weight !== undefined) out.weight = weight;
  if (nextHopUnchanged) out.nextHopUnchanged = true;
  return out;
}
