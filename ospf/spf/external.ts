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
import type { NexthopTable } from './nexthops.js';
import { maskLen, RANK_E1, RANK_E2, type RouteTable, type WorkRouter } from './table.js';
import type { OspfNexthop } from './types.js';

export function externalRoutes(
  lsdb: Lsdb,
  now: number,
  nht: NexthopTable,
  routes: RouteTable,
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
      const len = maskLen(body.mask);
      if (len < 0) continue;
      let dist = asbr.cost;
      let hops = nht.list(asbr.nh);
      let area = asbr.area;
      const fwd = body.forwarding >>> 0;
      if (fwd !== 0) {
        if (own.has(fwd)) continue;
        const r = routes.longestInternal(fwd);
        if (r < 0) continue;
        dist = routes.cost[r]!;
        area = routes.area[r]!;
        hops = viaForwardingAddress(routes.nexthops[r]!, fwd, nht);
      }
      const net = maskV4(e.lsid >>> 0, len);
      if (body.e2) routes.offer(net, len, RANK_E2, dist, body.metric, area, hops);
      else routes.offer(net, len, RANK_E1, dist + body.metric, 0, area, hops);
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

/** Directly attached next hops (address 0) become the forwarding address itself, on that interface. */
function viaForwardingAddress(list: readonly OspfNexthop[], fwd: number, nht: NexthopTable): readonly OspfNexthop[] {
  if (!list.some((h) => h.address === 0)) return list;
  return nht.list(nht.setOf(list).map((id) => (nht.addressOf(id) === 0 ? nht.intern(nht.ifIndexOf(id), fwd) : id)));
}
