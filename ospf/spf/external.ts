/**
 * AS-external routes (RFC 2328 §16.4) from AS-external-LSAs, after intra- and inter-area routes exist.
 *
 * For each LSA: skip it at MaxAge, with metric LSInfinity, or when it is ours; find the ASBR's router route
 * (§16.4.1 with RFC1583Compatibility disabled: intra-area paths through non-backbone areas first, then the
 * least cost, then the largest area ID); no route, no external route. A non-zero forwarding address must
 * be reached by an intra- or inter-area route (longest match), whose next hops are used, with the forwarding
 * address itself as next hop where that route is directly attached; a forwarding address that is one of
 * our own addresses makes the LSA unusable (it would point at ourselves). Type 1: cost = distance + metric.
 * Type 2: compared on the external metric first, the distance breaks ties.
 */
import { maskV4 } from '../../lib/prefix.js';
import { LS_INFINITY } from '../lsdb/constants.js';
import type { Lsdb } from '../lsdb.js';
import type { ExternalLsaBody } from '../packet/types.js';
import type { NexthopTable, NhSet } from './nexthops.js';
import { offerRoute, prefixOf, rankOf, type WorkRoute, type WorkRouter } from './table.js';

export function externalRoutes(
  lsdb: Lsdb,
  now: number,
  nht: NexthopTable,
  routes: Map<number, WorkRoute>,
  routers: Map<number, WorkRouter[]>,
): void {
  const self = lsdb.routerId;
  const own = new Set(nht.ifaces.map((i) => i.address >>> 0));
  for (const [adv, byId] of lsdb.typeTable(0, 5) ?? []) {
    if (adv >>> 0 === self) continue;
    const asbr = preferredAsbr(routers.get(adv >>> 0));
    if (!asbr) continue;
    for (const e of byId.values()) {
      const body = e.lsa.body as ExternalLsaBody;
      if (body.kind !== 'external' || body.metric >= LS_INFINITY || e.isMaxAge(now)) continue;
      const key = prefixOf(e.lsid, body.mask);
      if (key < 0) continue;
      let dist = asbr.cost;
      let hops = asbr.nh;
      let area = asbr.area;
      const fwd = body.forwarding >>> 0;
      if (fwd !== 0) {
        if (own.has(fwd)) continue;
        const r = lookupInternal(routes, fwd);
        if (!r) continue;
        dist = r.cost;
        area = r.area;
        hops = viaForwardingAddress(r.nh, fwd, nht);
      }
      if (body.e2) offerRoute(routes, key, 'e2', dist, body.metric, area, hops);
      else offerRoute(routes, key, 'e1', dist + body.metric, 0, area, hops);
    }
  }
}

/** §16.4 step 3 and §16.4.1: the ASBR entry to use, or undefined when it is unreachable. */
export function preferredAsbr(list: readonly WorkRouter[] | undefined): WorkRouter | undefined {
  let best: WorkRouter | undefined;
  for (const r of list ?? []) {
    if (!r.asbr) continue;
    if (!best || better(r, best)) best = r;
  }
  return best;
}

function better(a: WorkRouter, b: WorkRouter): boolean {
  const pa = a.type === 'intra' && a.area !== 0;
  const pb = b.type === 'intra' && b.area !== 0;
  if (pa !== pb) return pa;
  if (a.cost !== b.cost) return a.cost < b.cost;
  return a.area >>> 0 > b.area >>> 0;
}

/** Longest match among intra- and inter-area routes (externals never resolve a forwarding address). */
function lookupInternal(routes: Map<number, WorkRoute>, addr: number): WorkRoute | undefined {
  for (let len = 32; len >= 0; len--) {
    const r = routes.get(maskV4(addr, len) * 64 + len);
    if (r && rankOf(r.type) <= 1) return r;
  }
  return undefined;
}

/** Directly attached next hops (address 0) become the forwarding address itself, on that interface. */
function viaForwardingAddress(nh: NhSet, fwd: number, nht: NexthopTable): NhSet {
  let direct = false;
  for (let i = 0; i < nh.length; i++) if (nht.addressOf(nh[i]!) === 0) direct = true;
  if (!direct) return nh;
  return nh.map((id) => (nht.addressOf(id) === 0 ? nht.intern(nht.ifIndexOf(id), fwd) : id));
}
