/**
 * Intra-area routes of one area from its shortest-path tree (RFC 2328 §16.1): transit networks (the network
 * vertices on the tree), stub networks (stage 2, §16.1 step 2) and router routes to area border routers and
 * AS boundary routers (§16.1 step 2(d): routers with the B or E bit go into the routing table).
 */

import { maskV4 } from '../../lib/prefix.js';
import { ROUTER_FLAG_B, ROUTER_FLAG_E } from '../lsdb/constants.js';
import type { NetworkLsaBody, RouterLsaBody } from '../packet/types.js';
import type { Spt } from './dijkstra.js';
import type { AreaGraph } from './graph.js';
import type { NexthopTable, NhSet } from './nexthops.js';
import { NO_NEXTHOPS } from './nexthops.js';
import { maskLen, RANK_INTRA, type RouteTable, type WorkRouter } from './table.js';

export function intraAreaRoutes(
  g: AreaGraph,
  spt: Spt,
  root: number,
  nht: NexthopTable,
  areaIfaces: readonly number[],
  routes: RouteTable,
  routers: Map<number, WorkRouter[]>,
): void {
  const { dist, nh } = spt;
  for (let v = g.nRouters; v < g.n; v++) {
    if (dist[v] === Number.POSITIVE_INFINITY) continue;
    const mask = (g.entry[v]!.lsa.body as NetworkLsaBody).mask;
    const len = maskLen(mask);
    if (len >= 0) routes.offer(maskV4(g.vid[v]!, len), len, RANK_INTRA, dist[v]!, 0, g.area, nht.list(nh[v]!));
  }
  for (let v = 0; v < g.nRouters; v++) {
    const d = dist[v]!;
    if (d === Number.POSITIVE_INFINITY) continue;
    const body = g.entry[v]!.lsa.body as RouterLsaBody;
    if (v !== root && (body.flags & (ROUTER_FLAG_B | ROUTER_FLAG_E)) !== 0) addRouter(g, v, d, nh[v]!, body, routers);
    const hops = nht.list(nh[v]!);
    for (const l of body.links) {
      if (l.type !== 3) continue;
      // §12.4.1: a stub link's Link ID is the network address, its Link Data the mask.
      const len = maskLen(l.linkData);
      if (len < 0) continue;
      const via = v === root ? nht.list(rootStubNexthops(l.linkId, l.linkData, nht, areaIfaces)) : hops;
      routes.offer(maskV4(l.linkId >>> 0, len), len, RANK_INTRA, d + l.metric, 0, g.area, via);
    }
  }
}

function addRouter(
  g: AreaGraph,
  v: number,
  d: number,
  hops: NhSet,
  body: RouterLsaBody,
  routers: Map<number, WorkRouter[]>,
): void {
  const rid = g.vid[v]!;
  let list = routers.get(rid);
  if (!list) {
    list = [];
    routers.set(rid, list);
  }
  const abr = (body.flags & ROUTER_FLAG_B) !== 0;
  const asbr = (body.flags & ROUTER_FLAG_E) !== 0;
  list.push({ area: g.area, type: 'intra', cost: d, abr, asbr, nh: hops });
}

/** Our own stub networks are directly attached: out of the interface whose address is in the network. */
function rootStubNexthops(net: number, mask: number, nht: NexthopTable, areaIfaces: readonly number[]): NhSet {
  const m = mask >>> 0;
  const n = (net & m) >>> 0;
  for (const i of areaIfaces) {
    const ifc = nht.ifaces[i]!;
    if (ifc.address !== 0 && (ifc.address & m) >>> 0 === n) return [nht.intern(i, 0)];
  }
  return NO_NEXTHOPS;
}
