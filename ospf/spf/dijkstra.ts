/**
 * The shortest-path tree of one area (RFC 2328 §16.1 stage 1) with equal-cost multipath: every vertex keeps
 * the union of the next hops of all its shortest paths, computed as in §16.1.1:
 *   - parent is the root: the destination is a network on one of our interfaces (directly attached, address
 *     0) or a router at the other end of a point-to-point link (its address on that link);
 *   - parent is a network directly attached to the root: the destination router's address on that network,
 *     read from the Link Data of its transit link to the network, out of our interface on it;
 *   - otherwise the next hops are inherited from the parent.
 * Dijkstra with a binary heap over the arrays of `graph.ts`: O((V + E) log V), no strings, and next-hop sets
 * shared by reference until an equal-cost path adds to them.
 */
import type { RouterLsaBody } from '../packet/types.js';
import type { AreaGraph } from './graph.js';
import { VertexHeap } from './heap.js';
import { type NexthopTable, type NhSet, NO_NEXTHOPS, unionNh } from './nexthops.js';

export interface Spt {
  /** Distance from the root; Infinity when unreachable. */
  dist: Float64Array;
  /** Next hops of each vertex (NO_NEXTHOPS for the root and unreachable ones). */
  nh: NhSet[];
  reached: number;
}

/** Our interfaces in one area, indexed for the root's links. */
export interface RootIfaces {
  /** Interface (index into the next-hop table's list) by our address, and by ifIndex for unnumbered links. */
  byAddr: Map<number, number>;
  byIfIndex: Map<number, number>;
}

export function shortestPathTree(g: AreaGraph, root: number, nht: NexthopTable, rif: RootIfaces): Spt {
  const { n, start, to, cost, rev } = g;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(n);
  const nh: NhSet[] = new Array<NhSet>(n).fill(NO_NEXTHOPS);
  const heap = new VertexHeap(n + 16);
  dist[root] = 0;
  heap.push(0, root);
  let reached = 0;
  while (heap.size > 0) {
    const d = heap.topKey();
    const v = heap.pop();
    if (done[v] || d > dist[v]!) continue; // a stale heap pair
    done[v] = 1;
    reached++;
    for (let e = start[v]!; e < start[v + 1]!; e++) {
      const w = to[e]!;
      // §16.1 step 2(b): skip links the far end does not report back; (c): skip vertices already on the tree.
      if (done[w] || rev[e]! < 0) continue;
      const nd = d + cost[e]!;
      const old = dist[w]!;
      if (nd > old) continue;
      const hops = nexthopsVia(g, v, w, e, root, nh, nht, rif);
      if (hops === undefined) continue; // our LSA names an interface that is gone: that link is not usable
      if (nd < old) {
        dist[w] = nd;
        nh[w] = hops;
        heap.push(nd, w);
      } else {
        nh[w] = unionNh(nh[w]!, hops); // §16.1 step 2(d): an equal-cost path adds its next hops
      }
    }
  }
  return { dist, nh, reached };
}

/** §16.1.1: the next hops of w reached from its parent v over edge e; undefined when the edge is unusable. */
function nexthopsVia(
  g: AreaGraph,
  v: number,
  w: number,
  e: number,
  root: number,
  nh: NhSet[],
  nht: NexthopTable,
  rif: RootIfaces,
): NhSet | undefined {
  if (v === root) {
    // Our router-LSA may still list a link whose interface just went down (MinLSInterval holds the new one
    // back): a path through it would win with no next hop and hide the real one (§16.1: only usable links).
    const ifIdx = rootIface(g.data[e]!, rif);
    if (ifIdx === undefined) return undefined;
    if (w >= g.nRouters) return [nht.intern(ifIdx, 0)];
    return [nht.intern(ifIdx, p2pNeighborAddress(g, w, root, nht, ifIdx))];
  }
  const parent = nh[v]!;
  if (v < g.nRouters) return parent;
  // v is a network. Where it is directly attached to the root (next hops with address 0), the next hop to w
  // is w's own address on it: the Link Data of w's transit link back to v.
  let attached = false;
  for (let i = 0; i < parent.length; i++) if (nht.addressOf(parent[i]!) === 0) attached = true;
  if (!attached) return parent;
  const addr = g.data[g.rev[e]!]!;
  return parent.map((id) => (nht.addressOf(id) === 0 ? nht.intern(nht.ifIndexOf(id), addr) : id));
}

function rootIface(linkData: number, rif: RootIfaces): number | undefined {
  return rif.byAddr.get(linkData) ?? rif.byIfIndex.get(linkData);
}

/**
 * The address of router w on our point-to-point interface: from the neighbor heard there, else from the
 * Link Data of w's point-to-point link back to us that lies in our interface's subnet (numbered links);
 * 0 (send on the interface) for unnumbered links.
 */
function p2pNeighborAddress(g: AreaGraph, w: number, root: number, nht: NexthopTable, ifIdx: number): number {
  const ifc = nht.ifaces[ifIdx]!;
  const rid = g.vid[w]!;
  const heard = ifc.neighbors?.find((x) => x.routerId >>> 0 === rid);
  if (heard) return heard.address >>> 0;
  if (ifc.address === 0) return 0;
  const mask = ifc.mask >>> 0;
  const net = (ifc.address & mask) >>> 0;
  const rootId = g.vid[root]!;
  for (const l of (g.entry[w]!.lsa.body as RouterLsaBody).links) {
    if (l.type === 1 && l.linkId >>> 0 === rootId && (l.linkData & mask) >>> 0 === net) return l.linkData >>> 0;
  }
  return 0;
}
