/**
 * What the API and CLI show about OSPF (GET /api/v1/ospf, /interfaces, /neighbors, /database, /routes):
 * plain JSON with FRR-like fields (`show ip ospf`, `show ip ospf interface`, `show ip ospf neighbor`,
 * `show ip ospf database`, `show ip ospf route`). Addresses and IDs are dotted quads; sequence numbers and
 * checksums are hex text as FRR prints them; times are in milliseconds or seconds as named.
 */
import { comparePrefix, formatIPv4, formatPrefix, type PrefixKey } from '../lib/prefix.js';
import type { OspfInterface } from './iface.js';
import type { OspfInstance } from './instance.js';
import { AS_SCOPE, type LsdbEntry } from './lsdb.js';
import type { OspfRoute } from './spf.js';

export const LSA_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'router',
  2: 'network',
  3: 'summary',
  4: 'asbr-summary',
  5: 'external',
  6: 'group-membership',
  7: 'nssa',
  8: 'external-attributes',
  9: 'opaque-link',
  10: 'opaque-area',
  11: 'opaque-as',
};

const ip = (a: number): string => formatIPv4(a >>> 0);
const hex = (v: number, w: number): string => `0x${(v >>> 0).toString(16).padStart(w, '0')}`;

function maskLen(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m & 0x80000000; m = (m << 1) >>> 0) n++;
  return n;
}

// ---- summary ----

export interface OspfSummaryView {
  routerId: string;
  asbr: boolean;
  areas: { area: string; interfaces: number; fullAdjacencies: number; lsas: number }[];
  lsas: number;
  externalsOriginated: number;
  spf: { runs: number; lastRunMsAgo: number | null; lastDurationMs: number; pending: boolean };
  ready: boolean;
  counters: {
    packetsIn: Record<string, number>;
    packetsOut: Record<string, number>;
    dropped: Record<string, number>;
    sendErrors: number;
    exchangeRestarts: number;
    internalErrors: number;
  };
}

export function summaryView(o: OspfInstance): OspfSummaryView {
  const now = o.clock.now();
  const c = o.counters;
  const ifaces = [...o.interfaces()];
  return {
    routerId: o.routerIdText,
    asbr: o.isAsbr(),
    areas: o.lsdb.areaIds().map((a) => {
      const mine = ifaces.filter((i) => i.area === a);
      let full = 0;
      for (const i of mine) for (const n of i.nbrs.values()) if (n.st.state === 'Full') full++;
      const counts = Object.values(o.lsdb.areaCountByType(a)).reduce((x, y) => x + y, 0);
      return { area: ip(a), interfaces: mine.length, fullAdjacencies: full, lsas: counts };
    }),
    lsas: o.lsdb.size,
    externalsOriginated: o.redistributed().length,
    spf: {
      runs: c.spfRuns,
      lastRunMsAgo: c.lastSpfAt === undefined ? null : Math.round(now - c.lastSpfAt),
      lastDurationMs: c.lastSpfMs,
      pending: o.spfPending(),
    },
    ready: o.initialSyncDone(),
    counters: {
      packetsIn: { ...c.packetsIn },
      packetsOut: { ...c.packetsOut },
      dropped: c.dropTotals(),
      sendErrors: c.sendErrors,
      exchangeRestarts: c.exchangeRestarts,
      internalErrors: c.internalErrors,
    },
  };
}

// ---- interfaces ----

export interface OspfRouterRef {
  routerId: string;
  address: string;
}

export interface OspfInterfaceView {
  name: string;
  ifindex: number;
  area: string;
  /** Address with prefix length, e.g. 10.0.0.1/24. */
  address: string;
  network: 'broadcast' | 'point-to-point';
  state: string;
  passive: boolean;
  cost: number;
  priority: number;
  helloInterval: number;
  deadInterval: number;
  retransmitInterval: number;
  transmitDelay: number;
  mtu: number;
  mtuIgnore: boolean;
  authentication: string;
  dr: OspfRouterRef | null;
  bdr: OspfRouterRef | null;
  neighbors: number;
  adjacentNeighbors: number;
}

