/**
 * Inter-area routes from summary-LSAs (RFC 2328 §16.2), computed as a router that is not an area border
 * router: the summary-LSAs of its (single) area are examined. When attached to several areas including the
 * backbone, only the backbone's are examined, as §16.2 asks of an ABR; attached to several areas without
 * the backbone, all are examined (the usual "shortcut" reading; virtual links are not supported).
 *
 * Type 3 gives a route to a network; type 4 a router route to an AS boundary router, used by §16.4.
 * A summary is used only when its advertising router is an ABR reachable inside that area (B bit on an
 * intra-area router route), which also keeps a non-ABR from injecting inter-area routes.
 */

import { maskV4 } from '../../lib/prefix.js';
import { LS_INFINITY } from '../lsdb/constants.js';
import type { Lsdb } from '../lsdb.js';
import type { SummaryLsaBody } from '../packet/types.js';
import { type NexthopTable, unionNh } from './nexthops.js';
import { maskLen, RANK_INTER, type RouteTable, type WorkRouter } from './table.js';

export function summaryAreas(areas: readonly number[]): number[] {
  return areas.length > 1 && areas.includes(0) ? [0] : [...areas];
}

export function interAreaRoutes(
  lsdb: Lsdb,
  area: number,
  now: number,
  nht: NexthopTable,
  routes: RouteTable,
  routers: Map<number, WorkRouter[]>,
): void {
  const self = lsdb.routerId;
  for (const type of [3, 4] as const) {
    for (const [adv, byId] of lsdb.typeTable(area, type) ?? []) {
      if (adv >>> 0 === self) continue; // §16.2 step 2: our own
      const br = routers.get(adv >>> 0)?.find((r) => r.area === area && r.type === 'intra' && r.abr);
      if (!br) continue; // §16.2 step 4: the ABR is not reachable in this area
      for (const e of byId.values()) {
        const body = e.lsa.body as SummaryLsaBody;
        // §16.2 step 1: unreachable metric, or MaxAge.
        if (body.kind !== 'summary' || body.metric >= LS_INFINITY || e.isMaxAge(now)) continue;
        const cost = br.cost + body.metric;
        if (type === 3) {
          const len = maskLen(body.mask);
          if (len >= 0) routes.offer(maskV4(e.lsid >>> 0, len), len, RANK_INTER, cost, 0, area, nht.list(br.nh));
        } else {
          offerAsbr(routers, e.lsid >>> 0, area, cost, br);
        }
      }
    }
  }
}

/** §16.2 step 6 for a type-4 summary: an inter-area path to an ASBR, unless an intra-area one exists. */
function offerAsbr(routers: Map<number, WorkRouter[]>, asbr: number, area: number, cost: number, br: WorkRouter): void {
  let list = routers.get(asbr);
  if (!list) {
    list = [];
    routers.set(asbr, list);
  }
  if (list.some((r) => r.area === area && r.type === 'intra')) return;
  const old = list.find((r) => r.area === area && r.type === 'inter');
  if (!old) list.push({ area, type: 'inter', cost, abr: false, asbr: true, nh: br.nh });
  else if (cost < old.cost) {
    old.cost = cost;
    old.nh = br.nh;
  } else if (cost === old.cost) old.nh = unionNh(old.nh, br.nh);
}
