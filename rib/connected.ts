/**
 * Connected routes: every interface address contributes its subnet to the RIB (distance 0), so next hops on
 * those subnets resolve and connected subnets win over anything learned. IPv6 link-local subnets are left out.
 * The kernel owns these routes; the FIB never installs them (see daemon wiring).
 */
import type { PrefixKey } from '../lib/prefix.js';
import type { Rib } from './rib.js';
import { type InterfaceSource, isLinkLocal } from './sources/interfaces.js';

export class ConnectedRoutes {
  private current = new Map<PrefixKey, string>();

  constructor(
    private readonly rib: Rib,
    private readonly src: InterfaceSource,
  ) {
    src.onChange(() => this.sync());
    this.sync();
  }

  sync(): void {
    const next = new Map<PrefixKey, string>();
    for (const ifc of this.src.list()) {
      for (const a of ifc.addrs) if (!isLinkLocal(a) && !next.has(a.prefix)) next.set(a.prefix, ifc.name);
    }
    for (const [p, ifname] of next) {
      if (this.current.get(p) !== ifname) this.rib.set('connected', p, { metric: 0, nexthops: [{ ifname }] });
    }
    for (const p of this.current.keys()) if (!next.has(p)) this.rib.set('connected', p, null);
    this.current = next;
  }
}
