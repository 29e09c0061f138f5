/**
 * The OSPFv2 routing table calculation (RFC 2328 §16): per area, the shortest-path tree over router and
 * network vertices with equal-cost multipath (§16.1, §16.1.1) and the intra-area routes; then inter-area
 * routes from summary-LSAs (§16.2) and AS-external routes (§16.4). Path preference follows §11:
 * intra-area > inter-area > type 1 external > type 2 external.
 *
 * Every run is a full calculation (the incremental §16.5/§16.6 cases are not separated; the LSDB reports
 * which kind of change triggered it). The graph of each area is built once per run from the LSDB into
 * typed arrays; see `spf/graph.ts` and `spf/dijkstra.ts` for the layout and the costs.
 *
 * Pure: reads the LSDB and the interface list, returns a new table; no clock, no I/O.
 */
import type { Lsdb } from './lsdb.js';
import { type RootIfaces, shortestPathTree } from './spf/dijkstra.js';
import { externalRoutes } from './spf/external.js';
import { buildAreaGraph } from './spf/graph.js';
import { interAreaRoutes, summaryAreas } from './spf/inter.js';
import { intraAreaRoutes } from './spf/intra.js';
import { NexthopTable } from './spf/nexthops.js';
import { RouteTable, type WorkRouter } from './spf/table.js';
import type { RouterRoute, SpfAreaStats, SpfInterface, SpfResult } from './spf/types.js';

export type {
  OspfNexthop,
  OspfPathType,
  OspfRoute,
  RouterRoute,
  SpfAreaStats,
  SpfInterface,
  SpfResult,
} from './spf/types.js';

export interface SpfInput {
  lsdb: Lsdb;
  /** Our OSPF interfaces (all areas). */
  interfaces: readonly SpfInterface[];
  /** Clock ms: LSAs at MaxAge by now are not used. */
  now: number;
  /** Areas to compute (default: every area of the LSDB). */
  areas?: readonly number[];
}

export function runSpf(input: SpfInput): SpfResult {
  const { lsdb, now } = input;
  const areas = input.areas ?? lsdb.areaIds();
  const nht = new NexthopTable(input.interfaces);
  const routes = new RouteTable(nht);
  const routers = new Map<number, WorkRouter[]>();
  const stats: SpfAreaStats[] = [];
  for (const area of areas) stats.push(areaSpf(lsdb, area, now, nht, routes, routers));
  for (const area of summaryAreas(areas)) interAreaRoutes(lsdb, area, now, nht, routes, routers);
  externalRoutes(lsdb, now, nht, routes, routers);
  return { routes: routes.publish(), routers: publishRouters(routers, nht), areas: stats };
}

function areaSpf(
  lsdb: Lsdb,
  area: number,
  now: number,
  nht: NexthopTable,
  routes: RouteTable,
  routers: Map<number, WorkRouter[]>,
): SpfAreaStats {
  const g = buildAreaGraph(lsdb, area, now);
  const root = g.routerIdx.get(lsdb.routerId);
  const s: SpfAreaStats = { area, vertices: g.n, edges: g.validEdges, reached: 0 };
  if (root === undefined) return s; // our router-LSA is not (yet) in this area: nothing is reachable
  const rif: RootIfaces = { byAddr: new Map(), byIfIndex: new Map() };
  const areaIfaces: number[] = [];
  nht.ifaces.forEach((ifc, i) => {
    if (ifc.area !== area) return;
    areaIfaces.push(i);
    if (ifc.address !== 0) rif.byAddr.set(ifc.address >>> 0, i);
    if (ifc.ifIndex !== undefined) rif.byIfIndex.set(ifc.ifIndex >>> 0, i);
  });
  const spt = shortestPathTree(g, root, nht, rif);
  s.reached = spt.reached;
  intraAreaRoutes(g, spt, root, nht, areaIfaces, routes, routers);
  return s;
}

function publishRouters(work: Map<number, WorkRouter[]>, nht: NexthopTable): Map<number, RouterRoute[]> {
  const out = new Map<number, RouterRoute[]>();
  for (const [routerId, list] of work) {
    if (list.length === 0) continue;
    out.set(
      routerId,
      list.map((r) => ({
        routerId,
        area: r.area,
        type: r.type,
        cost: r.cost,
        abr: r.abr,
        asbr: r.asbr,
        nexthops: nht.list(r.nh),
      })),
    );
  }
  return out;
}