function routerRef(id: number, addr: number): OspfRouterRef | null {
  return addr === 0 ? null : { routerId: ip(id), address: ip(addr) };
}

export function interfaceView(i: OspfInterface): OspfInterfaceView {
  const s = i.spec;
  let full = 0;
  for (const n of i.nbrs.values()) if (n.st.state === 'Full') full++;
  return {
    name: s.name,
    ifindex: s.ifindex,
    area: ip(s.area),
    address: `${ip(s.address)}/${maskLen(s.mask)}`,
    network: s.network === 'broadcast' ? 'broadcast' : 'point-to-point',
    state: i.ifc.state,
    passive: s.passive,
    cost: s.cost,
    priority: s.priority,
    helloInterval: s.helloInterval,
    deadInterval: s.deadInterval,
    retransmitInterval: s.rxmtInterval,
    transmitDelay: s.transmitDelay,
    mtu: s.mtu,
    mtuIgnore: s.mtuIgnore,
    authentication: s.auth.type,
    dr: routerRef(i.ifc.drId, i.ifc.dr),
    bdr: routerRef(i.ifc.bdrId, i.ifc.bdr),
    neighbors: i.nbrs.size,
    adjacentNeighbors: full,
  };
}

export function interfacesView(o: OspfInstance): OspfInterfaceView[] {
  return [...o.interfaces()].map(interfaceView).sort((a, b) => (a.name < b.name ? -1 : 1));
}

// ---- neighbors ----

export interface OspfNeighborView {
  routerId: string;
  address: string;
  interface: string;
  area: string;
  state: string;
  /** The neighbor's role on the network as its Hellos declare it: DR, Backup or DROther ('-' on p2p links). */
  role: 'DR' | 'Backup' | 'DROther' | '-';
  priority: number;
  /** DR and BDR as the neighbor's Hellos list them (addresses), null for none. */
  dr: string | null;
  bdr: string | null;
  deadTimeLeftMs: number | null;
  /** Seconds in the current state. */
  stateForSeconds: number;
  stateChanges: number;
  requestList: number;
  retransmitList: number;
}

export function neighborsView(o: OspfInstance): OspfNeighborView[] {
  const now = o.clock.now();
  const out: OspfNeighborView[] = [];
  for (const i of o.interfaces()) {
    for (const n of i.nbrs.values()) {
      const st = n.st;
      const role = !i.broadcast ? '-' : st.dr === st.address ? 'DR' : st.bdr === st.address ? 'Backup' : 'DROther';
      out.push({
        routerId: ip(st.routerId),
        address: ip(st.address),
        interface: i.name,
        area: ip(i.area),
        state: st.state,
        role,
        priority: st.priority,
        dr: st.dr === 0 ? null : ip(st.dr),
        bdr: st.bdr === 0 ? null : ip(st.bdr),
        deadTimeLeftMs: n.inactivityAt === undefined ? null : Math.max(0, Math.round(n.inactivityAt - now)),
        stateForSeconds: Math.floor((now - n.stateSince) / 1000),
        stateChanges: n.stateChanges,
        requestList: st.requests.size,
        retransmitList: n.rxmt.size,
      });
    }
  }
  return out.sort((a, b) =>
    a.interface < b.interface ? -1 : a.interface > b.interface ? 1 : a.routerId < b.routerId ? -1 : 1,
  );
}

// ---- database ----

export interface OspfLsaView {
  type: number;
  typeName: string;
  lsid: string;
  advRouter: string;
  age: number;
  /** Hex, as FRR prints it (0x80000001). */
  seq: string;
  checksum: string;
  length: number;
  self: boolean;
  /** Type 9 only: the interface it belongs to. */
  interface?: string;
  /** The route it describes, for summary and external LSAs (prefix, metric, E1/E2), and router-LSA link counts. */
  prefix?: string;
  metric?: number;
  metricType?: 'E1' | 'E2';
  links?: number;
}

