/**
 * The kernel-like route table behind MemoryDataplane: routes keyed by (table, prefix, metric) as the Linux
 * FIB keys them (fib_table_insert / fib6_add_rt2), so several protocols' routes can sit on one prefix at
 * different metrics, a replace overwrites the route at its key whoever owns it, a create-only add of a
 * taken key is EEXIST, and a delete carrying a protocol removes only that protocol's route (else ESRCH).
 *
 * Next hops are resolved like the kernel does it (when `checkNexthops`): a gateway must lie in a connected
 * prefix of an up link (of the given interface, when one is given). The errors are the kernel's, as
 * observed on Linux 6.18 with iproute2: IPv4 ENETUNREACH "Nexthop has invalid gateway", IPv6 EHOSTUNREACH
 * (no text), a down device ENETDOWN, a missing one ENODEV.
 *
 * Link down, as observed in a namespace (see fib/memory.ts for the events): every next hop over the link
 * is flagged dead; a route whose next hops are all dead is removed (IPv4 silently, IPv6 with RTM_DELROUTE);
 * an ECMP route with a live next hop stays and is whole again when the link comes back up. Routes removed
 * on link down are not restored by the kernel on link up.
 */
import { AFI_IPV4, AFI_IPV6, contains, isV4, keyFromParts, type PrefixKey } from '../lib/prefix.js';
import { err, ok } from '../lib/result.js';
import type { AckResult, FibAddress, FibLink, FibNexthop, FibRoute, FibRouteKey, NetlinkError } from './dataplane.js';
import { netlinkError } from './netlink/collect.js';
import { RTNH_F_DEAD, RTNH_F_LINKDOWN } from './netlink/constants.js';

const ENODEV = 19;
const EINVAL = 22;
const ESRCH = 3;
const EEXIST = 17;
const ENETDOWN = 100;
const ENETUNREACH = 101;
const EHOSTUNREACH = 113;
const DEAD = RTNH_F_DEAD | RTNH_F_LINKDOWN;

export interface LinkView {
  link(index: number): FibLink | undefined;
  addresses(index?: number): FibAddress[];
}

export type WriteMode = 'add' | 'replace';

export interface WriteOutcome {
  result: AckResult;
  /** The route as stored (resolved interfaces), when written. */
  stored?: FibRoute;
  replaced?: boolean;
}

function copyRoute(r: FibRoute, nexthops: FibNexthop[]): FibRoute {
  const c: FibRoute = { prefix: r.prefix, table: r.table, protocol: r.protocol, metric: r.metric, nexthops };
  if (r.type !== undefined && r.type !== 'unicast') c.type = r.type;
  return c;
}

export function cloneRoute(r: FibRoute): FibRoute {
  return copyRoute(
    r,
    r.nexthops.map((h) => ({ ...h })),
  );
}

export class KernelRoutes {
  /** table -> prefix -> routes at distinct metrics. */
  private readonly tables = new Map<number, Map<PrefixKey, FibRoute[]>>();
  private count = 0;

  constructor(
    private readonly links: LinkView,
    private readonly checkNexthops: boolean,
  ) {}

  get size(): number {
    return this.count;
  }

  find(table: number, prefix: PrefixKey, metric: number): FibRoute | undefined {
    return this.tables
      .get(table)
      ?.get(prefix)
      ?.find((r) => r.metric === metric);
  }

  write(route: FibRoute, mode: WriteMode): WriteOutcome {
    const hops = this.resolve(route);
    if (!hops.ok) return { result: hops };
    let t = this.tables.get(route.table);
    if (!t) {
      t = new Map();
      this.tables.set(route.table, t);
    }
    let list = t.get(route.prefix);
    if (!list) {
      list = [];
      t.set(route.prefix, list);
    }
    const stored = copyRoute(route, hops.value);
    const at = list.findIndex((r) => r.metric === route.metric);
    if (at >= 0) {
      if (mode === 'add') return { result: err(netlinkError(EEXIST)) };
      list[at] = stored;
      return { result: ok(undefined), stored, replaced: true };
    }
    list.push(stored);
    this.count++;
    return { result: ok(undefined), stored, replaced: false };
  }

