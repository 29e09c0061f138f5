/**
 * The protocol-independent RIB: per prefix, one candidate per protocol; the candidate with the lowest
 * administrative distance wins (then the lower metric), and its next hops are installed together (ECMP).
 * Changes coalesce in a dirty set and reach the FIB in batches (`flush`), never one kernel write per update.
 *
 * Default distances follow FRR: connected 0, static 1, eBGP 20, OSPF 110, iBGP 200.
 */
import { comparePrefix, type PrefixKey } from '../lib/prefix.js';

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
}

export interface SelectedRoute extends Candidate {
  distance: number;
}

export interface RibChange {
  prefix: PrefixKey;
  /** null: no route any more. */
  route: SelectedRoute | null;
}

export type FibSink = (changes: readonly RibChange[]) => void;

export class Rib {
  private readonly table = new Map<PrefixKey, Map<RouteProtocol, Candidate>>();
  private readonly selected = new Map<PrefixKey, SelectedRoute>();
  private readonly dirty = new Set<PrefixKey>();
  private readonly sinks: FibSink[] = [];

  constructor(private readonly distance: Readonly<Record<RouteProtocol, number>> = DEFAULT_DISTANCE) {}

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
      m.set(protocol, { protocol, metric: c.metric, nexthops: c.nexthops });
    }
    this.dirty.add(prefix);
  }

  get pending(): number {
    return this.dirty.size;
  }

  /** Select every dirty prefix and hand the changes to the sinks in one batch. */
  flush(): RibChange[] {
    const changes: RibChange[] = [];
    for (const prefix of this.dirty) {
      const best = this.select(prefix);
      const prev = this.selected.get(prefix);
      if (best === undefined) {
        if (prev !== undefined) {
          this.selected.delete(prefix);
          changes.push({ prefix, route: null });
        }
      } else if (!prev || !sameRoute(prev, best)) {
        this.selected.set(prefix, best);
        changes.push({ prefix, route: best });
      }
    }
    this.dirty.clear();
    if (changes.length > 0) for (const s of this.sinks) s(changes);
    return changes;
  }

  private select(prefix: PrefixKey): SelectedRoute | undefined {
    const m = this.table.get(prefix);
    if (!m) return undefined;
    let best: SelectedRoute | undefined;
    for (const c of m.values()) {
      const d = this.distance[c.protocol];
      if (!best || d < best.distance || (d === best.distance && c.metric < best.metric)) best = { ...c, distance: d };
    }
    return best;
  }

  /** Every candidate for a prefix, and which one is selected. */
  candidates(prefix: PrefixKey): { selected: SelectedRoute | undefined; candidates: SelectedRoute[] } {
    const m = this.table.get(prefix);
    const all = m ? [...m.values()].map((c) => ({ ...c, distance: this.distance[c.protocol] })) : [];
    return {
      selected: this.selected.get(prefix),
      candidates: all.sort((a, b) => a.distance - b.distance || a.metric - b.metric),
    };
  }

  /** Selected routes, in prefix order (API; not a hot path). */
  routes(filter?: (p: PrefixKey) => boolean): [PrefixKey, SelectedRoute][] {
    const out = [...this.selected].filter(([p]) => !filter || filter(p));
    return out.sort((a, b) => comparePrefix(a[0], b[0]));
  }

  get size(): number {
    return this.selected.size;
  }
}

function sameRoute(a: SelectedRoute, b: SelectedRoute): boolean {
  if (a.protocol !== b.protocol || a.metric !== b.metric || a.nexthops.length !== b.nexthops.length) return false;
  return a.nexthops.every((n, i) => sameNexthop(n, b.nexthops[i] as Nexthop));
}

function sameNexthop(a: Nexthop, b: Nexthop): boolean {
  if (a.ifname !== b.ifname) return false;
  if (!a.gateway || !b.gateway) return a.gateway === b.gateway;
  return a.gateway.length === b.gateway.length && a.gateway.every((v, i) => v === b.gateway?.[i]);
}