export interface OspfDatabaseView {
  routerId: string;
  areas: { area: string; lsas: OspfLsaView[] }[];
  /** AS-scope LSAs (types 5 and 11). */
  external: OspfLsaView[];
}

export function lsaView(e: LsdbEntry, now: number): OspfLsaView {
  const h = e.lsa.header;
  const v: OspfLsaView = {
    type: h.type,
    typeName: LSA_TYPE_NAMES[h.type] ?? String(h.type),
    lsid: ip(h.lsid),
    advRouter: ip(h.advRouter),
    age: e.ageAt(now),
    seq: hex(h.seq, 8),
    checksum: hex(h.checksum, 4),
    length: h.length,
    self: e.self,
  };
  if (e.link !== undefined) v.interface = e.link;
  const b = e.lsa.body;
  if (b.kind === 'router') v.links = b.links.length;
  else if (b.kind === 'summary' || b.kind === 'external') {
    v.prefix = `${ip((h.lsid & b.mask) >>> 0)}/${maskLen(b.mask)}`;
    v.metric = b.metric;
    if (b.kind === 'external') v.metricType = b.e2 ? 'E2' : 'E1';
  }
  return v;
}

function sortLsas(list: OspfLsaView[]): OspfLsaView[] {
  const k = (v: OspfLsaView) => [v.type, ...v.lsid.split('.').map(Number), ...v.advRouter.split('.').map(Number)];
  return list.sort((a, b) => {
    const x = k(a);
    const y = k(b);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return 0;
  });
}

export function databaseView(o: OspfInstance): OspfDatabaseView {
  const now = o.clock.now();
  const areas = o.lsdb.areaIds().map((a) => {
    const lsas: OspfLsaView[] = [];
    for (const e of o.lsdb.entries(a)) lsas.push(lsaView(e, now));
    for (const i of o.interfaces())
      if (i.area === a) for (const e of o.lsdb.entries(a, 9, i.name)) lsas.push(lsaView(e, now));
    return { area: ip(a), lsas: sortLsas(lsas) };
  });
  const external: OspfLsaView[] = [];
  const first = o.lsdb.areaIds()[0];
  if (first !== undefined) {
    for (const t of [5, 11] as const)
      for (const e of o.lsdb.entries(first, t)) if (e.area === AS_SCOPE) external.push(lsaView(e, now));
  }
  return { routerId: o.routerIdText, areas, external: sortLsas(external) };
}

// ---- routes ----

export interface OspfRouteView {
  prefix: string;
  type: 'intra' | 'inter' | 'E1' | 'E2';
  /** Intra/inter/E1: the total cost; E2: the cost to the ASBR (FRR's "[cost/type2cost]" first number). */
  cost: number;
  type2Cost?: number;
  area: string;
  nexthops: { address: string | null; interface: string }[];
}

const TYPE_NAMES = { intra: 'intra', inter: 'inter', e1: 'E1', e2: 'E2' } as const;

export function routeView(prefix: PrefixKey, r: OspfRoute): OspfRouteView {
  const v: OspfRouteView = {
    prefix: formatPrefix(prefix),
    type: TYPE_NAMES[r.type],
    cost: r.cost,
    area: ip(r.area),
    nexthops: r.nexthops.map((n) => ({ address: n.address === 0 ? null : ip(n.address), interface: n.ifIndexOrName })),
  };
  if (r.type2Cost !== undefined) v.type2Cost = r.type2Cost;
  return v;
}

export function routesView(o: OspfInstance): OspfRouteView[] {
  return [...o.routes].sort((a, b) => comparePrefix(a[0], b[0])).map(([p, r]) => routeView(p, r));
}