  /** Deletes the route at the key if `key.protocol` owns it (0: any owner, as the kernel treats it). */
  delete(key: FibRouteKey): { result: AckResult; removed?: FibRoute } {
    const list = this.tables.get(key.table)?.get(key.prefix);
    const at = list ? list.findIndex((r) => r.metric === key.metric) : -1;
    const r = list?.[at];
    if (!list || !r || (key.protocol !== 0 && r.protocol !== key.protocol)) return { result: err(netlinkError(ESRCH)) };
    this.removeAt(key.table, key.prefix, list, at);
    return { result: ok(undefined), removed: r };
  }

  private removeAt(table: number, prefix: PrefixKey, list: FibRoute[], at: number): void {
    list.splice(at, 1);
    this.count--;
    if (list.length === 0) this.tables.get(table)?.delete(prefix);
  }

  all(): FibRoute[] {
    const out: FibRoute[] = [];
    for (const t of this.tables.values()) for (const list of t.values()) out.push(...list);
    return out;
  }

  /**
   * The kernel's reaction to a link going down (or away, or losing its last IPv4 address when `v4Only`):
   * next hops over it die; routes with no live next hop are removed and returned.
   */
  linkDown(index: number, v4Only = false): FibRoute[] {
    const removed: FibRoute[] = [];
    for (const [table, t] of this.tables)
      for (const [prefix, list] of t)
        for (let i = list.length - 1; i >= 0; i--) {
          const r = list[i] as FibRoute;
          if ((v4Only && !isV4(prefix)) || !r.nexthops.some((h) => h.ifindex === index)) continue;
          for (const h of r.nexthops) if (h.ifindex === index) h.flags = (h.flags ?? 0) | DEAD;
          if (r.nexthops.every((h) => ((h.flags ?? 0) & RTNH_F_DEAD) !== 0)) {
            this.removeAt(table, prefix, list, i);
            removed.push(r);
          }
        }
    return removed;
  }

  /** Dead next hops over the link come back to life (ECMP routes that survived). */
  linkUp(index: number): void {
    for (const t of this.tables.values())
      for (const list of t.values())
        for (const r of list)
          for (const h of r.nexthops)
            if (h.ifindex === index && h.flags !== undefined) {
              h.flags &= ~DEAD;
              if (h.flags === 0) delete h.flags;
            }
  }

  private resolve(route: FibRoute): { ok: true; value: FibNexthop[] } | { ok: false; error: NetlinkError } {
    const type = route.type ?? 'unicast';
    if (type !== 'unicast') {
      if (route.nexthops.length > 0) return err(netlinkError(EINVAL, 'Invalid route type with next hops'));
      return ok([]);
    }
    if (route.nexthops.length === 0) return err(netlinkError(ENODEV));
    const out: FibNexthop[] = [];
    for (const h of route.nexthops) {
      const r = this.resolveOne(route.prefix, h);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  }

  private resolveOne(
    prefix: PrefixKey,
    h: FibNexthop,
  ): { ok: true; value: FibNexthop } | { ok: false; error: NetlinkError } {
    const n: FibNexthop = { ...h };
    if (!this.checkNexthops) return ok(n);
    const v6 = h.gateway ? h.gateway.length === 16 : !isV4(prefix);
    if (h.ifindex !== undefined) {
      const l = this.links.link(h.ifindex);
      if (!l) return err(netlinkError(ENODEV));
      if (!l.up) return err(netlinkError(ENETDOWN, v6 ? 'Nexthop device is not up' : 'Device for nexthop is not up'));
    }
    if (!h.gateway) {
      if (h.ifindex === undefined) return err(netlinkError(ENODEV));
      return ok(n);
    }
    const via = this.connectedLink(h.gateway, h.ifindex);
    if (via === undefined)
      return err(v6 ? netlinkError(EHOSTUNREACH) : netlinkError(ENETUNREACH, 'Nexthop has invalid gateway'));
    n.ifindex = via;
    return ok(n);
  }

  /** The up link whose connected prefix holds `gw` (restricted to `ifindex` when given). */
  private connectedLink(gw: Uint8Array, ifindex: number | undefined): number | undefined {
    const host = keyFromParts(gw.length === 4 ? AFI_IPV4 : AFI_IPV6, gw, gw.length * 8);
    for (const a of this.links.addresses(ifindex)) {
      if (!this.links.link(a.index)?.up) continue;
      if (isV4(a.prefix) === isV4(host) && contains(a.prefix, host)) return a.index;
    }
    return undefined;
  }
}
