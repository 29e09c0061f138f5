/**
 * Static routes from the config (`rib.staticRoutes`), distance 1 by default. A route via gateways is resolved
 * recursively through the RIB; with an interface too, the gateway is taken as directly reachable there.
 * Reload replaces the set: removed routes are withdrawn, changed ones replaced.
 */

import type { StaticRouteCfg } from '../daemon/config/routing.js';
import { type PrefixKey, parseAddr, parsePrefix } from '../lib/prefix.js';
import type { Nexthop, Rib } from './rib.js';

export class StaticRoutes {
  private current = new Map<PrefixKey, string>();

  constructor(private readonly rib: Rib) {}

  apply(routes: readonly StaticRouteCfg[]): void {
    const next = new Map<PrefixKey, string>();
    for (const r of routes) {
      const p = parsePrefix(r.prefix);
      if (!p.ok) continue;
      const sig = JSON.stringify(r);
      next.set(p.value, sig);
      if (this.current.get(p.value) === sig) continue;
      const gws = r.via.map((v) => parseAddr(v)?.addr).filter((a): a is Uint8Array => a !== undefined);
      const ifname = r.interface;
      const nexthops: Nexthop[] =
        gws.length === 0
          ? [{ ifname: ifname ?? '' }]
          : gws.map((g) => ({ gateway: g, ...(ifname !== undefined ? { ifname } : {}) }));
      this.rib.set('static', p.value, {
        metric: r.metric,
        nexthops,
        ...(gws.length > 0 && ifname === undefined ? { recursive: true } : {}),
      });
    }
    for (const p of this.current.keys()) if (!next.has(p)) this.rib.set('static', p, null);
    this.current = next;
  }
}
