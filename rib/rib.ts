/**
 * The protocol-independent RIB: per prefix, one candidate per protocol; the candidate with the lowest
 * administrative distance wins (then the lower metric), and its next hops are installed together (ECMP).
 * Changes coalesce in a dirty set and reach the FIB in batches (`flush`), never one kernel write per update.
 *
 * Recursive next hops (BGP, static routes to a remote gateway) are resolved through the RIB itself: the
 * longest-prefix match among selected routes, never the route being resolved and never the default route
 * (FRR's default). A route whose next hops all fail to resolve is not eligible and the next candidate wins.
 *
 * Built for a 1M-prefix table (DESIGN.md §3.9): next-hop lists, candidates and selected routes are interned,
 * so a million prefixes learned over two sessions share a handful of objects and the per-prefix cost is two
 * map entries. A set of gateways is resolved once per batch, not once per prefix. Next-hop tracking is per
 * gateway: after each batch every gateway in use is resolved again (a few thousand lookups, not O(table));
 * when one changes, the prefixes whose candidates use it are found by one scan of the table — rare events
 * (a link or an IGP route changing), where a scan is cheaper than keeping a million back references.
 *
 * Default distances follow FRR: connected 0, static 1, eBGP 20, OSPF 110, iBGP 200.
 */

import { afiOf, comparePrefix, keyFromParts, type PrefixKey, prefixLen } from '../lib/prefix.js';
import { PrefixMap } from '../lib/prefix-map.js';

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
  readonly gateway?: Uint8Array;
  /** Outgoing interface name, when known. */
  readonly ifname?: string;
}

export interface Candidate {
  readonly protocol: RouteProtocol;
  readonly metric: number;
  /** Interned and frozen: equal lists are one array. */
  readonly nexthops: readonly Nexthop[];
  /** The gateways may be indirect: resolve them through the RIB (BGP, static via a remote gateway). */
  readonly recursive?: boolean;
}

export interface SelectedRoute extends Candidate {
  readonly distance: number;
  /** For a recursive candidate, the gateways as given; `nexthops` then holds what they resolved to. */
  readonly via?: readonly Uint8Array[];
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
  nexthops: readonly Nexthop[];
}

interface Gateway {
  readonly addr: Uint8Array;
  res: Resolution | undefined;
  /** Interned candidates whose next hops include this gateway (they decide who must be selected again). */
  readonly cands: Set<Candidate>;
  /** Callbacks of protocols tracking this gateway (BGP next-hop tracking). */
  readonly watchers: Set<(gw: Uint8Array) => void>;
}

/** An interned candidate with what selection derives from it. */
interface CandState extends Candidate {
  /** The gateways of a recursive candidate (held through `Gateway.cands`). */
  gws?: Gateway[];
  /** The selected form of a non-recursive candidate (one object for every prefix that uses it). */
  plain?: SelectedRoute;
  /** For a recursive one: the selected form for the current resolution, or null when nothing resolves. */
  resolved?: SelectedRoute | null;
  /** `Rib.generation` when `resolved` was computed. */
  gen?: number;
  refs: number;
}

/** Bound on dependency rounds per flush (a chain of recursive routes deeper than this is a loop). */
const MAX_ROUNDS = 8;

type Slot = CandState | CandState[];

/** Per prefix: its candidates, the selection of the last flush, and whether it waits in the dirty queue. */
class Dest {
  slot: Slot | undefined = undefined;
  sel: SelectedRoute | undefined = undefined;
  queued = false;
}

export class Rib {
  /** One entry per prefix for candidates, selection and the dirty mark: one map lookup per change. */
  private readonly dests = new PrefixMap<Dest>();
  private selectedCount = 0;
  /** Dirty prefixes, each once (Dest.queued), as parallel arrays. */
  private dirtyKeys: PrefixKey[] = [];
  private dirtyDests: Dest[] = [];
  private readonly sinks: FibSink[] = [];
  private readonly gateways = new Map<string, Gateway>();
  private readonly nhIntern = new Map<string, readonly Nexthop[]>();
  private readonly interned = new WeakSet<readonly Nexthop[]>();
  /** Interned candidates: by protocol and recursiveness, then next-hop list (identity), then metric. */
  private readonly candIntern = new Map<string, WeakMap<readonly Nexthop[], Map<number, CandState>>>();
  private readonly allCands = new Set<CandState>();
  /** The candidate interned last (see internCand). */
  private lastCand: CandState | undefined;
  /** Per family, how many selected prefixes have each length (lookups try only lengths in use). */
  private readonly lens = { 1: new Int32Array(33), 2: new Int32Array(129) };
  /** Bumped whenever any gateway's resolution changed: recursive selections are recomputed lazily. */
  private generation = 0;
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

