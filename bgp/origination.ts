/**
 * What this host originates into BGP: the `advertise` block (configured prefixes and the subnets of matching
 * interfaces, origin IGP, only while they exist) and redistribution (routes of the listed protocols selected
 * in the protocol-independent RIB, origin INCOMPLETE, through the route map, as FRR's
 * `redistribute connected|static|ospf route-map M`). An explicit advertisement wins over a redistributed
 * route for the same prefix.
 */
import type { BgpCfg } from '../daemon/config/bgp.js';
import { type PrefixKey, parsePrefix } from '../lib/prefix.js';
import { applyRouteMap, type CompiledPolicy } from '../rib/policy/index.js';
import type { Rib, RibChange, SelectedRoute } from '../rib/rib.js';
import { globMatch, type InterfaceSource, isLinkLocal } from '../rib/sources/interfaces.js';
import type { PathAttrs } from './packet/types.js';
import type { BgpRib } from './rib/index.js';

const ORIGIN_IGP: PathAttrs = Object.freeze({ origin: 0, asPath: [] }) as PathAttrs;

export interface LocalRoutesDeps {
  cfg(): BgpCfg;
  policy(): CompiledPolicy;
  interfaces: InterfaceSource;
  rib: Rib;
  bgpRib(): BgpRib;
  /** Something was originated or withdrawn: a BGP flush is due. */
  changed(): void;
}

export class LocalRoutes {
  /** What we originate into the BGP RIB (the attribute object identifies the source). */
  private readonly originated = new Map<PrefixKey, PathAttrs>();
  /** Routes of redistributed protocols, with their attributes after the route map. */
  private readonly redistributed = new Map<PrefixKey, PathAttrs>();

  constructor(private readonly d: LocalRoutesDeps) {}

  prefixes(): PrefixKey[] {
    return [...this.originated.keys()];
  }

  /** Bring the BGP RIB's local routes in line (all prefixes, or `only` these). */
  sync(only?: Iterable<PrefixKey>): void {
    const advertised = this.advertised();
    const keys = only
      ? new Set(only)
      : new Set([...advertised, ...this.redistributed.keys(), ...this.originated.keys()]);
    const rib = this.d.bgpRib();
    let changed = false;
    for (const p of keys) {
      const want = advertised.has(p) ? ORIGIN_IGP : this.redistributed.get(p);
      const have = this.originated.get(p);
      if (want === have) continue;
      if (want) {
        rib.originate(p, want);
        this.originated.set(p, want);
      } else {
        rib.withdrawOriginated(p);
        this.originated.delete(p);
      }
      changed = true;
    }
    if (changed) this.d.changed();
  }

  private advertised(): Set<PrefixKey> {
    const cfg = this.d.cfg();
    const want = new Set<PrefixKey>();
    for (const t of cfg.advertise.prefixes) {
      const r = parsePrefix(t);
      if (r.ok) want.add(r.value);
    }
    for (const ifc of this.d.interfaces.list()) {
      if (!cfg.advertise.interfaces.some((pat) => globMatch(pat, ifc.name))) continue;
      for (const a of ifc.addrs) if (!isLinkLocal(a)) want.add(a.prefix);
    }
    return want;
  }

  /** The RIB's selections changed: follow them for redistributed protocols. */
  ribChanged(changes: readonly RibChange[]): void {
    const touched: PrefixKey[] = [];
    for (const c of changes) {
      const attrs = c.route ? this.redistAttrs(c.prefix, c.route) : undefined;
      const before = this.redistributed.get(c.prefix);
      if (attrs === before || (attrs && before && sameAttrs(attrs, before))) continue;
      if (attrs) this.redistributed.set(c.prefix, attrs);
      else this.redistributed.delete(c.prefix);
      touched.push(c.prefix);
    }
    if (touched.length > 0) this.sync(touched);
  }

  private redistAttrs(prefix: PrefixKey, r: SelectedRoute): PathAttrs | undefined {
    const rule = this.d.cfg().redistribute.find((x) => x.protocol === r.protocol);
    if (!rule) return undefined;
    const attrs: PathAttrs = { origin: 2, asPath: [], med: r.metric };
    if (rule.routeMap === undefined) return attrs;
    const res = applyRouteMap(this.d.policy().routeMaps.get(rule.routeMap), {
      prefix,
      attrs,
      protocol: r.protocol === 'connected' ? 'connected' : r.protocol === 'static' ? 'static' : 'ospf',
      metric: r.metric,
    });
    return res.action === 'permit' ? res.attrs : undefined;
  }

  /** Re-evaluate every redistributed route and advertisement (start, config change). */
  redistributeAll(): void {
    this.redistributed.clear();
    this.ribChanged(this.d.rib.routes().map(([prefix, route]) => ({ prefix, route })));
    this.sync();
  }
}

/** Redistributed attributes are small and flat (origin, empty AS_PATH, MED, route-map sets). */
function sameAttrs(a: PathAttrs, b: PathAttrs): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
