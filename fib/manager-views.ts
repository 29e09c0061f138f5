/**
 * JSON-ready views of the FIB manager for the API and CLI: routes with their state and the kernel's error,
 * the summary, and the desired-versus-kernel diff. Text formatting happens here, at the edge, never in
 * the write path.
 */
import { formatAddr, formatPrefix, type PrefixKey } from '../lib/prefix.js';
import type { RouteProtocol } from '../rib/rib.js';
import type { Dataplane, FibRoute, FibRouteType } from './dataplane.js';
import { FIB_STATES, type FibRouteState, type FibTable } from './manager-state.js';
import { RTNH_F_DEAD } from './netlink/constants.js';
import { type KernelScan, type OwnScope, routeDiff } from './reconcile.js';

export interface FibRouteView {
  prefix: string;
  state: FibRouteState;
  /** The RIB protocol of the selected route (absent for a stale own route). */
  protocol?: RouteProtocol;
  distance?: number;
  nexthops: { gateway?: string; ifname?: string }[];
  table: number;
  metric: number;
  /** Why it is pending or in conflict. */
  reason?: string;
  /** The kernel's refusal: errno name, number and extended-ACK text. */
  error?: { code: string; errno: number; message?: string };
  /** The protocol of the route holding our key (state conflict). */
  conflictWith?: number;
  /** Wall-clock ms of the last state change. */
  since: number;
}

export interface FibSummary {
  protocol: number;
  table: number;
  metric: number;
  /** The start-up read of the kernel table is done (writes flow). */
  started: boolean;
  /** markConverged() was called or the sweep timer fired. */
  converged: boolean;
  routes: number;
  byState: Record<FibRouteState, number>;
  installedBy: Partial<Record<RouteProtocol, number>>;
  /** Own routes at another metric waiting for the sweep. */
  staleOtherMetric: number;
}

export interface KernelRouteView {
  prefix: string;
  protocol: number;
  table: number;
  metric: number;
  type: FibRouteType;
  nexthops: { gateway?: string; ifindex?: number; ifname?: string; weight?: number; dead?: boolean }[];
}

export interface FibDiffView {
  missing: KernelRouteView[];
  extra: KernelRouteView[];
  different: { want: KernelRouteView; got: KernelRouteView }[];
  conflicts: { want: KernelRouteView; got: KernelRouteView }[];
}

export function slotView(t: FibTable, s: number, scope: OwnScope): FibRouteView {
  const state = FIB_STATES[t.state[s] as number] as FibRouteState;
  const v: FibRouteView = {
    prefix: formatPrefix(t.prefix[s] as PrefixKey),
    state,
    nexthops: [],
    table: scope.table,
    metric: scope.metric,
    since: t.since[s] as number,
  };
  const w = t.want[s];
  const x = t.extra.get(s);
  if (w) {
    v.protocol = w.protocol;
    v.distance = w.distance;
    v.nexthops = w.nexthops.map((h) => {
      const n: { gateway?: string; ifname?: string } = {};
      if (h.gateway) n.gateway = formatAddr(h.gateway);
      if (h.ifname !== undefined) n.ifname = h.ifname;
      return n;
    });
  } else {
    const seen = t.seen[s];
    if (seen) v.nexthops = seen.nexthops.map((h) => (h.gateway ? { gateway: formatAddr(h.gateway) } : {}));
  }
  if (x?.reason !== undefined) v.reason = x.reason;
  if (x?.error) {
    v.error = { code: x.error.code, errno: x.error.errno };
    if (x.error.message !== undefined) v.error.message = x.error.message;
  }
  if (state === 'conflict') v.conflictWith = t.foreign[s] as number;
  return v;
}

export function kernelRouteView(r: FibRoute, dp: Pick<Dataplane, 'link'>): KernelRouteView {
  return {
    prefix: formatPrefix(r.prefix),
    protocol: r.protocol,
    table: r.table,
    metric: r.metric,
    type: r.type ?? 'unicast',
    nexthops: r.nexthops.map((h) => {
      const n: KernelRouteView['nexthops'][number] = {};
      if (h.gateway) n.gateway = formatAddr(h.gateway);
      if (h.ifindex !== undefined && h.ifindex !== 0) {
        n.ifindex = h.ifindex;
        const name = dp.link(h.ifindex)?.name;
        if (name !== undefined) n.ifname = name;
      }
      if (h.weight !== undefined && r.nexthops.length > 1) n.weight = h.weight;
      if (h.flags !== undefined && (h.flags & RTNH_F_DEAD) !== 0) n.dead = true;
      return n;
    }),
  };
}

/** The diff view from a scan that compared every slot. */
export function diffView(
  scan: KernelScan,
  desiredOf: (slot: number) => FibRoute | null,
  dp: Pick<Dataplane, 'link'>,
): FibDiffView {
  const d = routeDiff(scan, desiredOf);
  const view = (r: FibRoute) => kernelRouteView(r, dp);
  const pair = (x: { want: FibRoute; got: FibRoute }) => ({ want: view(x.want), got: view(x.got) });
  return {
    missing: d.missing.map(view),
    extra: d.extra.map(view),
    different: d.different.map(pair),
    conflicts: d.conflicts.map(pair),
  };
}