  onChange(sink: FibSink): void {
    this.sinks.push(sink);
  }

  /** Change administrative distances (config reload): every prefix is selected again at the next flush. */
  setDistances(d: Partial<Record<RouteProtocol, number>>): void {
    const next = { ...DEFAULT_DISTANCE, ...d };
    if (JSON.stringify(next) === JSON.stringify(this.distance)) return;
    this.distance = next;
    for (const c of this.allCands) delete c.plain;
    this.generation++;
    this.dests.forEach((d, p) => {
      this.markDirty(p, d);
    });
  }

  private markDirty(prefix: PrefixKey, d: Dest): void {
    if (d.queued) return;
    d.queued = true;
    this.dirtyKeys.push(prefix);
    this.dirtyDests.push(d);
    if (this.schedule && !this.flushScheduled) {
      this.flushScheduled = true;
      this.schedule(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  // ---- interning ----

  /** One frozen array per distinct next-hop list (callers may keep and compare them by identity). */
  internNexthops(list: readonly Nexthop[]): readonly Nexthop[] {
    if (this.interned.has(list)) return list;
    let k = '';
    for (const n of list) k += `${n.gateway ? String.fromCharCode(...n.gateway) : ''}\u0001${n.ifname ?? ''}\u0002`;
    let v = this.nhIntern.get(k);
    if (!v) {
      v = Object.freeze(
        list.map((n) =>
          Object.freeze({
            ...(n.gateway ? { gateway: Uint8Array.from(n.gateway) } : {}),
            ...(n.ifname !== undefined ? { ifname: n.ifname } : {}),
          }),
        ),
      );
      this.nhIntern.set(k, v);
      this.interned.add(v);
    }
    return v;
  }

  private candTable(protocol: RouteProtocol, recursive: boolean): WeakMap<readonly Nexthop[], Map<number, CandState>> {
    const k = recursive ? `${protocol}/r` : protocol;
    let t = this.candIntern.get(k);
    if (!t) {
      t = new WeakMap();
      this.candIntern.set(k, t);
    }
    return t;
  }

  private internCand(protocol: RouteProtocol, c: Omit<Candidate, 'protocol'>): CandState {
    // A batch of routes from one session repeats one candidate: skip the lookups for a repeat of the last.
    const last = this.lastCand;
    if (
      last !== undefined &&
      last.nexthops === c.nexthops &&
      last.protocol === protocol &&
      last.metric === c.metric &&
      (last.recursive === true) === (c.recursive === true)
    ) {
      last.refs++;
      return last;
    }
    const nexthops = this.internNexthops(c.nexthops);
    const recursive = c.recursive === true;
    const t = this.candTable(protocol, recursive);
    let byMetric = t.get(nexthops);
    if (!byMetric) {
      byMetric = new Map();
      t.set(nexthops, byMetric);
    }
    let s = byMetric.get(c.metric);
    if (!s) {
      s = { protocol, metric: c.metric, nexthops, ...(recursive ? { recursive: true } : {}), refs: 0 };
      if (recursive) {
        s.gws = nexthops.flatMap((n) => (n.gateway ? [this.gateway(n.gateway)] : []));
        for (const g of s.gws) g.cands.add(s);
      }
      byMetric.set(c.metric, s);
      this.allCands.add(s);
    }
    s.refs++;
    this.lastCand = s;
    return s;
  }

  private releaseCand(s: CandState): void {
    if (--s.refs > 0) return;
    if (this.lastCand === s) this.lastCand = undefined;
    this.candTable(s.protocol, s.recursive === true)
      .get(s.nexthops)
      ?.delete(s.metric);
    this.allCands.delete(s);
    for (const g of s.gws ?? []) {
      g.cands.delete(s);
      this.maybeDrop(g);
    }
  }

  // ---- updates ----

  /**
   * Set (or with null, remove) a protocol's candidate for a prefix; `exclusive` names a protocol whose
   * candidate goes at the same time (BGP's route is eBGP or iBGP, never both). Takes effect at the next flush.
   */
  set(
    protocol: RouteProtocol,
    prefix: PrefixKey,
    c: Omit<Candidate, 'protocol'> | null,
    exclusive?: RouteProtocol,
  ): void {
    let d = this.dests.get(prefix);
    const slot = d?.slot;
    if (slot === undefined || !Array.isArray(slot)) {
      // The common shapes, without building a list: no candidate yet, or one.
      if (c === null) {
        if (slot === undefined || (slot.protocol !== protocol && slot.protocol !== exclusive)) return;
        this.releaseCand(slot);
        d!.slot = undefined;
        this.markDirty(prefix, d!);
        return;
      }
      if (slot === undefined || slot.protocol === protocol) {
        const s = this.internCand(protocol, c);
        if (slot !== undefined) this.releaseCand(slot);
        if (slot === s) return;
        if (!d) {
          d = new Dest();
          this.dests.set(prefix, d);
        }
        d.slot = s;
        this.markDirty(prefix, d);
        return;
      }
    }
    // d exists from here on: there is a candidate.
    const list = Array.isArray(slot) ? slot : [slot!];
    let changed = false;
    const drop = (p: RouteProtocol) => {
      const at = list.findIndex((x) => x.protocol === p);
      if (at < 0) return;
      this.releaseCand(list[at] as CandState);
      list.splice(at, 1);
      changed = true;
    };
    if (exclusive !== undefined && exclusive !== protocol) drop(exclusive);
    if (c === null) drop(protocol);
    else {
      const s = this.internCand(protocol, c);
      const at = list.findIndex((x) => x.protocol === protocol);
      if (at >= 0) {
        const old = list[at] as CandState;
        list[at] = s;
        this.releaseCand(old);
        if (old !== s) changed = true;
      } else {
        list.push(s);
        changed = true;
      }
    }
    if (!changed) return;
    d!.slot = list.length === 0 ? undefined : list.length === 1 ? (list[0] as CandState) : list;
    this.markDirty(prefix, d!);
  }

  get pending(): number {
    return this.dirtyKeys.length;
  }

  /** Select every dirty prefix (and those whose next hops now resolve differently); one batch to the sinks. */
  flush(): RibChange[] {
    const out: RibChange[] = [];
    // Later rounds (recursive routes whose gateways moved) may change a prefix again: its latest change
    // replaces the earlier one. The index is built only if a second round runs.
    let at: Map<PrefixKey, number> | undefined;
    for (let round = 0; round < MAX_ROUNDS && this.dirtyKeys.length > 0; round++) {
      const keys = this.dirtyKeys;
      const dests = this.dirtyDests;
      this.dirtyKeys = [];
      this.dirtyDests = [];
      if (round === 1) at = new Map(out.map((c, i) => [c.prefix, i]));
      for (let j = 0; j < keys.length; j++) {
        const prefix = keys[j]!;
        const d = dests[j]!;
        d.queued = false;
        const c = this.reselect(prefix, d);
        if (!c) continue;
        const i = at?.get(prefix);
        if (i !== undefined) out[i] = c;
        else {
          at?.set(prefix, out.length);
          out.push(c);
        }
      }
      this.reresolveGateways();
    }
    if (out.length > 0) for (const s of this.sinks) s(out);
    return out;
  }

  private reselect(prefix: PrefixKey, d: Dest): RibChange | undefined {
    const prev = d.sel;
    const best = this.select(prefix, d.slot);
    if (best === undefined) {
      if (d.slot === undefined && this.dests.get(prefix) === d) this.dests.delete(prefix);
      if (prev === undefined) return undefined;
      d.sel = undefined;
      this.selectedCount--;
      this.countLen(prefix, -1);
      return { prefix, route: null };
    }
    if (prev === best || (prev && sameRoute(prev, best))) return undefined;
    if (!prev) {
      this.selectedCount++;
      this.countLen(prefix, 1);
    }
    d.sel = best;
    return { prefix, route: best };
  }

  private countLen(prefix: PrefixKey, d: number): void {
    const a = this.lens[afiOf(prefix)];
    const l = prefixLen(prefix);
    a[l] = (a[l] ?? 0) + d;
  }

  private select(prefix: PrefixKey, slot: Slot | undefined): SelectedRoute | undefined {
    if (slot === undefined) return undefined;
    if (!Array.isArray(slot)) return this.selectedForm(slot, prefix) ?? undefined;
    const order = [...slot].sort(
      (a, b) => this.distance[a.protocol] - this.distance[b.protocol] || a.metric - b.metric,
    );
    for (const c of order) {
      const s = this.selectedForm(c, prefix);
      if (s) return s;
    }
    return undefined;
  }

  /**
   * A candidate as selected: shared by every prefix using it. A recursive one is resolved once per gateway
   * generation; a prefix that is itself the only route to its gateway is resolved on its own (never through
   * itself), which the shared form cannot express.
   */
  private selectedForm(c: CandState, prefix: PrefixKey): SelectedRoute | null {
    if (!c.recursive) {
      c.plain ??= Object.freeze({
        protocol: c.protocol,
        metric: c.metric,
        nexthops: c.nexthops,
        distance: this.distance[c.protocol],
      });
      return c.plain;
    }
    if (c.gen !== this.generation || c.resolved === undefined) {
      c.resolved = this.resolveCand(c, undefined);
      c.gen = this.generation;
    }
    const viaSelf = c.gws?.some((g) => g.res?.via === prefix) ?? false;
    return viaSelf ? this.resolveCand(c, prefix) : c.resolved;
  }

  private resolveCand(c: CandState, exclude: PrefixKey | undefined): SelectedRoute | null {
    const nexthops: Nexthop[] = [];
    const via: Uint8Array[] = [];
    for (const nh of c.nexthops) {
      if (!nh.gateway) continue;
      via.push(nh.gateway);
      const r = exclude === undefined ? this.gateway(nh.gateway).res : this.lookup(nh.gateway, exclude);
      if (!r) continue;
      for (const x of r.nexthops) if (!nexthops.some((y) => sameNexthop(x, y))) nexthops.push(x);
    }
    if (nexthops.length === 0) return null;
    return Object.freeze({
      protocol: c.protocol,
      metric: c.metric,
      nexthops: this.internNexthops(nexthops),
      distance: this.distance[c.protocol],
      recursive: true,
      via: Object.freeze(via),
    });
  }

  /**
   * Resolve a gateway: the longest selected prefix containing it, other than `exclude` (the route being
   * resolved) and other than a default route. Through a connected route the gateway itself is the next hop;
   * through any other route, that route's (already resolved) next hops are.
   */
  lookup(gw: Uint8Array, exclude?: PrefixKey): Resolution | undefined {
    const afi = gw.length === 4 ? 1 : 2;
    const max = afi === 1 ? 32 : 128;
    const lens = this.lens[afi];
    for (let len = max; len > 0; len--) {
      if (lens[len] === 0) continue;
      const k = keyFromParts(afi, gw, len);
      if (k === exclude) continue;
      const r = this.dests.get(k)?.sel;
      if (!r) continue;
      if (r.protocol === 'connected') {
        const ifname = r.nexthops[0]?.ifname;
        return {
          via: k,
          metric: 0,
          nexthops: this.internNexthops([{ gateway: gw, ...(ifname !== undefined ? { ifname } : {}) }]),
        };
      }
      if (!r.nexthops.some((n) => n.gateway !== undefined || n.ifname !== undefined)) continue;
      return { via: k, metric: r.metric, nexthops: r.nexthops };
    }
    return undefined;
  }

  /** Next-hop tracking: resolve every gateway in use again; re-select the prefixes of those that changed. */
  private reresolveGateways(): void {
    const changed = new Set<CandState>();
    for (const g of this.gateways.values()) {
      const after = this.lookup(g.addr);
      if (sameResolution(g.res, after)) continue;
      g.res = after;
      for (const c of g.cands) changed.add(c as CandState);
      for (const w of g.watchers) w(g.addr);
    }
    if (changed.size === 0) return;
    this.generation++;
    this.dests.forEach((d, prefix) => {
      const slot = d.slot;
      if (slot === undefined) return;
      if (Array.isArray(slot) ? slot.some((c) => changed.has(c)) : changed.has(slot)) this.markDirty(prefix, d);
    });
  }

  private gateway(addr: Uint8Array): Gateway {
    const k = gwKey(addr);
    let g = this.gateways.get(k);
    if (!g) {
      g = { addr: Uint8Array.from(addr), res: this.lookup(addr), cands: new Set(), watchers: new Set() };
      this.gateways.set(k, g);
    }
    return g;
  }

  private maybeDrop(g: Gateway): void {
    if (g.cands.size === 0 && g.watchers.size === 0) this.gateways.delete(gwKey(g.addr));
  }

  /** How a next hop resolves now (BGP's eligibility and IGP metric). */
  resolveNexthop(addr: Uint8Array): Resolution | undefined {
    const g = this.gateways.get(gwKey(addr));
    return g ? g.res : this.lookup(addr);
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

  // ---- reading (API; not hot paths) ----

  /** Every candidate for a prefix, and which one is selected (API "why"). */
  candidates(prefix: PrefixKey): {
    selected: SelectedRoute | undefined;
    candidates: (Candidate & { distance: number })[];
  } {
    const d = this.dests.get(prefix);
    const slot = d?.slot;
    const list = slot === undefined ? [] : Array.isArray(slot) ? slot : [slot];
    const all = list.map((c) => ({
      protocol: c.protocol,
      metric: c.metric,
      nexthops: c.nexthops,
      ...(c.recursive ? { recursive: true } : {}),
      distance: this.distance[c.protocol],
    }));
    return {
      selected: d?.sel,
      candidates: all.sort((a, b) => a.distance - b.distance || a.metric - b.metric),
    };
  }

  /** Prefixes that have candidates (selected or not), in order. */
  prefixes(filter?: (p: PrefixKey) => boolean): PrefixKey[] {
    const out: PrefixKey[] = [];
    for (const [p, d] of this.dests) if (d.slot !== undefined && (!filter || filter(p))) out.push(p);
    return out.sort(comparePrefix);
  }

  /** Selected routes, in prefix order. */
  routes(filter?: (p: PrefixKey) => boolean): [PrefixKey, SelectedRoute][] {
    const out: [PrefixKey, SelectedRoute][] = [];
    for (const [p, d] of this.dests) if (d.sel !== undefined && (!filter || filter(p))) out.push([p, d.sel]);
    return out.sort((a, b) => comparePrefix(a[0], b[0]));
  }

  get size(): number {
    return this.selectedCount;
  }

  get trackedGateways(): number {
    return this.gateways.size;
  }
}

function gwKey(a: Uint8Array): string {
  return String.fromCharCode(...a);
}

function sameRoute(a: SelectedRoute, b: SelectedRoute): boolean {
  if (a.protocol !== b.protocol || a.metric !== b.metric) return false;
  if (a.nexthops === b.nexthops) return true;
  return (
    a.nexthops.length === b.nexthops.length && a.nexthops.every((n, i) => sameNexthop(n, b.nexthops[i] as Nexthop))
  );
}

function sameNexthop(a: Nexthop, b: Nexthop): boolean {
  if (a === b) return true;
  if (a.ifname !== b.ifname) return false;
  if (!a.gateway || !b.gateway) return a.gateway === b.gateway;
  return a.gateway.length === b.gateway.length && a.gateway.every((v, i) => v === b.gateway?.[i]);
}

function sameResolution(a: Resolution | undefined, b: Resolution | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.via === b.via &&
    a.metric === b.metric &&
    (a.nexthops === b.nexthops ||
      (a.nexthops.length === b.nexthops.length && a.nexthops.every((n, i) => sameNexthop(n, b.nexthops[i] as Nexthop))))
  );
}
