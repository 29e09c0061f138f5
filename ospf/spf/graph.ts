/**
 * The graph of one area (RFC 2328 §16.1): router vertices from router-LSAs, transit network vertices from
 * network-LSAs, built once per SPF run into compressed adjacency arrays (numbers, no strings).
 *
 * Edges: point-to-point links (router -> router), transit links (router -> network) and the attached-router
 * lists of network-LSAs (network -> router, cost 0). Virtual links are not used (we are not an ABR in v1)
 * and stub links are read in stage 2 (§16.1 step 2), not here.
 *
 * The §16.1 step 2(b) check that a link is used only when the other end links back is done here, in O(E),
 * by pairing every edge with its reverse (`rev`, -1 when there is none). The reverse edge also carries what
 * the next-hop calculation needs: the neighbor's Link Data, i.e. its address on the link (§16.1.1).
 */
import type { Lsdb, LsdbEntry } from '../lsdb.js';
import type { NetworkLsaBody, RouterLsaBody } from '../packet/types.js';

export interface AreaGraph {
  area: number;
  /** Vertices: routers are 0..nRouters-1, networks nRouters..n-1. */
  n: number;
  nRouters: number;
  /** Router ID (routers) or Link State ID, the DR's address (networks). */
  vid: Float64Array;
  entry: LsdbEntry[];
  routerIdx: Map<number, number>;
  netIdx: Map<number, number>;
  /** Out-edges of v are start[v]..start[v+1]-1. */
  start: Int32Array;
  to: Int32Array;
  cost: Int32Array;
  /** The Link Data of the router-LSA link (our address / ifIndex for the root's links); 0 for network edges. */
  data: Float64Array;
  /** The reverse edge, or -1 when the far end does not link back (such an edge is not used). */
  rev: Int32Array;
  /** Edges that have a reverse. */
  validEdges: number;
}

const routerBody = (e: LsdbEntry): RouterLsaBody => e.lsa.body as RouterLsaBody;
const networkBody = (e: LsdbEntry): NetworkLsaBody => e.lsa.body as NetworkLsaBody;

export function buildAreaGraph(lsdb: Lsdb, area: number, now: number): AreaGraph {
  const entry: LsdbEntry[] = [];
  const vidList: number[] = [];
  const routerIdx = new Map<number, number>();
  const netIdx = new Map<number, number>();
  for (const byId of lsdb.typeTable(area, 1)?.values() ?? []) {
    for (const e of byId.values()) {
      // §16.1: an LSA at MaxAge is not used.
      if (e.isMaxAge(now) || e.lsa.body.kind !== 'router') continue;
      routerIdx.set(e.advRouter >>> 0, entry.length);
      vidList.push(e.advRouter >>> 0);
      entry.push(e);
    }
  }
  const nRouters = entry.length;
  for (const e of pickNetworks(lsdb, area, now, routerIdx, entry)) {
    netIdx.set(e.lsid >>> 0, entry.length);
    vidList.push(e.lsid >>> 0);
    entry.push(e);
  }
  const n = entry.length;
  let maxEdges = 0;
  for (let v = 0; v < n; v++) {
    const e = entry[v]!;
    maxEdges += v < nRouters ? routerBody(e).links.length : networkBody(e).attached.length;
  }
  const g: AreaGraph = {
    area,
    n,
    nRouters,
    vid: Float64Array.from(vidList),
    entry,
    routerIdx,
    netIdx,
    start: new Int32Array(n + 1),
    to: new Int32Array(maxEdges),
    cost: new Int32Array(maxEdges),
    data: new Float64Array(maxEdges),
    rev: new Int32Array(maxEdges),
    validEdges: 0,
  };
  fillEdges(g);
  pairReverse(g);
  return g;
}

/**
 * Network vertices keyed by Link State ID. Two network-LSAs can share one (a DR change left the old one
 * behind until it is flushed): keep the one whose advertising router says it is the DR, i.e. has a transit
 * link to that network with its own address (the LSID) as Link Data (§12.4.2).
 */
function pickNetworks(
  lsdb: Lsdb,
  area: number,
  now: number,
  routerIdx: Map<number, number>,
  routers: LsdbEntry[],
): Iterable<LsdbEntry> {
  const byLsid = new Map<number, LsdbEntry>();
  for (const byId of lsdb.typeTable(area, 2)?.values() ?? []) {
    for (const e of byId.values()) {
      if (e.isMaxAge(now) || e.lsa.body.kind !== 'network') continue;
      const id = e.lsid >>> 0;
      const other = byLsid.get(id);
      if (!other || (!claimsDr(other, routerIdx, routers) && claimsDr(e, routerIdx, routers))) byLsid.set(id, e);
    }
  }
  return byLsid.values();
}

function claimsDr(net: LsdbEntry, routerIdx: Map<number, number>, routers: LsdbEntry[]): boolean {
  const r = routerIdx.get(net.advRouter >>> 0);
  if (r === undefined) return false;
  const id = net.lsid >>> 0;
  return routerBody(routers[r]!).links.some((l) => l.type === 2 && l.linkId >>> 0 === id && l.linkData >>> 0 === id);
}

function fillEdges(g: AreaGraph): void {
  let m = 0;
  for (let v = 0; v < g.n; v++) {
    g.start[v] = m;
    if (v < g.nRouters) {
      for (const l of routerBody(g.entry[v]!).links) {
        // Point-to-point to a router, transit to a network; stub (3) in stage 2, virtual (4) unused.
        const w =
          l.type === 1 ? g.routerIdx.get(l.linkId >>> 0) : l.type === 2 ? g.netIdx.get(l.linkId >>> 0) : undefined;
        if (w === undefined || w === v) continue;
        g.to[m] = w;
        g.cost[m] = l.metric;
        g.data[m] = l.linkData >>> 0;
        m++;
      }
    } else {
      for (const rid of networkBody(g.entry[v]!).attached) {
        const w = g.routerIdx.get(rid >>> 0);
        if (w === undefined) continue;
        g.to[m] = w; // §16.1: the cost from a network to its routers is 0
        g.cost[m] = 0;
        g.data[m] = 0;
        m++;
      }
    }
  }
  g.start[g.n] = m;
}

/** §16.1 step 2(b): pair each edge u->v with an edge v->u, in O(V + E) with in-edge lists and a stamp. */
function pairReverse(g: AreaGraph): void {
  const { n, start, to, rev } = g;
  const m = start[n]!;
  const inStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) inStart[to[e]! + 1]!++;
  for (let v = 0; v < n; v++) inStart[v + 1]! += inStart[v]!;
  const inFrom = new Int32Array(m);
  const inEdge = new Int32Array(m);
  const fill = inStart.slice(0, n);
  for (let u = 0; u < n; u++) {
    for (let e = start[u]!; e < start[u + 1]!; e++) {
      const k = fill[to[e]!]!++;
      inFrom[k] = u;
      inEdge[k] = e;
    }
  }
  const markEdge = new Int32Array(n);
  const markOwner = new Int32Array(n).fill(-1);
  let valid = 0;
  for (let v = 0; v < n; v++) {
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      markOwner[to[e]!] = v;
      markEdge[to[e]!] = e;
    }
    for (let k = inStart[v]!; k < inStart[v + 1]!; k++) {
      const u = inFrom[k]!;
      const r = markOwner[u] === v ? markEdge[u]! : -1;
      rev[inEdge[k]!] = r;
      if (r >= 0) valid++;
    }
  }
  g.validEdges = valid;
}
