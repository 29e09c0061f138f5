/**
 * The protocol-independent RIB: per prefix, one candidate per protocol; the candidate with the lowest
 * administrative distance wins (then the lower metric), and its next hops are installed together (ECMP).
 * Changes coalesce in a dirty set and reach the FIB in batches (`flush`), never one kernel write per update.
 *
 * Recursive next hops (BGP, static routes to a remote gateway) are resolved through the RIB itself: the
 * longest-prefix match among selected routes, never the route being resolved and never the default route
 * (FRR's default). A route whose next hops all fail to resolve is not eligible and the next candidate wins.
 * Resolution is tracked per gateway address (next-hop tracking): after each batch every tracked gateway is
 * resolved again — a few thousand map lookups, not O(table) — and the routes using a gateway whose
 * resolution changed are selected again; protocols that asked to be told (BGP) are called back.
 *
 * Default distances follow FRR: connected 0, static 1, eBGP 20, OSPF 110, iBGP 200.
 */
import { afiOf, comparePrefix, keyFromParts, type PrefixKey, prefixLen } from '../lib/prefix.js';

export type RouteProtocol = 'connected' | 'static' | 'ebgp' | 'ibgp' | 'ospf' | 'announcer';

export const DEFAULT_DISTANCE: Readonly<Record<RouteProtocol, number>> = {
  connected: 0,
  static: 1,
  ebgp: 20,
  ospf: 110,
  ibgp: 200,
  announcer: 250,
};

export interface Nexthop {
  /** Gateway address octets (4 or 16); absent for a directly connected route. */
  gateway?: Uint8Array;
  /** Outgoing interface name, when known. */
  ifname?: string;
}

export interface Candidate {
  protocol: RouteProtocol;
  metric: number;
  nexthops: Nexthop[];
  /** The gateways may be indirect: resolve them through the RIB (BGP, static via a remote gateway). */
  recursive?: boolean;
}

export interface SelectedRoute extends Candidate {
  distance: number;
  /** For a recursive candidate, the gateways as given; `nexthops` then holds what they resolved to. */
  via?: Uint8Array[];
}

export interface RibChange {
  prefix: PrefixKey;
  /** null: no route any more. */
  route: SelectedRoute | null;
}

export type FibSink = (changes: readonly RibChange[]) => void;

/** How a gateway resolves: through which selected route, to which directly connected next hops. */
export interface Resolution {
  via: PrefixKey;
  metric: number;
  nexthops: Nexthop[];
}

interface Gateway {
  addr: Uint8Array;
  res: Resolution | undefined;
  /** Prefixes whose selected route uses this gateway. */
  users: Set<PrefixKey>;
  /** Callbacks of protocols tracking this gateway (BGP next-hop tracking). */
  watchers: Set<(gw: Uint8Array) => void>;
}

/** Bound on dependency rounds per flush (a chain of recursive routes deeper than this is a loop). */
const MAX_ROUNDS = 8;

export class Rib {
  private readonly table = new Map<PrefixKey, Map<RouteProtocol, Candidate>>();
  private readonly selected = new Map<PrefixKey, SelectedRoute>();
  private readonly dirty = new Set<PrefixKey>();
  private readonly sinks: FibSink[] = [];
  private readonly gateways = new Map<string, Gateway>();
  /** Per prefix, the gateways its selection depends on (see `watch`). */
  private readonly watching = new Map<PrefixKey, Uint8Array[]>();
  /** Per family, how many selected prefixes have each length (lookups try only lengths in use). */
  private readonly lens = { 1: new Int32Array(33), 2: new Int32Array(129) };

  private flushScheduled = false;
  private distance: Readonly<Record<RouteProtocol, number>>;
  private readonly schedule: ((fn: () => void) => void) | undefined;

  /**
   * `schedule`: how a flush is scheduled after changes (default: the next event-loop turn, so every change of
   * one turn goes out in one batch); `null` for manual flushing (unit tests).
   */
  constructor(
    opts: { distance?: Partial<Record<RouteProtocol, number>>; schedule?: ((fn: () => void) => void) | null } = {},
  ) {
    this.distance = { ...DEFAULT_DISTANCE, ...opts.distance };
    this.schedule = opts.schedule === null ? undefined : (opts.schedule ?? ((fn) => setImmediate(fn)));
  }

  /** Change administrative distances (config reload): every prefix is selected again at the next flush. */
  setDistances(d: Partial<Record<RouteProtocol, number>>): void {
    const next = { ...DEFAULT_DISTANCE, ...d };
    if (JSON.stringify(next) === JSON.stringify(this.distance)) return;
    this.distance = next;
    for (const p of this.table.keys()) this.markDirty(p);
  }

