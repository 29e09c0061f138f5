/**
 * Redistribution into OSPF (RFC 2328 §12.4.4, Appendix E): routes of the configured protocols (connected,
 * static, BGP) selected in the protocol-independent RIB, through the optional route map, become
 * AS-external-LSAs with the configured metric and type (E1/E2; a route map's `set metric` wins), as FRR's
 * `redistribute connected|static|bgp [metric N] [metric-type 1|2] [route-map M]`.
 *
 * Not redistributed: IPv6, the default route (FRR needs `default-information originate` for it), OSPF's own
 * routes, and the subnets of our OSPF interfaces (already in the router-LSAs).
 *
 * Link State IDs (Appendix E): the network address; when another prefix with the same address but a
 * different mask already holds it, the host bits are set instead (network | ~mask). A third prefix on the
 * same address is not advertised (counted and logged).
 */
import type { OspfCfg } from '../daemon/config/ospf.js';
import { isV4, type PrefixKey, prefixLen, v4KeyAddr } from '../lib/prefix.js';
import { applyRouteMap, type CompiledPolicy } from '../rib/policy/index.js';
import type { RibChange, SelectedRoute } from '../rib/rib.js';
import type { ExternalRoute } from './originate.js';

export interface RedistHost {
  cfg(): OspfCfg;
  policy(): CompiledPolicy;
  /** Prefixes of our OSPF interfaces' subnets. */
  isOspfSubnet(prefix: number): boolean;
  /** The LSA with this Link State ID must be (re)originated or flushed. */
  changed(lsid: number): void;
  conflict(prefix: PrefixKey): void;
}

interface Redist extends ExternalRoute {
  lsid: number;
}

const maskOf = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

export class Redistributor {
  private readonly byPrefix = new Map<number, Redist>();
  private readonly byLsid = new Map<number, number>();

  constructor(private readonly h: RedistHost) {}

  get size(): number {
    return this.byPrefix.size;
  }

  byLsidGet(lsid: number): ExternalRoute | undefined {
    const p = this.byLsid.get(lsid >>> 0);
    return p === undefined ? undefined : this.byPrefix.get(p);
  }

  /** The RIB's selections changed: follow them. */
  ribChanged(changes: readonly RibChange[]): void {
    for (const c of changes) {
      if (!isV4(c.prefix)) continue;
      const want = c.route ? this.wanted(c.prefix, c.route) : undefined;
      this.apply(c.prefix, want);
    }
  }

  /** Re-evaluate every selected route (start, configuration or policy change). */
  resync(routes: Iterable<[PrefixKey, SelectedRoute]>): void {
    const seen = new Set<number>();
    for (const [p, r] of routes) {
      if (!isV4(p)) continue;
      seen.add(p);
      this.apply(p, this.wanted(p, r));
    }
    for (const p of [...this.byPrefix.keys()]) if (!seen.has(p)) this.apply(p, undefined);
  }

  private wanted(prefix: number, r: SelectedRoute): { metric: number; e2: boolean } | undefined {
    const len = prefixLen(prefix);
    if (len === 0 || r.protocol === 'ospf') return undefined;
    const proto = r.protocol === 'ebgp' || r.protocol === 'ibgp' ? 'bgp' : r.protocol;
    if (proto !== 'connected' && proto !== 'static' && proto !== 'bgp') return undefined;
    const rule = this.h.cfg().redistribute.find((x) => x.protocol === proto);
    if (!rule) return undefined;
    if (proto === 'connected' && this.h.isOspfSubnet(prefix)) return undefined;
    let metric = rule.metric;
    if (rule.routeMap !== undefined) {
      const res = applyRouteMap(this.h.policy().routeMaps.get(rule.routeMap), {
        prefix,
        attrs: { origin: 2, asPath: [], med: rule.metric },
        protocol: proto,
        metric: r.metric,
      });
      if (res.action !== 'permit') return undefined;
      metric = res.attrs.med ?? rule.metric;
    }
    return { metric: Math.min(metric, 0xfffffe), e2: rule.metricType === 2 };
  }

  private apply(prefix: number, want: { metric: number; e2: boolean } | undefined): void {
    const have = this.byPrefix.get(prefix);
    if (!want) {
      if (!have) return;
      this.byPrefix.delete(prefix);
      this.byLsid.delete(have.lsid);
      this.h.changed(have.lsid);
      return;
    }
    if (have) {
      if (have.metric === want.metric && have.e2 === want.e2) return;
      have.metric = want.metric;
      have.e2 = want.e2;
      this.h.changed(have.lsid);
      return;
    }
    const len = prefixLen(prefix);
    const mask = maskOf(len);
    const network = v4KeyAddr(prefix) >>> 0;
    let lsid = network;
    if (this.byLsid.has(lsid)) lsid = (network | ~mask) >>> 0;
    if (this.byLsid.has(lsid)) {
      this.h.conflict(prefix);
      return;
    }
    this.byPrefix.set(prefix, { network, mask, metric: want.metric, e2: want.e2, lsid });
    this.byLsid.set(lsid, prefix);
    this.h.changed(lsid);
  }

  /** Every redistributed prefix with its LSA's metric and type (views). */
  entries(): [number, Redist][] {
    return [...this.byPrefix];
  }
}