  private markDirty(prefix: PrefixKey): void {
    this.dirty.add(prefix);
    if (this.schedule && !this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  onChange(sink: FibSink): void {
    this.sinks.push(sink);
  }

  /** Set (or with null, remove) a protocol's candidate for a prefix. Takes effect at the next flush. */
  set(protocol: RouteProtocol, prefix: PrefixKey, c: Omit<Candidate, 'protocol'> | null): void {
    let m = this.table.get(prefix);
    if (c === null) {
      if (!m?.delete(protocol)) return;
      if (m.size === 0) this.table.delete(prefix);
    } else {
      if (!m) {
        m = new Map();
        this.table.set(prefix, m);
      }
      m.set(protocol, {
        protocol,
        metric: c.metric,
        nexthops: c.nexthops,
        ...(c.recursive ? { recursive: true } : {}),
      });
    }
    this.markDirty(prefix);
  }

  get pending(): number {
    return this.dirty.size;
  }

  /** Select every dirty prefix (and those whose next hops now resolve differently); one batch to the sinks. */
  flush(): RibChange[] {
    const changed = new Map<PrefixKey, RibChange>();
    for (let round = 0; round < MAX_ROUNDS && this.dirty.size > 0; round++) {
      const batch = [...this.dirty];
      this.dirty.clear();
      for (const prefix of batch) {
        const c = this.reselect(prefix);
        if (c) changed.set(prefix, c);
      }
      this.reresolveGateways();
    }
    const out = [...changed.values()];
    if (out.length > 0) for (const s of this.sinks) s(out);
    return out;
  }

  private reselect(prefix: PrefixKey): RibChange | undefined {
    const prev = this.selected.get(prefix);
    const { best, gateways } = this.select(prefix);
    this.watch(prefix, gateways);
    if (best === undefined) {
      if (prev === undefined) return undefined;
      this.selected.delete(prefix);
      this.countLen(prefix, -1);
      return { prefix, route: null };
    }
    if (prev && sameRoute(prev, best)) return undefined;
    if (!prev) this.countLen(prefix, 1);
    this.selected.set(prefix, best);
    return { prefix, route: best };
  }

  /**
   * The gateways whose resolution decides this prefix's selection: those of every recursive candidate up to
   * and including the winner (a better candidate that failed to resolve must be retried when it resolves).
   */
  private watch(prefix: PrefixKey, gateways: Uint8Array[]): void {
    const before = this.watching.get(prefix);
    for (const g of gateways) this.gateway(g).users.add(prefix);
    if (before) {
      for (const g of before) {
        if (gateways.some((x) => sameAddr(x, g))) continue;
        const gw = this.gateways.get(gwKey(g));
        if (!gw) continue;
        gw.users.delete(prefix);
        this.maybeDrop(gw);
      }
    }
    if (gateways.length > 0) this.watching.set(prefix, gateways);
    else this.watching.delete(prefix);
  }

  private countLen(prefix: PrefixKey, d: number): void {
    const a = this.lens[afiOf(prefix)];
    const l = prefixLen(prefix);
    a[l] = (a[l] ?? 0) + d;
  }

  private select(prefix: PrefixKey): { best: SelectedRoute | undefined; gateways: Uint8Array[] } {
    const gateways: Uint8Array[] = [];
    const m = this.table.get(prefix);
    if (!m) return { best: undefined, gateways };
    const order = [...m.values()].sort(
      (a, b) => this.distance[a.protocol] - this.distance[b.protocol] || a.metric - b.metric,
    );
    for (const c of order) {
      const distance = this.distance[c.protocol];
      if (!c.recursive) return { best: { ...c, distance }, gateways };
      const nexthops: Nexthop[] = [];
      const via: Uint8Array[] = [];
      for (const nh of c.nexthops) {
        if (!nh.gateway) continue;
        via.push(nh.gateway);
        gateways.push(nh.gateway);
        const r = this.lookup(nh.gateway, prefix);
        if (!r) continue;
        for (const x of r.nexthops) if (!nexthops.some((y) => sameNexthop(x, y))) nexthops.push(x);
      }
      if (nexthops.length > 0) {
        return { best: { protocol: c.protocol, metric: c.metric, nexthops, distance, recursive: true, via }, gateways };
      }
    }
    return { best: undefined, gateways };
  }

  /**
   * Resolve a gateway: the longest selected prefix containing it, other than `exclude` (the route being
   * resolved) and other than a default route. Through a connected route the gateway itself is the next hop;
   * through any other route, that route's (already resolved) next hops are.
   */
  lookup(gw: Uint8Array, exclude?: PrefixKey): Resolution | undefined {
    const afi = gw.length === 4 ? 1 : 2;
    const max = afi === 1 ? 32 : 128;
    const host = keyFromParts(afi, gw, max);
    const lens = this.lens[afi];
    for (let len = max; len > 0; len--) {
      if (lens[len] === 0) continue;
      const k = len === max ? host : keyFromParts(afi, gw, len);
      if (k === exclude) continue;
      const r = this.selected.get(k);
      if (!r) continue;
      if (r.protocol === 'connected') {
        const ifname = r.nexthops[0]?.ifname;
        return { via: k, metric: 0, nexthops: [{ gateway: gw, ...(ifname !== undefined ? { ifname } : {}) }] };
      }
      const nexthops = r.nexthops.filter((n) => n.gateway !== undefined || n.ifname !== undefined);
      if (nexthops.length === 0) continue;
      return { via: k, metric: r.metric, nexthops };
    }
    return undefined;
  }

  /** Next-hop tracking: resolve every gateway in use again; re-select the users of those that changed. */
  private reresolveGateways(): void {
    for (const g of this.gateways.values()) {
      const before = g.res;
      const after = this.lookup(g.addr);
      if (sameResolution(before, after)) continue;
      g.res = after;
      for (const p of g.users) this.dirty.add(p);
      for (const w of g.watchers) w(g.addr);
    }
  }

  private gateway(addr: Uint8Array): Gateway {
    const k = gwKey(addr);
    let g = this.gateways.get(k);
    if (!g) {
      g = { addr: Uint8Array.from(addr), res: this.lookup(addr), users: new Set(), watchers: new Set() };
      this.gateways.set(k, g);
    }
    return g;
  }

  private maybeDrop(g: Gateway): void {
    if (g.users.size === 0 && g.watchers.size === 0) this.gateways.delete(gwKey(g.addr));
  }

  /** How a next hop resolves now (BGP's eligibility and IGP metric). */
  resolveNexthop(addr: Uint8Array): Resolution | undefined {
    return this.gateways.get(gwKey(addr))?.res ?? this.lookup(addr);
  }

  /** Be told (after a flush) when `addr` starts, stops or changes resolving. Returns an untrack function. */
  trackNexthop(addr: Uint8Array, cb: (gw: Uint8Array) => void): () => void {
    const g = this.gateway(addr);
    g.watchers.add(cb);
    return () => {
      g.watchers.delete(cb);
      this.maybeDrop(g);
    };
  }

  /** Every candidate for a prefix, and which one is selected (API "why"). */
  candidates(prefix: PrefixKey): {
    selected: SelectedRoute | undefined;
    candidates: (Candidate & { distance: number })[];
  } {
    const m = this.table.get(prefix);
    const all = m ? [...m.values()].map((c) => ({ ...c, distance: this.distance[c.protocol] })) : [];
    return {
      selected: this.selected.get(prefix),
      candidates: all.sort((a, b) => a.distance - b.distance || a.metric - b.metric),
    };
  }

  /** Prefixes that have candidates (selected or not), in order (API; not a hot path). */
  prefixes(filter?: (p: PrefixKey) => boolean): PrefixKey[] {
    return [...this.table.keys()].filter((p) => !filter || filter(p)).sort(comparePrefix);
  }

  /** Selected routes, in prefix order (API; not a hot path). */
  routes(filter?: (p: PrefixKey) => boolean): [PrefixKey, SelectedRoute][] {
    const out = [...this.selected].filter(([p]) => !filter || filter(p));
    return out.sort((a, b) => comparePrefix(a[0], b[0]));
  }

  get size(): number {
    return this.selected.size;
  }

  get trackedGateways(): number {
    return this.gateways.size;
  }
}

function gwKey(a: Uint8Array): string {
  return String.fromCharCode(...a);
}

function sameRoute(a: SelectedRoute, b: SelectedRoute): boolean {
  if (a.protocol !== b.protocol || a.metric !== b.metric || a.nexthops.length !== b.nexthops.length) return false;
  return a.nexthops.every((n, i) => sameNexthop(n, b.nexthops[i] as Nexthop));
}

function sameAddr(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameNexthop(a: Nexthop, b: Nexthop): boolean {
  if (a.ifname !== b.ifname) return false;
  if (!a.gateway || !b.gateway) return a.gateway === b.gateway;
  return a.gateway.length === b.gateway.length && a.gateway.every((v, i) => v === b.gateway?.[i]);
}

function sameResolution(a: Resolution | undefined, b: Resolution | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.via === b.via &&
    a.metric === b.metric &&
    a.nexthops.length === b.nexthops.length &&
    a.nexthops.every((n, i) => sameNexthop(n, b.nexthops[i] as Nexthop))
  );
}
